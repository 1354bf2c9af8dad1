/**
 * Code values of the inventory (English, stable for the API). The Spanish words people and spreadsheets use are in
 * the one glossary (src/common/glossary).
 */
export const AUDIENCES = ['person', 'business', 'both'] as const;
export type Audience = (typeof AUDIENCES)[number];

export const CHANNELS = ['in_person', 'online', 'phone', 'mail', 'kiosk'] as const;
export type Channel = (typeof CHANNELS)[number];

export const PROCEDURE_STATUSES = ['active', 'eliminated', 'merged'] as const;
export type ProcedureStatus = (typeof PROCEDURE_STATUSES)[number];

export const EVIDENCE_TYPES = [
  'document',
  'form',
  'payment_receipt',
  'certificate',
  'identification',
  'photo',
  'inspection',
  'other',
] as const;
export type EvidenceType = (typeof EVIDENCE_TYPES)[number];

export const ISSUERS = ['applicant', 'same_institution', 'other_institution'] as const;
export type Issuer = (typeof ISSUERS)[number];

export const LEGAL_BASIS_TYPES = ['law', 'government_agreement', 'other_rule', 'none'] as const;
export type LegalBasisType = (typeof LEGAL_BASIS_TYPES)[number];

/** Practices the law forbids (Arts. 12, 13 and related). An active requirement of one of these kinds is a compliance finding. */
export const PROHIBITED_KINDS = [
  'sworn_declaration',
  'notarised_signature',
  'same_institution_document',
  'police_report_for_loss',
  'apostille_translation',
  'rejection_fee',
] as const;
export type ProhibitedKind = (typeof PROHIBITED_KINDS)[number];

export const REQUIREMENT_STATUSES = ['active', 'eliminated', 'simplified', 'replaced_by_interoperability'] as const;
export type RequirementStatus = (typeof REQUIREMENT_STATUSES)[number];

// --- plans, milestones, actions, reports, assessments ---
export const PLAN_STATUSES = ['draft', 'submitted', 'approved'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export const MILESTONE_KINDS = ['raise_level', 'eliminate_requirement', 'reduce_time', 'publish_form', 'interoperate', 'other'] as const;
export type MilestoneKind = (typeof MILESTONE_KINDS)[number];

export const MILESTONE_STATUSES = ['pending', 'in_progress', 'completed', 'cancelled'] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];

export const ACTION_TYPES = ['regulatory', 'administrative', 'technological'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

export const REVIEW_STATUSES = ['submitted', 'accepted', 'returned'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const ASSESSMENT_STATUSES = ['submitted', 'validated', 'rejected'] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];
