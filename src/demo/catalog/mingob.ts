import { LEX } from './legal';
import { doc, form, ISSUERS, notarisedSignature, ownDocument, payment, REQ, sworn } from './requirements';
import { agreement, CatalogProcedure, law, NO_BASIS, rule } from './types';

const IGM = { name: 'Instituto Guatemalteco de Migración', code: 'MINGOB' };
const TRANSITO = { name: 'Departamento de Tránsito de la Policía Nacional Civil', code: 'MINGOB' };
const migration = law(LEX.migracion);
const traffic = agreement(LEX.reglamentoTransito);
const privateSecurity = law(LEX.seguridadPrivada);
const repeju = agreement(LEX.personasJuridicas);
const medical = { name: 'Certificado médico de aptitud física y visual', evidence: 'certificate' as const, basis: traffic };
const drivingTest = { name: 'Aprobación de los exámenes teórico y práctico de manejo', evidence: 'inspection' as const, from: TRANSITO, basis: traffic };

/** Ministerio de Gobernación: pasaportes y migración (IGM), licencias de conducir y antecedentes (PNC), personas jurídicas, seguridad privada. */
export const MINGOB: CatalogProcedure[] = [
  {
    code: 'MINGOB-001', name: 'Emisión de pasaporte ordinario (primera vez)', description: 'Emisión del pasaporte guatemalteco a quien lo solicita por primera vez, con captura de datos biométricos.',
    output: 'Pasaporte', audience: 'person', category: 'Documentos de viaje', lifeEvent: 'Viajar al extranjero', prioritized: true,
    legalBasis: `${LEX.migracion}, arts. 70–78`, fee: 240, legalDays: 10, volume: 310000, story: { startLevel: 2, endLevel: 4, quirk: 'visit_at_level_4' },
    requirements: [REQ.dpi, payment(migration, 'Comprobante de pago del pasaporte'), REQ.ornato],
  },
  {
    code: 'MINGOB-002', name: 'Renovación de pasaporte ordinario', description: 'Emisión de un nuevo pasaporte al vencer el anterior.',
    output: 'Pasaporte', audience: 'person', category: 'Documentos de viaje', lifeEvent: 'Viajar al extranjero', prioritized: true,
    legalBasis: LEX.migracion, fee: 240, legalDays: 10, volume: 260000, story: { startLevel: 2, endLevel: 3, pending: true },
    requirements: [REQ.dpi, ownDocument('Pasaporte anterior', IGM, migration), payment(migration, 'Comprobante de pago del pasaporte')],
  },
  {
    code: 'MINGOB-003', name: 'Reposición de pasaporte por extravío o robo', description: 'Emisión de un pasaporte que sustituye a uno extraviado o robado.',
    output: 'Pasaporte', audience: 'person', category: 'Documentos de viaje',
    legalBasis: LEX.migracion, fee: 240, legalDays: 10, volume: 21000,
    requirements: [REQ.dpi, REQ.lossReport, payment(migration), sworn('sobre las circunstancias del extravío')],
  },
  {
    code: 'MINGOB-004', name: 'Pasaporte para menores de edad', description: 'Emisión del pasaporte de niñas, niños y adolescentes, con la autorización de quienes ejercen la patria potestad.',
    output: 'Pasaporte', audience: 'person', category: 'Documentos de viaje', lifeEvent: 'Viajar al extranjero',
    legalBasis: LEX.migracion, fee: 240, legalDays: 10, volume: 64000,
    requirements: [{ name: 'Certificado de nacimiento del menor', evidence: 'certificate', from: ISSUERS.renap, basis: law(LEX.renap), interop: true }, doc('DPI de ambos padres', law(LEX.renap)),
      notarisedSignature('Autorización del padre ausente')],
  },
  {
    code: 'MINGOB-005', name: 'Licencia de conducir tipo C (primera vez)', description: 'Licencia para conducir automóviles y vehículos livianos.',
    output: 'Licencia de conducir', audience: 'person', category: 'Tránsito', lifeEvent: 'Conducir un vehículo', prioritized: true,
    legalBasis: `${LEX.transito}; ${LEX.reglamentoTransito}`, fee: 300, legalDays: 5, volume: 120000, story: { startLevel: 1, endLevel: 2 },
    requirements: [REQ.dpi, medical, drivingTest, REQ.antecedentesPoliciacos, REQ.ornato, { name: 'Tipo de sangre certificado por laboratorio', evidence: 'certificate', basis: traffic }],
  },
  {
    code: 'MINGOB-006', name: 'Renovación de licencia de conducir', description: 'Renovación de la licencia de conducir vencida o por vencer.',
    output: 'Licencia de conducir', audience: 'person', category: 'Tránsito', lifeEvent: 'Conducir un vehículo', prioritized: true,
    legalBasis: LEX.reglamentoTransito, fee: 250, legalDays: 1, volume: 380000, story: { startLevel: 2, endLevel: 3 },
    requirements: [REQ.dpi, ownDocument('Licencia de conducir anterior', TRANSITO, traffic), medical],
  },
  {
    code: 'MINGOB-007', name: 'Licencia de conducir tipo A (transporte pesado)', description: 'Licencia para conducir buses, camiones y vehículos de carga pesada.',
    output: 'Licencia de conducir', audience: 'person', category: 'Tránsito',
    legalBasis: LEX.reglamentoTransito, fee: 450, legalDays: 5, volume: 18000,
    requirements: [REQ.dpi, medical, drivingTest, REQ.antecedentesPoliciacos, REQ.antecedentesPenales, ownDocument('Licencia tipo B con dos años de antigüedad', TRANSITO, traffic)],
  },
  {
    code: 'MINGOB-008', name: 'Licencia de conducir tipo M (motocicleta)', description: 'Licencia para conducir motocicletas.',
    output: 'Licencia de conducir', audience: 'person', category: 'Tránsito', lifeEvent: 'Conducir un vehículo',
    legalBasis: LEX.reglamentoTransito, fee: 200, legalDays: 5, volume: 95000,
    requirements: [REQ.dpi, medical, drivingTest, REQ.ornato],
  },
  {
    code: 'MINGOB-009', name: 'Constancia de carencia de antecedentes policiacos', description: 'Constancia de que la persona no registra antecedentes en la Policía Nacional Civil.',
    output: 'Constancia de antecedentes policiacos', audience: 'person', category: 'Constancias', lifeEvent: 'Buscar empleo', prioritized: true,
    legalBasis: LEX.pnc, fee: 30, legalDays: 1, volume: 420000, story: { startLevel: 3, endLevel: 5 },
    requirements: [REQ.dpi, payment(law(LEX.pnc))],
  },
  {
    code: 'MINGOB-010', name: 'Prórroga de permanencia para turistas', description: 'Ampliación del plazo de estancia de visitantes extranjeros.',
    output: 'Resolución de prórroga', audience: 'person', category: 'Migración', foreignTrade: true,
    legalBasis: LEX.migracion, fee: 200, legalDays: 5, volume: 9000,
    requirements: [doc('Pasaporte vigente', migration), doc('Boleto de salida del país', NO_BASIS), payment(migration)],
  },
  {
    code: 'MINGOB-011', name: 'Residencia temporal para extranjeros', description: 'Autorización de residencia temporal por trabajo, estudios, inversión u otro motivo.',
    output: 'Resolución de residencia temporal', audience: 'person', category: 'Migración', foreignTrade: true,
    legalBasis: LEX.migracion, fee: 1000, legalDays: 60, volume: 4200,
    requirements: [doc('Pasaporte vigente', migration), { name: 'Antecedentes penales del país de origen, apostillados', evidence: 'certificate', from: ISSUERS.foreign, basis: migration },
      REQ.apostilleTranslation, sworn('de solvencia económica'), REQ.photo],
  },
  {
    code: 'MINGOB-012', name: 'Residencia permanente para extranjeros', description: 'Autorización de residencia permanente a quien cumplió el plazo de residencia temporal.',
    output: 'Resolución de residencia permanente', audience: 'person', category: 'Migración',
    legalBasis: LEX.migracion, fee: 2500, legalDays: 90, volume: 1100,
    requirements: [doc('Pasaporte vigente', migration), ownDocument('Resolución de residencia temporal', IGM, migration), REQ.antecedentesPoliciacos, REQ.antecedentesPenales],
  },
  {
    code: 'MINGOB-013', name: 'Inscripción de asociación civil en el Registro de las Personas Jurídicas', description: 'Inscripción de asociaciones, fundaciones y otras personas jurídicas no lucrativas.',
    output: 'Certificación de inscripción', audience: 'business', category: 'Personas jurídicas',
    legalBasis: LEX.personasJuridicas, fee: 300, legalDays: 30, volume: 2600, story: { startLevel: 1, endLevel: 3 },
    requirements: [doc('Testimonio de la escritura constitutiva', repeju), REQ.dpiRepresentative, form(repeju), notarisedSignature('Solicitud de inscripción')],
  },
  {
    code: 'MINGOB-014', name: 'Inscripción de representante legal de persona jurídica', description: 'Inscripción del nombramiento del representante legal de asociaciones y fundaciones.',
    output: 'Razón de inscripción', audience: 'business', category: 'Personas jurídicas',
    legalBasis: LEX.personasJuridicas, fee: 75, legalDays: 10, volume: 5400,
    requirements: [doc('Acta de nombramiento', repeju), REQ.dpiRepresentative, ownDocument('Certificación de inscripción de la asociación', ISSUERS.personasJuridicas, repeju)],
  },
  {
    code: 'MINGOB-015', name: 'Certificación de inscripción de persona jurídica', description: 'Certificación de los datos inscritos de una persona jurídica no lucrativa.',
    output: 'Certificación', audience: 'both', category: 'Personas jurídicas',
    legalBasis: LEX.personasJuridicas, fee: 25, legalDays: 3, volume: 8800,
    requirements: [form(repeju), payment(repeju)],
  },
  {
    code: 'MINGOB-016', name: 'Licencia de empresa de seguridad privada', description: 'Licencia de operación de empresas que prestan servicios de seguridad privada.',
    output: 'Licencia de operación', audience: 'business', category: 'Seguridad privada',
    legalBasis: LEX.seguridadPrivada, fee: 10000, legalDays: 60, volume: 120,
    requirements: [REQ.escritura, REQ.patenteSociedad, REQ.antecedentesPenales, REQ.antecedentesPoliciacos, doc('Póliza de seguro de responsabilidad civil', privateSecurity), REQ.igssSolvencia],
  },
  {
    code: 'MINGOB-017', name: 'Licencia de agente de seguridad privada', description: 'Credencial de agentes que prestan servicios de seguridad privada.',
    output: 'Credencial de agente', audience: 'person', category: 'Seguridad privada',
    legalBasis: LEX.seguridadPrivada, fee: 150, legalDays: 15, volume: 35000,
    requirements: [REQ.dpi, REQ.antecedentesPenales, REQ.antecedentesPoliciacos, doc('Constancia de aprobación del curso de formación', privateSecurity), REQ.photo],
  },
  {
    code: 'MINGOB-018', name: 'Publicación de edictos en el Diario de Centro América', description: 'Publicación de avisos y edictos legales en el diario oficial.',
    output: 'Publicación', audience: 'both', category: 'Diario oficial',
    legalBasis: 'Acuerdo Gubernativo 635-2007, Reglamento Orgánico Interno del Ministerio de Gobernación', fee: null, legalDays: 3, volume: 52000, story: { startLevel: 2, endLevel: 3 },
    requirements: [doc('Texto del edicto', NO_BASIS), REQ.dpi],
  },
  {
    code: 'MINGOB-019', name: 'Certificación de movimientos migratorios', description: 'Certificación de entradas y salidas del país de una persona.',
    output: 'Certificación', audience: 'person', category: 'Migración',
    legalBasis: LEX.migracion, fee: 50, legalDays: 5, volume: 30000,
    requirements: [REQ.dpi, payment(migration), notarisedSignature('Solicitud, cuando la presenta un tercero,')],
  },
  {
    code: 'MINGOB-020', name: 'Autorización de rifas y sorteos', description: 'Autorización de la gobernación departamental para rifas, loterías y sorteos.',
    output: 'Resolución de autorización', audience: 'both', category: 'Gobernaciones departamentales',
    legalBasis: 'Acuerdo Gubernativo 154-97', fee: 100, legalDays: 15, volume: 2100,
    requirements: [form(rule('Acuerdo Gubernativo 154-97')), doc('Bases del sorteo', rule('Acuerdo Gubernativo 154-97')), doc('Fianza por el valor de los premios', NO_BASIS), REQ.patenteEmpresa],
  },
  {
    code: 'MINGOB-021', name: 'Solicitud de reconocimiento de la condición de refugiado', description: 'Solicitud de protección internacional de personas refugiadas.',
    output: 'Resolución de la Comisión Nacional para Refugiados', audience: 'person', category: 'Migración',
    legalBasis: LEX.migracion, fee: 0, legalDays: 90, volume: 900, story: { unknownTimes: true },
    requirements: [form(migration), doc('Documento de identidad del país de origen, si lo tiene', NO_BASIS)],
  },
  {
    code: 'MINGOB-022', name: 'Tarjeta de movilidad fronteriza', description: 'Documento para residentes de zonas fronterizas que cruzan con frecuencia.',
    output: 'Tarjeta de movilidad fronteriza', audience: 'person', category: 'Migración',
    legalBasis: LEX.migracion, fee: 50, legalDays: 5, volume: 12000,
    requirements: [REQ.dpi, REQ.photo, { name: 'Constancia de residencia en el municipio fronterizo', evidence: 'certificate', from: { name: 'Municipalidad del lugar de residencia' }, basis: NO_BASIS }],
  },
  {
    code: 'MINGOB-023', name: 'Canje de licencia de conducir extranjera', description: 'Emisión de licencia guatemalteca a residentes con licencia de otro país.',
    output: 'Licencia de conducir', audience: 'person', category: 'Tránsito',
    legalBasis: LEX.reglamentoTransito, fee: 300, legalDays: 5, volume: 2400, story: { addedLater: true },
    requirements: [doc('Licencia de conducir extranjera vigente', traffic), REQ.apostilleTranslation, medical, ownDocument('Resolución de residencia', IGM, migration)],
  },
  {
    code: 'MINGOB-024', name: 'Historial de licencia de conducir', description: 'Constancia del historial de la licencia y de las infracciones registradas.',
    output: 'Constancia', audience: 'person', category: 'Tránsito',
    legalBasis: LEX.reglamentoTransito, fee: 25, legalDays: 2, volume: 15000, story: { startLevel: 3, endLevel: 4 },
    requirements: [REQ.dpi, payment(traffic)],
  },
];
