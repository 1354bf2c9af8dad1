import { EntityManager } from 'typeorm';
import { SqlFilter } from '../../database/sql-filter';
import { openMilestoneSql } from '../inventory/rules/open-milestones';
import { quarterEnd, reportDueDate } from '../inventory/rules/report-due-date';
import { quarterOwedSql } from '../inventory/rules/reports-owed';
import { BoardSort, OVERDUE_KINDS, OverdueKind } from './desk-rules';
import { institutionSnapshotsOf } from '../scoring/entities/score-snapshot.entity';

/** Who may keep an institution's reminders moving: the same rule as the `no_active_liaison` finding and the reminders. */
const ACTIVE_INSTITUTION_USER = `u.status = 'active' AND u.role IN ('liaison', 'institution_admin')`;

/** The quarters whose report was due before `today`, from the methodology's reporting start (the reports-owed rule). */
function quartersDue(today: string, reportingSince: string) {
  const out = { years: [] as number[], quarters: [] as number[], due: [] as string[], ends: [] as string[] };
  for (let y = Number(reportingSince.slice(0, 4)); y <= Number(today.slice(0, 4)); y++) {
    for (let q = 1; q <= 4; q++) {
      const due = reportDueDate(y, q);
      if (due >= today) continue;
      out.years.push(y);
      out.quarters.push(q);
      out.due.push(due);
      out.ends.push(quarterEnd(y, q));
    }
  }
  return out;
}

export interface OverdueContext {
  today: string;
  reportingSince: string;
  /** Plans waiting for the Commission's review longer than this many days are behind. */
  planReviewDays: number;
}

/**
 * Everything behind, across institutions, as one SELECT (a CTE the board and the Atrasos page share): overdue open
 * milestones, quarterly reports owed and never submitted, legal deadlines missed (open findings), plans waiting for review
 * longer than the threshold, and institutions with no active liaison or institution administrator. Each row says since
 * when (`since`) and which outbox rows are reminders about it (`reminder_subjects`, `reminder_quarter`, `reminder_reason`).
 * Parameters are appended to `params`; `$today` etc. are their placeholders.
 */
function overdueItemsSql(ctx: OverdueContext, params: unknown[]): string {
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const today = `${p(ctx.today)}::date`;
  const q = quartersDue(ctx.today, ctx.reportingSince);
  const years = p(q.years);
  const quarters = p(q.quarters);
  const dues = p(q.due);
  const ends = p(q.ends);
  const since = `${p(ctx.reportingSince)}::date`;
  const planDays = p(ctx.planReviewDays);
  return `
    SELECT 'milestone_overdue'::text AS kind, m.institution_id, m.id AS subject_id, m.target AS item, m.due_date AS since,
           ARRAY[m.id] AS reminder_subjects, NULL::jsonb AS reminder_quarter, NULL::text AS reminder_reason,
           '/app/instituciones/' || i.code || '#plan' AS anchor
      FROM milestones m JOIN institutions i ON i.id = m.institution_id AND i.active
     WHERE ${openMilestoneSql('m')} AND m.due_date < ${today}
    UNION ALL
    SELECT 'report_missing', i.id, i.id, 'Informe de avance del trimestre ' || q.quarter || ' de ' || q.year, q.due,
           ARRAY[i.id], jsonb_build_array(jsonb_build_object('year', q.year, 'quarter', q.quarter)), NULL,
           '/app/instituciones/' || i.code || '#informes'
      FROM unnest(${years}::int[], ${quarters}::int[], ${dues}::date[], ${ends}::date[]) AS q(year, quarter, due, quarter_end)
      JOIN institutions i ON i.active AND ${quarterOwedSql('q', 'i', since)}
     WHERE NOT EXISTS (SELECT 1 FROM progress_reports r WHERE r.institution_id = i.id AND r.year = q.year AND r.quarter = q.quarter)
    UNION ALL
    SELECT 'legal_deadline_missed', f.institution_id, f.id, d.name, f.since,
           ARRAY[f.id, d.id], NULL, NULL, '/app/instituciones/' || i.code
      FROM findings f
      JOIN institutions i ON i.id = f.institution_id AND i.active
      JOIN legal_deadlines d ON d.id = f.subject_id
     WHERE f.kind = 'legal_deadline_missed' AND f.status = 'open'
    UNION ALL
    SELECT 'plan_review_waiting', pl.institution_id, pl.id, pl.title, (pl.submitted_at AT TIME ZONE 'America/Guatemala')::date,
           ARRAY[pl.id], NULL, NULL, '/app/instituciones/' || i.code || '#plan'
      FROM simplification_plans pl JOIN institutions i ON i.id = pl.institution_id AND i.active
     WHERE pl.status = 'submitted' AND pl.submitted_at IS NOT NULL
       AND (pl.submitted_at AT TIME ZONE 'America/Guatemala')::date <= ${today} - ${planDays}::int
    UNION ALL
    SELECT 'no_active_liaison', i.id, i.id, 'Sin enlace ni administrador activo',
           COALESCE(
             (SELECT f.since FROM findings f WHERE f.institution_id = i.id AND f.kind = 'no_active_liaison' AND f.status = 'open' LIMIT 1),
             (SELECT max((u.updated_at AT TIME ZONE 'America/Guatemala')::date) FROM users u
               WHERE u.institution_id = i.id AND u.status = 'disabled' AND u.role IN ('liaison', 'institution_admin')),
             (i.created_at AT TIME ZONE 'America/Guatemala')::date),
           ARRAY[]::uuid[], NULL, 'no_active_liaison', '/app/instituciones/' || i.code
      FROM institutions i
     WHERE i.active AND NOT EXISTS (SELECT 1 FROM users u WHERE u.institution_id = i.id AND ${ACTIVE_INSTITUTION_USER})`;
}

