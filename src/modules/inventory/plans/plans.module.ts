import { Module } from '@nestjs/common';
import { EvidenceModule } from '../../evidence/evidence.module';
import { MilestonesController } from './milestones.controller';
import { MilestonesService } from './milestones.service';
import { PlansController } from './plans.controller';
import { PlansService } from './plans.service';
import { RationalisationActionsController } from './rationalisation-actions.controller';
import { RationalisationActionsService } from './rationalisation-actions.service';

/** Simplification plans, their milestones, and rationalisation actions on procedures. */
@Module({
  imports: [EvidenceModule],
  controllers: [PlansController, MilestonesController, RationalisationActionsController],
  providers: [PlansService, MilestonesService, RationalisationActionsService],
  exports: [PlansService, MilestonesService],
})
export class PlansModule {}
