import { EntityManager } from 'typeorm';
import { openMilestoneSql } from '../inventory/rules/open-milestones';
import { quarterEnd, reportDueDate } from '../inventory/rules/report-due-date';
import { quarterOwedSql } from '../inventory/rules/reports-owed';
import { activeMethodologyOf } from '../scoring/methodology';
import { ReminderRule } from './entities/reminder-rule.entity';
import { STALE_INVENTORY_DEFAULT_DAYS, STALE_INVENTORY_LIST_LIMIT, staleInventoryWindow, staleProcedureCondition } from './stale-inventory';
import { institutionSnapshotsOf } from '../scoring/entities/score-snapshot.entity';

/** A set of subjects with a due date (one SELECT), to which a rule's stages are applied. */
interface Source {
  /** Selects institution_id, subject_type, subject_id, due_date, payload (jsonb); params[0] ($1) is always today. */
  sql: string;
  params: unknown[];
}

const ACTIVE_ANALYST = `u.role = 'analyst' AND u.status <> 'disabled'`;

/** What the evaluation needs besides the rule: the active methodology's reporting start (one rule for reports owed). */
export interface EvaluationContext {
  reportingSince: string;
}

export async function evaluationContext(em: EntityManager): Promise<EvaluationContext> {
  return { reportingSince: (await activeMethodologyOf(em)).parameters.reportingSince };
}

/**
 * One rule, one statement: the rule's candidates joined to their recipients (the institution's users with the rule's
 * roles; for the analyst role, the analysts following the institution — or every analyst when none does, reason
 * `analyst_unassigned`), minus opt-outs (never for mandatory rules or escalations), inserted into the outbox with
 * ON CONFLICT DO NOTHING on the dedupe key. Returns how many notifications are new.
 */
export async function insertDueNotifications(
  em: EntityManager,
  rule: ReminderRule,
  today: string,
  ctx: EvaluationContext,
): Promise<number> {
  const plan = candidates(rule, today, ctx);
  if (!plan) return 0;
  const n = plan.params.length;
  const p = (i: number) => `$${n + i}`;
  const rows = (await em.query(
    `WITH candidates AS (${plan.sql}),
     followed AS (
       SELECT DISTINCT f.institution_id FROM analyst_follows f JOIN users fu ON fu.id = f.user_id AND fu.role = 'analyst' AND fu.status <> 'disabled'
     ),
     unattended AS (
       -- institutions with no active liaison or institution admin: nobody there would act on a reminder
       SELECT DISTINCT c.institution_id FROM candidates c
        WHERE NOT EXISTS (SELECT 1 FROM users iu WHERE iu.institution_id = c.institution_id AND iu.status = 'active' AND iu.role IN ('liaison', 'institution_admin'))
     ),
     recipients AS (
       -- the institution's own people (index on users.institution_id) …
       SELECT c.*, u.id AS recipient_id, NULLIF(btrim(u.email), '') AS email, u.role::text AS reason, false AS forced
         FROM candidates c
         JOIN users u ON u.institution_id = c.institution_id AND u.status <> 'disabled' AND u.role::text = ANY (c.audience)
       UNION ALL
       -- … the Commission analysts who follow the institution …
       SELECT c.*, u.id AS recipient_id, NULLIF(btrim(u.email), '') AS email, 'analyst' AS reason, false AS forced
         FROM candidates c
         JOIN analyst_follows f ON f.institution_id = c.institution_id
         JOIN users u ON u.id = f.user_id AND ${ACTIVE_ANALYST}
        WHERE 'analyst' = ANY (c.audience)
       UNION ALL
       -- … or, when no active analyst follows it, every analyst, so that nothing is lost …
       SELECT c.*, u.id AS recipient_id, NULLIF(btrim(u.email), '') AS email, 'analyst_unassigned' AS reason, false AS forced
         FROM candidates c
         JOIN users u ON u.institution_id IS NULL AND ${ACTIVE_ANALYST}
        WHERE 'analyst' = ANY (c.audience) AND c.institution_id NOT IN (SELECT institution_id FROM followed)
       UNION ALL
       -- … and what is meant for an institution with no active liaison or admin escalates to the analysts following it (or
       -- every analyst when none does), as a mandatory escalation: nobody is left unreminded
       SELECT c.*, u.id AS recipient_id, NULLIF(btrim(u.email), '') AS email, 'no_active_liaison' AS reason, true AS forced
         FROM candidates c
         JOIN users u ON u.institution_id IS NULL AND ${ACTIVE_ANALYST}
        WHERE c.audience && ARRAY['liaison', 'institution_admin']::text[]
          AND c.institution_id IN (SELECT institution_id FROM unattended)
          AND (u.id IN (SELECT f.user_id FROM analyst_follows f WHERE f.institution_id = c.institution_id)
               OR c.institution_id NOT IN (SELECT institution_id FROM followed))
     ),
     inserted AS (
     INSERT INTO notifications (institution_id, rule_id, kind, subject_type, subject_id, due_date, stage, recipient_id, recipient_email,
                                reason, escalation, mandatory, delivery, days_until_due, evaluated_on, payload, status, skip_reason)
     SELECT r.institution_id, ${p(1)}::uuid, ${p(2)}::text, r.subject_type, r.subject_id, r.due_date, r.stage, r.recipient_id, r.email,
            r.reason, (r.escalation OR r.forced), (${p(3)}::boolean OR r.escalation OR r.forced), COALESCE(pref.delivery, 'immediate'), r.days_until_due, $1::date,
            r.payload,
            CASE WHEN r.email IS NULL OR position('@' IN r.email) = 0 THEN 'skipped' ELSE 'pending' END,
            CASE WHEN r.email IS NULL OR position('@' IN r.email) = 0 THEN 'El destinatario no tiene correo electrónico' END
       FROM recipients r
       LEFT JOIN notification_preferences pref ON pref.user_id = r.recipient_id
      WHERE ${p(3)}::boolean OR r.escalation OR r.forced OR pref.user_id IS NULL
         OR NOT (${p(2)}::text = ANY (pref.opted_out) OR '*' = ANY (pref.opted_out))
     ON CONFLICT DO NOTHING
     RETURNING 1)
     SELECT count(*)::int AS n FROM inserted`,
    [...plan.params, rule.id, rule.kind, rule.mandatory],
  )) as Array<{ n: number }>;
  return rows[0].n;
}

