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
  'citizen-report.stepped': CitizenReportStepped;
}

export type AppEventName = keyof AppEvents;

const DECLARED: Record<AppEventName, true> = {
  'entity.changed': true,
  'scores.recomputed': true,
  'partner-key.revoked': true,
  'public.changed': true,
  'citizen-report.stepped': true,
};
export const APP_EVENT_NAMES = Object.keys(DECLARED) as AppEventName[];

/** One emitted event: its name and payload. */
export type AppEvent = { [K in AppEventName]: { name: K; payload: AppEvents[K] } }[AppEventName];
