import { LEX } from './legal';
import { doc, form, ISSUERS, notarisedSignature, ownDocument, payment, REQ, sworn } from './requirements';
import { CatalogProcedure, law, NO_BASIS, rule } from './types';

const LEGAL = { name: 'Dirección de Asuntos Jurídicos, Sección de Auténticas', code: 'MINEX' };
const apostille = law(LEX.apostilla);
const consular = rule('Reglamento Consular (Acuerdo Gubernativo 415-2003)');

/** Ministerio de Relaciones Exteriores: apostilla y legalizaciones, servicios consulares. */
export const MINEX: CatalogProcedure[] = [
  {
    code: 'MINEX-001', name: 'Apostilla de documentos públicos', description: 'Certificación de la autenticidad de documentos públicos guatemaltecos para usarlos en países del Convenio de La Haya.',
    output: 'Apostilla', audience: 'both', category: 'Legalizaciones', foreignTrade: true, prioritized: true, lifeEvent: 'Viajar al extranjero',
    legalBasis: LEX.apostilla, fee: 75, legalDays: 1, volume: 120000, story: { startLevel: 3, endLevel: 5 },
    requirements: [doc('Documento público a apostillar', apostille), payment(apostille)],
  },
  {
    code: 'MINEX-002', name: 'Legalización de documentos para países no miembros del Convenio de la Apostilla', description: 'Cadena de auténticas para documentos que se usarán en países sin apostilla.',
    output: 'Documento legalizado', audience: 'both', category: 'Legalizaciones', foreignTrade: true,
    legalBasis: LEX.servicioDiplomatico, fee: 75, legalDays: 3, volume: 15000, story: { startLevel: 2, endLevel: 3 },
    requirements: [doc('Documento con firmas a legalizar', law(LEX.servicioDiplomatico)), ownDocument('Registro de firma del funcionario firmante', LEGAL)],
  },
  {
    code: 'MINEX-003', name: 'Visa consular', description: 'Visa para nacionales de países que la requieren para ingresar a Guatemala.',
    output: 'Visa', audience: 'person', category: 'Visas', foreignTrade: true,
    legalBasis: LEX.migracion, fee: 200, legalDays: 15, volume: 11000,
    requirements: [doc('Pasaporte vigente', law(LEX.migracion)), REQ.photo, doc('Reserva de boleto aéreo', NO_BASIS), doc('Constancia de solvencia económica', law(LEX.migracion)), REQ.apostilleTranslation],
  },
  {
    code: 'MINEX-004', name: 'Pasaporte guatemalteco en el exterior', description: 'Emisión de pasaporte en los consulados para guatemaltecos que residen fuera del país.',
    output: 'Pasaporte', audience: 'person', category: 'Servicios consulares', lifeEvent: 'Vivir en el extranjero', prioritized: true,
    legalBasis: LEX.migracion, fee: 450, legalDays: 30, volume: 180000, story: { startLevel: 1, endLevel: 3 },
    requirements: [REQ.dpi, payment(consular), ownDocument('Cita consular confirmada', { name: 'Consulado de Guatemala', code: 'MINEX' }, consular)],
  },
  {
    code: 'MINEX-005', name: 'Inscripción consular de nacimiento', description: 'Inscripción de hijos de guatemaltecos nacidos en el exterior.',
    output: 'Certificado de nacimiento guatemalteco', audience: 'person', category: 'Servicios consulares', lifeEvent: 'Vivir en el extranjero',
    legalBasis: `${LEX.renap}; Reglamento Consular`, fee: 0, legalDays: 30, volume: 22000,
    requirements: [doc('Certificado de nacimiento extranjero apostillado', law(LEX.renap)), REQ.apostilleTranslation, doc('DPI de al menos uno de los padres', law(LEX.renap))],
  },
  {
    code: 'MINEX-006', name: 'Matrícula consular', description: 'Documento de identificación consular para guatemaltecos en el exterior.',
    output: 'Matrícula consular', audience: 'person', category: 'Servicios consulares', lifeEvent: 'Vivir en el extranjero', prioritized: true,
    legalBasis: 'Reglamento Consular (Acuerdo Gubernativo 415-2003)', fee: 120, legalDays: 1, volume: 200000, story: { startLevel: 2, endLevel: 3 },
    requirements: [REQ.dpi, doc('Comprobante de domicilio en el exterior', consular), REQ.photo],
  },
  {
    code: 'MINEX-007', name: 'Poder otorgado ante cónsul', description: 'Autorización notarial consular de mandatos y poderes.',
    output: 'Testimonio del poder', audience: 'person', category: 'Servicios consulares',
    legalBasis: 'Decreto 314, Código de Notariado, art. 6', fee: 300, legalDays: 5, volume: 14000,
    requirements: [REQ.dpi, doc('Datos del mandatario', law('Decreto 314, Código de Notariado'))],
  },
  {
    code: 'MINEX-008', name: 'Franquicia de importación de menaje diplomático', description: 'Constancia de franquicias para el ingreso de bienes de misiones y personal diplomático.',
    output: 'Constancia de franquicia', audience: 'person', category: 'Protocolo', foreignTrade: true,
    legalBasis: 'Convención de Viena sobre Relaciones Diplomáticas', fee: 0, legalDays: 10, volume: 600,
    requirements: [form(rule('Convención de Viena sobre Relaciones Diplomáticas')), doc('Listado de bienes', NO_BASIS), doc('Carnet diplomático', NO_BASIS)],
  },
  {
    code: 'MINEX-009', name: 'Acreditación de personal de organismos internacionales', description: 'Acreditación y carné de funcionarios de organismos internacionales.',
    output: 'Carné de acreditación', audience: 'person', category: 'Protocolo',
    legalBasis: 'Convención de Viena sobre Relaciones Diplomáticas', fee: 0, legalDays: 15, volume: 1200,
    requirements: [form(rule('Convención de Viena')), doc('Pasaporte', NO_BASIS), REQ.photo],
  },
  {
    code: 'MINEX-010', name: 'DPI en el exterior', description: 'Recepción en los consulados de solicitudes de DPI para guatemaltecos en el exterior.',
    output: 'Documento Personal de Identificación', audience: 'person', category: 'Servicios consulares', lifeEvent: 'Vivir en el extranjero',
    legalBasis: LEX.renap, fee: 240, legalDays: 60, volume: 95000, story: { startLevel: 1, endLevel: 2 },
    requirements: [{ name: 'Certificado de nacimiento', evidence: 'certificate', from: ISSUERS.renap, basis: law(LEX.renap), interop: true }, payment(law(LEX.renap))],
  },
  {
    code: 'MINEX-011', name: 'Fe de vida consular', description: 'Constancia de supervivencia para pensionados que residen en el exterior.',
    output: 'Constancia de supervivencia', audience: 'person', category: 'Servicios consulares',
    legalBasis: 'Reglamento Consular', fee: 0, legalDays: 1, volume: 6000,
    requirements: [REQ.dpi, notarisedSignature('Declaración de supervivencia')],
  },
  {
    code: 'MINEX-012', name: 'Salvoconducto de viaje', description: 'Documento de viaje de emergencia para retornar a Guatemala.',
    output: 'Salvoconducto', audience: 'person', category: 'Servicios consulares',
    legalBasis: LEX.migracion, fee: 0, legalDays: 2, volume: 30000,
    requirements: [REQ.dpi, REQ.lossReport, REQ.photo],
  },
  {
    code: 'MINEX-013', name: 'Asistencia consular para repatriación', description: 'Apoyo a guatemaltecos en situación vulnerable para retornar al país.',
    output: 'Plan de repatriación', audience: 'person', category: 'Servicios consulares',
    legalBasis: 'Reglamento Consular', fee: 0, legalDays: null, volume: null, story: { unknownTimes: true, unknownVisits: true },
    requirements: [REQ.dpi],
  },
  {
    code: 'MINEX-014', name: 'Legalización de certificados de origen para países sin apostilla', description: 'Legalización consular de certificados de origen de exportaciones.',
    output: 'Certificado legalizado', audience: 'business', category: 'Legalizaciones', foreignTrade: true, lifeEvent: 'Exportar',
    legalBasis: LEX.servicioDiplomatico, fee: 75, legalDays: 3, volume: 4200, story: { addedLater: true },
    requirements: [doc('Certificado de origen emitido', law(LEX.exportacion)), doc('Factura comercial', law(LEX.cauca)), sworn('del exportador')],
  },
  {
    code: 'MINEX-015', name: 'Registro de firma de funcionarios y notarios', description: 'Registro de firmas para su posterior legalización o apostilla.',
    output: 'Constancia de registro', audience: 'person', category: 'Legalizaciones',
    legalBasis: LEX.apostilla, fee: 0, legalDays: 5, volume: 2500,
    requirements: [REQ.dpi, doc('Nombramiento o constancia de colegiado', NO_BASIS)],
  },
];
