import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Access } from '../../common/auth/access';
import { Actor } from '../../common/auth/actor';
import { AppException } from '../../common/errors/app.exception';
import { todayInGuatemala } from '../../common/time/guatemala-time';
import { Database } from '../../database/database.service';
import { escapeLike } from '../../database/sql-helpers';
import { openMilestoneSql } from '../inventory/rules/open-milestones';
import { CitizenReportCountsRow, citizenReportCountsSql } from '../inventory/rules/citizen-report-counts.sql';
import { addDays } from '../notifications/reminder-format';
import { OwedQuarter, owedQuarters, reportingStart } from '../inventory/rules/reports-owed';
import { REPORTS_SQL } from '../scoring/score-inputs.sql';
import { decodeCursor, encodeCursor, invalidCursor } from './cursor';
import { declaredLevelStatus } from '../inventory/rules/maturity-level';
import { SqlFilter } from '../../database/sql-filter';
import { NationalQuery } from '../scoring/dto/scoring.dto';
import { resolveParameters } from '../scoring/methodology';
import { procedureSnapshotBurden } from '../scoring/procedure-snapshot';
import { nationalFiguresResponse, nationalTrend } from '../scoring/scores.service';
import { PUBLIC_CHANGE_FIELDS } from './public-fields';
import { triplesOf } from './procedure-indicators';
import {
  ACTIVE_MATURITY_MODEL_SQL,
  ACTIVE_METHODOLOGY_PARAMETERS_SQL,
  ACTIVE_METHODOLOGY_SQL,
  ACTIVE_PROCEDURE_COUNT_SQL,
  AssessmentRow,
  CategoryRow,
  ChangeLogRow,
  CountRow,
  DetailRequirementRow,
  EVENTS_HELD_SQL,
  FACET_CATEGORIES_SQL,
  FACET_INSTITUTIONS_SQL,
  FacetInstitutionRow,
  FEED_PAGE_SQL,
  FindingRow,
  HeldRow,
  HorizonRow,
  INSTITUTION_MILESTONES_SQL,
  INSTITUTION_SQL,
  INSTITUTION_TREND_SQL,
  INSTITUTION_TRIPLES_SQL,
  InstitutionRow,
  LATEST_ASSESSMENT_SQL,
  LATEST_PROCEDURE_SNAPSHOT_SQL,
  MaturityModelRow,
  MethodologyRow,
  MilestoneCountsRow,
  NATIONAL_SERIES_SQL,
  NationalSeriesRow,
  ProcedureSnapshotRow,
  PublicEventRow,
  RANKING_SQL,
  RankingRow,
  SECTORS_SQL,
  SectorRow,
  SnapshotScoreRow,
  SubmittedReportRow,
  TrendRow,
  TriplesRow,
  DETAIL_REQUIREMENTS_SQL,
  FEED_HORIZON_SQL,
  INSTITUTION_FINDINGS_SQL,
  PROCEDURE_FINDINGS_SQL,
  PUBLIC_CHANGE_LOG_SQL,
  PUBLIC_READ_SETTINGS,
  TRIPLES_WHERE_SQL,
} from './public-api.sql';
import {
  PROCEDURE_DETAIL_SQL,
  PROCEDURE_PAGE_SQL,
  PublicProcedureDetailRow,
  PublicProcedureRow,
  toPublicProcedure,
} from './public-procedure.sql';
import {
  ChangesQuery,
  DEFAULT_LIMIT,
  PublicInstitutionQuery,
  PublicProcedureQuery,
  PublicRankingQuery,
  RankingSort,
} from './dto/public-query.dto';
import {
  PublicMilestoneSummary,
  PublicChange,
  PublicChangeFeed,
  PublicChangeField,
  PublicProcedureIndicators,
  PublicChangeLogEntry,
  PublicIndicators,
  PublicInstitution,
  PublicInstitutionDetail,
  PublicFinding,
  PublicInstitutionPage,
  PublicMaturityModel,
  PublicMethodology,
  PublicProcedureDetail,
  PublicProcedureFacets,
  PublicProcedurePage,
  PublicRanking,
  PublicRankingEntry,
  PublicReportSituation,
  PublicRequirement,
  PublicScore,
} from './dto/public-response.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const iso = (d: Date | string | null): string => (d instanceof Date ? d.toISOString() : new Date(d ?? 0).toISOString());
const later = (a: Date | null, b: Date | null): Date => (a && b ? (a > b ? a : b) : (a ?? b ?? new Date(0)));
/** Scores are published as exact decimal text with two places, like every other public score ("72.50"). */
const decimalText = (v: unknown): string | null => (v === null || v === undefined ? null : Number(v).toFixed(2));

