import { PUBLIC_INSTITUTION_FIELDS, PUBLIC_PROCEDURE_FIELDS, PUBLIC_REQUIREMENT_FIELDS } from '../modules/public-api/public-fields';

/**
 * The public change feed's vocabulary: every change a partner can see, by type. Each is written to `public_events` in
 * the same transaction as the change (the unit of work flushes `public.changed` events before commit), then served by
 * GET /api/public/v1/changes and sent to the webhooks subscribed to its type. The order of this list is the order of the
 * documentation; a type is never renamed or removed (partners subscribe to it by name).
 */
export const PUBLIC_EVENT_TYPES = [
  'procedure_created',
  'procedure_updated',
  'procedure_eliminated',
  'procedure_merged',
  'requirement_added',
  'requirement_changed',
  'requirement_eliminated',
  'level_validated',
  'institution_created',
  'institution_updated',
  'score_changed',
  'institution_score_changed',
  'plan_approved',
  'milestone_met',
  'milestone_missed',
  'report_submitted',
] as const;

export type PublicEventType = (typeof PUBLIC_EVENT_TYPES)[number];

/** What each type means, in Spanish (the API description and the data dictionary). */
export const PUBLIC_EVENT_DESCRIPTIONS: Record<PublicEventType, string> = {
  procedure_created: 'Trámite registrado (a mano o por importación); changes vacío: lea el trámite',
  procedure_updated: 'Campos públicos de un trámite cambiados: cada campo con su valor anterior y nuevo',
  procedure_eliminated: 'Trámite eliminado (status → eliminated)',
  procedure_merged: 'Trámite fusionado en otro (status → merged; mergedIntoProcedureCode)',
  requirement_added: 'Requisito agregado a un trámite existente (los de un trámite nuevo forman parte de procedure_created)',
  requirement_changed: 'Campos públicos de un requisito cambiados',
  requirement_eliminated: 'Requisito dado de baja (eliminado, simplificado o sustituido por interoperabilidad), con su fecha',
  level_validated: 'Nivel de madurez validado por la Comisión (currentLevel anterior y nuevo)',
  institution_created: 'Institución registrada',
  institution_updated: 'Campos públicos de una institución cambiados',
  score_changed: 'Puntuación publicada de un trámite cambiada (score anterior y nueva, decimal en texto)',
  institution_score_changed: 'Puntuación publicada de una institución cambiada (score anterior y nueva, decimal en texto)',
  plan_approved: 'Plan de simplificación aprobado por la Comisión',
  milestone_met: 'Hito de un plan aprobado cumplido (completedOn, completedLate)',
  milestone_missed: 'Hito de un plan aprobado vencido sin cumplirse (dueDate)',
  report_submitted: 'Informe trimestral de avance presentado (year, quarter)',
};

export type PublicSubject = 'procedure' | 'requirement' | 'institution' | 'plan' | 'milestone' | 'report';

export interface PublicFieldChange {
  field: string;
  oldValue: unknown;
  newValue: unknown;
}

/** One public change, as emitted (`tx.emit('public.changed', …)`) and stored in public_events. */
export interface PublicEvent {
  type: PublicEventType;
  /** The institution the change belongs to (every public change has one). */
  institutionId: string;
  procedureId: string | null;
  subject: PublicSubject;
  subjectId: string;
  /** Public fields only, with values as the public API represents them (money and scores as 2-decimal text). */
  changes: PublicFieldChange[];
}

const money = (v: unknown): unknown => (v === null || v === undefined || v === '' ? null : Number(v).toFixed(2));

/** Values written as the public API writes them, so a partner applying `newValue` gets the API's representation. */
const PUBLIC_FORMAT: Record<string, (v: unknown) => unknown> = { feeGtq: money, score: money };

const publicOnly = (changes: readonly PublicFieldChange[] | undefined, allowed: readonly string[]): PublicFieldChange[] =>
  (changes ?? [])
    .filter((c) => allowed.includes(c.field))
    .map((c) => {
      const fmt = PUBLIC_FORMAT[c.field];
      return {
        field: c.field,
        oldValue: fmt ? fmt(c.oldValue) : (c.oldValue ?? null),
        newValue: fmt ? fmt(c.newValue) : (c.newValue ?? null),
      };
    });

/** A change-log entry (tx.changeLog, the import writer, the score run), as the derivation below reads it. */
export interface LoggedChange {
  institutionId: string;
  procedureId: string;
  subject: 'procedure' | 'requirement';
  subjectId: string;
  action: string;
  changes?: readonly PublicFieldChange[];
  isPublic?: boolean;
}

const PROCEDURE_CHANGE_FIELDS: readonly string[] = [...PUBLIC_PROCEDURE_FIELDS, 'score'];
const REQUIREMENT_CHANGE_FIELDS: readonly string[] = PUBLIC_REQUIREMENT_FIELDS;

/**
 * The public event a change-log entry stands for, or null (a private entry, or no public field changed). One rule for
 * single edits, imports and Commission actions, since all of them write the change log.
 */
export function publicEventOf(entry: LoggedChange): PublicEvent | null {
  if (entry.isPublic === false) return null;
  const base = {
    institutionId: entry.institutionId,
    procedureId: entry.procedureId,
    subject: entry.subject,
    subjectId: entry.subjectId,
  } as const;
  const status = entry.changes?.find((c) => c.field === 'status')?.newValue;
  if (entry.subject === 'procedure') {
    const changes = publicOnly(entry.changes, PROCEDURE_CHANGE_FIELDS);
    if (entry.action === 'create') return { ...base, type: 'procedure_created', changes: [] };
    if (entry.action === 'level_validated') return { ...base, type: 'level_validated', changes };
    if (entry.action === 'score_changed') return { ...base, type: 'score_changed', changes };
    if (status === 'eliminated') return { ...base, type: 'procedure_eliminated', changes };
    if (status === 'merged') return { ...base, type: 'procedure_merged', changes };
    return changes.length ? { ...base, type: 'procedure_updated', changes } : null;
  }
  const changes = publicOnly(entry.changes, REQUIREMENT_CHANGE_FIELDS);
  if (entry.action === 'create') return { ...base, type: 'requirement_added', changes: [] };
  if (entry.action === 'eliminate' || (status !== undefined && status !== 'active'))
    return { ...base, type: 'requirement_eliminated', changes };
  return changes.length ? { ...base, type: 'requirement_changed', changes } : null;
}

/**
 * A unit of work's public events as they are stored: requirements added together with their new procedure are part of
 * its creation (the import and the API agree), and a procedure or requirement updated several times in one unit of work
 * keeps one event per write, in order.
 */
export function storedPublicEvents(events: readonly PublicEvent[]): PublicEvent[] {
  const created = new Set(events.filter((e) => e.type === 'procedure_created').map((e) => e.procedureId));
  return events.filter((e) => !(e.type === 'requirement_added' && created.has(e.procedureId)));
}

/** The public changes of an institution row (create / update), from its before and after values. */
export function institutionEvent(
  type: 'institution_created' | 'institution_updated',
  id: string,
  before: object | null,
  after: object,
): PublicEvent | null {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  const changes = PUBLIC_INSTITUTION_FIELDS.filter(
    (f) => type === 'institution_created' || JSON.stringify(b[f] ?? null) !== JSON.stringify(a[f] ?? null),
  ).map((f) => ({
    field: f,
    oldValue: type === 'institution_created' ? null : (b[f] ?? null),
    newValue: a[f] ?? null,
  }));
  if (type === 'institution_updated' && !changes.length) return null;
  return { type, institutionId: id, procedureId: null, subject: 'institution', subjectId: id, changes };
}
