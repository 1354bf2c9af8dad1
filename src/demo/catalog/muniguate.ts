import { LEX } from './legal';
import { doc, form, ISSUERS, notarisedSignature, ownDocument, REQ, sworn } from './requirements';
import { CatalogProcedure, law, NO_BASIS, rule } from './types';

const MUNI = ISSUERS.municipalidad;
const construction = rule('Reglamento de Construcción de la Ciudad de Guatemala');
const pot = rule('Plan de Ordenamiento Territorial de la Ciudad de Guatemala (POT)');
const municipal = law(LEX.codigoMunicipal);
const solvency = ownDocument('Solvencia municipal', MUNI, municipal);
const plans = { name: 'Planos firmados y timbrados por profesional colegiado', evidence: 'document' as const, basis: construction };

/** Municipalidad de Guatemala (adherida): construcción y ordenamiento territorial, tributos municipales, servicios, movilidad. */
export const MUNIGUATE: CatalogProcedure[] = [
  {
    code: 'MUNIGUATE-001', name: 'Licencia de construcción', description: 'Autorización municipal para obras de construcción, ampliación o remodelación.',
    output: 'Licencia de construcción', audience: 'both', category: 'Construcción', lifeEvent: 'Construir una vivienda', prioritized: true,
    legalBasis: 'Reglamento de Construcción de la Ciudad de Guatemala; Plan de Ordenamiento Territorial', fee: 850, legalDays: 30, volume: 6000,
    story: { startLevel: 3, endLevel: 4, quirk: 'visit_at_level_4' },
    requirements: [REQ.dpi, plans, REQ.registroPropiedad, solvency, REQ.ornato],
  },
  {
    code: 'MUNIGUATE-002', name: 'Boleto de ornato', description: 'Pago anual del arbitrio de ornato municipal.',
    output: 'Boleto de ornato', audience: 'person', category: 'Tributos municipales', prioritized: true,
    legalBasis: LEX.ornato, fee: 15, legalDays: 0, volume: 900000, story: { startLevel: 3, endLevel: 4 },
    requirements: [REQ.dpi],
  },
  {
    code: 'MUNIGUATE-003', name: 'Licencia de obra menor', description: 'Autorización simplificada para remodelaciones menores sin cambio estructural.',
    output: 'Licencia de obra menor', audience: 'person', category: 'Construcción', lifeEvent: 'Construir una vivienda',
    legalBasis: 'Reglamento de Construcción de la Ciudad de Guatemala', fee: 150, legalDays: 10, volume: 9000, story: { startLevel: 2, endLevel: 4 },
    requirements: [REQ.dpi, doc('Croquis de la obra', construction), REQ.ornato],
  },
  {
    code: 'MUNIGUATE-004', name: 'Certificado de alineación y numeración', description: 'Constancia de la alineación municipal y del número oficial de un inmueble.',
    output: 'Certificado de alineación', audience: 'both', category: 'Construcción',
    legalBasis: 'Reglamento de Construcción de la Ciudad de Guatemala', fee: 75, legalDays: 10, volume: 11000,
    requirements: [REQ.dpi, REQ.registroPropiedad, solvency],
  },
  {
    code: 'MUNIGUATE-005', name: 'Licencia de uso de suelo', description: 'Autorización del uso del suelo de un inmueble conforme al Plan de Ordenamiento Territorial.',
    output: 'Resolución de uso de suelo', audience: 'business', category: 'Ordenamiento territorial', lifeEvent: 'Abrir una empresa', prioritized: true,
    legalBasis: 'Plan de Ordenamiento Territorial de la Ciudad de Guatemala', fee: 500, legalDays: 20, volume: 7500, story: { startLevel: 2, endLevel: 3 },
    requirements: [REQ.dpi, REQ.patenteEmpresa, doc('Croquis de localización', pot), solvency, REQ.ornato, REQ.nombramientoNotarised],
  },
  {
    code: 'MUNIGUATE-006', name: 'Licencia de publicidad exterior', description: 'Autorización para instalar rótulos, vallas y anuncios en la vía pública.',
    output: 'Licencia de publicidad', audience: 'business', category: 'Ordenamiento territorial',
    legalBasis: 'Reglamento de Publicidad Exterior de la Ciudad de Guatemala', fee: 400, legalDays: 15, volume: 4200,
    requirements: [REQ.dpi, doc('Fotomontaje del rótulo', rule('Reglamento de Publicidad Exterior')), REQ.patenteEmpresa, solvency, notarisedSignature('Autorización del propietario del inmueble')],
  },
  {
    code: 'MUNIGUATE-007', name: 'Pago del impuesto único sobre inmuebles (IUSI)', description: 'Pago trimestral del IUSI de los inmuebles del municipio.',
    output: 'Recibo de pago', audience: 'both', category: 'Tributos municipales', prioritized: true,
    legalBasis: LEX.iusi, fee: 0, legalDays: 0, volume: 250000, story: { startLevel: 4, endLevel: 4 },
    requirements: [ownDocument('Número de cuenta del inmueble', MUNI, law(LEX.iusi))],
  },
  {
    code: 'MUNIGUATE-008', name: 'Solvencia municipal', description: 'Constancia de estar al día con los tributos y servicios municipales.',
    output: 'Solvencia municipal', audience: 'both', category: 'Tributos municipales',
    legalBasis: LEX.codigoMunicipal, fee: 15, legalDays: 1, volume: 60000, story: { startLevel: 3, endLevel: 4 },
    requirements: [REQ.dpi, REQ.ornato],
  },
  {
    code: 'MUNIGUATE-009', name: 'Conexión del servicio de agua potable', description: 'Instalación de una nueva conexión de agua potable (EMPAGUA).',
    output: 'Conexión instalada', audience: 'both', category: 'Servicios públicos', lifeEvent: 'Construir una vivienda',
    legalBasis: 'Reglamento para la prestación del servicio de agua potable (EMPAGUA)', fee: 1200, legalDays: 30, volume: 5200,
    requirements: [REQ.dpi, REQ.registroPropiedad, ownDocument('Licencia de construcción', MUNI, construction), solvency, REQ.ornato],
  },
  {
    code: 'MUNIGUATE-010', name: 'Conexión de drenaje', description: 'Autorización e instalación de la conexión domiciliar al alcantarillado.',
    output: 'Conexión instalada', audience: 'both', category: 'Servicios públicos',
    legalBasis: 'Reglamento de Construcción de la Ciudad de Guatemala', fee: 800, legalDays: 30, volume: 3600, story: { mergedInto: 'MUNIGUATE-009' },
    requirements: [REQ.dpi, REQ.registroPropiedad, ownDocument('Licencia de construcción', MUNI, construction)],
  },
  {
    code: 'MUNIGUATE-011', name: 'Licencia de excavación y movimiento de tierras', description: 'Autorización para excavaciones, rellenos y movimientos de tierra.',
    output: 'Licencia', audience: 'business', category: 'Construcción',
    legalBasis: 'Reglamento de Construcción de la Ciudad de Guatemala', fee: 1500, legalDays: 30, volume: 600,
    requirements: [plans, doc('Estudio de suelos', construction), { name: 'Licencia ambiental aprobada', evidence: 'certificate', from: ISSUERS.marn, basis: law(LEX.ambiente), interop: true }, doc('Fianza de cumplimiento', construction)],
  },
  {
    code: 'MUNIGUATE-012', name: 'Permiso para eventos en la vía pública', description: 'Autorización de actividades culturales, deportivas o comerciales en espacios públicos.',
    output: 'Permiso', audience: 'both', category: 'Espacio público',
    legalBasis: LEX.codigoMunicipal, fee: 200, legalDays: 10, volume: 2800,
    requirements: [REQ.dpi, form(municipal), doc('Plan de seguridad del evento', NO_BASIS), ownDocument('Solvencia municipal del organizador', MUNI, municipal)],
  },
  {
    code: 'MUNIGUATE-013', name: 'Autorización de poda o tala de árboles urbanos', description: 'Autorización para podar o talar árboles en propiedad pública o privada.',
    output: 'Autorización', audience: 'both', category: 'Ambiente urbano',
    legalBasis: 'Reglamento de Manejo del Arbolado Urbano', fee: 50, legalDays: 10, volume: 1900,
    requirements: [REQ.dpi, doc('Fotografías del árbol', NO_BASIS), REQ.ornato],
  },
  {
    code: 'MUNIGUATE-014', name: 'Constancia de finalización de obra', description: 'Constancia de que la obra se terminó conforme a la licencia otorgada.',
    output: 'Constancia de finalización', audience: 'both', category: 'Construcción',
    legalBasis: 'Reglamento de Construcción de la Ciudad de Guatemala', fee: 200, legalDays: 15, volume: 3000,
    requirements: [ownDocument('Licencia de construcción', MUNI, construction), doc('Bitácora de la obra firmada por el profesional responsable', construction)],
  },
  {
    code: 'MUNIGUATE-015', name: 'Licencia de fraccionamiento', description: 'Autorización para dividir un inmueble en lotes.',
    output: 'Licencia de fraccionamiento', audience: 'both', category: 'Ordenamiento territorial',
    legalBasis: 'Plan de Ordenamiento Territorial; Ley de Parcelamientos Urbanos (Decreto 1427)', fee: 2500, legalDays: 45, volume: 140,
    requirements: [plans, REQ.registroPropiedad, doc('Dictamen de factibilidad de servicios', pot), solvency, REQ.dpiNotarised],
  },
  {
    code: 'MUNIGUATE-016', name: 'Pago de multas de tránsito', description: 'Consulta y pago en línea de infracciones impuestas por la Policía Municipal de Tránsito.',
    output: 'Recibo de pago', audience: 'person', category: 'Movilidad', prioritized: true,
    legalBasis: `${LEX.transito}; ${LEX.reglamentoTransito}`, fee: 0, legalDays: 0, volume: 310000, story: { startLevel: 4, endLevel: 5 },
    requirements: [doc('Número de placa del vehículo', law(LEX.transito))],
  },
  {
    code: 'MUNIGUATE-017', name: 'Impugnación de multa de tránsito', description: 'Recurso contra una infracción impuesta por la Policía Municipal de Tránsito.',
    output: 'Resolución del juzgado de asuntos municipales', audience: 'person', category: 'Movilidad',
    legalBasis: LEX.reglamentoTransito, fee: 0, legalDays: 30, volume: 14000, story: { startLevel: 1, endLevel: 3 },
    requirements: [REQ.dpi, form(law(LEX.reglamentoTransito), 'Memorial de impugnación'), doc('Tarjeta de circulación del vehículo', law(LEX.circulacion)), sworn('sobre los hechos')],
  },
  {
    code: 'MUNIGUATE-018', name: 'Traslado de dominio en el catastro municipal', description: 'Actualización del propietario de un inmueble en el catastro municipal.',
    output: 'Constancia de traslado', audience: 'both', category: 'Catastro',
    legalBasis: LEX.iusi, fee: 50, legalDays: 15, volume: 21000,
    requirements: [REQ.dpi, REQ.registroPropiedad, doc('Testimonio de la escritura', law('Decreto-Ley 106, Código Civil')), solvency],
  },
  {
    code: 'MUNIGUATE-019', name: 'Arrendamiento de local en mercado municipal', description: 'Adjudicación y contrato de arrendamiento de locales en mercados municipales.',
    output: 'Contrato de arrendamiento', audience: 'person', category: 'Mercados',
    legalBasis: 'Reglamento de Mercados Municipales', fee: null, legalDays: null, volume: 800, story: { unknownTimes: true, unknownVisits: true },
    requirements: [REQ.dpi, REQ.antecedentesPoliciacos, REQ.antecedentesPenales, ownDocument('Tarjeta de salud', ISSUERS.mspas, law(LEX.codigoSalud)), REQ.ornato],
  },
  {
    code: 'MUNIGUATE-020', name: 'Autorización de taxi', description: 'Autorización municipal para prestar el servicio de taxi.',
    output: 'Tarjeta de operación', audience: 'person', category: 'Movilidad',
    legalBasis: 'Reglamento del Servicio de Taxis de la Ciudad de Guatemala', fee: 600, legalDays: 30, volume: 1200,
    requirements: [REQ.dpi, doc('Licencia de conducir tipo A o B', law(LEX.transito)), REQ.antecedentesPoliciacos, REQ.antecedentesPenales, REQ.ornato],
  },
  {
    code: 'MUNIGUATE-021', name: 'Constancia de residencia', description: 'Constancia de que una persona reside en el municipio de Guatemala.',
    output: 'Constancia de residencia', audience: 'person', category: 'Constancias',
    legalBasis: LEX.codigoMunicipal, fee: 10, legalDays: 3, volume: 26000,
    requirements: [REQ.dpi, doc('Recibo de un servicio público a nombre del solicitante', NO_BASIS), REQ.ornato],
  },
  {
    code: 'MUNIGUATE-022', name: 'Matrimonio civil ante el alcalde', description: 'Celebración del matrimonio civil en la municipalidad.',
    output: 'Acta de matrimonio', audience: 'person', category: 'Registro civil', lifeEvent: 'Casarse',
    legalBasis: 'Decreto-Ley 106, Código Civil, arts. 92–101', fee: 100, legalDays: 15, volume: 3400, story: { addedLater: true },
    requirements: [REQ.dpi, { name: 'Certificados de nacimiento de los contrayentes', evidence: 'certificate', from: ISSUERS.renap, basis: law(LEX.renap), interop: true },
      { name: 'Constancia de examen médico prenupcial', evidence: 'certificate', basis: law('Decreto-Ley 106, Código Civil') }, REQ.ornato],
  },
];
