import { Module } from '@nestjs/common';
import { RequirementsController } from './requirements/requirements.controller';
import { RequirementsService } from './requirements/requirements.service';
import { ProceduresController } from './procedures.controller';
import { ProceduresService } from './procedures.service';

/** Procedures, their effective-dated requirements and their change log. */
@Module({
  controllers: [ProceduresController, RequirementsController],
  providers: [ProceduresService, RequirementsService],
  exports: [RequirementsService, ProceduresService],
})
export class ProceduresModule {}