/**
 * The rule's candidates: institution_id, subject_type, subject_id, due_date, stage, days_until_due, audience (roles),
 * escalation, payload. $1 is today (Guatemala date).
 */
function candidates(rule: ReminderRule, today: string, ctx: EvaluationContext): Source | null {
  const offsets = (rule.offsets ?? []).filter((o) => Number.isInteger(o) && o >= 0);
  switch (rule.kind) {
    case 'milestone_due':
      return before(milestones(today, `m.due_date BETWEEN $1::date AND $1::date + ${Math.max(0, ...offsets)}`), rule, offsets);
    case 'milestone_overdue':
      return overdue(
        milestones(today, `m.due_date <= $1::date - ${Math.min(offsets[0] ?? 1, rule.escalateAfterDays ?? 1_000_000)}`),
        rule,
        offsets[0] ?? 1,
      );
    case 'report_due':
      return before(reports(today, ctx), rule, offsets);
    case 'report_overdue':
      return overdue(overdueReports(today, ctx), rule, offsets[0] ?? 1);
    case 'legal_deadline_missed':
      return overdue(
        {
          sql: `SELECT f.institution_id, 'legal_deadline_missed'::text AS subject_type, f.id AS subject_id, f.since AS due_date,
                       jsonb_build_object('institutionName', i.name, 'item', d.name, 'path', '/app/inventario') AS payload
                  FROM findings f
                  JOIN institutions i ON i.id = f.institution_id AND i.active
                  JOIN legal_deadlines d ON d.id = f.subject_id
                 WHERE f.kind = 'legal_deadline_missed' AND f.status = 'open'`,
          params: [today],
        },
        rule,
        offsets[0] ?? 1,
      );
    case 'legal_deadline':
      return before(
        {
          sql: `SELECT i.id AS institution_id, 'legal_deadline'::text AS subject_type, d.id AS subject_id, d.due_date,
                       jsonb_build_object('institutionName', i.name, 'item', d.name, 'path', '/app') AS payload
                  FROM legal_deadlines d JOIN institutions i ON i.coverage = d.coverage AND i.active
                 WHERE d.due_date BETWEEN $1::date AND $1::date + ${Math.max(0, ...offsets)}`,
          params: [today],
        },
        rule,
        offsets,
      );
    case 'score_drop':
      return {
        // Each active institution's latest snapshot of the week, one probe of the subject index each (not every
        // snapshot of the week, procedures' included, filtered by scope).
        sql: `WITH latest AS (
                SELECT s.subject_id, s.institution_id, s.snapshot_date, s.score, i.name
                  FROM institutions i
                  CROSS JOIN LATERAL (SELECT s.subject_id, s.institution_id, s.snapshot_date, s.score FROM score_snapshots s
                                       WHERE ${institutionSnapshotsOf('i.id', 's')}
                                         AND s.snapshot_date BETWEEN $1::date - 7 AND $1::date
                                       ORDER BY s.snapshot_date DESC LIMIT 1) s
                 WHERE i.active)
              SELECT l.institution_id, 'institution_score'::text AS subject_type, l.subject_id, l.snapshot_date AS due_date,
                     'drop'::text AS stage, 0 AS days_until_due, $2::text[] AS audience, false AS escalation,
                     jsonb_build_object('institutionName', l.name, 'item', 'Calificación institucional',
                                        'path', '/app',
                                        'previousScore', p.score::text, 'score', l.score::text, 'drop', (p.score - l.score)::text) AS payload
                FROM latest l
                CROSS JOIN LATERAL (SELECT s.score FROM score_snapshots s
                                     WHERE ${institutionSnapshotsOf('l.subject_id', 's')} AND s.snapshot_date < l.snapshot_date
                                     ORDER BY s.snapshot_date DESC LIMIT 1) p
               WHERE p.score - l.score >= $3::numeric`,
        params: [today, rule.recipients, rule.threshold ?? '10'],
      };
    case 'stale_inventory':
      return staleInventory(today, rule, offsets[0] ?? STALE_INVENTORY_DEFAULT_DAYS);
    case 'citizen_report_received': {
      // once per report still awaiting its answer, received in the last few days (the dedupe key keeps it to one per person)
      const src = citizenReportsAwaitingAnswer(today, `c.received_on >= $1::date - 3`);
      return {
        sql: `SELECT s.institution_id, s.subject_type, s.subject_id, s.due_date, 'received'::text AS stage,
                     (s.due_date - $1::date) AS days_until_due, $2::text[] AS audience, false AS escalation, s.payload
                FROM (${src.sql}) s`,
        params: [...src.params, rule.recipients],
      };
    }
    case 'citizen_report_due':
      return before(
        citizenReportsAwaitingAnswer(today, `c.answer_due_on BETWEEN $1::date AND $1::date + ${Math.max(0, ...offsets)}`),
        rule,
        offsets,
      );
    case 'citizen_report_overdue':
      return overdue(citizenReportsAwaitingAnswer(today, `c.answer_due_on < $1::date`), rule, offsets[0] ?? 1);
    default:
      return null;
  }
}

