import { Module } from '@nestjs/common';
import { EvidenceFilesController } from './evidence-files.controller';
import { EvidenceFilesService } from './evidence-files.service';

/** Evidence files (PDF, images, office documents ≤ 10 MB) in PostgreSQL under row-level security; reused by every record that cites one. */
@Module({
  controllers: [EvidenceFilesController],
  providers: [EvidenceFilesService],
  exports: [EvidenceFilesService],
})
export class EvidenceModule {}