export interface OverdueRow {
  kind: OverdueKind;
  institutionId: string;
  institutionCode: string;
  institutionName: string;
  subjectId: string;
  item: string;
  since: string;
  ageDays: number;
  href: string;
  lastReminderAt: Date | null;
  lastReminderTo: string | null;
  lastReminderRule: string | null;
}

export interface OverdueFilter {
  kind?: OverdueKind;
  /** Only the institutions this analyst follows. */
  followedBy?: string;
  institutionId?: string;
}

/** The institutions `userId` follows. */
async function followedInstitutionIds(em: EntityManager, userId: string): Promise<string[]> {
  const rows = (await em.query(`SELECT institution_id AS id FROM analyst_follows WHERE user_id = $1`, [userId])) as Array<{ id: string }>;
  return rows.map((r) => r.id);
}

/** One page of what is behind (oldest first), each with its last reminder sent from the outbox; and counts by kind. */
export async function listOverdue(
  em: EntityManager,
  ctx: OverdueContext,
  filter: OverdueFilter,
  page: { limit: number; offset: number },
): Promise<{ total: number; byKind: Record<OverdueKind, number>; items: OverdueRow[] }> {
  // The followed institutions are read first and passed as a list: as a sub-select, the row-level security predicate
  // made PostgreSQL expect one followed institution and rescan every kind of item once per followed institution
  // (5 s instead of 0.1 s for 90 followed institutions, `npm run bench:desk`).
  const followed = filter.followedBy === undefined ? undefined : await followedInstitutionIds(em, filter.followedBy);
  const params: unknown[] = [];
  const items = overdueItemsSql(ctx, params);
  const f = new SqlFilter(params).where('x.institution_id = ?', filter.institutionId).where('x.institution_id = ANY (?::uuid[])', followed);
  const base = `WITH items AS (${items}) SELECT x.* FROM items x ${f.whereClause}`;
  const counts = (await em.query(`SELECT kind, count(*)::int AS n FROM (${base}) c GROUP BY kind`, f.params)) as Array<{
    kind: OverdueKind;
    n: number;
  }>;
  const byKind = Object.fromEntries(OVERDUE_KINDS.map((k) => [k, counts.find((c) => c.kind === k)?.n ?? 0])) as Record<OverdueKind, number>;
  const total = filter.kind ? byKind[filter.kind] : Object.values(byKind).reduce((s, n) => s + n, 0);
  if (page.limit === 0) return { total, byKind, items: [] };
  const g = new SqlFilter(f.params).where('o.kind = ?', filter.kind);
  // The page first (sorted, limited), then its institutions and last reminders: the outbox is read for 50 rows, not all.
  const rows = (await em.query(
    `SELECT o.kind, o.institution_id AS "institutionId", i.code AS "institutionCode", i.name AS "institutionName", o.subject_id AS "subjectId",
            o.item, o.since::text AS since, ($1::date - o.since)::int AS "ageDays", o.anchor AS href,
            r.sent_at AS "lastReminderAt", r.recipient AS "lastReminderTo", r.rule AS "lastReminderRule"
       FROM (SELECT o.* FROM (${base}) o ${g.whereClause}
              ORDER BY o.since, o.institution_id, o.item, o.subject_id
              LIMIT ${g.param(page.limit)} OFFSET ${g.param(page.offset)}) o
       JOIN institutions i ON i.id = o.institution_id
       LEFT JOIN LATERAL (
         SELECT n.sent_at, u.name AS recipient, rr.name AS rule
           FROM notifications n
           LEFT JOIN users u ON u.id = n.recipient_id
           LEFT JOIN reminder_rules rr ON rr.id = n.rule_id
          WHERE n.institution_id = o.institution_id AND n.status = 'sent'
            AND ((n.subject_id = ANY (o.reminder_subjects) AND (o.reminder_quarter IS NULL OR n.payload->'quarters' @> o.reminder_quarter))
                 OR (o.reminder_reason IS NOT NULL AND n.reason = o.reminder_reason))
          ORDER BY n.sent_at DESC NULLS LAST
          LIMIT 1) r ON true
      ORDER BY o.since, o.institution_id, o.item, o.subject_id`,
    g.params,
  )) as OverdueRow[];
  return { total, byKind, items: rows };
}

