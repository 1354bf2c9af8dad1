import { Module } from '@nestjs/common';
import { EvidenceModule } from '../../evidence/evidence.module';
import { AssessmentsController, ProcedureAssessmentsController } from './maturity-assessments.controller';
import { MaturityAssessmentsService } from './maturity-assessments.service';
import { MaturityModelsController } from './maturity-models.controller';
import { MaturityModelsService } from './maturity-models.service';

/** The versioned maturity scale and the assessments that set each procedure's validated level. */
@Module({
  imports: [EvidenceModule],
  controllers: [MaturityModelsController, ProcedureAssessmentsController, AssessmentsController],
  providers: [MaturityModelsService, MaturityAssessmentsService],
  exports: [MaturityModelsService, MaturityAssessmentsService],
})
export class MaturityModule {}
