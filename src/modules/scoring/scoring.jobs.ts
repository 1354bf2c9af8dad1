import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { AppConfig } from '../../config/app-config';
import { JobHandler } from '../../queue/job-handler.decorator';
import { JobName } from '../../queue/job-names';
import { QueueName } from '../../queue/queue-names';
import { EntityChanged } from '../../events/event-map';
import { OnEvent } from '../../events/on-event.decorator';
import { ScoringService } from './scoring.service';

export interface RecomputeInstitutionJob {
  institutionId: string;
}

/**
 * On-change recompute: every committed write whose entity can move a score (ENTITY_EFFECTS) queues a recompute of its institution,
 * debounced (a burst of edits becomes one job: BullMQ deduplication by institution for the debounce window).
 * Each institution recompute then asks for the national figures, debounced the same way under one id, so a burst
 * of edits across many institutions gives one national recompute (it reads every institution's latest snapshot).
 */
@Injectable()
export class ScoringTrigger {
  constructor(
    private readonly config: AppConfig,
    @InjectQueue(QueueName.Scoring) private readonly queue: Queue,
  ) {}

  @OnEvent('entity.changed')
  async onEntityChanged(events: readonly EntityChanged[]): Promise<void> {
    const institutions = new Set(events.filter((e) => e.movesScore && e.institutionId).map((e) => e.institutionId!));
    for (const institutionId of institutions) await this.requestInstitution(institutionId);
  }

  requestInstitution(institutionId: string): Promise<Job> {
    const ttl = this.config.worker.scoreDebounceMs;
    const data: RecomputeInstitutionJob = { institutionId };
    return this.queue.add(JobName.RecomputeInstitutionScore, data, { delay: ttl, deduplication: { id: `score:${institutionId}`, ttl } });
  }

  requestNational(): Promise<Job> {
    const ttl = this.config.worker.scoreDebounceMs;
    return this.queue.add(JobName.RecomputeNationalScore, {}, { delay: ttl, deduplication: { id: 'score:national', ttl } });
  }

  requestAll(): Promise<Job> {
    return this.queue.add(JobName.RecomputeAllScores, {}, { deduplication: { id: 'score:all' } });
  }
}

/** Worker side of scoring. The nightly full run computes the national figures itself, once, after every institution. */
@Injectable()
export class ScoringJobs {
  constructor(
    private readonly scoring: ScoringService,
    private readonly trigger: ScoringTrigger,
  ) {}

  @JobHandler(JobName.RecomputeAllScores)
  async all(_data: unknown, job: Job): Promise<{ institutions: number; procedures: number; ms: number }> {
    return this.scoring.recomputeAll(undefined, (done, total) => void job.updateProgress(Math.round((done / total) * 100)));
  }

  @JobHandler(JobName.RecomputeInstitutionScore)
  async institution(data: RecomputeInstitutionJob): Promise<{ score: number | null }> {
    const r = await this.scoring.recomputeInstitution(data.institutionId);
    await this.trigger.requestNational();
    return { score: r?.score ?? null };
  }

  @JobHandler(JobName.RecomputeNationalScore)
  async national(): Promise<{ score: number; institutions: number }> {
    return this.scoring.recomputeNational();
  }
}
