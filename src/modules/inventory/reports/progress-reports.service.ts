import { Injectable } from '@nestjs/common';
import type { ReviewChanged } from '../../../events/event-map';
import { PublicEvent } from '../../../events/public-events';
import { Access, assertRole, institutionFilter } from '../../../common/auth/access';
import { Actor } from '../../../common/auth/actor';
import { COMMISSION_ROLES } from '../../../common/auth/roles';
import { AppException } from '../../../common/errors/app.exception';
import { ErrorCode } from '../../../common/errors/error-code';
import { label } from '../../../common/glossary/glossary';
import { offsetOf, Page, pageOf } from '../../../common/pagination/page';
import { todayInGuatemala } from '../../../common/time/guatemala-time';
import { Database } from '../../../database/database.service';
import { escapeLike, isUniqueViolation } from '../../../database/sql-helpers';
import { applySort } from '../../../common/pagination/sort';
import {
  CreateProgressReportDto,
  ProgressReportQuery,
  ProgressReportResponse,
  ReviewProgressReportDto,
  UpdateProgressReportDto,
} from './dto/progress-report.dto';
import { ProgressReport } from './entities/progress-report.entity';
import { quarterEnd, quarterStart } from '../rules/report-due-date';
import { QuarterSummary, summariseQuarter } from '../rules/quarter-summary';
import {
  QUARTER_ENDED_REQUIREMENTS_SQL,
  QUARTER_LEVEL_CHANGES_SQL,
  QUARTER_MILESTONES_SQL,
  QuarterEndedRequirementRow,
  QuarterLevelChangeRow,
  QuarterMilestoneRow,
  QuarterScoreRow,
  SCORE_BEFORE_QUARTER_SQL,
  SCORE_IN_QUARTER_SQL,
} from './progress-reports.sql';

const ENTITY = 'progress_report';
const WHAT = 'El informe de avance';

const SORTS = {
  year: 'r.year',
  quarter: 'r.quarter',
  submittedAt: 'r.submittedAt',
  status: 'r.status',
  createdAt: 'r.createdAt',
  updatedAt: 'r.updatedAt',
};

const duplicateQuarter = (year: number, quarter: number, existing?: ProgressReport) =>
  AppException.conflict(
    `Ya existe el informe de avance del trimestre ${quarter} de ${year}${existing ? ` (estado «${label('reviewStatus', existing.status)}»)` : ''}; si fue devuelto, corríjalo en lugar de presentar otro.`,
    { field: 'quarter', existingReportId: existing?.id ?? null },
  );

/** Quarterly progress reports: one per institution and quarter, reviewed (accepted or returned) by the Commission. */
@Injectable()
export class ProgressReportsService {
  constructor(private readonly db: Database) {}

  async list(actor: Actor, query: ProgressReportQuery): Promise<Page<ProgressReportResponse>> {
    const institutionId = institutionFilter(actor, query.institutionId);
    return this.db.run(Access.forReading(actor, 'progress_reports.list'), async (tx) => {
      const qb = tx.em.getRepository(ProgressReport).createQueryBuilder('r');
      if (institutionId) qb.andWhere('r.institution_id = :institutionId', { institutionId });
      if (query.year) qb.andWhere('r.year = :year', { year: query.year });
      if (query.quarter) qb.andWhere('r.quarter = :quarter', { quarter: query.quarter });
      if (query.status) qb.andWhere('r.status = :status', { status: query.status });
      if (query.updatedSince) qb.andWhere('r.updated_at >= :since', { since: query.updatedSince });
      if (query.q) qb.andWhere('unaccent_immutable(r.content) ILIKE unaccent_immutable(:q)', { q: `%${escapeLike(query.q)}%` });
      applySort(qb, query.sort, SORTS, '-year,-quarter');
      const [rows, total] = await qb.skip(offsetOf(query)).take(query.pageSize).getManyAndCount();
      return pageOf(rows.map(ProgressReportResponse.from), total, query);
    });
  }