export interface BoardRow {
  id: string;
  code: string;
  name: string;
  type: string;
  coverage: string;
  sector: string | null;
  score: number | null;
  scoreDate: string | null;
  /** Score now minus the score 30 days earlier; null when either is unknown. */
  trend: number | null;
  procedures: number;
  activeLiaisons: number;
  overdueMilestones: number;
  missingReports: number;
  missedDeadlines: number;
  overdue: number;
  lastActivityAt: Date | null;
  followed: boolean;
}

export interface BoardFilter {
  type?: string;
  coverage?: string;
  sector?: string;
  followedOnly?: boolean;
  /** Only institutions without inventory or without an active liaison. */
  attentionOnly?: boolean;
}

export interface BoardTotals {
  total: number;
  /** Of the institutions matching the filters: how many have no procedure in force, how many no active liaison. */
  withoutInventory: number;
  withoutLiaison: number;
}

/** Days back for the board's trend. */
export const TREND_DAYS = 30;

const ORDER: Record<BoardSort, string> = {
  '-score': 'r.score DESC NULLS LAST',
  score: 'r.score ASC NULLS LAST',
  '-trend': 'r.trend DESC NULLS LAST',
  trend: 'r.trend ASC NULLS LAST',
  '-overdue': 'r.overdue DESC',
  '-activity': 'r."lastActivityAt" DESC NULLS LAST',
  activity: 'r."lastActivityAt" ASC NULLS FIRST',
  name: 'r.name ASC',
};

/**
 * The board: every active institution with its latest score, its trend over TREND_DAYS, what it has overdue (milestones,
 * reports, legal deadlines: the institution's own debts), its last activity (the latest audited action of one of its
 * own people), its procedures and active liaisons, and whether `userId` follows it — one statement, sorted and paged.
 */
