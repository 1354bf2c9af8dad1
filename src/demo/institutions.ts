import type { Coverage, InstitutionType } from '../modules/institutions/entities/institution.entity';
import type { InstitutionArticle } from '../common/text/institution-name';
import type { PlanStatus } from '../modules/inventory/rules/inventory.enums';

/**
 * How an institution behaves over the demo's 18 months: how far along its procedures start, how fast they improve,
 * whether it removes forbidden practices, how it plans and reports. Each profile tells one recognisable story.
 */
export interface InstitutionProfile {
  /** Days before the seed runs when its inventory was first registered. */
  registeredDaysAgo: number;
  /** Weights of the maturity levels 0–5 its procedures declare at registration. */
  startLevels: readonly number[];
  /** Mean number of levels a procedure climbs during the period. */
  progress: number;
  /** Chance that a forbidden practice is eliminated during the period. */
  reform: number;
  /** Chance that the inventory itself declares a forbidden practice as such (the rest the data reveals). */
  candour: number;
  /** Chance that a document the state already holds is obtained by interoperability instead. */
  interop: number;
  /** Chance that a claim is rejected by the analyst before it is validated. */
  rejections: number;
  reporting: 'diligent' | 'late' | 'spotty' | 'silent';
  /** Status of this year's plan ('returned': sent back to draft with the analyst's comment); null: none yet. */
  currentPlan: PlanStatus | 'returned' | null;
  /** Plans of the earlier years of the period, approved. */
  earlierPlans: boolean;
  budgetGtq: number;
  /** Share of procedures nobody reviewed for more than 180 days. */
  stale: number;
  /** With nobody at the institution in the product, the Commission's analyst confirms its records now and then. */
  commissionReviews?: boolean;
  /** Nobody at the institution has worked in the product for this many days (its liaison left). */
  quietForDays?: number;
  /** How its approval acts are named. */
  act: string;
}

export interface DemoInstitution {
  code: string;
  name: string;
  /** The article its name takes in a sentence ("del Ministerio …", "de la Secretaría …"). */
  article: InstitutionArticle | null;
  type: InstitutionType;
  coverage: Coverage;
  sector: string;
  website: string;
  optedInAt?: string;
  adhesionAct?: string;
  profile?: InstitutionProfile;
}

const ministry = (code: string, name: string, sector: string, website: string, profile?: InstitutionProfile): DemoInstitution => ({
  code,
  name,
  article: 'el',
  type: 'ministry',
  coverage: 'bound',
  sector,
  website,
  profile,
});
const secretariat = (code: string, name: string, sector: string, website: string, profile?: InstitutionProfile): DemoInstitution => ({
  code,
  name,
  article: 'la',
  type: 'secretariat',
  coverage: 'bound',
  sector,
  website,
  profile,
});

/**
 * A small inventory the Commission registered from public sources more than a year ago (before the 12-month score
 * history starts, so the national mean covers the same institutions all year), without users, plans or reports.
 */
const justRegistered = (registeredDaysAgo: number): InstitutionProfile => ({
  registeredDaysAgo,
  startLevels: [3, 4, 1, 0, 0, 0],
  progress: 0,
  reform: 0,
  candour: 0.2,
  interop: 0,
  rejections: 0,
  reporting: 'silent',
  currentPlan: null,
  earlierPlans: false,
  budgetGtq: 0,
  stale: 1,
  commissionReviews: true,
  act: 'Acuerdo Interno',
});

/**
 * A small inventory the Commission registered more than a year ago, which a liaison who joined later (see people.ts)
 * took up: first validations, a few requirements removed, a plan and reports from then on.
 */
const takenUp = (registeredDaysAgo: number, act: string): InstitutionProfile => ({
  registeredDaysAgo,
  startLevels: [3, 4, 1, 0, 0, 0],
  progress: 0.6,
  reform: 0.4,
  candour: 0.3,
  interop: 0.15,
  rejections: 0.15,
  reporting: 'late',
  currentPlan: 'approved',
  earlierPlans: false,
  budgetGtq: 60000,
  stale: 0.1,
  act,
});

/**
 * The 14 ministries of the Executive, four secretariats (bound by Art. 2), the Municipalidad de Guatemala and the SAT (both
 * opted in). Thirteen keep a rich inventory; five have a short one; two have none yet.
 */
