import { AuditedEntity } from './entity-effects';
import { PublicEvent } from './public-events';

/** An audited write committed (one per audit entry), with the effects its entity declares in ENTITY_EFFECTS. */
export interface EntityChanged {
  entity: AuditedEntity;
  entityId: string;
  action: string;
  /** The institution the row belongs to; null for rows of no institution (models, keys, Commission users). */
  institutionId: string | null;
  publicData: boolean;
  movesScore: boolean;
}

/** A score run committed: an institution's snapshots (subject = its id) or the national figures (subject = 'national'). */
export interface ScoresRecomputed {
  subject: string;
}

/** A partner API key was revoked: every API replica must stop accepting it at once. */
export interface PartnerKeyRevoked {
  keyId: string;
}

/** What the review loop moves: a maturity assessment, a simplification plan or a quarterly progress report. */
export type ReviewSubject = 'assessment' | 'plan' | 'report';
/** A step of the review loop: the institution submits; the Commission validates / rejects, approves / returns, accepts / returns. */
export type ReviewOutcome = 'submitted' | 'validated' | 'rejected' | 'approved' | 'returned' | 'accepted';

/**
 * A step of the review loop committed (emitted by the services' state transitions, so the API and the pages behave the
 * same): the institution submitted something for review, or the Commission decided on it. The notifications module turns
 * it into outbox rows for the people concerned (analysts following the institution; the institution's liaisons).
 */
export interface ReviewChanged {
  subject: ReviewSubject;
  subjectId: string;
  institutionId: string;
  outcome: ReviewOutcome;
  /** The row's version after the step: tells a plan's second submission (after it was returned) from its first. */
  occurrence: number;
  /** The analyst's comment (decisions), or null. */
  comment: string | null;
  /** Who took the step. */
  actorUserId: string | null;
  /** When (ISO instant). */
  at: string;
  /** What it is, for people: "MINECO-001 · Registro de importadores", "«Plan 2026» (revisión 1)", "trimestre 3 de 2026". */
  title: string;
  /** Assessments: the level the answers give. */
  level?: number | null;
}

/** A citizen's report moved a step (received, answered by the institution, ruled by the Commission): notices and e-mails follow. */
export interface CitizenReportStepped {
  reportId: string;
  institutionId: string;
  step: 'received' | 'answered' | 'ruled';
}

/**
 * Every event, by name. Events are emitted inside a unit of work (`tx.emit(name, payload)`, or implicitly by
 * `tx.audit(...)`) and handed to their handlers only after the transaction commits; a rolled-back unit of work emits
 * nothing. Handlers are provider methods marked `@OnEvent(name)`, found at boot (events.ts).
 */
export interface AppEvents {
  'entity.changed': EntityChanged;
  'scores.recomputed': ScoresRecomputed;
  'partner-key.revoked': PartnerKeyRevoked;
  /** A change a partner can see (public-events.ts): written to public_events before commit, in the same transaction. */
  'public.changed': PublicEvent;
  'review.changed': ReviewChanged;
  'citizen-report.stepped': CitizenReportStepped;
}

export type AppEventName = keyof AppEvents;

const DECLARED: Record<AppEventName, true> = {
  'entity.changed': true,
  'scores.recomputed': true,
  'partner-key.revoked': true,
  'public.changed': true,
  'review.changed': true,
  'citizen-report.stepped': true,
};
export const APP_EVENT_NAMES = Object.keys(DECLARED) as AppEventName[];

/** One emitted event: its name and payload. */
export type AppEvent = { [K in AppEventName]: { name: K; payload: AppEvents[K] } }[AppEventName];