/**
 * One reminder per institution and month listing its stale procedures (oldest review first, at most
 * STALE_INVENTORY_LIST_LIMIT, with the total). Computed as of the first day of the month, so any evaluation in the month
 * yields the same due date and stage: the dedupe key keeps it to one per month even if the 1st was missed.
 */
function staleInventory(today: string, rule: ReminderRule, days: number): Source {
  const w = staleInventoryWindow(today, days);
  const registered = `(p.created_at AT TIME ZONE 'America/Guatemala')::date`;
  return {
    sql: `WITH stale AS (
            SELECT p.institution_id, p.code, p.name, p.last_reviewed_at, ${registered} AS registered_on,
                   row_number() OVER (PARTITION BY p.institution_id ORDER BY COALESCE(p.last_reviewed_at, ${registered}), p.code) AS rn,
                   count(*) OVER (PARTITION BY p.institution_id)::int AS n
              FROM procedures p
             WHERE ${staleProcedureCondition('p', '$3::date')})
          SELECT s.institution_id, 'stale_inventory'::text AS subject_type, s.institution_id AS subject_id, $2::date AS due_date,
                 $4::text AS stage, 0 AS days_until_due, $5::text[] AS audience, false AS escalation,
                 jsonb_build_object('institutionName', i.name, 'item', 'Inventario de trámites', 'path', '/app/inventario',
                                    'count', s.n, 'days', $6::int, 'reviewedBefore', to_char($3::date, 'YYYY-MM-DD'),
                                    'procedures', jsonb_agg(jsonb_build_object('code', s.code, 'name', s.name,
                                                                               'lastReviewedAt', to_char(s.last_reviewed_at, 'YYYY-MM-DD'),
                                                                               'registeredOn', to_char(s.registered_on, 'YYYY-MM-DD')) ORDER BY s.rn)) AS payload
            FROM stale s
            JOIN institutions i ON i.id = s.institution_id AND i.active
           WHERE s.rn <= ${STALE_INVENTORY_LIST_LIMIT}
           GROUP BY s.institution_id, i.name, s.n`,
    params: [today, w.monthStart, w.reviewedBefore, w.stage, rule.recipients, w.days],
  };
}

