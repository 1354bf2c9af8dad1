/**
 * Code values of the inventory (English, stable for the API), with the Spanish words people and spreadsheets use.
 * Spreadsheet import/export and the pages translate through these tables; nothing else hard-codes labels.
 */
export const AUDIENCES = ['person', 'business', 'both'] as const;
export type Audience = (typeof AUDIENCES)[number];

export const CHANNELS = ['in_person', 'online', 'phone', 'mail', 'kiosk'] as const;
export type Channel = (typeof CHANNELS)[number];

export const PROCEDURE_STATUSES = ['active', 'eliminated', 'merged'] as const;
export type ProcedureStatus = (typeof PROCEDURE_STATUSES)[number];

export const EVIDENCE_TYPES = ['document', 'form', 'payment_receipt', 'certificate', 'identification', 'photo', 'inspection', 'other'] as const;
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

export const SPANISH = {
  audience: { person: 'persona', business: 'empresa', both: 'ambos' } satisfies Record<Audience, string>,
  channel: { in_person: 'presencial', online: 'en_linea', phone: 'telefono', mail: 'correo', kiosk: 'kiosco' } satisfies Record<Channel, string>,
  procedureStatus: { active: 'vigente', eliminated: 'eliminado', merged: 'fusionado' } satisfies Record<ProcedureStatus, string>,
  evidenceType: {
    document: 'documento', form: 'formulario', payment_receipt: 'comprobante_pago', certificate: 'certificado',
    identification: 'identificacion', photo: 'fotografia', inspection: 'inspeccion', other: 'otro',
  } satisfies Record<EvidenceType, string>,
  issuer: { applicant: 'usuario', same_institution: 'misma_institucion', other_institution: 'otra_institucion' } satisfies Record<Issuer, string>,
  legalBasisType: { law: 'ley', government_agreement: 'acuerdo_gubernativo', other_rule: 'otra_norma', none: 'ninguna' } satisfies Record<LegalBasisType, string>,
  prohibitedKind: {
    sworn_declaration: 'declaracion_jurada',
    notarised_signature: 'firma_legalizada',
    same_institution_document: 'documento_misma_institucion',
    police_report_for_loss: 'denuncia_por_perdida',
    apostille_translation: 'traduccion_de_apostilla',
    rejection_fee: 'cobro_por_rechazo',
  } satisfies Record<ProhibitedKind, string>,
  requirementStatus: {
    active: 'vigente', eliminated: 'eliminado', simplified: 'simplificado', replaced_by_interoperability: 'sustituido_por_interoperabilidad',
  } satisfies Record<RequirementStatus, string>,
} as const;

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