const scoreOf = (r: SnapshotScoreRow): PublicScore | null =>
  r.score === null || r.score === undefined
    ? null
    : { score: String(r.score), date: String(r.snapshot_date), methodologyVersion: Number(r.methodology_version) };

/** A procedure snapshot's burden at baseline and on its day, derived from its inputs with its methodology version's parameters. */
const burdenOf = (s: ProcedureSnapshotRow): Record<string, unknown> | null => {
  const burden = procedureSnapshotBurden(s, resolveParameters(s.parameters).burden);
  return burden && { ...burden };
};

/** scored; no_inventory: computed, but the institution has no procedures registered (no score, out of national means); not_computed: not yet. */
const scoreStatusOf = (r: SnapshotScoreRow): PublicInstitution['scoreStatus'] =>
  r.snapshot_date === null || r.snapshot_date === undefined ? 'not_computed' : r.score === null ? 'no_inventory' : 'scored';

/** Kinds of finding the public sees (whether an institution has active users is not public). */
export const PUBLIC_FINDING_KINDS = ['prohibited_practice', 'no_legal_basis', 'level_inconsistent', 'legal_deadline_missed'];

const toFinding = (f: FindingRow): PublicFinding => ({
  kind: f.kind,
  code: f.code,
  subjectType: f.subject_type,
  subjectId: f.subject_id,
  source: f.source,
  article: f.article,
  message: f.message,
  since: f.since,
  countsInScore: f.counts_in_score,
});

/** The ranking's trend compares the latest score with the latest one at least this many days older. */
export const TREND_DAYS = 30;

const count = (v: unknown): number => (typeof v === 'number' ? v : 0);

const toRankingEntry = (r: RankingRow): PublicRankingEntry => {
  const ind = r.indicators ?? {};
  const change = r.score !== null && r.previous_score !== null ? (Number(r.score) - Number(r.previous_score)).toFixed(2) : null;
  return {
    code: r.code,
    name: r.name,
    type: r.type,
    coverage: r.coverage,
    sector: r.sector,
    rank: null,
    score: r.score,
    scoreDate: r.score_date,
    previousScore: r.previous_score,
    previousDate: r.previous_date,
    change,
    procedures: count(ind.procedures?.registered),
    online: count(ind.procedures?.online),
    prohibitedActive: count(ind.requirements?.prohibitedActive),
    eliminatedSinceBaseline: count(ind.requirements?.eliminatedSinceBaseline),
    milestonesOverdue: count(ind.milestones?.overdue),
  };
};

/** The one rule of who is ranked: a score, computed over at least one registered procedure ("sin inventario" never is). */
export const isRanked = (e: Pick<PublicRankingEntry, 'score' | 'procedures'>): boolean => e.score !== null && e.procedures > 0;

/** Positions by score (ties share one), then the order asked for; the position never depends on the order shown. */
export function rankEntries(entries: PublicRankingEntry[], sort: RankingSort): PublicRankingEntry[] {
  const byScore = [...entries].sort((a, b) => Number(b.score) - Number(a.score) || a.name.localeCompare(b.name, 'es'));
  byScore.forEach((e, i) => (e.rank = i > 0 && byScore[i - 1].score === e.score ? byScore[i - 1].rank : i + 1));
  const num = (v: string | null) => (v === null ? -Infinity : Number(v));
  const order: Record<RankingSort, (a: PublicRankingEntry, b: PublicRankingEntry) => number> = {
    score: () => 0,
    name: (a, b) => a.name.localeCompare(b.name, 'es'),
    change: (a, b) => num(b.change) - num(a.change),
    procedures: (a, b) => b.procedures - a.procedures,
    online: (a, b) => b.online / Math.max(1, b.procedures) - a.online / Math.max(1, a.procedures),
  };
  return [...byScore].sort((a, b) => order[sort](a, b) || (a.rank ?? 0) - (b.rank ?? 0));
}

