import { Module } from '@nestjs/common';
import { ProceduresModule } from '../procedures/procedures.module';
import { ProgressReportsController } from './progress-reports.controller';
import { ProgressReportsService } from './progress-reports.service';

/** Quarterly progress reports of the institutions and their review by the Commission. */
@Module({
  imports: [ProceduresModule],
  controllers: [ProgressReportsController],
  providers: [ProgressReportsService],
  exports: [ProgressReportsService],
})
export class ProgressReportsModule {}