  async get(actor: Actor, id: string): Promise<ProgressReportResponse> {
    return ProgressReportResponse.from(
      await this.db.run(Access.forReading(actor, 'progress_reports.get'), (tx) => tx.find(ProgressReport, id, WHAT)),
    );
  }

  /**
   * What the system already knows about the actor's institution's quarter — milestones met and missed, requirements
   * eliminated, levels raised, the score change — as the starting point of its report (summariseQuarter).
   */
  async quarterSummary(actor: Actor, year: number, quarter: number): Promise<QuarterSummary> {
    const start = quarterStart(year, quarter);
    const end = quarterEnd(year, quarter);
    return this.db.run(Access.ownInstitution(actor, 'progress_reports.quarter_summary'), async (tx) => {
      const institutionId = tx.institutionId;
      const q = <T>(sql: string, params: unknown[]): Promise<T[]> => tx.em.query(sql, params);
      // One client per transaction: the queries run one after the other.
      const milestones = await q<QuarterMilestoneRow>(QUARTER_MILESTONES_SQL, [institutionId, start, end]);
      const requirements = await q<QuarterEndedRequirementRow>(QUARTER_ENDED_REQUIREMENTS_SQL, [institutionId, start, end]);
      const levels = await q<QuarterLevelChangeRow>(QUARTER_LEVEL_CHANGES_SQL, [institutionId, start, end]);
      const before = await q<QuarterScoreRow>(SCORE_BEFORE_QUARTER_SQL, [institutionId, start]);
      const after = await q<QuarterScoreRow>(SCORE_IN_QUARTER_SQL, [institutionId, start, end]);
      const level = (v: unknown): number | null =>
        typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : null;
      return summariseQuarter({
        year,
        quarter,
        asOf: todayInGuatemala(),
        milestones: milestones.map((m) => ({
          id: m.id,
          planId: m.plan_id,
          procedureId: m.procedure_id,
          kind: m.kind,
          target: m.target,
          dueDate: m.due_date,
          status: m.status,
          completedOn: m.completed_on,
          completedLate: m.completed_late,
        })),
        requirements: requirements.map((r) => ({
          procedureCode: r.code,
          procedureName: r.pname,
          name: r.name,
          status: r.status,
          effectiveTo: r.effective_to,
        })),
        levelChanges: levels.flatMap((l) => {
          const to = level(l.new_value);
          return to === null ? [] : [{ procedureCode: l.code, procedureName: l.pname, from: level(l.old_value), to, on: l.changed_on }];
        }),
        scoreBefore: before[0]?.score ?? null,
        scoreAfter: after[0]?.score ?? null,
      });
    });
  }

  /** Presents the report of a quarter that has already begun; at most one per institution and quarter. */
  async create(actor: Actor, dto: CreateProgressReportDto): Promise<ProgressReportResponse> {
    const access = Access.ownInstitution(actor, 'progress_reports.create');
    const start = quarterStart(dto.year, dto.quarter);
    if (start > todayInGuatemala()) {
      throw AppException.badRequest(
        `El trimestre ${dto.quarter} de ${dto.year} aún no ha comenzado (inicia el ${start}); no se puede informar su avance.`,
        [{ field: 'quarter', messages: ['el trimestre aún no ha comenzado'] }],
        ErrorCode.ValidationFailed,
      );
    }
    try {
      return await this.db.run(access, async (tx) => {
        const repo = tx.em.getRepository(ProgressReport);
        const existing = await repo.findOne({ where: { institutionId: tx.institutionId, year: dto.year, quarter: dto.quarter } });
        if (existing) throw duplicateQuarter(dto.year, dto.quarter, existing);
        const saved = await repo.save(
          repo.create({
            institutionId: tx.institutionId,
            year: dto.year,
            quarter: dto.quarter,
            content: dto.content,
            submittedAt: new Date(),
            submittedBy: actor.userId!,
            status: 'submitted',
          }),
        );
        await tx.audit({ entity: ENTITY, entityId: saved.id, action: 'create', after: saved });
        tx.emit('public.changed', reportSubmitted(saved));
        tx.emit('review.changed', reportStep(saved, 'submitted', actor));
        return ProgressReportResponse.from(saved);
      });
    } catch (e) {
      if (isUniqueViolation(e, 'UQ_progress_reports_quarter')) throw duplicateQuarter(dto.year, dto.quarter);
      throw e;
    }
  }