export { PROCEDURE_COLUMNS, PROCEDURE_LIST_EXTRAS, toPublicProcedure } from './public-procedure.sql';

const toInstitution = (r: InstitutionRow): PublicInstitution => ({
  code: r.code,
  name: r.name,
  type: r.type,
  coverage: r.coverage,
  sector: r.sector,
  website: r.website,
  currentScore: scoreOf(r),
  scoreStatus: scoreStatusOf(r),
  indicators: r.indicators ?? null,
  lastUpdate: iso(later(r.updated_at, r.computed_at)),
});

const toRequirement = (r: DetailRequirementRow): PublicRequirement => ({
  id: r.id,
  name: r.name,
  evidenceType: r.evidence_type,
  issuer: r.issuer,
  issuerInstitution: r.issuer_institution,
  legalBasisType: r.legal_basis_type,
  legalBasisReference: r.legal_basis_reference,
  obtainableByInteroperability: r.obtainable_by_interoperability,
  prohibited: r.prohibited || r.practice !== null,
  prohibitedKind: r.prohibited_kind,
  prohibitedPractice: r.practice ? { kind: r.practice.code, source: r.practice.source, article: r.practice.article } : null,
  status: r.status,
  effectiveFrom: r.effective_from,
  effectiveTo: r.effective_to,
  endedByAct: r.ended_by_act ?? null,
});

/** The value of one field in an event's changes (undefined when the event does not change it). */
const changeOf = (changes: PublicChangeField[], field: string): PublicChangeField | undefined => changes.find((c) => c.field === field);
const asNumber = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** One public_events row as the feed and the webhooks publish it. */
export const toPublicChange = (r: PublicEventRow): PublicChange => {
  const changes = (r.changes ?? []) as PublicChangeField[];
  const level = r.type === 'level_validated' ? changeOf(changes, 'currentLevel') : undefined;
  const score = r.type === 'score_changed' || r.type === 'institution_score_changed' ? changeOf(changes, 'score') : undefined;
  const requirement = r.subject === 'requirement';
  return {
    cursor: encodeCursor([Number(r.txid), Number(r.id)]),
    type: r.type,
    occurredAt: iso(r.occurred_at),
    institutionCode: r.institution_code,
    procedureCode: r.procedure_code ?? null,
    subject: r.subject,
    subjectId: r.subject_id,
    changes,
    requirementId: requirement ? r.subject_id : null,
    requirementName: requirement ? (r.requirement_name ?? null) : null,
    mergedIntoProcedureCode: r.type === 'procedure_merged' ? (r.merged_into_code ?? null) : null,
    previousLevel: level ? asNumber(level.oldValue) : null,
    level: level ? asNumber(level.newValue) : null,
    previousScore: score ? decimalText(score.oldValue) : null,
    score: score ? decimalText(score.newValue) : null,
  };
};

/** The active institutions of a type, coverage and sector (each filter optional). */
const institutionFilter = (q: { type?: string; coverage?: string; sector?: string }): SqlFilter =>
  new SqlFilter()
    .whereIf(true, 'i.active')
    .where('i.type = ?', q.type || undefined)
    .where('i.coverage = ?', q.coverage || undefined)
    .where('i.sector = ?', q.sector || undefined);

/**
 * Read-only public data. Every read goes through the cross-institution SELECT-only scope as the anonymous (or
 * partner) actor, and selects published columns only: no user ids, names or e-mails ever leave this service.
 */
@Injectable()
export class PublicApiService {
  constructor(private readonly db: Database) {}

  /**
   * score_snapshots lookups go through (institution_id, snapshot_date): under row-level security the planner cannot use
   * `scope = …` as an index condition (enum equality is not leakproof), so bitmap scans of the unique index read far
   * too much. Text search (trigram, GIN) needs bitmap scans, so only the snapshot reads turn them off.
   */
  private read<T>(actor: Actor, purpose: string, work: (em: EntityManager) => Promise<T>, snapshotPlan = false): Promise<T> {
    return this.db.run(Access.acrossInstitutions(actor, `public-api.${purpose}`), async ({ em }) => {
      if (snapshotPlan) await em.query(PUBLIC_READ_SETTINGS);
      return work(em);
    });
  }

