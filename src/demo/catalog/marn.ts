import { LEX } from './legal';
import { doc, form, ISSUERS, notarisedSignature, ownDocument, payment, REQ, sworn } from './requirements';
import { agreement, CatalogProcedure, law, NO_BASIS, rule } from './types';

const DIGARN = { name: 'Dirección de Gestión Ambiental y Recursos Naturales', code: 'MARN' };
const eia = agreement(LEX.evaluacionAmbiental);
const water = agreement(LEX.aguasResiduales);
const consultant = { name: 'Instrumento ambiental elaborado por consultor registrado en el MARN', evidence: 'document' as const, basis: eia };

/** Ministerio de Ambiente y Recursos Naturales: instrumentos y licencias ambientales, registros y autorizaciones. */
export const MARN: CatalogProcedure[] = [
  {
    code: 'MARN-001', name: 'Licencia ambiental para proyectos de categoría C', description: 'Aprobación del instrumento ambiental de proyectos de bajo impacto ambiental potencial.',
    output: 'Licencia ambiental', audience: 'both', category: 'Ambiente', lifeEvent: 'Construir o ampliar un negocio', prioritized: true,
    legalBasis: LEX.evaluacionAmbiental, fee: 500, legalDays: 20, volume: 5200, story: { startLevel: 1, endLevel: 2 },
    requirements: [REQ.dpi, form(eia, 'Formulario de evaluación ambiental inicial'), REQ.dpiNotarised, REQ.registroPropiedad],
  },
  {
    code: 'MARN-002', name: 'Evaluación de impacto ambiental de proyectos de categoría A', description: 'Revisión y aprobación del estudio de evaluación de impacto ambiental de proyectos de alto impacto.',
    output: 'Resolución de aprobación y licencia ambiental', audience: 'business', category: 'Ambiente', prioritized: true,
    legalBasis: LEX.evaluacionAmbiental, fee: 5000, legalDays: 60, volume: 180,
    requirements: [consultant, doc('Publicación del edicto en un diario de mayor circulación', eia), REQ.dpiRepresentative, REQ.nombramientoNotarised, doc('Fianza de cumplimiento', eia),
      sworn('de veracidad del estudio de impacto ambiental')],
  },
  {
    code: 'MARN-003', name: 'Evaluación ambiental de proyectos de categoría B1', description: 'Aprobación del instrumento ambiental de proyectos de impacto moderado alto.',
    output: 'Licencia ambiental', audience: 'business', category: 'Ambiente',
    legalBasis: LEX.evaluacionAmbiental, fee: 2500, legalDays: 45, volume: 950,
    requirements: [consultant, REQ.dpiRepresentative, REQ.registroPropiedad, doc('Publicación del edicto', eia)],
  },
  {
    code: 'MARN-004', name: 'Evaluación ambiental de proyectos de categoría B2', description: 'Aprobación del instrumento ambiental de proyectos de impacto moderado bajo.',
    output: 'Licencia ambiental', audience: 'both', category: 'Ambiente',
    legalBasis: LEX.evaluacionAmbiental, fee: 1000, legalDays: 30, volume: 2400, story: { startLevel: 1, endLevel: 2 },
    requirements: [consultant, REQ.dpi, REQ.registroPropiedad],
  },
  {
    code: 'MARN-005', name: 'Renovación de licencia ambiental', description: 'Renovación de la licencia ambiental de proyectos en operación.',
    output: 'Licencia ambiental renovada', audience: 'both', category: 'Ambiente',
    legalBasis: LEX.evaluacionAmbiental, fee: 500, legalDays: 20, volume: 3800,
    requirements: [form(eia), ownDocument('Fotocopia de la licencia ambiental anterior', DIGARN), doc('Informe de cumplimiento de compromisos ambientales', eia)],
  },
  {
    code: 'MARN-006', name: 'Inscripción en el Registro de Consultores Ambientales', description: 'Registro de profesionales y empresas que elaboran instrumentos ambientales.',
    output: 'Constancia de registro', audience: 'both', category: 'Registros',
    legalBasis: LEX.evaluacionAmbiental, fee: 300, legalDays: 15, volume: 400, story: { startLevel: 2, endLevel: 4 },
    requirements: [REQ.dpi, { name: 'Constancia de colegiado activo', evidence: 'certificate', from: ISSUERS.colegio, basis: law('Decreto 72-2001'), interop: true }, doc('Currículum con constancias de experiencia', eia), REQ.antecedentesPenales],
  },
  {
    code: 'MARN-007', name: 'Renovación de registro de consultor ambiental', description: 'Renovación bienal del registro de consultores ambientales.',
    output: 'Constancia de registro', audience: 'both', category: 'Registros',
    legalBasis: LEX.evaluacionAmbiental, fee: 200, legalDays: 10, volume: 350, story: { startLevel: 2, endLevel: 4 },
    requirements: [form(eia), { name: 'Constancia de colegiado activo', evidence: 'certificate', from: ISSUERS.colegio, basis: law('Decreto 72-2001'), interop: true }],
  },
  {
    code: 'MARN-008', name: 'Aprobación del estudio técnico de aguas residuales', description: 'Revisión del estudio técnico que caracteriza las descargas de aguas residuales de un ente generador.',
    output: 'Resolución de aprobación', audience: 'business', category: 'Agua y saneamiento',
    legalBasis: LEX.aguasResiduales, fee: 800, legalDays: 30, volume: 1100,
    requirements: [doc('Estudio técnico firmado por profesional', water), doc('Análisis de laboratorio acreditado', water), REQ.patenteSociedad],
  },
  {
    code: 'MARN-009', name: 'Autorización de importación de sustancias agotadoras de la capa de ozono', description: 'Asignación de cuota y autorización de importación de refrigerantes controlados por el Protocolo de Montreal.',
    output: 'Licencia de importación', audience: 'business', category: 'Comercio exterior', foreignTrade: true,
    legalBasis: 'Protocolo de Montreal; Acuerdo Ministerial 239-2012', fee: 0, legalDays: 10, volume: 300,
    requirements: [form(rule('Acuerdo Ministerial 239-2012')), REQ.patenteEmpresa, ownDocument('Constancia de inscripción como importador de refrigerantes', DIGARN)],
  },
  {
    code: 'MARN-010', name: 'Registro de gestores de residuos y desechos sólidos', description: 'Inscripción de quienes recolectan, transportan, tratan o disponen residuos sólidos.',
    output: 'Constancia de registro', audience: 'business', category: 'Residuos',
    legalBasis: LEX.residuosSolidos, fee: 250, legalDays: 30, volume: 1400, story: { addedLater: true },
    requirements: [form(agreement(LEX.residuosSolidos)), REQ.patenteEmpresa, REQ.rtu, { name: 'Licencia ambiental de las instalaciones', evidence: 'certificate', from: DIGARN, basis: eia }],
  },
  {
    code: 'MARN-011', name: 'Autorización de exportación de desechos peligrosos', description: 'Notificación y autorización de movimientos transfronterizos de desechos peligrosos.',
    output: 'Autorización de exportación', audience: 'business', category: 'Comercio exterior', foreignTrade: true,
    legalBasis: 'Convenio de Basilea; Decreto 3-95', fee: 500, legalDays: 60, volume: 60,
    requirements: [form(law('Decreto 3-95')), doc('Consentimiento del país de importación', law('Convenio de Basilea')), doc('Póliza de seguro del transporte', NO_BASIS)],
  },
  {
    code: 'MARN-012', name: 'Constancia de proyecto no listado', description: 'Constancia de que una actividad no figura en el listado taxativo y no requiere instrumento ambiental.',
    output: 'Constancia', audience: 'both', category: 'Ambiente',
    legalBasis: LEX.evaluacionAmbiental, fee: 100, legalDays: 10, volume: 2200,
    requirements: [form(eia), REQ.dpi, notarisedSignature('Descripción de la actividad')],
  },
  {
    code: 'MARN-013', name: 'Denuncia ambiental', description: 'Presentación de denuncias por contaminación o daño ambiental.',
    output: 'Resolución de la denuncia', audience: 'person', category: 'Ambiente',
    legalBasis: LEX.ambiente, fee: 0, legalDays: 30, volume: 3100, story: { startLevel: 2, endLevel: 3 },
    requirements: [form(law(LEX.ambiente), 'Formulario de denuncia')],
  },
  {
    code: 'MARN-014', name: 'Diagnóstico ambiental de proyectos en operación', description: 'Regularización ambiental de actividades que operan sin licencia.',
    output: 'Licencia ambiental', audience: 'business', category: 'Ambiente',
    legalBasis: LEX.evaluacionAmbiental, fee: 1500, legalDays: 45, volume: 900, story: { unknownTimes: true },
    requirements: [consultant, REQ.dpiRepresentative, REQ.patenteSociedad, sworn('de la fecha de inicio de operaciones')],
  },
  {
    code: 'MARN-015', name: 'Carta de aprobación nacional de proyectos de reducción de emisiones', description: 'Aval nacional de proyectos de carbono para los mercados internacionales.',
    output: 'Carta de aprobación', audience: 'business', category: 'Cambio climático',
    legalBasis: 'Decreto 7-2013, Ley Marco de Cambio Climático', fee: 0, legalDays: 45, volume: 25,
    requirements: [doc('Documento de diseño del proyecto', law('Decreto 7-2013')), REQ.nombramiento],
  },
  {
    code: 'MARN-016', name: 'Certificación de licencia ambiental', description: 'Copia certificada de una licencia o resolución ambiental.',
    output: 'Certificación', audience: 'both', category: 'Ambiente',
    legalBasis: LEX.evaluacionAmbiental, fee: 50, legalDays: 5, volume: 2600, story: { startLevel: 3, endLevel: 4 },
    requirements: [form(eia), payment(eia)],
  },
  {
    code: 'MARN-017', name: 'Registro de entes generadores de aguas residuales', description: 'Inscripción de quienes descargan aguas residuales a cuerpos receptores o al alcantarillado.',
    output: 'Código de ente generador', audience: 'business', category: 'Agua y saneamiento',
    legalBasis: LEX.aguasResiduales, fee: 0, legalDays: 15, volume: 1800,
    requirements: [form(water), REQ.patenteEmpresa, REQ.rtu, REQ.nombramientoNotarised],
  },
];