export const DEMO_INSTITUTIONS: DemoInstitution[] = [
  ministry('MAGA', 'Ministerio de Agricultura, Ganadería y Alimentación', 'Agricultura', 'https://www.maga.gob.gt', {
    registeredDaysAgo: 500,
    startLevels: [1, 3, 3, 2, 0, 0],
    progress: 0.8,
    reform: 0.45,
    candour: 0.4,
    interop: 0.2,
    rejections: 0.25,
    reporting: 'late',
    currentPlan: 'approved',
    earlierPlans: true,
    budgetGtq: 275000,
    stale: 0.2,
    act: 'Acuerdo Ministerial',
  }),
  ministry('MARN', 'Ministerio de Ambiente y Recursos Naturales', 'Ambiente', 'https://www.marn.gob.gt', {
    registeredDaysAgo: 470,
    startLevels: [2, 4, 2, 0, 0, 0],
    progress: 0.6,
    reform: 0.3,
    candour: 0.5,
    interop: 0.1,
    rejections: 0.2,
    reporting: 'spotty',
    currentPlan: 'returned',
    earlierPlans: true,
    budgetGtq: 180000,
    stale: 0.3,
    act: 'Acuerdo Ministerial',
  }),
  ministry('CIV', 'Ministerio de Comunicaciones, Infraestructura y Vivienda', 'Infraestructura', 'https://www.civ.gob.gt', {
    registeredDaysAgo: 400,
    startLevels: [2, 4, 2, 1, 0, 0],
    progress: 0.5,
    reform: 0.25,
    candour: 0.3,
    interop: 0.15,
    rejections: 0.2,
    reporting: 'late',
    currentPlan: 'submitted',
    earlierPlans: false,
    budgetGtq: 210000,
    stale: 0.3,
    act: 'Acuerdo Ministerial',
  }),
  ministry('MCD', 'Ministerio de Cultura y Deportes', 'Cultura', 'https://mcd.gob.gt', justRegistered(430)),
  ministry('MINDEF', 'Ministerio de la Defensa Nacional', 'Defensa', 'https://www.mindef.mil.gt', justRegistered(395)),
  ministry(
    'MIDES',
    'Ministerio de Desarrollo Social',
    'Desarrollo social',
    'https://www.mides.gob.gt',
    takenUp(470, 'Acuerdo Ministerial'),
  ),
  ministry('MINECO', 'Ministerio de Economía', 'Economía', 'https://www.mineco.gob.gt', {
    registeredDaysAgo: 520,
    startLevels: [0, 2, 4, 3, 1, 0],
    progress: 1.1,
    reform: 0.6,
    candour: 0.6,
    interop: 0.3,
    rejections: 0.15,
    reporting: 'diligent',
    currentPlan: 'approved',
    earlierPlans: true,
    budgetGtq: 480000,
    stale: 0.1,
    act: 'Acuerdo Ministerial',
  }),
  ministry('MINEDUC', 'Ministerio de Educación', 'Educación', 'https://www.mineduc.gob.gt', {
    registeredDaysAgo: 440,
    startLevels: [3, 5, 2, 0, 0, 0],
    progress: 0,
    reform: 0,
    candour: 0.1,
    interop: 0,
    rejections: 0,
    reporting: 'silent',
    currentPlan: null,
    earlierPlans: false,
    budgetGtq: 0,
    stale: 1,
    act: 'Acuerdo Ministerial',
  }),
  ministry('MEM', 'Ministerio de Energía y Minas', 'Energía', 'https://www.mem.gob.gt', {
    registeredDaysAgo: 460,
    startLevels: [3, 4, 2, 0, 0, 0],
    progress: 0.4,
    reform: 0.15,
    candour: 0.2,
    interop: 0.05,
    rejections: 0.3,
    reporting: 'spotty',
    currentPlan: 'approved',
    earlierPlans: true,
    budgetGtq: 95000,
    stale: 0.6,
    quietForDays: 150,
    act: 'Acuerdo Ministerial',
  }),
  ministry('MINFIN', 'Ministerio de Finanzas Públicas', 'Finanzas', 'https://www.minfin.gob.gt', {
    registeredDaysAgo: 510,
    startLevels: [0, 2, 3, 3, 1, 0],
    progress: 0.9,
    reform: 0.5,
    candour: 0.7,
    interop: 0.3,
    rejections: 0.1,
    reporting: 'diligent',
    currentPlan: 'approved',
    earlierPlans: true,
    budgetGtq: 350000,
    stale: 0.1,
    act: 'Acuerdo Ministerial',
  }),
  ministry('MINGOB', 'Ministerio de Gobernación', 'Seguridad', 'https://mingob.gob.gt', {
    registeredDaysAgo: 530,
    startLevels: [1, 3, 3, 2, 1, 0],
    progress: 0.8,
    reform: 0.3,
    candour: 0.2,
    interop: 0.2,
    rejections: 0.2,
    reporting: 'diligent',
    currentPlan: 'approved',
    earlierPlans: true,
    budgetGtq: 900000,
    stale: 0.15,
    act: 'Acuerdo Ministerial',
  }),
  ministry('MINEX', 'Ministerio de Relaciones Exteriores', 'Relaciones exteriores', 'https://www.minex.gob.gt', {
    registeredDaysAgo: 380,
    startLevels: [1, 3, 3, 1, 0, 0],
    progress: 0.7,
    reform: 0.3,
    candour: 0.4,
    interop: 0.25,
    rejections: 0.15,
    reporting: 'diligent',
    currentPlan: 'approved',
    earlierPlans: true,
    budgetGtq: 260000,
    stale: 0.2,
    act: 'Acuerdo Ministerial',
  }),
  ministry('MSPAS', 'Ministerio de Salud Pública y Asistencia Social', 'Salud', 'https://www.mspas.gob.gt', {
    registeredDaysAgo: 480,
    startLevels: [2, 4, 2, 1, 0, 0],
    progress: 0.6,
    reform: 0.35,
    candour: 0.3,
    interop: 0.15,
    rejections: 0.2,
    reporting: 'late',
    currentPlan: 'submitted',
    earlierPlans: true,
    budgetGtq: 620000,
    stale: 0.25,
    act: 'Acuerdo Ministerial',
  }),
  ministry('MINTRAB', 'Ministerio de Trabajo y Previsión Social', 'Trabajo', 'https://www.mintrabajo.gob.gt', {
    registeredDaysAgo: 400,
    startLevels: [2, 3, 3, 1, 0, 0],
    progress: 0.6,
    reform: 0.35,
    candour: 0.5,
    interop: 0.15,
    rejections: 0.2,
    reporting: 'spotty',
    currentPlan: 'draft',
    earlierPlans: true,
    budgetGtq: 120000,
    stale: 0.3,
    act: 'Acuerdo Ministerial',
  }),
  secretariat(
    'SEGEPLAN',
    'Secretaría de Planificación y Programación de la Presidencia',
    'Planificación',
    'https://www.segeplan.gob.gt',
    takenUp(410, 'Acuerdo Interno'),
  ),
  secretariat('SCSP', 'Secretaría de Comunicación Social de la Presidencia', 'Comunicación', 'https://www.scspr.gob.gt'),
  secretariat('SBS', 'Secretaría de Bienestar Social de la Presidencia', 'Bienestar social', 'https://www.sbs.gob.gt'),
  secretariat(
    'SENACYT',
    'Secretaría Nacional de Ciencia y Tecnología',
    'Ciencia y tecnología',
    'https://www.senacyt.gob.gt',
    justRegistered(380),
  ),
  {
    code: 'MUNIGUATE',
    name: 'Municipalidad de Guatemala',
    article: 'la',
    type: 'municipality',
    coverage: 'opted_in',
    sector: 'Gobierno local',
    website: 'https://www.muniguate.com',
    optedInAt: '2022-03-15',
    adhesionAct: 'Acuerdo del Concejo Municipal COM-012-2022 (demostración)',
    profile: {
      registeredDaysAgo: 450,
      startLevels: [1, 2, 3, 3, 1, 0],
      progress: 0.9,
      reform: 0.4,
      candour: 0.3,
      interop: 0.2,
      rejections: 0.15,
      reporting: 'late',
      currentPlan: 'returned',
      earlierPlans: true,
      budgetGtq: 150000,
      stale: 0.15,
      act: 'Acuerdo del Concejo Municipal',
    },
  },
  {
    code: 'SAT',
    name: 'Superintendencia de Administración Tributaria',
    article: 'la',
    type: 'autonomous',
    coverage: 'opted_in',
    sector: 'Finanzas',
    website: 'https://portal.sat.gob.gt',
    optedInAt: '2022-06-01',
    adhesionAct: 'Resolución de Directorio de la SAT 45-2022 (demostración)',
    profile: {
      registeredDaysAgo: 540,
      startLevels: [0, 1, 2, 3, 3, 0],
      progress: 0.6,
      reform: 0.4,
      candour: 0.5,
      interop: 0.2,
      rejections: 0.1,
      reporting: 'diligent',
      currentPlan: 'approved',
      earlierPlans: true,
      budgetGtq: 1500000,
      stale: 0.05,
      act: 'Resolución de Directorio',
    },
  },
];