  async institutions(actor: Actor, q: PublicInstitutionQuery): Promise<PublicInstitutionPage> {
    const limit = q.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(q.cursor, 1);
    const params: unknown[] = [];
    let sql = INSTITUTION_SQL;
    if (after) sql += ` AND i.code > $${params.push(String(after[0]))}`;
    if (q.updatedSince) sql += ` AND greatest(i.updated_at, s.computed_at) >= $${params.push(q.updatedSince)}`;
    sql += ` ORDER BY i.code LIMIT $${params.push(limit + 1)}`;
    const rows: InstitutionRow[] = await this.read(actor, 'institutions', (em) => em.query(sql, params), true);
    const more = rows.length > limit;
    const items = rows.slice(0, limit);
    return { items: items.map(toInstitution), page: { limit, nextCursor: more ? encodeCursor([items[items.length - 1].code]) : null } };
  }

  async institution(actor: Actor, code: string): Promise<PublicInstitutionDetail> {
    return this.read(
      actor,
      'institution',
      async (em) => {
        const [r]: InstitutionRow[] = await em.query(`${INSTITUTION_SQL} AND upper(i.code) = upper($1)`, [code]);
        if (!r) throw AppException.notFound('La institución');
        const trend: TrendRow[] = await em.query(INSTITUTION_TREND_SQL, [r.id]);
        const [m]: MilestoneCountsRow[] = await em.query(INSTITUTION_MILESTONES_SQL(openMilestoneSql('m')), [r.id, todayInGuatemala()]);
        const [{ n }]: CountRow[] = await em.query(ACTIVE_PROCEDURE_COUNT_SQL, [r.id]);
        const findings: FindingRow[] = await em.query(INSTITUTION_FINDINGS_SQL, [r.id, PUBLIC_FINDING_KINDS]);
        const reports = await this.reportSituations(em, r.id, r.opted_in_at);
        const [indicatorRow]: TriplesRow[] = await em.query(INSTITUTION_TRIPLES_SQL, [r.id]);
        const [cr] = (await em.query(citizenReportCountsSql('$1', '$2::date'), [r.id, todayInGuatemala()])) as CitizenReportCountsRow[];
        const milestones: PublicMilestoneSummary = {
          total: m.total,
          pending: m.pending,
          inProgress: m.in_progress,
          completed: m.completed,
          completedLate: m.completed_late,
          cancelled: m.cancelled,
          overdue: m.overdue,
          nextDueDate: m.next_due,
        };
        return {
          ...toInstitution(r),
          scoreBreakdown: r.components ?? null,
          burden: r.burden ?? null,
          trend: trend.map((t) => ({ date: t.date, score: t.score })),
          milestones,
          procedureCount: n,
          findings: findings.map(toFinding),
          reports,
          procedureIndicators: triplesOf(indicatorRow),
          citizenReports: {
            received: cr.received,
            answeredOnTime: cr.answered_on_time,
            answeredLate: cr.answered_late,
            overdueUnanswered: cr.overdue_unanswered,
            founded: cr.founded,
            unfounded: cr.unfounded,
          },
        };
      },
      true,
    );
  }