/** Citizens' reports the institution has not answered (nor the Commission ruled on); due date = the answer deadline. */
function citizenReportsAwaitingAnswer(today: string, dateFilter: string): Source {
  return {
    sql: `SELECT c.institution_id, 'citizen_report'::text AS subject_type, c.id AS subject_id, c.answer_due_on AS due_date,
                 jsonb_build_object('institutionName', i.name, 'item', 'Denuncia ' || c.tracking_code || ' sobre «' || p.name || '»',
                                    'trackingCode', c.tracking_code, 'path', '/app/denuncias/' || c.id) AS payload
            FROM citizen_reports c
            JOIN procedures p ON p.id = c.procedure_id
            JOIN institutions i ON i.id = c.institution_id AND i.active
           WHERE c.status = 'received' AND ${dateFilter}`,
    params: [today],
  };
}

function milestones(today: string, dateFilter: string): Source {
  return {
    sql: `SELECT m.institution_id, 'milestone'::text AS subject_type, m.id AS subject_id, m.due_date,
                 jsonb_build_object('institutionName', i.name, 'item', m.target, 'planTitle', p.title,
                                    'path', '/app/plan/' || m.plan_id || '/hitos/' || m.id) AS payload
            FROM milestones m
            JOIN simplification_plans p ON p.id = m.plan_id
            JOIN institutions i ON i.id = m.institution_id AND i.active
           WHERE ${openMilestoneSql('m')} AND ${dateFilter}`,
    params: [today],
  };
}

/**
 * Quarterly reports owed and not submitted, one row per quarter: the quarters from the reporting start (the later of the
 * methodology's `reportingSince` and the institution's adhesion — the rule the score uses) to a year after today.
 */
function reports(today: string, ctx: EvaluationContext): Source {
  const year = Number(today.slice(0, 4));
  const quarters: Array<{ year: number; quarter: number; due: string; end: string }> = [];
  for (let y = Math.min(Number(ctx.reportingSince.slice(0, 4)), year - 1); y <= year + 1; y++) {
    for (let q = 1; q <= 4; q++) quarters.push({ year: y, quarter: q, due: reportDueDate(y, q), end: quarterEnd(y, q) });
  }
  return {
    sql: `SELECT i.id AS institution_id, 'progress_report'::text AS subject_type, i.id AS subject_id, q.due AS due_date,
                 jsonb_build_object('institutionName', i.name, 'item', 'Informe de avance del trimestre ' || q.quarter || ' de ' || q.year,
                                    'year', q.year, 'quarter', q.quarter, 'quarters', jsonb_build_array(jsonb_build_object('year', q.year, 'quarter', q.quarter)),
                                    'path', '/app/informes') AS payload
            FROM unnest($2::int[], $3::int[], $4::date[], $5::date[]) AS q(year, quarter, due, quarter_end)
            JOIN institutions i ON i.active AND ${quarterOwedSql('q', 'i', '$6::date')}
           WHERE NOT EXISTS (SELECT 1 FROM progress_reports r WHERE r.institution_id = i.id AND r.year = q.year AND r.quarter = q.quarter)`,
    params: [
      today,
      quarters.map((q) => q.year),
      quarters.map((q) => q.quarter),
      quarters.map((q) => q.due),
      quarters.map((q) => q.end),
      ctx.reportingSince,
    ],
  };
}

