import { LEX } from './legal';
import { doc, form, REQ, sworn } from './requirements';
import { CatalogProcedure, law, NO_BASIS, rule } from './types';

/** Institutions with a short inventory: the ranking must show them beside the rich ones (and apart, those with none). */
export const MCD: CatalogProcedure[] = [
  {
    code: 'MCD-001',
    name: 'Registro de bienes culturales',
    description: 'Inscripción de bienes culturales muebles en el Registro de Bienes Culturales.',
    output: 'Constancia de registro',
    audience: 'both',
    category: 'Patrimonio cultural',
    legalBasis: LEX.patrimonio,
    fee: 0,
    legalDays: 30,
    volume: 900,
    requirements: [REQ.dpi, doc('Fotografías del bien', law(LEX.patrimonio)), sworn('sobre la procedencia del bien')],
  },
  {
    code: 'MCD-002',
    name: 'Permiso de exportación temporal de bienes culturales',
    description: 'Autorización para exhibir bienes culturales en el extranjero.',
    output: 'Permiso de exportación temporal',
    audience: 'both',
    category: 'Patrimonio cultural',
    foreignTrade: true,
    legalBasis: LEX.patrimonio,
    fee: 0,
    legalDays: 30,
    volume: 40,
    requirements: [form(law(LEX.patrimonio)), doc('Póliza de seguro del bien', NO_BASIS)],
  },
  {
    code: 'MCD-003',
    name: 'Autorización de filmación en sitios arqueológicos',
    description: 'Permiso para producciones audiovisuales en parques y sitios arqueológicos.',
    output: 'Autorización',
    audience: 'both',
    category: 'Patrimonio cultural',
    legalBasis: LEX.patrimonio,
    fee: 1000,
    legalDays: 15,
    volume: 120,
    requirements: [form(law(LEX.patrimonio)), REQ.dpi],
  },
];

export const MINDEF: CatalogProcedure[] = [
  {
    code: 'MINDEF-001',
    name: 'Licencia de portación de arma de fuego',
    description: 'Licencia de la Dirección General de Control de Armas y Municiones (DIGECAM).',
    output: 'Licencia de portación',
    audience: 'person',
    category: 'Armas y municiones',
    legalBasis: LEX.armas,
    fee: 700,
    legalDays: 30,
    volume: 40000,
    requirements: [
      REQ.dpi,
      REQ.antecedentesPenales,
      REQ.antecedentesPoliciacos,
      doc('Constancia de evaluación psicológica', law(LEX.armas)),
      doc('Constancia de examen de manejo de armas', law(LEX.armas)),
    ],
  },
  {
    code: 'MINDEF-002',
    name: 'Registro de arma de fuego',
    description: 'Inscripción de la tenencia de un arma de fuego en la DIGECAM.',
    output: 'Tarjeta de tenencia',
    audience: 'person',
    category: 'Armas y municiones',
    legalBasis: LEX.armas,
    fee: 300,
    legalDays: 15,
    volume: 30000,
    requirements: [REQ.dpi, doc('Factura de compra del arma', law(LEX.armas)), doc('Huella balística', law(LEX.armas))],
  },
];

export const MIDES: CatalogProcedure[] = [
  {
    code: 'MIDES-001',
    name: 'Inscripción en el programa de transferencias monetarias condicionadas',
    description: 'Inclusión de familias en pobreza en el programa Bono Social.',
    output: 'Resolución de inclusión',
    audience: 'person',
    category: 'Protección social',
    legalBasis: LEX.desarrolloSocial,
    fee: 0,
    legalDays: null,
    volume: null,
    story: { unknownTimes: true, unknownVisits: true },
    requirements: [
      REQ.dpi,
      { name: 'Certificados de nacimiento de los hijos', evidence: 'certificate', basis: law(LEX.renap) },
      doc('Constancias de asistencia escolar y controles de salud', NO_BASIS),
    ],
  },
  {
    code: 'MIDES-002',
    name: 'Inscripción en comedores sociales',
    description: 'Acceso a comidas servidas a bajo costo en comedores sociales.',
    output: 'Carné de usuario',
    audience: 'person',
    category: 'Protección social',
    legalBasis: LEX.desarrolloSocial,
    fee: 0,
    legalDays: 1,
    volume: 60000,
    requirements: [REQ.dpi],
  },
];

export const SEGEPLAN: CatalogProcedure[] = [
  {
    code: 'SEGEPLAN-001',
    name: 'Registro de proyectos en el Sistema Nacional de Inversión Pública',
    description: 'Inscripción y evaluación de proyectos de inversión de entidades públicas.',
    output: 'Código SNIP',
    audience: 'business',
    category: 'Inversión pública',
    legalBasis: LEX.planificacion,
    fee: 0,
    legalDays: 15,
    volume: 9000,
    requirements: [
      form(rule('Normas del Sistema Nacional de Inversión Pública')),
      doc('Perfil o estudio del proyecto', rule('Normas SNIP')),
    ],
  },
  {
    code: 'SEGEPLAN-002',
    name: 'Aval técnico de cooperación internacional no reembolsable',
    description: 'Opinión técnica de programas de cooperación internacional.',
    output: 'Aval técnico',
    audience: 'business',
    category: 'Cooperación',
    legalBasis: LEX.planificacion,
    fee: 0,
    legalDays: 30,
    volume: 300,
    requirements: [doc('Documento de programa', NO_BASIS), doc('Convenio propuesto', NO_BASIS)],
  },
];

export const SENACYT: CatalogProcedure[] = [
  {
    code: 'SENACYT-001',
    name: 'Inscripción en el Registro Nacional de Investigadores',
    description: 'Registro de personas dedicadas a la investigación científica y tecnológica.',
    output: 'Constancia de registro',
    audience: 'person',
    category: 'Ciencia y tecnología',
    legalBasis: LEX.ciencia,
    fee: 0,
    legalDays: 15,
    volume: 700,
    requirements: [REQ.dpi, doc('Currículum', NO_BASIS)],
  },
];
