import { Module } from '@nestjs/common';
import { AnalystFollowsController } from './analyst-follows.controller';
import { AnalystFollowsService } from './analyst-follows.service';

/** Analysts following institutions: who receives an institution's escalations and score drops. */
@Module({
  controllers: [AnalystFollowsController],
  providers: [AnalystFollowsService],
  exports: [AnalystFollowsService],
})
export class AnalystFollowsModule {}
