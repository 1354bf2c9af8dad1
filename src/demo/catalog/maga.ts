import { LEX } from './legal';
import { doc, form, ISSUERS, ownDocument, payment, REQ, sworn } from './requirements';
import { agreement, CatalogProcedure, law, NO_BASIS, rule } from './types';

const VISAR = { name: 'Viceministerio de Sanidad Agropecuaria y Regulaciones (VISAR)', code: 'MAGA' };
const sanidad = law(LEX.sanidadVegetalAnimal);
const reglamento = agreement(LEX.reglamentoSanidad);
const agro = law(LEX.agroquimicos);
const pesca = law(LEX.pesca);
const inspection = (name: string) => ({ name, evidence: 'inspection' as const, from: VISAR, basis: sanidad });

/** Ministerio de Agricultura, Ganadería y Alimentación: sanidad vegetal y animal (VISAR), agroquímicos, pesca (DIPESCA). */
export const MAGA: CatalogProcedure[] = [
  {
    code: 'MAGA-001', name: 'Certificado fitosanitario de exportación', description: 'Certificación de que los productos vegetales a exportar cumplen los requisitos fitosanitarios del país de destino.',
    output: 'Certificado fitosanitario', audience: 'business', category: 'Comercio exterior', foreignTrade: true, prioritized: true, lifeEvent: 'Exportar',
    legalBasis: LEX.sanidadVegetalAnimal, fee: 100, legalDays: 2, volume: 61000, story: { startLevel: 2, endLevel: 3, rejected: true },
    requirements: [form(sanidad, 'Solicitud en la ventanilla única de exportaciones'), inspection('Informe de inspección fitosanitaria del embarque'), REQ.patenteEmpresa],
  },
  {
    code: 'MAGA-002', name: 'Permiso fitosanitario de importación', description: 'Autorización previa para importar plantas, productos y subproductos de origen vegetal.',
    output: 'Permiso de importación', audience: 'business', category: 'Comercio exterior', foreignTrade: true, prioritized: true, lifeEvent: 'Importar',
    legalBasis: LEX.reglamentoSanidad, fee: 150, legalDays: 5, volume: 22000, story: { startLevel: 1, endLevel: 2 },
    requirements: [REQ.dpiRepresentative, REQ.patenteEmpresa, { name: 'Certificado fitosanitario del país de origen', evidence: 'certificate', from: ISSUERS.foreign, basis: law('Convención Internacional de Protección Fitosanitaria') },
      REQ.apostilleTranslation, ownDocument('Constancia de inscripción del importador en el registro del MAGA', VISAR)],
  },
  {
    code: 'MAGA-003', name: 'Certificado zoosanitario de exportación', description: 'Certificación sanitaria de animales y productos de origen animal para exportación.',
    output: 'Certificado zoosanitario', audience: 'business', category: 'Comercio exterior', foreignTrade: true, lifeEvent: 'Exportar',
    legalBasis: LEX.sanidadVegetalAnimal, fee: 100, legalDays: 3, volume: 9000, story: { startLevel: 2, endLevel: 3 },
    requirements: [form(sanidad, 'Solicitud de certificación'), { name: 'Informe de laboratorio', evidence: 'certificate', basis: reglamento }],
  },
  {
    code: 'MAGA-004', name: 'Permiso zoosanitario de importación', description: 'Autorización previa para importar animales, productos y subproductos de origen animal.',
    output: 'Permiso zoosanitario', audience: 'business', category: 'Comercio exterior', foreignTrade: true, prioritized: true, lifeEvent: 'Importar',
    legalBasis: LEX.reglamentoSanidad, fee: 150, legalDays: 5, volume: 12000,
    requirements: [REQ.dpiRepresentative, REQ.patenteEmpresa, { name: 'Certificado zoosanitario del país de origen', evidence: 'certificate', from: ISSUERS.foreign, basis: reglamento }, REQ.apostilleTranslation],
  },
  {
    code: 'MAGA-005', name: 'Registro de plaguicidas de uso agrícola', description: 'Registro sanitario de productos formulados y de ingredientes activos grado técnico.',
    output: 'Certificado de registro', audience: 'business', category: 'Insumos agrícolas', foreignTrade: true,
    legalBasis: LEX.agroquimicos, fee: 1500, legalDays: 90, volume: 800, story: { startLevel: 1, endLevel: 2, quirk: 'no_forms_at_level_2' },
    requirements: [form(agro), doc('Expediente técnico del producto (composición, toxicología y eficacia)', agro), doc('Certificado de análisis del lote', agro),
      REQ.nombramientoNotarised, sworn('de veracidad de la información técnica')],
  },
  {
    code: 'MAGA-006', name: 'Registro de fertilizantes y enmiendas', description: 'Registro de fertilizantes, abonos y enmiendas para su importación y comercialización.',
    output: 'Certificado de registro', audience: 'business', category: 'Insumos agrícolas', foreignTrade: true,
    legalBasis: LEX.agroquimicos, fee: 750, legalDays: 60, volume: 1300,
    requirements: [form(agro), doc('Certificado de composición garantizada', agro), payment(agro)],
  },
  {
    code: 'MAGA-007', name: 'Registro de medicamentos veterinarios', description: 'Registro de medicamentos, biológicos y productos afines de uso veterinario.',
    output: 'Certificado de registro', audience: 'business', category: 'Insumos pecuarios', foreignTrade: true,
    legalBasis: LEX.reglamentoSanidad, fee: 1000, legalDays: 90, volume: 600,
    requirements: [form(reglamento), doc('Monografía y estudios de eficacia', reglamento), { name: 'Certificado de libre venta del país de origen', evidence: 'certificate', from: ISSUERS.foreign, basis: reglamento }, REQ.apostilleTranslation],
  },
  {
    code: 'MAGA-008', name: 'Licencia sanitaria de rastro', description: 'Autorización de funcionamiento de rastros y plantas de sacrificio de bovinos, porcinos y aves.',
    output: 'Licencia sanitaria', audience: 'business', category: 'Inocuidad', prioritized: true,
    legalBasis: LEX.rastros, fee: 500, legalDays: 30, volume: 180,
    requirements: [form(agreement(LEX.rastros)), inspection('Informe de inspección de las instalaciones'), { name: 'Licencia ambiental aprobada', evidence: 'certificate', from: ISSUERS.marn, basis: agreement(LEX.evaluacionAmbiental), interop: true }, REQ.patenteSociedad],
  },
  {
    code: 'MAGA-009', name: 'Registro de planta empacadora de productos vegetales para exportación', description: 'Inscripción de empacadoras que preparan frutas y hortalizas frescas para exportación.',
    output: 'Constancia de registro', audience: 'business', category: 'Comercio exterior', foreignTrade: true,
    legalBasis: LEX.reglamentoSanidad, fee: 300, legalDays: 15, volume: 420,
    requirements: [form(reglamento), inspection('Informe de inspección de la empacadora'), REQ.patenteEmpresa, REQ.rtu],
  },
  {
    code: 'MAGA-010', name: 'Registro de unidad productiva para exportación', description: 'Inscripción de fincas y unidades productivas bajo protocolos fitosanitarios de exportación.',
    output: 'Código de unidad productiva', audience: 'both', category: 'Comercio exterior', foreignTrade: true,
    legalBasis: LEX.reglamentoSanidad, fee: 0, legalDays: 10, volume: 3600, story: { unknownTimes: true },
    requirements: [form(reglamento), REQ.dpi, REQ.registroPropiedad, doc('Croquis de ubicación de la unidad productiva', NO_BASIS)],
  },
  {
    code: 'MAGA-011', name: 'Licencia de pesca comercial', description: 'Licencia para la pesca comercial en aguas nacionales, por embarcación.',
    output: 'Licencia de pesca', audience: 'both', category: 'Pesca y acuicultura',
    legalBasis: LEX.pesca, fee: 600, legalDays: 30, volume: 900,
    requirements: [form(pesca), REQ.dpi, doc('Certificado de matrícula de la embarcación', pesca), REQ.antecedentesPenales],
  },
  {
    code: 'MAGA-012', name: 'Licencia de acuicultura', description: 'Licencia para el cultivo comercial de especies hidrobiológicas.',
    output: 'Licencia de acuicultura', audience: 'both', category: 'Pesca y acuicultura',
    legalBasis: LEX.pesca, fee: 800, legalDays: 45, volume: 210,
    requirements: [form(pesca), REQ.dpi, { name: 'Licencia ambiental aprobada', evidence: 'certificate', from: ISSUERS.marn, basis: agreement(LEX.evaluacionAmbiental), interop: true }, REQ.registroPropiedad],
  },
  {
    code: 'MAGA-013', name: 'Licencia de pesca deportiva', description: 'Licencia anual de pesca deportiva en aguas continentales y marinas.',
    output: 'Licencia de pesca deportiva', audience: 'person', category: 'Pesca y acuicultura',
    legalBasis: LEX.pesca, fee: 50, legalDays: 1, volume: 2500, story: { startLevel: 3, endLevel: 4 },
    requirements: [REQ.dpi, payment(pesca)],
  },
  {
    code: 'MAGA-014', name: 'Certificado de captura para exportación de productos pesqueros', description: 'Certificación del origen legal de la captura exigida por los mercados de destino.',
    output: 'Certificado de captura', audience: 'business', category: 'Comercio exterior', foreignTrade: true, lifeEvent: 'Exportar',
    legalBasis: LEX.pesca, fee: 100, legalDays: 3, volume: 1500,
    requirements: [form(pesca), ownDocument('Licencia de pesca vigente', { name: 'Dirección de Normatividad de la Pesca y Acuicultura (DIPESCA)', code: 'MAGA' }, pesca), doc('Bitácora de pesca', pesca)],
  },
  {
    code: 'MAGA-015', name: 'Registro de productores y comercializadores de semillas', description: 'Inscripción de quienes producen, importan o venden semillas certificadas.',
    output: 'Constancia de registro', audience: 'business', category: 'Insumos agrícolas',
    legalBasis: 'Acuerdo Ministerial 177-2008, Reglamento de Semillas', fee: 200, legalDays: 30, volume: 350,
    requirements: [form(rule('Acuerdo Ministerial 177-2008')), REQ.patenteEmpresa, REQ.rtu],
  },
  {
    code: 'MAGA-016', name: 'Guía de movilización de ganado', description: 'Autorización para trasladar ganado bovino dentro del país, con su trazabilidad.',
    output: 'Guía de movilización', audience: 'both', category: 'Sanidad animal', prioritized: true,
    legalBasis: LEX.reglamentoSanidad, fee: 10, legalDays: 1, volume: 95000, story: { startLevel: 1, endLevel: 3 },
    requirements: [REQ.dpi, { name: 'Certificado de vacunación del hato', evidence: 'certificate', basis: reglamento }, REQ.ornato],
  },
  {
    code: 'MAGA-017', name: 'Registro de establecimiento de alimentos para animales', description: 'Inscripción de plantas que fabrican o importan alimentos balanceados para animales.',
    output: 'Constancia de registro', audience: 'business', category: 'Insumos pecuarios',
    legalBasis: LEX.reglamentoSanidad, fee: 400, legalDays: 30, volume: 260,
    requirements: [form(reglamento), inspection('Informe de inspección de la planta'), REQ.patenteSociedad, REQ.nombramientoNotarised],
  },
  {
    code: 'MAGA-018', name: 'Permiso de importación de material genético animal', description: 'Autorización para importar semen, embriones y otro material genético animal.',
    output: 'Permiso de importación', audience: 'business', category: 'Comercio exterior', foreignTrade: true,
    legalBasis: LEX.reglamentoSanidad, fee: 150, legalDays: 5, volume: 700,
    requirements: [form(reglamento), { name: 'Certificado zoosanitario del país de origen', evidence: 'certificate', from: ISSUERS.foreign, basis: reglamento }, REQ.patenteEmpresa],
  },
  {
    code: 'MAGA-019', name: 'Autorización de tratamiento cuarentenario', description: 'Autorización de empresas que aplican fumigación y otros tratamientos cuarentenarios a embarques.',
    output: 'Resolución de autorización', audience: 'business', category: 'Comercio exterior', foreignTrade: true,
    legalBasis: LEX.reglamentoSanidad, fee: 500, legalDays: 30, volume: 45,
    requirements: [form(reglamento), REQ.patenteSociedad, doc('Constancia de capacitación del personal técnico', NO_BASIS), sworn('de responsabilidad técnica')],
  },
  {
    code: 'MAGA-020', name: 'Inscripción de vivero de plantas ornamentales para exportación', description: 'Registro de viveros bajo supervisión fitosanitaria oficial.',
    output: 'Constancia de registro', audience: 'business', category: 'Comercio exterior', foreignTrade: true,
    legalBasis: LEX.reglamentoSanidad, fee: 200, legalDays: 15, volume: 180,
    requirements: [form(reglamento), inspection('Informe de inspección del vivero'), REQ.registroPropiedad],
  },
  {
    code: 'MAGA-021', name: 'Solicitud de asistencia técnica agrícola', description: 'Visita de un extensionista para orientar a familias productoras.',
    output: 'Visita técnica', audience: 'person', category: 'Desarrollo rural',
    legalBasis: 'Acuerdo Gubernativo 338-2010, Reglamento Orgánico Interno del MAGA', fee: 0, legalDays: null, volume: null, story: { unknownTimes: true, unknownVisits: true },
    requirements: [REQ.dpi],
  },
  {
    code: 'MAGA-022', name: 'Inscripción en el programa de agricultura familiar', description: 'Registro de familias productoras para recibir insumos y acompañamiento técnico.',
    output: 'Constancia de inscripción', audience: 'person', category: 'Desarrollo rural',
    legalBasis: 'Acuerdo Gubernativo 338-2010', fee: 0, legalDays: 15, volume: 48000,
    requirements: [REQ.dpi, { name: 'Constancia de residencia extendida por la municipalidad', evidence: 'certificate', from: { name: 'Municipalidad del lugar de residencia' }, basis: NO_BASIS }],
  },
  {
    code: 'MAGA-023', name: 'Certificado sanitario de productos hidrobiológicos para exportación', description: 'Certificación sanitaria de camarón, pescado y otros productos del mar para exportación.',
    output: 'Certificado sanitario', audience: 'business', category: 'Comercio exterior', foreignTrade: true, lifeEvent: 'Exportar',
    legalBasis: LEX.reglamentoSanidad, fee: 100, legalDays: 3, volume: 3200,
    requirements: [form(reglamento), { name: 'Informe de análisis de laboratorio', evidence: 'certificate', basis: reglamento }, ownDocument('Licencia sanitaria de la planta procesadora', VISAR, reglamento)],
  },
  {
    code: 'MAGA-024', name: 'Permiso de importación de plaguicidas por embarque', description: 'Autorización de cada embarque de plaguicidas registrados.',
    output: 'Permiso de importación', audience: 'business', category: 'Insumos agrícolas', foreignTrade: true,
    legalBasis: LEX.agroquimicos, fee: 100, legalDays: 3, volume: 5400, story: { addedLater: true },
    requirements: [form(agro), ownDocument('Certificado de registro del producto', VISAR, agro), doc('Factura comercial', law(LEX.cauca))],
  },
];
