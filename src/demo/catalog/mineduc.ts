import { LEX } from './legal';
import { doc, form, ISSUERS, notarisedSignature, ownDocument, payment, REQ, sworn } from './requirements';
import { CatalogProcedure, law, NO_BASIS, rule } from './types';

const CERT = { name: 'Dirección Departamental de Educación', code: 'MINEDUC' };
const education = law(LEX.educacion);
const private_ = rule('Acuerdo Ministerial 1753-2019, Normativa de establecimientos privados');

/** Ministerio de Educación: certificaciones y títulos, equivalencias, establecimientos privados, magisterio. */
export const MINEDUC: CatalogProcedure[] = [
  {
    code: 'MINEDUC-001', name: 'Certificación de estudios', description: 'Certificación de cursos aprobados en el nivel primario, básico o diversificado.',
    output: 'Certificación de estudios', audience: 'person', category: 'Certificaciones', lifeEvent: 'Estudiar', prioritized: true,
    legalBasis: LEX.educacion, fee: 0, legalDays: 15, volume: 200000,
    requirements: [REQ.dpi, form(education), REQ.ornato],
  },
  {
    code: 'MINEDUC-002', name: 'Equivalencia de estudios realizados en el extranjero', description: 'Reconocimiento de estudios de nivel primario y medio cursados en otro país.',
    output: 'Resolución de equivalencia', audience: 'person', category: 'Certificaciones', lifeEvent: 'Estudiar',
    legalBasis: LEX.educacion, fee: 100, legalDays: 30, volume: 5200,
    requirements: [doc('Certificados de estudios apostillados', education), REQ.apostilleTranslation, REQ.dpi, sworn('de autenticidad de los documentos')],
  },
  {
    code: 'MINEDUC-003', name: 'Registro de título o diploma de nivel medio', description: 'Registro del título de graduación en el sistema del Ministerio.',
    output: 'Título registrado', audience: 'person', category: 'Títulos', lifeEvent: 'Estudiar', prioritized: true,
    legalBasis: LEX.educacion, fee: 0, legalDays: 30, volume: 150000,
    requirements: [form(education), ownDocument('Certificación de cursos aprobados', CERT, education), REQ.dpi, REQ.photo],
  },
  {
    code: 'MINEDUC-004', name: 'Reposición de título o diploma', description: 'Emisión de un duplicado de título por extravío o deterioro.',
    output: 'Duplicado de título', audience: 'person', category: 'Títulos',
    legalBasis: LEX.educacion, fee: 50, legalDays: 30, volume: 9000,
    requirements: [REQ.dpi, REQ.lossReport, payment(education), sworn('sobre el extravío del título')],
  },
  {
    code: 'MINEDUC-005', name: 'Autorización de establecimiento educativo privado', description: 'Autorización de funcionamiento de colegios privados.',
    output: 'Resolución de autorización', audience: 'business', category: 'Establecimientos privados',
    legalBasis: `${LEX.educacion}, arts. 27–31`, fee: 0, legalDays: 60, volume: 400,
    requirements: [form(private_), doc('Proyecto educativo institucional', private_), REQ.registroPropiedad, { name: 'Licencia sanitaria del edificio', evidence: 'certificate', from: ISSUERS.mspas, basis: law(LEX.codigoSalud), interop: true },
      REQ.antecedentesPenales, REQ.antecedentesPoliciacos, notarisedSignature('Solicitud del propietario')],
  },
  {
    code: 'MINEDUC-006', name: 'Autorización de cuotas de colegiatura', description: 'Aprobación de las cuotas de inscripción y colegiatura de establecimientos privados.',
    output: 'Resolución de cuotas', audience: 'business', category: 'Establecimientos privados',
    legalBasis: 'Acuerdo Gubernativo 36-2015, Reglamento de cobro de colegiaturas', fee: 0, legalDays: 30, volume: 3800,
    requirements: [form(rule('Acuerdo Gubernativo 36-2015')), ownDocument('Resolución de autorización del establecimiento', CERT, education), doc('Estudio de costos', NO_BASIS)],
  },
  {
    code: 'MINEDUC-007', name: 'Inscripción de estudiantes en el sistema de registros educativos', description: 'Inscripción anual de estudiantes en establecimientos oficiales.',
    output: 'Código personal de estudiante', audience: 'person', category: 'Inscripción', lifeEvent: 'Estudiar', prioritized: true,
    legalBasis: LEX.educacion, fee: 0, legalDays: 0, volume: 2900000,
    requirements: [{ name: 'Certificado de nacimiento', evidence: 'certificate', from: ISSUERS.renap, basis: law(LEX.renap), interop: true }, ownDocument('Certificado del grado anterior', CERT, education)],
  },
  {
    code: 'MINEDUC-008', name: 'Solicitud de beca escolar', description: 'Becas para estudiantes de escasos recursos en el nivel medio.',
    output: 'Resolución de beca', audience: 'person', category: 'Becas',
    legalBasis: 'Acuerdo Ministerial de becas (MINEDUC)', fee: 0, legalDays: 45, volume: 22000,
    requirements: [REQ.dpi, ownDocument('Certificación de notas', CERT, education), sworn('de ingresos familiares'), doc('Estudio socioeconómico', NO_BASIS)],
  },
  {
    code: 'MINEDUC-009', name: 'Autenticación de título para uso en el extranjero', description: 'Autenticación de firmas de títulos y certificados antes de apostillarlos.',
    output: 'Título autenticado', audience: 'person', category: 'Títulos',
    legalBasis: LEX.educacion, fee: 25, legalDays: 10, volume: 18000,
    requirements: [doc('Título original', education), REQ.dpi],
  },
  {
    code: 'MINEDUC-010', name: 'Prueba de suficiencia para adultos', description: 'Examen para acreditar estudios de primaria o básicos de personas adultas.',
    output: 'Certificado de aprobación', audience: 'person', category: 'Educación de adultos',
    legalBasis: LEX.educacion, fee: 0, legalDays: 30, volume: 7000,
    requirements: [REQ.dpi, form(education)],
  },
  {
    code: 'MINEDUC-011', name: 'Aprobación de carrera de nivel diversificado', description: 'Autorización de nuevas carreras en establecimientos privados.',
    output: 'Resolución de aprobación', audience: 'business', category: 'Establecimientos privados',
    legalBasis: LEX.educacion, fee: 0, legalDays: 90, volume: 150,
    requirements: [doc('Pensum y programas de estudio', education), ownDocument('Resolución de autorización del establecimiento', CERT, education)],
  },
  {
    code: 'MINEDUC-012', name: 'Inscripción en el escalafón magisterial', description: 'Inscripción y ascensos de clase de docentes del sector oficial.',
    output: 'Resolución de escalafón', audience: 'person', category: 'Magisterio',
    legalBasis: LEX.magisterio, fee: 0, legalDays: 60, volume: 12000,
    requirements: [REQ.dpi, ownDocument('Título registrado', CERT, education), doc('Constancia de servicio', law(LEX.magisterio))],
  },
  {
    code: 'MINEDUC-013', name: 'Certificación de tiempo de servicio docente', description: 'Certificación de los años de servicio de docentes.',
    output: 'Certificación', audience: 'person', category: 'Magisterio',
    legalBasis: LEX.magisterio, fee: 0, legalDays: 30, volume: 9500,
    requirements: [REQ.dpi, form(law(LEX.magisterio))],
  },
  {
    code: 'MINEDUC-014', name: 'Traslado de establecimiento privado', description: 'Autorización para cambiar la dirección de un establecimiento privado.',
    output: 'Resolución', audience: 'business', category: 'Establecimientos privados',
    legalBasis: LEX.educacion, fee: 0, legalDays: 60, volume: 120,
    requirements: [form(private_), REQ.registroPropiedad, { name: 'Licencia sanitaria del nuevo edificio', evidence: 'certificate', from: ISSUERS.mspas, basis: law(LEX.codigoSalud), interop: true }],
  },
  {
    code: 'MINEDUC-015', name: 'Reposición de certificado de estudios', description: 'Duplicado de certificados de grados aprobados.',
    output: 'Certificado', audience: 'person', category: 'Certificaciones',
    legalBasis: LEX.educacion, fee: 0, legalDays: 15, volume: 16000,
    requirements: [REQ.dpi, REQ.lossReport],
  },
];
