import { Module } from '@nestjs/common';
import { ChangeLogService } from '../change-log/change-log.service';
import { ProcedureLookup } from './procedure-lookup.service';

@Module({
  controllers: [],
  providers: [ProcedureLookup, ChangeLogService],
  exports: [ProcedureLookup, ChangeLogService],
})
export class ProceduresModule {}