export async function listBoard(
  em: EntityManager,
  ctx: OverdueContext,
  userId: string,
  filter: BoardFilter,
  sort: BoardSort,
  page: { limit: number; offset: number },
): Promise<BoardTotals & { items: BoardRow[] }> {
  const params: unknown[] = [];
  const items = overdueItemsSql(ctx, params);
  const f = new SqlFilter(params);
  const me = f.param(userId);
  const trendDays = f.param(TREND_DAYS);
  f.where('i.type::text = ?', filter.type)
    .where('i.coverage::text = ?', filter.coverage)
    .where('i.sector = ?', filter.sector)
    .whereIf(filter.followedOnly, `EXISTS (SELECT 1 FROM analyst_follows af WHERE af.institution_id = i.id AND af.user_id = ${me})`);
  const attention = filter.attentionOnly ? `WHERE b.procedures = 0 OR b."activeLiaisons" = 0` : '';
  const ranked = `
    WITH items AS (${items}),
    debts AS (
      SELECT institution_id,
             count(*) FILTER (WHERE kind = 'milestone_overdue')::int AS milestones,
             count(*) FILTER (WHERE kind = 'report_missing')::int AS reports,
             count(*) FILTER (WHERE kind = 'legal_deadline_missed')::int AS deadlines
        FROM items GROUP BY institution_id),
    procs AS (SELECT institution_id, count(*)::int AS n FROM procedures WHERE status = 'active' GROUP BY institution_id),
    people AS (SELECT u.institution_id, count(*)::int AS n FROM users u WHERE ${ACTIVE_INSTITUTION_USER} GROUP BY u.institution_id),
    board AS (
      SELECT i.id, i.code, i.name, i.type::text AS type, i.coverage::text AS coverage, i.sector,
             l.score::float8 AS score, l.snapshot_date::text AS "scoreDate",
             round((l.score - e.score)::numeric, 2)::float8 AS trend,
             COALESCE(pr.n, 0) AS procedures, COALESCE(pe.n, 0) AS "activeLiaisons",
             COALESCE(d.milestones, 0) AS "overdueMilestones", COALESCE(d.reports, 0) AS "missingReports",
             COALESCE(d.deadlines, 0) AS "missedDeadlines",
             COALESCE(d.milestones, 0) + COALESCE(d.reports, 0) + COALESCE(d.deadlines, 0) AS overdue,
             (SELECT a.occurred_at FROM audit_events a
               WHERE a.institution_id = i.id AND a.actor_role IN ('liaison', 'institution_admin')
               ORDER BY a.occurred_at DESC LIMIT 1) AS "lastActivityAt",
             EXISTS (SELECT 1 FROM analyst_follows af WHERE af.institution_id = i.id AND af.user_id = ${me}) AS followed
        FROM institutions i
        -- The latest score and the one TREND_DAYS earlier: one index probe per institution (a year of daily
        -- snapshots is 180,000 rows for 500 institutions; DISTINCT ON sorted them all, twice).
        LEFT JOIN LATERAL (
          SELECT s.score, s.snapshot_date FROM score_snapshots s
           WHERE ${institutionSnapshotsOf('i.id', 's')} AND s.snapshot_date <= $1::date
           ORDER BY s.snapshot_date DESC LIMIT 1) l ON true
        LEFT JOIN LATERAL (
          SELECT s.score FROM score_snapshots s
           WHERE ${institutionSnapshotsOf('i.id', 's')} AND s.snapshot_date <= $1::date - ${trendDays}::int
           ORDER BY s.snapshot_date DESC LIMIT 1) e ON true
        LEFT JOIN procs pr ON pr.institution_id = i.id
        LEFT JOIN people pe ON pe.institution_id = i.id
        LEFT JOIN debts d ON d.institution_id = i.id
       WHERE i.active ${f.andClause})
    SELECT b.* FROM board b ${attention}`;
  const limit = f.param(page.limit);
  const offset = f.param(page.offset);
  const rows = (await em.query(
    `SELECT r.*, count(*) OVER ()::int AS total, (count(*) FILTER (WHERE r.procedures = 0) OVER ())::int AS "withoutInventory",
            (count(*) FILTER (WHERE r."activeLiaisons" = 0) OVER ())::int AS "withoutLiaison"
       FROM (${ranked}) r
      ORDER BY ${ORDER[sort] ?? ORDER['-score']}, r.name, r.id LIMIT ${limit} OFFSET ${offset}`,
    f.params,
  )) as Array<BoardRow & BoardTotals>;
  if (rows.length) {
    const { total, withoutInventory, withoutLiaison } = rows[0];
    return {
      total,
      withoutInventory,
      withoutLiaison,
      items: rows.map(({ total: _t, withoutInventory: _i, withoutLiaison: _l, ...r }) => r),
    };
  }
  // A page past the end still says how many there are.
  const [totals] = (await em.query(
    `SELECT count(*)::int AS total, (count(*) FILTER (WHERE r.procedures = 0))::int AS "withoutInventory",
            (count(*) FILTER (WHERE r."activeLiaisons" = 0))::int AS "withoutLiaison" FROM (${ranked}) r`,
    f.params.slice(0, -2),
  )) as BoardTotals[];
  return { ...totals, items: [] };
}

