import { Module } from '@nestjs/common';
import { ProceduresModule } from '../procedures/procedures.module';
import { LegalDeadlinesController } from './legal-deadlines.controller';
import { LegalDeadlinesService } from './legal-deadlines.service';

/** Legal deadlines (transitory articles) as data, edited by administrators. */
@Module({
  imports: [ProceduresModule],
  controllers: [LegalDeadlinesController],
  providers: [LegalDeadlinesService],
  exports: [LegalDeadlinesService],
})
export class LegalDeadlinesModule {}
