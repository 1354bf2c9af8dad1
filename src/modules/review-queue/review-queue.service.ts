import { Injectable } from '@nestjs/common';
import { Access, assertRole } from '../../common/auth/access';
import { Actor } from '../../common/auth/actor';
import { COMMISSION_ROLES } from '../../common/auth/roles';
import { offsetOf, Page, pageOf } from '../../common/pagination/page';
import { Database } from '../../database/database.service';
import { ReviewQueueListQuery } from './review-queue.dto';
import { listWaiting, ReviewQueueRow } from './review-queue.sql';

/**
 * The Commission's review queue: every submitted maturity assessment, simplification plan and quarterly report across
 * institutions, oldest first, with how long each has waited. Decisions go through the services that own each item
 * (MaturityAssessmentsService.validate/reject, PlansService.approve/returnToDraft, ProgressReportsService.review).
 */
@Injectable()
export class ReviewQueueService {
  constructor(private readonly db: Database) {}

  async list(actor: Actor, query: ReviewQueueListQuery): Promise<Page<ReviewQueueRow>> {
    assertRole(actor, COMMISSION_ROLES);
    return this.db.run(Access.acrossInstitutions(actor, 'review-queue.list'), async ({ em }) => {
      const { total, rows } = await listWaiting(
        em,
        actor.userId!,
        { kind: query.kind, followed: query.followed },
        { limit: query.pageSize, offset: offsetOf(query) },
      );
      return pageOf(rows, total, query);
    });
  }
}
