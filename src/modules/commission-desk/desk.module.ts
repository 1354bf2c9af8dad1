import { Module } from '@nestjs/common';
import { DeskService } from './desk.service';

/** The Commission's desk: read models over every institution for the board, Atrasos, an institution's record and the home. */
@Module({
  providers: [DeskService],
  exports: [DeskService],
})
export class DeskModule {}
