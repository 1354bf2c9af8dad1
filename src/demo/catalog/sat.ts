import { LEX } from './legal';
import { doc, form, ISSUERS, notarisedSignature, ownDocument, payment, REQ, sworn } from './requirements';
import { agreement, CatalogProcedure, law, NO_BASIS, rule } from './types';

const SAT = ISSUERS.sat;
const tax = law(LEX.codigoTributario);
const vehicles = law(LEX.circulacion);
const customs = law(LEX.cauca);
const registration = { name: 'Tarjeta y certificado de propiedad del vehículo', evidence: 'certificate' as const, from: SAT, basis: vehicles };

/** Superintendencia de Administración Tributaria (autónoma, adherida): NIT/RTU, facturación, aduanas, vehículos. */
export const SAT_PROCEDURES: CatalogProcedure[] = [
  {
    code: 'SAT-001', name: 'Inscripción en el NIT de persona individual', description: 'Obtención del número de identificación tributaria y registro en el RTU.',
    output: 'Constancia de inscripción (NIT)', audience: 'person', category: 'Registro tributario', lifeEvent: 'Abrir una empresa', prioritized: true,
    legalBasis: `${LEX.codigoTributario}, art. 120`, fee: 0, legalDays: 1, volume: 350000, story: { startLevel: 4, endLevel: 5 },
    requirements: [REQ.dpi, doc('Recibo de un servicio con la dirección fiscal', NO_BASIS)],
  },
  {
    code: 'SAT-002', name: 'Inscripción de persona jurídica en el RTU', description: 'Inscripción tributaria de sociedades y otras personas jurídicas.',
    output: 'Constancia de inscripción (NIT)', audience: 'business', category: 'Registro tributario', lifeEvent: 'Abrir una empresa', prioritized: true,
    legalBasis: LEX.codigoTributario, fee: 0, legalDays: 3, volume: 12000, story: { startLevel: 3, endLevel: 4 },
    requirements: [REQ.escritura, REQ.nombramiento, REQ.dpiRepresentative, REQ.dpiNotarised],
  },
  {
    code: 'SAT-003', name: 'Actualización de datos en el RTU', description: 'Cambio de dirección, actividad, establecimientos o representante en el RTU.',
    output: 'Constancia de actualización', audience: 'both', category: 'Registro tributario',
    legalBasis: LEX.codigoTributario, fee: 0, legalDays: 1, volume: 280000, story: { startLevel: 4, endLevel: 4 },
    requirements: [REQ.dpi],
  },
  {
    code: 'SAT-004', name: 'Habilitación en el régimen de factura electrónica en línea (FEL)', description: 'Afiliación al régimen FEL y selección del certificador.',
    output: 'Habilitación FEL', audience: 'business', category: 'Facturación', prioritized: true,
    legalBasis: LEX.fel, fee: 0, legalDays: 1, volume: 90000, story: { startLevel: 4, endLevel: 5 },
    requirements: [ownDocument('Inscripción vigente en el RTU', SAT, tax), doc('Contrato con un certificador FEL', rule(LEX.fel))],
  },
  {
    code: 'SAT-005', name: 'Solvencia fiscal', description: 'Constancia de cumplimiento de obligaciones tributarias.',
    output: 'Solvencia fiscal', audience: 'both', category: 'Constancias', prioritized: true,
    legalBasis: LEX.codigoTributario, fee: 0, legalDays: 1, volume: 140000, story: { startLevel: 4, endLevel: 4 },
    requirements: [REQ.dpi],
  },
  {
    code: 'SAT-006', name: 'Registro de exportador en el RTU', description: 'Afiliación como exportador para la devolución de crédito fiscal y otros regímenes.',
    output: 'Constancia de afiliación', audience: 'business', category: 'Comercio exterior', foreignTrade: true, lifeEvent: 'Exportar',
    legalBasis: LEX.iva, fee: 0, legalDays: 5, volume: 3200, story: { startLevel: 3, endLevel: 4 },
    requirements: [ownDocument('Inscripción vigente en el RTU', SAT, tax), { name: 'Código de exportador', evidence: 'other', from: { name: 'Ventanilla Única para las Exportaciones', code: 'MINECO' }, basis: law(LEX.exportacion), interop: true }],
  },
  {
    code: 'SAT-007', name: 'Declaración única centroamericana de importación (DUCA-D)', description: 'Declaración aduanera de mercancías importadas y pago de tributos.',
    output: 'Declaración liquidada', audience: 'business', category: 'Aduanas', foreignTrade: true, prioritized: true, lifeEvent: 'Importar',
    legalBasis: LEX.cauca, fee: 0, legalDays: 1, volume: 450000, story: { startLevel: 3, endLevel: 4 },
    requirements: [doc('Factura comercial', customs), doc('Documento de transporte', customs), doc('Certificado de origen, cuando aplica', customs), notarisedSignature('Carta de instrucciones al agente aduanero')],
  },
  {
    code: 'SAT-008', name: 'Autorización de agente aduanero', description: 'Autorización de auxiliares de la función pública aduanera.',
    output: 'Resolución de autorización', audience: 'person', category: 'Aduanas', foreignTrade: true,
    legalBasis: LEX.cauca, fee: 0, legalDays: 30, volume: 150,
    requirements: [REQ.dpi, doc('Título universitario', customs), REQ.antecedentesPenales, REQ.antecedentesPoliciacos, doc('Garantía de operación', customs), sworn('de no tener impedimentos legales')],
  },
  {
    code: 'SAT-009', name: 'Primera inscripción de vehículo y placas', description: 'Inscripción en el registro fiscal de vehículos y emisión de placas de circulación.',
    output: 'Tarjeta de circulación y placas', audience: 'both', category: 'Vehículos', prioritized: true,
    legalBasis: LEX.circulacion, fee: 400, legalDays: 3, volume: 300000, story: { startLevel: 2, endLevel: 3 },
    requirements: [REQ.dpi, doc('Póliza de importación o factura del vehículo', customs), ownDocument('Certificado de pago del impuesto de primera matrícula', SAT, vehicles)],
  },
  {
    code: 'SAT-010', name: 'Traspaso de vehículo', description: 'Registro del cambio de propietario de un vehículo.',
    output: 'Certificado de propiedad', audience: 'person', category: 'Vehículos',
    legalBasis: LEX.circulacion, fee: 100, legalDays: 3, volume: 220000, story: { startLevel: 2, endLevel: 3 },
    requirements: [REQ.dpi, registration, notarisedSignature('Contrato de compraventa'), REQ.solvenciaFiscal],
  },
  {
    code: 'SAT-011', name: 'Pago del impuesto de circulación de vehículos', description: 'Pago anual del impuesto de circulación y calcomanía.',
    output: 'Calcomanía y recibo', audience: 'both', category: 'Vehículos', prioritized: true,
    legalBasis: LEX.circulacion, fee: 0, legalDays: 0, volume: 3500000, story: { startLevel: 4, endLevel: 5 },
    requirements: [doc('Número de placa', vehicles)],
  },
  {
    code: 'SAT-012', name: 'Devolución de crédito fiscal del IVA a exportadores', description: 'Devolución del IVA pagado en insumos de bienes exportados.',
    output: 'Resolución de devolución', audience: 'business', category: 'Comercio exterior', foreignTrade: true, prioritized: true,
    legalBasis: `${LEX.iva}, arts. 23–25`, fee: 0, legalDays: 30, volume: 4200, story: { startLevel: 2, endLevel: 3 },
    requirements: [form(law(LEX.iva)), doc('Libros de compras y ventas', law(LEX.iva)), doc('Facturas de proveedores', law(LEX.iva)), ownDocument('Constancia de afiliación como exportador', SAT, law(LEX.iva))],
  },
  {
    code: 'SAT-013', name: 'Habilitación de libros contables', description: 'Habilitación de libros de contabilidad de comerciantes.',
    output: 'Libros habilitados', audience: 'business', category: 'Obligaciones formales',
    legalBasis: LEX.codigoTributario, fee: 0.5, legalDays: 3, volume: 85000, story: { startLevel: 3, endLevel: 4 },
    requirements: [ownDocument('Inscripción vigente en el RTU', SAT, tax), payment(tax, 'Pago de la tasa por hoja')],
  },
  {
    code: 'SAT-014', name: 'Reposición de placas por robo o extravío', description: 'Emisión de nuevas placas de circulación.',
    output: 'Placas de circulación', audience: 'person', category: 'Vehículos',
    legalBasis: LEX.circulacion, fee: 150, legalDays: 3, volume: 24000,
    requirements: [REQ.dpi, REQ.lossReport, registration],
  },
  {
    code: 'SAT-015', name: 'Exención del IVA para entidades no lucrativas', description: 'Calificación de entidades exentas del IVA.',
    output: 'Resolución de exención', audience: 'business', category: 'Impuestos',
    legalBasis: `${LEX.iva}, art. 8`, fee: 0, legalDays: 30, volume: 800,
    requirements: [ownDocument('Certificación de inscripción de la entidad', ISSUERS.personasJuridicas, agreement(LEX.personasJuridicas)), doc('Estatutos', law(LEX.iva)), REQ.nombramientoNotarised],
  },
];
