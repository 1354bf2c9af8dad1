import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { EntityChanged } from '../../events/event-map';
import { OnEvent } from '../../events/on-event.decorator';
import { JobName } from '../../queue/job-names';
import { JobQueue } from '../../queue/job-queue';

/**
 * On-change recompute: every committed write whose entity can move a score (ENTITY_EFFECTS) queues a recompute of its
 * institution, debounced (a burst of edits becomes one job: BullMQ deduplication by institution for the debounce
 * window, job-options.ts). Each institution recompute then asks for the national figures, debounced the same way under
 * one id, so a burst of edits across many institutions gives one national recompute (it reads every institution's
 * latest snapshot).
 */
@Injectable()
export class ScoringTrigger {
  constructor(private readonly jobs: JobQueue) {}

  @OnEvent('entity.changed')
  async onEntityChanged(events: readonly EntityChanged[]): Promise<void> {
    const institutions = new Set(events.flatMap((e) => (e.movesScore && e.institutionId ? [e.institutionId] : [])));
    for (const institutionId of institutions) await this.requestInstitution(institutionId);
  }

  requestInstitution(institutionId: string): Promise<Job> {
    return this.jobs.enqueue(JobName.RecomputeInstitutionScore, { institutionId }, { deduplicationId: `score:${institutionId}` });
  }

  requestNational(): Promise<Job> {
    return this.jobs.enqueue(JobName.RecomputeNationalScore, {}, { deduplicationId: 'score:national' });
  }

  requestAll(): Promise<Job> {
    return this.jobs.enqueue(JobName.RecomputeAllScores, {}, { deduplicationId: 'score:all' });
  }
}