/**
 * Reports overdue, one row per institution listing every quarter it owes (due before today), oldest first: one reminder,
 * not one per quarter. Its due date is the oldest quarter's, so the weekly stages follow the oldest debt.
 */
function overdueReports(today: string, ctx: EvaluationContext): Source {
  const owed = reports(today, ctx);
  return {
    sql: `SELECT o.institution_id, 'progress_report'::text AS subject_type, o.institution_id AS subject_id, min(o.due_date) AS due_date,
                 jsonb_build_object(
                   'institutionName', min(o.payload->>'institutionName'),
                   'item', CASE WHEN count(*) = 1 THEN min(o.payload->>'item')
                                ELSE 'Informes de avance de ' || count(*) || ' trimestres (' ||
                                     string_agg('trimestre ' || (o.payload->>'quarter') || ' de ' || (o.payload->>'year'), ', ' ORDER BY o.due_date) || ')' END,
                   'year', (array_agg((o.payload->>'year')::int ORDER BY o.due_date))[1],
                   'quarter', (array_agg((o.payload->>'quarter')::int ORDER BY o.due_date))[1],
                   'quarters', jsonb_agg(jsonb_build_object('year', (o.payload->>'year')::int, 'quarter', (o.payload->>'quarter')::int) ORDER BY o.due_date),
                   'path', '/app/informes') AS payload
            FROM (${owed.sql}) o
           WHERE o.due_date < $1::date
           GROUP BY o.institution_id`,
    params: owed.params,
  };
}

/** Stage = the smallest offset not below the days remaining ("before-7" covers 7…2 days left when 1 is the next). */
function before(src: Source, rule: ReminderRule, offsets: number[]): Source | null {
  if (!offsets.length) return null;
  const n = src.params.length;
  return {
    sql: `SELECT s.institution_id, s.subject_type, s.subject_id, s.due_date, 'before-' || st.o AS stage,
                 (s.due_date - $1::date) AS days_until_due, $${n + 1}::text[] AS audience, false AS escalation, s.payload
            FROM (${src.sql}) s
            CROSS JOIN LATERAL (SELECT min(o) AS o FROM unnest($${n + 2}::int[]) o WHERE o >= s.due_date - $1::date) st
           WHERE s.due_date >= $1::date AND st.o IS NOT NULL`,
    params: [...src.params, rule.recipients, offsets],
  };
}

/**
 * Overdue stages: day `first`, then every `repeatEveryDays`; from `escalateAfterDays` the escalation audience also
 * gets its own weekly stage ("escalation-14", "escalation-21", …), mandatory.
 */
function overdue(src: Source, rule: ReminderRule, first: number): Source {
  const repeat = rule.repeatEveryDays && rule.repeatEveryDays > 0 ? rule.repeatEveryDays : 0;
  const n = src.params.length;
  const stageDay = (start: string) => (repeat ? `(${start} + ${repeat} * ((s.overdue - ${start}) / ${repeat}))` : start);
  const escalate = rule.escalateAfterDays && rule.escalationRecipients.length ? rule.escalateAfterDays : null;
  return {
    sql: `WITH s AS (SELECT x.*, ($1::date - x.due_date) AS overdue FROM (${src.sql}) x)
          SELECT s.institution_id, s.subject_type, s.subject_id, s.due_date, 'overdue-' || ${stageDay(String(first))} AS stage,
                 -s.overdue AS days_until_due, $${n + 1}::text[] AS audience, false AS escalation, s.payload
            FROM s WHERE s.overdue >= ${first}
          ${
            escalate === null
              ? ''
              : `UNION ALL
          SELECT s.institution_id, s.subject_type, s.subject_id, s.due_date, 'escalation-' || ${stageDay(String(escalate))} AS stage,
                 -s.overdue AS days_until_due, $${n + 2}::text[] AS audience, true AS escalation, s.payload
            FROM s WHERE s.overdue >= ${escalate}`
          }`,
    params: escalate === null ? [...src.params, rule.recipients] : [...src.params, rule.recipients, rule.escalationRecipients],
  };
}
