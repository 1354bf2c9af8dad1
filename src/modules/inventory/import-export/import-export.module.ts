import { Module } from '@nestjs/common';
import { ProceduresModule } from '../procedures/procedures.module';
import { ImportExportJobs } from './import-export.jobs';
import { InventoryImportExportController } from './inventory-import-export.controller';
import { InventoryImportsService } from './inventory-imports.service';
import { SpreadsheetUploadInterceptor } from './upload.interceptor';

/** Spreadsheet import (queued, processed by the worker) and export of the inventory, plus the blank template. */
@Module({
  imports: [ProceduresModule],
  controllers: [InventoryImportExportController],
  providers: [InventoryImportsService, ImportExportJobs, SpreadsheetUploadInterceptor],
  exports: [InventoryImportsService],
})
export class ImportExportModule {}
