import type { InstitutionArticle } from '../common/text/institution-name';
import type { Role } from '../common/auth/roles';
import type { Coverage, InstitutionType } from '../modules/institutions/entities/institution.entity';
import type {
  ActionType,
  AssessmentStatus,
  Audience,
  Channel,
  EvidenceType,
  Issuer,
  LegalBasisType,
  MilestoneKind,
  MilestoneStatus,
  PlanStatus,
  ProcedureStatus,
  ProhibitedKind,
  RequirementStatus,
  ReviewStatus,
} from '../modules/inventory/rules/inventory.enums';

/**
 * The demo as data: every row the seed writes, dated relative to the day it runs. Built by a pure function
 * (build-world.ts) and written by write-world.ts. People are referred to by e-mail, procedures by code,
 * requirements by a key; the writer turns them into ids. Timestamps are ISO 8601 with Guatemala's offset.
 */
export interface DemoWorld {
  today: string;
  institutions: WorldInstitution[];
  users: WorldUser[];
  follows: Array<{ analyst: string; institution: string; createdAt: string }>;
  digestUsers: readonly string[];
  inventories: WorldInventory[];
}

export interface WorldInstitution {
  code: string;
  name: string;
  article: InstitutionArticle | null;
  type: InstitutionType;
  coverage: Coverage;
  sector: string;
  website: string;
  optedInAt: string | null;
  adhesionAct: string | null;
  createdAt: string;
}

export interface WorldUser {
  email: string;
  name: string;
  role: Role;
  institution: string | null;
  status: 'active' | 'invited' | 'disabled';
  createdAt: string;
  updatedAt: string;
}

export interface WorldInventory {
  institution: string;
  procedures: WorldProcedure[];
  plans: WorldPlan[];
  reports: WorldReport[];
}

export interface WorldProcedure {
  code: string;
  name: string;
  description: string;
  output: string;
  audience: Audience;
  category: string;
  lifeEvent: string | null;
  foreignTrade: boolean;
  prioritized: boolean;
  channels: Channel[];
  onlineUrl: string | null;
  formsUrl: string | null;
  formsFree: boolean | null;
  /** null: unknown (the writer keeps it unknown where the schema allows). */
  feeGtq: number | null;
  legalBasis: string;
  legalMaxDays: number | null;
  actualMedianDays: number | null;
  annualVolume: number | null;
  inPersonVisits: number | null;
  status: ProcedureStatus;
  mergedInto: string | null;
  currentLevel: number;
  declaredLevel: number | null;
  targetLevel: number | null;
  targetDate: string | null;
  lastReviewedAt: string;
  baselineDate: string;
  baselineRequirements: number;
  baselineDays: number | null;
  baselineVisits: number | null;
  baselineFeeGtq: number | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  requirements: WorldRequirement[];
  /** The public change log, oldest first. */
  changes: WorldChange[];
  assessments: WorldAssessment[];
  actions: WorldAction[];
}

export interface WorldRequirement {
  key: string;
  name: string;
  evidenceType: EvidenceType;
  issuer: Issuer;
  issuerInstitution: string | null;
  legalBasisType: LegalBasisType;
  legalBasisReference: string | null;
  obtainableByInteroperability: boolean;
  /** Declared by the institution as a forbidden practice (the undeclared ones are left for the findings to reveal). */
  prohibitedKind: ProhibitedKind | null;
  effectiveFrom: string;
  effectiveTo: string | null;
  status: RequirementStatus;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface WorldChange {
  at: string;
  by: string | null;
  subject: 'procedure' | 'requirement';
  /** For requirement changes. */
  requirementKey?: string;
  action: 'create' | 'update' | 'eliminate' | 'level_validated';
  field: string | null;
  oldValue: unknown;
  newValue: unknown;
}

export interface WorldAssessment {
  level: number;
  status: AssessmentStatus;
  submittedAt: string;
  submittedBy: string;
  reviewedAt: string | null;
  reviewedBy: string | null;
  reviewComment: string | null;
  evidenceUrl: string;
  evidenceNote: string;
}

export interface WorldAction {
  type: ActionType;
  description: string;
  benefit: string;
  implementedOn: string | null;
  stepsBefore: number | null;
  stepsAfter: number | null;
  requirementsBefore: number | null;
  requirementsAfter: number | null;
  daysBefore: number | null;
  daysAfter: number | null;
  createdAt: string;
}

export interface WorldPlan {
  title: string;
  periodStart: string;
  periodEnd: string;
  status: PlanStatus;
  budgetGtq: number;
  approvalAct: string | null;
  submittedAt: string | null;
  approvedAt: string | null;
  approvedBy: string | null;
  reviewComment: string | null;
  createdAt: string;
  updatedAt: string;
  milestones: WorldMilestone[];
}

export interface WorldMilestone {
  procedureCode: string | null;
  kind: MilestoneKind;
  target: string;
  dueDate: string;
  status: MilestoneStatus;
  completedOn: string | null;
  completedLate: boolean | null;
  evidence: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface WorldReport {
  year: number;
  quarter: number;
  content: string;
  submittedAt: string;
  submittedBy: string;
  status: ReviewStatus;
  reviewedAt: string | null;
  reviewedBy: string | null;
  reviewComment: string | null;
}
