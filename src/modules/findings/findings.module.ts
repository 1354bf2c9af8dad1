import { Module } from '@nestjs/common';
import { FindingsController } from './findings.controller';
import { FindingsService } from './findings.service';

/** Findings the data raises by itself (computed by the scoring run; read and dismissed here). */
@Module({
  controllers: [FindingsController],
  providers: [FindingsService],
})
export class FindingsModule {}
