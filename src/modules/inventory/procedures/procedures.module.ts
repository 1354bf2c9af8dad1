import { Module } from '@nestjs/common';
import { ChangeLogService } from '../change-log/change-log.service';
import { RequirementsController } from '../requirements/requirements.controller';
import { RequirementsService } from '../requirements/requirements.service';
import { ProcedureLookup } from './procedure-lookup.service';
import { ProceduresController } from './procedures.controller';
import { ProceduresService } from './procedures.service';

/** Procedures, their effective-dated requirements and their change log. */
@Module({
  controllers: [ProceduresController, RequirementsController],
  providers: [ProceduresService, RequirementsService, ProcedureLookup, ChangeLogService],
  exports: [ProcedureLookup, ChangeLogService, RequirementsService],
})
export class ProceduresModule {}