  async procedures(actor: Actor, q: PublicProcedureQuery): Promise<PublicProcedurePage> {
    const limit = q.limit ?? DEFAULT_LIMIT;
    const byName = q.sort === 'name';
    const after = decodeCursor(q.cursor, byName ? 2 : 1);
    const afterId = after ? String(after[after.length - 1]) : null;
    if (afterId !== null && !UUID.test(afterId)) throw invalidCursor();
    const f = new SqlFilter().whereIf(true, 'i.active');
    if (after && byName) f.whereIf(true, `(p.name, p.id) > (${f.param(String(after[0]))}, ${f.param(afterId)}::uuid)`);
    else if (after) f.where('p.id > ?::uuid', afterId);
    f.where('p.audience = ?', q.audience || undefined)
      .where('p.category = ?', q.category || undefined)
      .where('upper(i.code) = upper(?)', q.institution || undefined)
      .where('p.current_level = ?', q.level)
      .where('p.current_level >= ?', q.levelMin)
      .where('p.current_level <= ?', q.levelMax)
      .where('p.life_event = ?', q.lifeEvent || undefined)
      .where('p.foreign_trade = ?', q.foreignTrade)
      .where('p.prioritized = ?', q.prioritized)
      .where('p.status = ?', q.status || undefined)
      .where('p.updated_at >= ?', q.updatedSince || undefined)
      .where(
        "unaccent_immutable(lower(p.name || ' ' || p.code)) LIKE unaccent_immutable(lower(?))",
        q.q ? `%${escapeLike(q.q)}%` : undefined,
      );
    const sql = PROCEDURE_PAGE_SQL(f.conditionsSql, byName ? 'p.name, p.id' : 'p.id', f.param(limit + 1));
    const params = f.params;
    const rows: PublicProcedureRow[] = await this.read(actor, 'procedures', (em) => em.query(sql, params));
    const more = rows.length > limit;
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map(toPublicProcedure),
      page: { limit, nextCursor: more ? encodeCursor(byName ? [last.name, last.id] : [last.id]) : null },
    };
  }

  /**
   * Every active institution with its latest score, the score 30 or more days earlier and key indicators, filtered
   * by type, coverage and sector. Institutions without inventory (or not yet scored) are listed apart and never ranked.
   */
  async ranking(actor: Actor, q: PublicRankingQuery): Promise<PublicRanking> {
    const f = institutionFilter(q);
    const [rows, sectors] = await this.read(
      actor,
      'ranking',
      async (em): Promise<[RankingRow[], SectorRow[]]> => [
        await em.query(RANKING_SQL(f.conditionsSql, TREND_DAYS), f.params),
        await em.query(SECTORS_SQL),
      ],
      true,
    );
    const entries = rows.map(toRankingEntry);
    const ranked = rankEntries(entries.filter(isRanked), q.sort ?? 'score');
    const unranked = entries.filter((e) => !isRanked(e)).sort((a, b) => a.name.localeCompare(b.name, 'es'));
    const asOf = ranked.reduce<string | null>((d, e) => (e.scoreDate && (!d || e.scoreDate > d) ? e.scoreDate : d), null);
    return { asOf, ranked, unranked, sectors: sectors.map((r) => r.sector) };
  }

  /** What the search's filters offer: active institutions and the categories of vigent procedures. */
  async procedureFacets(actor: Actor): Promise<PublicProcedureFacets> {
    const [institutions, categories] = await this.read(
      actor,
      'procedure-facets',
      async (em): Promise<[FacetInstitutionRow[], CategoryRow[]]> => [
        await em.query(FACET_INSTITUTIONS_SQL),
        await em.query(FACET_CATEGORIES_SQL),
      ],
    );
    return { institutions: institutions.map((r) => ({ code: r.code, name: r.name })), categories: categories.map((r) => r.category) };
  }

  /** Quarterly reports owed since reporting began for the institution (scoring's rule), each on time, late or missing, and the next one due. */
  private async reportSituations(em: EntityManager, institutionId: string, optedInAt: string | null): Promise<PublicReportSituation[]> {
    const [m]: Array<Pick<MethodologyRow, 'parameters'>> = await em.query(ACTIVE_METHODOLOGY_PARAMETERS_SQL);
    if (!m) return [];
    const today = todayInGuatemala();
    const submitted: SubmittedReportRow[] = await em.query(REPORTS_SQL, [institutionId]);
    const on = new Map(submitted.map((r) => [`${r.year}-${r.quarter}`, r.submitted_on]));
    const since = reportingStart(m.parameters.reportingSince, optedInAt);
    const due = owedQuarters(since, today);
    const upcoming = owedQuarters(since, addDays(today, 120)).find((q) => q.dueDate > today);
    const situation = (q: OwedQuarter): PublicReportSituation => {
      const at = on.get(`${q.year}-${q.quarter}`) ?? null;
      return {
        year: q.year,
        quarter: q.quarter,
        dueDate: q.dueDate,
        submittedOn: at,
        situation: at === null ? (q.dueDate < today ? 'missing' : 'upcoming') : at <= q.dueDate ? 'on_time' : 'late',
      };
    };
    return [...due.map(situation), ...(upcoming ? [situation(upcoming)] : [])];
  }

  /** The active maturity scale (levels, names, criteria labels), or null when none is active. */
  private async activeMaturityModel(em: EntityManager): Promise<PublicMaturityModel | null> {
    const [model]: MaturityModelRow[] = await em.query(ACTIVE_MATURITY_MODEL_SQL);
    if (!model) return null;
    const levels = model.levels.slice().sort((a, b) => a.level - b.level);
    return {
      version: model.version,
      name: model.name,
      levels: levels.map((l) => ({ level: l.level, name: l.name, criteria: l.criteria.map((c) => c.label) })),
    };
  }

  async procedure(actor: Actor, institutionCode: string, code: string): Promise<PublicProcedureDetail> {
    return this.read(
      actor,
      'procedure',
      async (em) => {
        const [p]: PublicProcedureDetailRow[] = await em.query(PROCEDURE_DETAIL_SQL, [institutionCode, code]);
        if (!p) throw AppException.notFound('El trámite');
        const today = todayInGuatemala();
        const requirements: DetailRequirementRow[] = await em.query(DETAIL_REQUIREMENTS_SQL, [p.id, today]);
        const findings: FindingRow[] = await em.query(PROCEDURE_FINDINGS_SQL, [p.id, p.institution_id, PUBLIC_FINDING_KINDS]);
        const [assessment]: AssessmentRow[] = await em.query(LATEST_ASSESSMENT_SQL, [p.id, p.institution_id]);
        const [snap]: ProcedureSnapshotRow[] = await em.query(LATEST_PROCEDURE_SNAPSHOT_SQL, [p.id, p.institution_id]);
        // changed_by is never selected: the public log says what changed and when, not who; and only fields the public
        // schema publishes (PUBLIC_CHANGE_FIELDS), so an internal field's old and new values never leave through the log.
        const changes: ChangeLogRow[] = await em.query(PUBLIC_CHANGE_LOG_SQL, [
          p.id,
          PUBLIC_CHANGE_FIELDS.procedure,
          PUBLIC_CHANGE_FIELDS.requirement,
        ]);
        const validated = changes.find((c) => c.action === 'level_validated');
        const model = await this.activeMaturityModel(em);
        const levelOf = (level: number) => model?.levels.find((l) => l.level === level) ?? null;
        const next = levelOf(p.current_level + 1);
        // Requirements not yet in force (future effective_from) are neither current nor eliminated.
        const current = requirements.filter((r) => r.in_force);
        const eliminated = requirements.filter(
          (r) => !r.in_force && (r.status !== 'active' || (r.effective_to !== null && r.effective_to <= today)),
        );
        return {
          ...toPublicProcedure(p),
          institutionName: p.institution_name,
          baseline: {
            date: p.baseline_date,
            requirements: p.baseline_requirements,
            days: p.baseline_days,
            visits: p.baseline_visits,
            feeGtq: p.baseline_fee_gtq,
          },
          description: p.description,
          output: p.output,
          lifeEvent: p.life_event,
          legalBasis: p.legal_basis,
          formsUrl: p.forms_url,
          annualVolume: p.annual_volume,
          requirements: { current: current.map(toRequirement), eliminated: eliminated.map(toRequirement) },
          maturity: {
            currentLevel: p.current_level,
            levelName: levelOf(p.current_level)?.name ?? null,
            declaredLevel: p.declared_level,
            declaredLevelStatus: declaredLevelStatus(p.declared_level, p.current_level, assessment ?? null),
            nextLevel: next ? { level: next.level, name: next.name, criteria: next.criteria } : null,
            targetLevel: p.target_level,
            targetDate: p.target_date,
            lastValidatedAt: validated ? iso(validated.changed_at) : null,
          },
          findings: findings.map(toFinding),
          score: snap ? scoreOf(snap) : null,
          burden: snap ? burdenOf(snap) : null,
          changes: changes.map((c): PublicChangeLogEntry => ({
            subject: c.subject,
            subjectId: c.subject_id,
            action: c.action,
            field: c.field,
            oldValue: c.old_value,
            newValue: c.new_value,
            changedAt: iso(c.changed_at),
          })),
        };
      },
      true,
    );
  }

  /**
   * National indicators and their series. With filters (coverage, type, sector) the figures and the series cover the
   * matching institutions; `figures` is the same read model as the authenticated GET /scores/national.
   */
  async indicators(actor: Actor, q: NationalQuery = {}): Promise<PublicIndicators> {
    return this.read(
      actor,
      'indicators',
      async (em) => {
        const figures = await nationalFiguresResponse(em, q);
        const filtered = Boolean(q.coverage || q.type || q.sector);
        const procedureIndicators = await this.nationalProcedureIndicators(em, q);
        if (filtered) {
          const trend = await nationalTrend(em, q);
          const points = trend.items.slice(-365);
          const last = points[points.length - 1];
          return {
            current:
              last && last.score !== null
                ? { score: last.score.toFixed(2), date: last.date, methodologyVersion: last.methodologyVersion }
                : null,
            indicators: figures.indicators,
            burden: figures.burden,
            components: null,
            figures,
            procedureIndicators,
            series: points.map((s) => ({ date: s.date, score: s.score === null ? null : s.score.toFixed(2), indicators: null })),
          };
        }
        const series: NationalSeriesRow[] = await em.query(NATIONAL_SERIES_SQL);
        const last = series[series.length - 1];
        return {
          current: last ? scoreOf(last) : null,
          indicators: last?.indicators ?? null,
          burden: last?.burden ?? null,
          components: last?.components ?? null,
          figures,
          procedureIndicators,
          series: series.map((s) => ({ date: s.snapshot_date, score: s.score, indicators: s.indicators ?? null })),
        };
      },
      true,
    );
  }

  /** The procedure triples over the active institutions matching the filters (procedure-indicators.ts). */
  private async nationalProcedureIndicators(em: EntityManager, q: NationalQuery): Promise<PublicProcedureIndicators> {
    const f = institutionFilter(q);
    const [row]: TriplesRow[] = await em.query(TRIPLES_WHERE_SQL(f.conditionsSql), f.params);
    return triplesOf(row);
  }

  async methodology(actor: Actor): Promise<PublicMethodology> {
    const [[m], model] = await this.read(actor, 'methodology', async (em): Promise<[MethodologyRow[], PublicMaturityModel | null]> => [
      await em.query(ACTIVE_METHODOLOGY_SQL),
      await this.activeMaturityModel(em),
    ]);
    if (!m) throw AppException.notFound('La metodología vigente');
    return {
      version: m.version,
      name: m.name,
      procedureWeights: m.parameters.procedureWeights,
      institutionWeights: m.parameters.institutionWeights,
      burdenParameters: { ...m.parameters.burden },
      parameters: { ...m.parameters },
      adoptedAt: iso(m.created_at),
      maturityModel: model,
    };
  }

  /**
   * The public change feed, ordered by (writing transaction, id). Only rows of transactions older than every
   * transaction of this database still in progress are served, so a change that commits later always sorts
   * after the cursor already handed out: each change appears exactly once, in a stable order, resumable.
   * (Transaction ids are compared modulo 2^32: a feed cursor does not survive a transaction-id wraparound epoch.)
   */
  async changes(actor: Actor, q: ChangesQuery): Promise<PublicChangeFeed> {
    return (await this.changesWithState(actor, q)).feed;
  }

  /**
   * The feed page, and whether committed changes are being held back because an older transaction is still open
   * (they will appear once it ends; such a page must not be cached, and webhooks must look again shortly).
   */
  async changesWithState(actor: Actor, q: ChangesQuery): Promise<{ feed: PublicChangeFeed; withheld: boolean }> {
    const limit = q.limit ?? DEFAULT_LIMIT;
    const since = decodeCursor(q.since, 2, 'since') ?? [0, 0];
    if (!since.every((x) => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0)) throw invalidCursor('since');
    const [rows, withheld] = await this.read(actor, 'changes', async (em): Promise<[PublicEventRow[], boolean]> => {
      const [{ horizon }]: HorizonRow[] = await em.query(FEED_HORIZON_SQL);
      const page: PublicEventRow[] = await em.query(FEED_PAGE_SQL, [since[0], since[1], limit, horizon, q.types ?? null]);
      // Committed changes at or past the horizon are held back for now (an index probe on the feed's index).
      const [{ held }]: HeldRow[] = await em.query(EVENTS_HELD_SQL, [horizon]);
      return [page, Boolean(held)];
    });
    const items = rows.map((r) => toPublicChange(r));
    return {
      feed: { items, nextCursor: items.length ? items[items.length - 1].cursor : encodeCursor(since), hasMore: items.length === limit },
      withheld,
    };
  }
}
