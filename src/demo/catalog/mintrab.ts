import { LEX } from './legal';
import { doc, form, ISSUERS, notarisedSignature, ownDocument, REQ, sworn } from './requirements';
import { agreement, CatalogProcedure, law, NO_BASIS } from './types';

const IGT = { name: 'Inspección General de Trabajo', code: 'MINTRAB' };
const labour = law(LEX.codigoTrabajo);
const foreigners = agreement(LEX.trabajoExtranjeros);
const ohs = agreement(LEX.saludOcupacional);

/** Ministerio de Trabajo y Previsión Social: permisos de trabajo, relaciones colectivas, Inspección General de Trabajo, programas. */
export const MINTRAB: CatalogProcedure[] = [
  {
    code: 'MINTRAB-001', name: 'Permiso de trabajo para personas extranjeras', description: 'Autorización para que una persona extranjera trabaje en relación de dependencia.',
    output: 'Resolución de permiso de trabajo', audience: 'both', category: 'Empleo', foreignTrade: true, prioritized: true,
    legalBasis: `${LEX.codigoTrabajo}, art. 13; ${LEX.trabajoExtranjeros}`, fee: 1000, legalDays: 30, volume: 4000, story: { startLevel: 1, endLevel: 2 },
    requirements: [doc('Pasaporte vigente', law(LEX.migracion)), REQ.apostilleTranslation, { name: 'Antecedentes penales del país de origen, apostillados', evidence: 'certificate', from: ISSUERS.foreign, basis: foreigners },
      doc('Contrato de trabajo', labour), REQ.patenteSociedad, sworn('del empleador de que no hay personal guatemalteco para el puesto')],
  },
  {
    code: 'MINTRAB-002', name: 'Renovación de permiso de trabajo para personas extranjeras', description: 'Prórroga anual del permiso de trabajo.',
    output: 'Resolución de prórroga', audience: 'both', category: 'Empleo', foreignTrade: true,
    legalBasis: LEX.trabajoExtranjeros, fee: 500, legalDays: 20, volume: 3100,
    requirements: [ownDocument('Resolución del permiso anterior', { name: 'Dirección General de Empleo', code: 'MINTRAB' }, foreigners), doc('Pasaporte vigente', law(LEX.migracion)), REQ.igssSolvencia],
  },
  {
    code: 'MINTRAB-003', name: 'Aprobación del reglamento interior de trabajo', description: 'Revisión y aprobación del reglamento interior de trabajo de una empresa.',
    output: 'Resolución de aprobación', audience: 'business', category: 'Relaciones laborales',
    legalBasis: `${LEX.codigoTrabajo}, arts. 57–60`, fee: 0, legalDays: 30, volume: 1500,
    requirements: [doc('Proyecto de reglamento interior', labour), REQ.patenteSociedad, REQ.nombramientoNotarised],
  },
  {
    code: 'MINTRAB-004', name: 'Inscripción de sindicato', description: 'Reconocimiento de la personalidad jurídica e inscripción de sindicatos.',
    output: 'Resolución de inscripción', audience: 'business', category: 'Relaciones colectivas',
    legalBasis: `${LEX.codigoTrabajo}, art. 218`, fee: 0, legalDays: 20, volume: 110,
    requirements: [doc('Acta constitutiva y estatutos', labour), doc('Nómina de afiliados con sus DPI', labour), notarisedSignature('Solicitud del comité ejecutivo provisional')],
  },
  {
    code: 'MINTRAB-005', name: 'Homologación de pacto colectivo de condiciones de trabajo', description: 'Revisión y homologación de pactos colectivos.',
    output: 'Resolución de homologación', audience: 'business', category: 'Relaciones colectivas',
    legalBasis: `${LEX.codigoTrabajo}, art. 52`, fee: 0, legalDays: 30, volume: 60,
    requirements: [doc('Pacto colectivo firmado por las partes', labour), ownDocument('Certificación de inscripción del sindicato', { name: 'Departamento de Registro Laboral', code: 'MINTRAB' }, labour)],
  },
  {
    code: 'MINTRAB-006', name: 'Autorización de trabajo de adolescentes', description: 'Autorización para que adolescentes de 14 a 17 años trabajen en condiciones permitidas.',
    output: 'Autorización', audience: 'person', category: 'Empleo',
    legalBasis: `${LEX.codigoTrabajo}, art. 150`, fee: 0, legalDays: 10, volume: 2400,
    requirements: [{ name: 'Certificado de nacimiento', evidence: 'certificate', from: ISSUERS.renap, basis: law(LEX.renap), interop: true }, doc('Constancia de estudios', labour), notarisedSignature('Autorización de los padres')],
  },
  {
    code: 'MINTRAB-007', name: 'Habilitación de libro de salarios', description: 'Autorización del libro o sistema de registro de salarios de los patronos.',
    output: 'Libro habilitado', audience: 'business', category: 'Obligaciones patronales', prioritized: true,
    legalBasis: `${LEX.codigoTrabajo}, art. 102`, fee: 50, legalDays: 5, volume: 30000, story: { startLevel: 1, endLevel: 3 },
    requirements: [form(labour), REQ.patenteEmpresa, ownDocument('Último folio del libro anterior autorizado', IGT, labour), REQ.rtu],
  },
  {
    code: 'MINTRAB-008', name: 'Cálculo de prestaciones laborales', description: 'Cálculo oficial de indemnización, aguinaldo, bono 14 y vacaciones al terminar una relación laboral.',
    output: 'Constancia de cálculo', audience: 'person', category: 'Orientación laboral',
    legalBasis: LEX.codigoTrabajo, fee: 0, legalDays: 1, volume: 45000, story: { startLevel: 3, endLevel: 4 },
    requirements: [REQ.dpi],
  },
  {
    code: 'MINTRAB-009', name: 'Denuncia ante la Inspección General de Trabajo', description: 'Denuncia por incumplimiento de derechos laborales.',
    output: 'Resolución de la denuncia', audience: 'person', category: 'Inspección',
    legalBasis: `${LEX.codigoTrabajo}, art. 278`, fee: 0, legalDays: null, volume: 20000, story: { startLevel: 2, endLevel: 3 },
    requirements: [REQ.dpi, form(labour, 'Formulario de denuncia')],
  },
  {
    code: 'MINTRAB-010', name: 'Conciliación administrativa laboral', description: 'Audiencia de conciliación entre trabajador y empleador ante la Inspección General de Trabajo.',
    output: 'Acta de conciliación', audience: 'both', category: 'Inspección',
    legalBasis: LEX.codigoTrabajo, fee: 0, legalDays: 15, volume: 16000,
    requirements: [REQ.dpi, doc('Citación de la Inspección', labour)],
  },
  {
    code: 'MINTRAB-011', name: 'Informe anual del empleador', description: 'Presentación del informe anual de empleo de los patronos.',
    output: 'Constancia de presentación', audience: 'business', category: 'Obligaciones patronales', prioritized: true,
    legalBasis: `${LEX.codigoTrabajo}, art. 61`, fee: 0, legalDays: 0, volume: 60000, story: { startLevel: 3, endLevel: 4 },
    requirements: [form(labour, 'Formulario electrónico del informe del empleador'), REQ.rtu],
  },
  {
    code: 'MINTRAB-012', name: 'Inscripción en el Programa de Aporte Económico del Adulto Mayor', description: 'Aporte económico a personas de 65 años o más en situación de pobreza extrema.',
    output: 'Resolución de inclusión', audience: 'person', category: 'Previsión social', prioritized: true,
    legalBasis: LEX.adultoMayor, fee: 0, legalDays: 90, volume: 15000,
    requirements: [REQ.dpi, { name: 'Estudio socioeconómico', evidence: 'inspection', from: { name: 'Programa del Adulto Mayor', code: 'MINTRAB' }, basis: law(LEX.adultoMayor) },
      sworn('de no percibir pensión ni salario'), { name: 'Constancia de no estar afiliado al IGSS', evidence: 'certificate', from: ISSUERS.igss, basis: law(LEX.adultoMayor), interop: true }],
  },
  {
    code: 'MINTRAB-013', name: 'Autorización de agencia privada de empleo', description: 'Autorización de agencias que reclutan personal, incluido el trabajo temporal en el extranjero.',
    output: 'Resolución de autorización', audience: 'business', category: 'Empleo',
    legalBasis: 'Acuerdo Gubernativo 161-2016', fee: 500, legalDays: 30, volume: 90,
    requirements: [REQ.patenteSociedad, REQ.nombramiento, doc('Fianza de cumplimiento', NO_BASIS), REQ.antecedentesPenales],
  },
  {
    code: 'MINTRAB-014', name: 'Certificación de inscripción de organización sindical', description: 'Certificación de los datos inscritos de un sindicato o federación.',
    output: 'Certificación', audience: 'both', category: 'Relaciones colectivas',
    legalBasis: LEX.codigoTrabajo, fee: 0, legalDays: 5, volume: 700,
    requirements: [form(labour)],
  },
  {
    code: 'MINTRAB-015', name: 'Inscripción en el Servicio Nacional de Empleo', description: 'Registro de personas que buscan empleo y vinculación con vacantes.',
    output: 'Registro de buscador de empleo', audience: 'person', category: 'Empleo', lifeEvent: 'Buscar empleo',
    legalBasis: 'Acuerdo Gubernativo 215-2012, Reglamento Orgánico Interno del MINTRAB', fee: 0, legalDays: 0, volume: 38000, story: { startLevel: 4, endLevel: 4 },
    requirements: [REQ.dpi],
  },
  {
    code: 'MINTRAB-016', name: 'Registro de comité bipartito de salud y seguridad ocupacional', description: 'Inscripción de los comités bipartitos que exige el reglamento de salud y seguridad ocupacional.',
    output: 'Constancia de registro', audience: 'business', category: 'Salud y seguridad ocupacional',
    legalBasis: LEX.saludOcupacional, fee: 0, legalDays: 10, volume: 5200, story: { addedLater: true },
    requirements: [form(ohs), doc('Acta de conformación del comité', ohs)],
  },
  {
    code: 'MINTRAB-017', name: 'Inspección de higiene y seguridad en centros de trabajo', description: 'Solicitud de inspección de condiciones de salud y seguridad ocupacional.',
    output: 'Informe de inspección', audience: 'both', category: 'Salud y seguridad ocupacional',
    legalBasis: LEX.saludOcupacional, fee: 0, legalDays: 30, volume: 3500, story: { unknownVisits: true },
    requirements: [form(ohs), REQ.patenteEmpresa],
  },
];
