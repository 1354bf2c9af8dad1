import { LEX } from './legal';
import { doc, form, ISSUERS, notarisedSignature, ownDocument, payment, REQ, sworn } from './requirements';
import { CatalogProcedure, law, NO_BASIS, rule } from './types';

const RGAE = { name: 'Registro General de Adquisiciones del Estado', code: 'MINFIN' };
const DICABI = { name: 'Dirección de Catastro y Avalúo de Bienes Inmuebles (DICABI)', code: 'MINFIN' };
const PASIVAS = { name: 'Oficina Nacional de Servicio Civil / Clases Pasivas', code: 'MINFIN' };
const procurement = law(LEX.contrataciones);
const iusi = law(LEX.iusi);
const pensions = law(LEX.clasesPasivas);

/** Ministerio de Finanzas Públicas: proveedores del Estado, catastro e IUSI, clases pasivas y bienes del Estado. */
export const MINFIN: CatalogProcedure[] = [
  {
    code: 'MINFIN-001', name: 'Inscripción en el Registro General de Adquisiciones del Estado (RGAE)', description: 'Inscripción de personas individuales o jurídicas como proveedoras del Estado.',
    output: 'Constancia de inscripción RGAE', audience: 'both', category: 'Compras públicas', prioritized: true,
    legalBasis: `${LEX.contrataciones}, art. 71; ${LEX.reglamentoContrataciones}`, fee: 0, legalDays: 10, volume: 25000, story: { startLevel: 3, endLevel: 4 },
    requirements: [REQ.dpi, REQ.rtu, doc('Estados financieros del último ejercicio', procurement), REQ.solvenciaFiscal],
  },
  {
    code: 'MINFIN-002', name: 'Actualización de inscripción en el RGAE', description: 'Actualización anual de datos, especialidades y capacidad económica de los proveedores.',
    output: 'Constancia de actualización', audience: 'both', category: 'Compras públicas',
    legalBasis: LEX.reglamentoContrataciones, fee: 0, legalDays: 10, volume: 18000, story: { startLevel: 3, endLevel: 4 },
    requirements: [REQ.rtu, doc('Estados financieros del último ejercicio', procurement), ownDocument('Constancia de inscripción RGAE anterior', RGAE, procurement)],
  },
  {
    code: 'MINFIN-003', name: 'Registro de usuario proveedor en Guatecompras', description: 'Habilitación de usuarios para ofertar en el sistema de contrataciones del Estado.',
    output: 'Usuario habilitado', audience: 'both', category: 'Compras públicas', prioritized: true,
    legalBasis: LEX.contrataciones, fee: 0, legalDays: 1, volume: 30000, story: { startLevel: 4, endLevel: 5 },
    requirements: [REQ.dpi, REQ.rtu],
  },
  {
    code: 'MINFIN-004', name: 'Avalúo de inmueble para el IUSI', description: 'Avalúo fiscal de un inmueble para determinar el impuesto único sobre inmuebles.',
    output: 'Avalúo fiscal', audience: 'both', category: 'Catastro',
    legalBasis: LEX.iusi, fee: 100, legalDays: 30, volume: 14000,
    requirements: [REQ.dpi, REQ.registroPropiedad, doc('Plano de localización del inmueble', iusi), notarisedSignature('Solicitud')],
  },
  {
    code: 'MINFIN-005', name: 'Declaración y pago del IUSI', description: 'Pago del impuesto único sobre inmuebles en los municipios que no lo administran.',
    output: 'Recibo de pago', audience: 'both', category: 'Impuestos', prioritized: true,
    legalBasis: LEX.iusi, fee: 0, legalDays: 0, volume: 210000, story: { startLevel: 3, endLevel: 4 },
    requirements: [REQ.dpi, ownDocument('Número de matrícula fiscal del inmueble', DICABI, iusi)],
  },
  {
    code: 'MINFIN-006', name: 'Certificación de matrícula fiscal', description: 'Certificación de los inmuebles inscritos a nombre de una persona en la matrícula fiscal.',
    output: 'Certificación', audience: 'both', category: 'Catastro',
    legalBasis: LEX.iusi, fee: 25, legalDays: 5, volume: 26000, story: { startLevel: 2, endLevel: 4 },
    requirements: [REQ.dpi, payment(iusi)],
  },
  {
    code: 'MINFIN-007', name: 'Solvencia del IUSI', description: 'Constancia de estar al día en el pago del impuesto único sobre inmuebles.',
    output: 'Solvencia', audience: 'both', category: 'Impuestos',
    legalBasis: LEX.iusi, fee: 10, legalDays: 3, volume: 40000,
    requirements: [REQ.dpi, ownDocument('Recibos de pago del IUSI de los últimos cuatro trimestres', DICABI, iusi)],
  },
  {
    code: 'MINFIN-008', name: 'Inscripción de inmueble en la matrícula fiscal', description: 'Inscripción o traslado de un inmueble en la matrícula fiscal.',
    output: 'Matrícula fiscal', audience: 'both', category: 'Catastro',
    legalBasis: LEX.iusi, fee: 25, legalDays: 15, volume: 19000,
    requirements: [REQ.dpi, REQ.registroPropiedad, doc('Testimonio de la escritura de adquisición', law('Decreto-Ley 106, Código Civil')), REQ.dpiNotarised],
  },
  {
    code: 'MINFIN-009', name: 'Exoneración de multas e intereses del IUSI', description: 'Solicitud de exoneración de recargos cuando la ley o un acuerdo lo permite.',
    output: 'Resolución', audience: 'both', category: 'Impuestos',
    legalBasis: LEX.iusi, fee: 0, legalDays: 30, volume: 3100,
    requirements: [form(iusi), REQ.dpi, sworn('de no haber recibido notificación del adeudo')],
  },
  {
    code: 'MINFIN-010', name: 'Pensión por jubilación del régimen de clases pasivas', description: 'Otorgamiento de la pensión a servidores públicos que cumplen los requisitos de edad y tiempo de servicio.',
    output: 'Resolución de pensión', audience: 'person', category: 'Pensiones', lifeEvent: 'Jubilarse', prioritized: true,
    legalBasis: LEX.clasesPasivas, fee: 0, legalDays: 60, volume: 6000, story: { startLevel: 1, endLevel: 2 },
    requirements: [REQ.dpi, doc('Certificación de tiempo de servicio', pensions), { name: 'Certificación de nacimiento', evidence: 'certificate', from: ISSUERS.renap, basis: law(LEX.renap), interop: true },
      sworn('de no percibir otra pensión del Estado')],
  },
  {
    code: 'MINFIN-011', name: 'Pensión por viudez u orfandad del régimen de clases pasivas', description: 'Pensión a los beneficiarios de servidores públicos o jubilados fallecidos.',
    output: 'Resolución de pensión', audience: 'person', category: 'Pensiones', lifeEvent: 'Fallecimiento de un familiar',
    legalBasis: LEX.clasesPasivas, fee: 0, legalDays: 60, volume: 2200,
    requirements: [REQ.dpi, { name: 'Certificado de defunción', evidence: 'certificate', from: ISSUERS.renap, basis: law(LEX.renap), interop: true },
      { name: 'Certificado de matrimonio o de nacimiento de los hijos', evidence: 'certificate', from: ISSUERS.renap, basis: law(LEX.renap), interop: true },
      ownDocument('Resolución de pensión del causante', PASIVAS, pensions), sworn('de convivencia y dependencia económica')],
  },
  {
    code: 'MINFIN-012', name: 'Constancia de supervivencia de pensionados', description: 'Comprobación anual de supervivencia de los pensionados del Estado.',
    output: 'Constancia de supervivencia', audience: 'person', category: 'Pensiones',
    legalBasis: LEX.clasesPasivas, fee: 0, legalDays: 1, volume: 82000, story: { eliminatedDaysAgo: 200 },
    requirements: [REQ.dpi, notarisedSignature('Fe de vida')],
  },
  {
    code: 'MINFIN-013', name: 'Certificación de sueldos y descuentos', description: 'Certificación de salarios y descuentos de ex servidores públicos.',
    output: 'Certificación', audience: 'person', category: 'Pensiones',
    legalBasis: LEX.clasesPasivas, fee: 0, legalDays: 10, volume: 9000,
    requirements: [REQ.dpi, form(pensions)],
  },
  {
    code: 'MINFIN-014', name: 'Arrendamiento de inmueble del Estado', description: 'Solicitud de arrendamiento de inmuebles administrados por la Dirección de Bienes del Estado.',
    output: 'Contrato de arrendamiento', audience: 'both', category: 'Bienes del Estado',
    legalBasis: LEX.contrataciones, fee: null, legalDays: 60, volume: 150, story: { unknownTimes: true },
    requirements: [REQ.dpi, REQ.rtu, REQ.solvenciaFiscal, doc('Propuesta de uso del inmueble', NO_BASIS)],
  },
  {
    code: 'MINFIN-015', name: 'Inscripción de organización no gubernamental receptora de fondos públicos', description: 'Registro de ONG que ejecutan fondos públicos por medio de convenios.',
    output: 'Constancia de inscripción', audience: 'business', category: 'Transferencias',
    legalBasis: 'Decreto 101-97, Ley Orgánica del Presupuesto', fee: 0, legalDays: 30, volume: 400,
    requirements: [ownDocument('Certificación de inscripción de la ONG', ISSUERS.personasJuridicas, law('Decreto 2-2003, Ley de ONG')), REQ.rtu, REQ.nombramientoNotarised, doc('Estados financieros auditados', rule('Acuerdo Ministerial de normas de transferencias'))],
  },
  {
    code: 'MINFIN-016', name: 'Constancia de inscripción como contratista del Estado', description: 'Constancia del historial de contratos adjudicados a un proveedor.',
    output: 'Constancia', audience: 'business', category: 'Compras públicas',
    legalBasis: LEX.reglamentoContrataciones, fee: 0, legalDays: 5, volume: 5000, story: { addedLater: true },
    requirements: [REQ.rtu, payment(procurement, 'Formulario de solicitud en línea')],
  },
];
