import { Module } from '@nestjs/common';
import { ProceduresModule } from '../procedures/procedures.module';

@Module({
  imports: [ProceduresModule],
  controllers: [],
  providers: [],
})
export class PlansModule {}
