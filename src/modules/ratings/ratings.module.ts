import { Module } from '@nestjs/common';
import { RatingsService } from './ratings.service';

/** Citizens' ratings of procedures (issue 18): see RatingsService. */
@Module({ providers: [RatingsService], exports: [RatingsService] })
export class RatingsModule {}