  /** Corrects a returned report, which goes back to `submitted` (the first submission date is kept). */
  async update(actor: Actor, id: string, dto: UpdateProgressReportDto): Promise<ProgressReportResponse> {
    return this.db.run(Access.ownInstitution(actor, 'progress_reports.update'), async (tx) => {
      const current = await tx.findForWrite(ProgressReport, id, WHAT);
      if (current.status !== 'returned') {
        throw AppException.conflict(
          `El informe está en estado «${label('reviewStatus', current.status)}»; solo un informe devuelto puede corregirse y reenviarse.`,
          { currentStatus: current.status },
        );
      }
      const { before, after } = await tx.updateVersioned(
        ProgressReport,
        id,
        dto.version,
        { content: dto.content, status: 'submitted' },
        WHAT,
      );
      await tx.audit({ entity: ENTITY, entityId: id, action: 'resubmit', before, after });
      tx.emit('public.changed', reportSubmitted(after));
      tx.emit('review.changed', reportStep(after, 'submitted', actor));
      return ProgressReportResponse.from(after);
    });
  }

  /** The Commission accepts or returns a submitted report (returning needs a comment). */
  async review(actor: Actor, id: string, dto: ReviewProgressReportDto): Promise<ProgressReportResponse> {
    assertRole(actor, COMMISSION_ROLES);
    const access = await this.db.accessToRow(actor, ProgressReport, id, WHAT, 'progress_reports.review');
    return this.db.run(access, async (tx) => {
      const report = await tx.findForWrite(ProgressReport, id, WHAT);
      if (report.status !== 'submitted') {
        throw AppException.conflict(
          `El informe está en estado «${label('reviewStatus', report.status)}»; solo un informe enviado puede revisarse.`,
          { currentStatus: report.status },
        );
      }
      const before = { ...report };
      const after = await tx.em.getRepository(ProgressReport).save(
        Object.assign(report, {
          status: dto.decision,
          reviewedBy: actor.userId,
          reviewedAt: new Date(),
          reviewComment: dto.comment ?? null,
        }),
      );
      await tx.audit({ entity: ENTITY, entityId: id, action: 'review', before, after });
      tx.emit('review.changed', reportStep(after, dto.decision, actor));
      return ProgressReportResponse.from(after);
    });
  }
}

/** The review loop's event of a step taken on a report (notices to the Commission or to the institution). */
function reportStep(r: ProgressReport, outcome: 'submitted' | 'accepted' | 'returned', actor: Actor): ReviewChanged {
  return {
    subject: 'report',
    subjectId: r.id,
    institutionId: r.institutionId,
    outcome,
    occurrence: r.version,
    comment: outcome === 'submitted' ? null : r.reviewComment,
    actorUserId: actor.userId,
    at: new Date().toISOString(),
    title: `trimestre ${r.quarter} de ${r.year}`,
  };
}

/** The public event of a (re)submitted quarterly report: which quarter, and when. */
function reportSubmitted(r: ProgressReport): PublicEvent {
  return {
    type: 'report_submitted',
    institutionId: r.institutionId,
    procedureId: null,
    subject: 'report',
    subjectId: r.id,
    changes: [
      { field: 'year', oldValue: null, newValue: r.year },
      { field: 'quarter', oldValue: null, newValue: r.quarter },
      { field: 'submittedAt', oldValue: null, newValue: r.submittedAt },
    ],
  };
}
