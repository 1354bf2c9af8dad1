import { Module } from '@nestjs/common';
import { ScoresController } from './scores.controller';
import { ScoresService } from './scores.service';
import { ScoringTrigger } from './scoring-trigger';
import { ScoringJobs } from './scoring.jobs';
import { ScoringService } from './scoring.service';

/** Compliance scores, indicators and administrative burden: computed by the worker, read through the API. */
@Module({
  controllers: [ScoresController],
  providers: [ScoringService, ScoresService, ScoringTrigger, ScoringJobs],
  exports: [ScoringService, ScoresService, ScoringTrigger],
})
export class ScoringModule {}
