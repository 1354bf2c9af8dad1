import { LEX } from './legal';
import { doc, form, ISSUERS, ownDocument, payment, REQ, sworn } from './requirements';
import { agreement, CatalogProcedure, law, NO_BASIS } from './types';

const DGM = { name: 'Dirección General de Minería', code: 'MEM' };
const DGH = { name: 'Dirección General de Hidrocarburos', code: 'MEM' };
const mining = law(LEX.mineria);
const fuels = agreement(LEX.reglamentoHidrocarburos);
const radiation = agreement(LEX.proteccionRadiologica);
const environmental = { name: 'Licencia ambiental aprobada', evidence: 'certificate' as const, from: ISSUERS.marn, basis: agreement(LEX.evaluacionAmbiental), interop: true };

/** Ministerio de Energía y Minas: derechos mineros, comercialización de hidrocarburos, radiaciones ionizantes, electricidad. */
export const MEM: CatalogProcedure[] = [
  {
    code: 'MEM-001', name: 'Licencia de reconocimiento minero', description: 'Licencia para identificar y localizar posibles áreas de exploración.',
    output: 'Resolución de otorgamiento', audience: 'business', category: 'Minería',
    legalBasis: `${LEX.mineria}; ${LEX.reglamentoMineria}`, fee: 1000, legalDays: 30, volume: 15,
    requirements: [form(mining), REQ.escritura, doc('Plano del área solicitada', mining), REQ.nombramientoNotarised],
  },
  {
    code: 'MEM-002', name: 'Licencia de exploración minera', description: 'Licencia para explorar yacimientos minerales en un área delimitada.',
    output: 'Resolución de otorgamiento', audience: 'business', category: 'Minería',
    legalBasis: LEX.mineria, fee: 5000, legalDays: 30, volume: 40,
    requirements: [form(mining), doc('Programa de exploración', mining), environmental, REQ.nombramientoNotarised, sworn('de capacidad técnica y financiera')],
  },
  {
    code: 'MEM-003', name: 'Licencia de explotación minera', description: 'Licencia para extraer y aprovechar recursos minerales.',
    output: 'Resolución de otorgamiento', audience: 'business', category: 'Minería',
    legalBasis: LEX.mineria, fee: 25000, legalDays: 30, volume: 12, story: { unknownTimes: true },
    requirements: [form(mining), doc('Estudio de factibilidad técnico-económica', mining), environmental, ownDocument('Licencia de exploración vigente', DGM, mining), REQ.solvenciaFiscal],
  },
  {
    code: 'MEM-004', name: 'Credencial de exportación de productos mineros', description: 'Autorización de cada exportación de minerales y sus concentrados.',
    output: 'Credencial de exportación', audience: 'business', category: 'Comercio exterior', foreignTrade: true,
    legalBasis: LEX.mineria, fee: 500, legalDays: 5, volume: 600, story: { startLevel: 1, endLevel: 2 },
    requirements: [form(mining), ownDocument('Licencia de explotación vigente', DGM, mining), doc('Certificado de análisis del mineral', mining)],
  },
  {
    code: 'MEM-005', name: 'Licencia de instalación de estación de servicio', description: 'Autorización para construir una gasolinera.',
    output: 'Licencia de instalación', audience: 'business', category: 'Hidrocarburos',
    legalBasis: `${LEX.hidrocarburos}; ${LEX.reglamentoHidrocarburos}`, fee: 3000, legalDays: 30, volume: 140,
    requirements: [form(fuels), doc('Planos del proyecto firmados por ingeniero colegiado', fuels), environmental, REQ.registroPropiedad,
      { name: 'Licencia municipal de construcción', evidence: 'certificate', from: ISSUERS.municipalidad, basis: law(LEX.codigoMunicipal), interop: true }],
  },
  {
    code: 'MEM-006', name: 'Licencia de operación de estación de servicio', description: 'Autorización para operar una gasolinera ya construida.',
    output: 'Licencia de operación', audience: 'business', category: 'Hidrocarburos',
    legalBasis: LEX.reglamentoHidrocarburos, fee: 2000, legalDays: 30, volume: 260,
    requirements: [form(fuels), ownDocument('Licencia de instalación', DGH, fuels), doc('Póliza de seguro de responsabilidad civil', fuels), doc('Prueba de hermeticidad de tanques', fuels)],
  },
  {
    code: 'MEM-007', name: 'Licencia de expendio de gas licuado de petróleo', description: 'Autorización de expendios y depósitos de GLP.',
    output: 'Licencia de expendio', audience: 'business', category: 'Hidrocarburos',
    legalBasis: LEX.reglamentoHidrocarburos, fee: 500, legalDays: 20, volume: 900,
    requirements: [form(fuels), REQ.patenteEmpresa, doc('Dictamen de seguridad industrial', fuels), REQ.dpiNotarised],
  },
  {
    code: 'MEM-008', name: 'Licencia de importación de productos petroleros', description: 'Licencia para importar combustibles y lubricantes.',
    output: 'Licencia de importación', audience: 'business', category: 'Comercio exterior', foreignTrade: true, prioritized: true,
    legalBasis: LEX.hidrocarburos, fee: 5000, legalDays: 30, volume: 80,
    requirements: [form(fuels), REQ.escritura, REQ.patenteSociedad, doc('Contratos de almacenamiento', fuels), REQ.solvenciaFiscal],
  },
  {
    code: 'MEM-009', name: 'Registro de transportista de combustibles', description: 'Inscripción de vehículos cisterna que transportan combustibles.',
    output: 'Constancia de registro', audience: 'business', category: 'Hidrocarburos',
    legalBasis: LEX.reglamentoHidrocarburos, fee: 300, legalDays: 10, volume: 2200,
    requirements: [form(fuels), doc('Tarjeta de circulación del vehículo cisterna', law(LEX.circulacion)), doc('Certificado de calibración del tanque', fuels)],
  },
  {
    code: 'MEM-010', name: 'Licencia de operación de equipo de rayos X', description: 'Licencia para instalaciones que usan equipos generadores de radiaciones ionizantes en medicina e industria.',
    output: 'Licencia de operación', audience: 'business', category: 'Radiaciones ionizantes', prioritized: true,
    legalBasis: `${LEX.radiaciones}; ${LEX.proteccionRadiologica}`, fee: 800, legalDays: 30, volume: 1800, story: { startLevel: 1, endLevel: 2 },
    requirements: [form(radiation), doc('Informe de control de calidad del equipo', radiation), doc('Plan de protección radiológica', radiation), REQ.patenteEmpresa],
  },
  {
    code: 'MEM-011', name: 'Licencia de operador de equipos de radiaciones ionizantes', description: 'Licencia personal para operar equipos de rayos X y fuentes radiactivas.',
    output: 'Licencia personal', audience: 'person', category: 'Radiaciones ionizantes',
    legalBasis: LEX.proteccionRadiologica, fee: 200, legalDays: 20, volume: 1500,
    requirements: [REQ.dpi, doc('Constancia del curso de protección radiológica', radiation), REQ.photo],
  },
  {
    code: 'MEM-012', name: 'Autorización de importación de fuentes radiactivas', description: 'Autorización previa de cada importación de material radiactivo.',
    output: 'Autorización de importación', audience: 'business', category: 'Comercio exterior', foreignTrade: true,
    legalBasis: LEX.radiaciones, fee: 300, legalDays: 10, volume: 150,
    requirements: [form(radiation), ownDocument('Licencia de operación vigente', { name: 'Dirección General de Energía', code: 'MEM' }, radiation), doc('Certificado de la fuente', radiation)],
  },
  {
    code: 'MEM-013', name: 'Autorización definitiva para uso de bienes de dominio público (generación eléctrica)', description: 'Autorización para instalar centrales de generación que usan recursos renovables.',
    output: 'Acuerdo ministerial de autorización', audience: 'business', category: 'Electricidad',
    legalBasis: LEX.electricidad, fee: null, legalDays: 60, volume: 20,
    requirements: [form(law(LEX.electricidad)), doc('Estudio de factibilidad', law(LEX.electricidad)), environmental, doc('Fianza de cumplimiento', law(LEX.electricidad))],
  },
  {
    code: 'MEM-014', name: 'Registro de gran usuario de electricidad', description: 'Inscripción de consumidores que pueden contratar energía en el mercado mayorista.',
    output: 'Constancia de registro', audience: 'business', category: 'Electricidad',
    legalBasis: LEX.electricidad, fee: 0, legalDays: 30, volume: 300,
    requirements: [form(law(LEX.electricidad)), doc('Constancia de demanda máxima', law(LEX.electricidad)), REQ.nombramiento],
  },
  {
    code: 'MEM-015', name: 'Calificación de proyecto de energía renovable', description: 'Calificación para gozar de los incentivos fiscales de proyectos de energía renovable.',
    output: 'Resolución de calificación', audience: 'business', category: 'Electricidad',
    legalBasis: LEX.renovables, fee: 0, legalDays: 45, volume: 25,
    requirements: [form(law(LEX.renovables)), doc('Descripción técnica del proyecto', law(LEX.renovables)), environmental, REQ.rtu],
  },
  {
    code: 'MEM-016', name: 'Licencia de comercialización de lubricantes', description: 'Autorización para comercializar lubricantes y asfaltos.',
    output: 'Licencia', audience: 'business', category: 'Hidrocarburos',
    legalBasis: LEX.reglamentoHidrocarburos, fee: 500, legalDays: 20, volume: 350,
    requirements: [form(fuels), REQ.patenteEmpresa, payment(fuels), { name: 'Constancia de bodega autorizada', evidence: 'certificate', basis: NO_BASIS }],
  },
];
