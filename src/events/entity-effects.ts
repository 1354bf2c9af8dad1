/**
 * What a committed write to each audited entity sets in motion, declared once. The unit of work turns every audit
 * entry into an `entity.changed` event carrying these flags; the handlers (public cache version, webhook dispatch,
 * score recompute) read the flags, never entity names. A new audited entity must be added to `AuditedEntity`, and then
 * to this table, or the code does not compile: it cannot silently skip the cache or the score.
 */
export interface Effects {
  /** Can change what the public API, the open-data exports and the webhooks publish. */
  publicData: boolean;
  /** Can move its institution's compliance score (queues a debounced recompute of that institution). */
  movesScore: boolean;
}

export type AuditedEntity =
  | 'institution'
  | 'procedure'
  | 'requirement'
  | 'maturity_assessment'
  | 'maturity_model'
  | 'simplification_plan'
  | 'milestone'
  | 'rationalisation_action'
  | 'progress_report'
  | 'inventory_import'
  | 'evidence_file'
  | 'citizen_report'
  | 'finding'
  | 'methodology'
  | 'legal_deadline'
  | 'reminder_rule'
  | 'analyst_follow'
  | 'user'
  | 'refresh_token_family'
  | 'partner_api_key'
  | 'webhook_subscription'
  | 'procedure_rating';

const PUBLIC_AND_SCORED: Effects = { publicData: true, movesScore: true };
const PUBLIC_ONLY: Effects = { publicData: true, movesScore: false };
const PRIVATE: Effects = { publicData: false, movesScore: false };

export const ENTITY_EFFECTS: Record<AuditedEntity, Effects> = {
  // the inventory and the plans: published, and inputs of the score
  institution: PUBLIC_AND_SCORED,
  procedure: PUBLIC_AND_SCORED,
  requirement: PUBLIC_AND_SCORED,
  maturity_assessment: PUBLIC_AND_SCORED,
  simplification_plan: PUBLIC_AND_SCORED,
  milestone: PUBLIC_AND_SCORED,
  rationalisation_action: PUBLIC_AND_SCORED,
  progress_report: PUBLIC_AND_SCORED,
  inventory_import: PUBLIC_AND_SCORED,
  // evidence files: private (their records carry the effects)
  evidence_file: PRIVATE,
  // citizens' reports: their counts (received, answered on time, founded) are published; a founded one becomes a finding
  citizen_report: PUBLIC_ONLY,
  // a dismissed finding stops counting (prohibited practices) and leaves the public procedure page
  finding: PUBLIC_AND_SCORED,
  // published configuration: a new version applies from the next score run
  maturity_model: PUBLIC_ONLY,
  methodology: PUBLIC_ONLY,
  // Commission-internal records, identity and partner access
  legal_deadline: PRIVATE,
  reminder_rule: PRIVATE,
  analyst_follow: PRIVATE,
  user: PRIVATE,
  refresh_token_family: PRIVATE,
  partner_api_key: PRIVATE,
  webhook_subscription: PRIVATE,
  // citizens' ratings: the public aggregate and comments, and the satisfaction component of the score
  procedure_rating: PUBLIC_AND_SCORED,
};
