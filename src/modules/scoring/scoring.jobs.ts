import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobHandler } from '../../queue/job-handler.decorator';
import { JobName } from '../../queue/job-names';
import { ScoringTrigger } from './scoring-trigger';
import { ScoringService } from './scoring.service';

export interface RecomputeInstitutionJob {
  institutionId: string;
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
