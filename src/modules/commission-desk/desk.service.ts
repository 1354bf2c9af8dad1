import { Injectable } from '@nestjs/common';
import { Access, assertRole } from '../../common/auth/access';
import { Actor } from '../../common/auth/actor';
import { COMMISSION_ROLES } from '../../common/auth/roles';
import { AppException } from '../../common/errors/app.exception';
import { todayInGuatemala } from '../../common/time/guatemala-time';
import { Database } from '../../database/database.service';
import { activeMethodologyOf } from '../scoring/methodology';
import { BoardSort, DEFAULT_PLAN_REVIEW_DAYS, OverdueKind } from './desk-rules';
import {
  AuditTrailRow,
  BoardFilter,
  BoardRow,
  BoardTotals,
  DeskInstitutionRow,
  deskSummary,
  DeskSummaryRow,
  institutionAuditTrail,
  institutionByCode,
  institutionPeople,
  InstitutionPeopleRow,
  listBoard,
  listOverdue,
  listSectors,
  OverdueContext,
  OverdueRow,
} from './desk.sql';

export interface PageRequest {
  page: number;
  pageSize: number;
}

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

const offset = (p: PageRequest) => (p.page - 1) * p.pageSize;

/**
 * The Commission's desk (issue #15): the board of every institution, everything behind, one institution's record
 * (its people and audit trail with names) and the home counts. Read-only across institutions for Commission staff
 * (`Access.acrossInstitutions`, logged with its purpose); every query is one statement over all institutions, never
 * one per institution. Institution users get 403 here (the pages answer them 404 before).
 */
@Injectable()
export class DeskService {
  constructor(private readonly db: Database) {}

  async board(
    actor: Actor,
    filter: BoardFilter,
    sort: BoardSort,
    page: PageRequest,
  ): Promise<Paged<BoardRow> & BoardTotals & { sectors: string[]; date: string }> {
    assertRole(actor, COMMISSION_ROLES);
    return this.db.run(Access.acrossInstitutions(actor, 'desk.board'), async ({ em }) => {
      const ctx = await this.context(em, DEFAULT_PLAN_REVIEW_DAYS);
      const board = await listBoard(em, ctx, actor.userId!, filter, sort, { limit: page.pageSize, offset: offset(page) });
      const sectors = await listSectors(em);
      return { ...board, page: page.page, pageSize: page.pageSize, sectors, date: ctx.today };
    });
  }

  async overdue(
    actor: Actor,
    filter: { kind?: OverdueKind; followedOnly?: boolean; institutionId?: string; planReviewDays?: number },
    page: PageRequest,
  ): Promise<Paged<OverdueRow> & { byKind: Record<OverdueKind, number>; planReviewDays: number; date: string }> {
    assertRole(actor, COMMISSION_ROLES);
    const planReviewDays = filter.planReviewDays ?? DEFAULT_PLAN_REVIEW_DAYS;
    return this.db.run(Access.acrossInstitutions(actor, 'desk.overdue'), async ({ em }) => {
      const ctx = await this.context(em, planReviewDays);
      const { total, byKind, items } = await listOverdue(
        em,
        ctx,
        { kind: filter.kind, followedBy: filter.followedOnly ? actor.userId! : undefined, institutionId: filter.institutionId },
        { limit: page.pageSize, offset: offset(page) },
      );
      return { items, total, byKind, page: page.page, pageSize: page.pageSize, planReviewDays, date: ctx.today };
    });
  }

  /** The institution of a code (404 when there is none), with its own people. */
  async institution(actor: Actor, code: string): Promise<{ institution: DeskInstitutionRow; people: InstitutionPeopleRow[] }> {
    assertRole(actor, COMMISSION_ROLES);
    return this.db.run(Access.acrossInstitutions(actor, 'desk.institution'), async ({ em }) => {
      const institution = await institutionByCode(em, code);
      if (!institution) throw AppException.notFound('La institución');
      return { institution, people: await institutionPeople(em, institution.id) };
    });
  }

  async auditTrail(actor: Actor, institutionId: string, page: PageRequest): Promise<Paged<AuditTrailRow>> {
    assertRole(actor, COMMISSION_ROLES);
    return this.db.run(Access.acrossInstitutions(actor, 'desk.audit-trail'), async ({ em }) => {
      const { total, items } = await institutionAuditTrail(em, institutionId, { limit: page.pageSize, offset: offset(page) });
      return { items, total, page: page.page, pageSize: page.pageSize };
    });
  }

  /** The home's counts: waiting for review, behind (by kind), followed institutions. */
  async summary(actor: Actor): Promise<DeskSummaryRow & { overdue: Record<OverdueKind, number>; overdueFollowed: number }> {
    assertRole(actor, COMMISSION_ROLES);
    return this.db.run(Access.acrossInstitutions(actor, 'desk.summary'), async ({ em }) => {
      const ctx = await this.context(em, DEFAULT_PLAN_REVIEW_DAYS);
      const counts = await deskSummary(em, actor.userId!);
      const all = await listOverdue(em, ctx, {}, { limit: 0, offset: 0 });
      const mine = await listOverdue(em, ctx, { followedBy: actor.userId! }, { limit: 0, offset: 0 });
      return { ...counts, overdue: all.byKind, overdueFollowed: mine.total };
    });
  }

  async sectors(actor: Actor): Promise<string[]> {
    assertRole(actor, COMMISSION_ROLES);
    return this.db.run(Access.acrossInstitutions(actor, 'desk.sectors'), ({ em }) => listSectors(em));
  }

  private async context(em: import('typeorm').EntityManager, planReviewDays: number): Promise<OverdueContext> {
    const methodology = await activeMethodologyOf(em);
    return { today: todayInGuatemala(), reportingSince: methodology.parameters.reportingSince, planReviewDays };
  }
}