/** The sectors institutions declare (the board's and the national page's filter). */
export async function listSectors(em: EntityManager): Promise<string[]> {
  const rows = (await em.query(
    `SELECT DISTINCT sector FROM institutions WHERE active AND sector IS NOT NULL AND btrim(sector) <> '' ORDER BY sector`,
  )) as Array<{ sector: string }>;
  return rows.map((r) => r.sector);
}

export interface DeskInstitutionRow {
  id: string;
  code: string;
  name: string;
  type: string;
  coverage: string;
  sector: string | null;
  website: string | null;
  optedInAt: string | null;
  adhesionAct: string | null;
  active: boolean;
}

/** An institution by its code (exact, as the stable identifier is written), or undefined. */
export async function institutionByCode(em: EntityManager, code: string): Promise<DeskInstitutionRow | undefined> {
  const [row] = (await em.query(
    `SELECT id, code, name, type::text AS type, coverage::text AS coverage, sector, website, opted_in_at::text AS "optedInAt",
            adhesion_act AS "adhesionAct", active
       FROM institutions WHERE code = $1`,
    [code],
  )) as DeskInstitutionRow[];
  return row;
}

export interface InstitutionPeopleRow {
  id: string;
  name: string;
  email: string;
  role: string;
  status: string;
}

/** The institution's own people (liaisons and administrators), active first. */
export async function institutionPeople(em: EntityManager, institutionId: string): Promise<InstitutionPeopleRow[]> {
  return (await em.query(
    `SELECT id, name, email, role::text AS role, status::text AS status FROM users WHERE institution_id = $1
      ORDER BY (status = 'active') DESC, name, id`,
    [institutionId],
  )) as InstitutionPeopleRow[];
}

export interface AuditTrailRow {
  id: string;
  occurredAt: Date;
  actorKind: string;
  actorName: string | null;
  actorRole: string | null;
  entity: string;
  entityId: string;
  action: string;
}

/** One page of an institution's audit trail, newest first, with the name of the person who acted. */
export async function institutionAuditTrail(
  em: EntityManager,
  institutionId: string,
  page: { limit: number; offset: number },
): Promise<{ total: number; items: AuditTrailRow[] }> {
  const [{ total }] = (await em.query(`SELECT count(*)::int AS total FROM audit_events WHERE institution_id = $1`, [
    institutionId,
  ])) as Array<{
    total: number;
  }>;
  const items = (await em.query(
    `SELECT a.id::text AS id, a.occurred_at AS "occurredAt", a.actor_kind AS "actorKind", u.name AS "actorName", a.actor_role AS "actorRole",
            a.entity, a.entity_id AS "entityId", a.action
       FROM audit_events a LEFT JOIN users u ON u.id = a.actor_user_id
      WHERE a.institution_id = $1
      ORDER BY a.occurred_at DESC, a.id DESC LIMIT $2 OFFSET $3`,
    [institutionId, page.limit, page.offset],
  )) as AuditTrailRow[];
  return { total, items };
}

export interface DeskSummaryRow {
  assessmentsWaiting: number;
  plansWaiting: number;
  reportsWaiting: number;
  followed: number;
  institutions: number;
}

/** What the Commission's home counts: items waiting for review, the caller's followed institutions, institutions. */
export async function deskSummary(em: EntityManager, userId: string): Promise<DeskSummaryRow> {
  const [row] = (await em.query(
    `SELECT (SELECT count(*) FROM maturity_assessments WHERE status = 'submitted')::int AS "assessmentsWaiting",
            (SELECT count(*) FROM simplification_plans WHERE status = 'submitted')::int AS "plansWaiting",
            (SELECT count(*) FROM progress_reports WHERE status = 'submitted')::int AS "reportsWaiting",
            (SELECT count(*) FROM analyst_follows af JOIN institutions i ON i.id = af.institution_id AND i.active WHERE af.user_id = $1)::int AS followed,
            (SELECT count(*) FROM institutions WHERE active)::int AS institutions`,
    [userId],
  )) as DeskSummaryRow[];
  return row;
}
