import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageMeta, PageQuery } from '../../../../common/pagination/page';
import { IMPORT_STATUSES, ImportProblem, ImportStatus, InventoryImport } from '../entities/inventory-import.entity';
import type { ImportPreview } from '../spreadsheet/plan-import';

export class ImportOptionsQuery {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    default: 'false',
    description: 'true: solo valida y lista lo que cambiaría, sin escribir nada',
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'dryRun debe ser true o false' })
  dryRun?: 'true' | 'false';

  @ApiPropertyOptional({
    description:
      'Solo la Comisión (analistas y administración): la institución cuyo inventario se carga; queda auditado como carga de la Comisión',
  })
  @IsOptional()
  @IsUUID()
  institutionId?: string;
}

/** Text fields of the multipart form (besides the files). */
export class ImportFormFields extends ImportOptionsQuery {}

export class ImportListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Solo la Comisión; los enlaces ven siempre su institución' })
  @IsOptional()
  @IsUUID()
  institutionId?: string;

  @ApiPropertyOptional({ enum: IMPORT_STATUSES })
  @IsOptional()
  @IsIn(IMPORT_STATUSES)
  status?: ImportStatus;
}

export class ExportQuery {
  @ApiPropertyOptional({ description: 'Obligatorio para la Comisión; los enlaces exportan siempre su institución' })
  @IsOptional()
  @IsUUID()
  institutionId?: string;
}

export class ImportCreatedResponse {
  @ApiProperty() id: string;
  @ApiProperty({ enum: IMPORT_STATUSES, example: 'queued' }) status: ImportStatus;
  @ApiProperty() dryRun: boolean;
}

class ImportProblemResponse {
  @ApiProperty({ enum: ['tramites', 'requisitos', 'archivo'] }) sheet: ImportProblem['sheet'];
  @ApiProperty({ nullable: true, type: Number, description: 'Fila de la hoja (encabezado = 1, primera fila de datos = 2)' }) row:
    number | null;
  @ApiProperty({ nullable: true, type: String, example: 'costo_gtq' }) column: string | null;
  @ApiProperty({ example: 'no puede ser negativo' }) message: string;
}

/** Stored in `problems` next to the errors; a notice never blocks the import. */
export type StoredProblem = ImportProblem & { severity?: 'error' | 'notice' };

export class ImportSummaryResponse {
  @ApiProperty() id: string;
  @ApiProperty() institutionId: string;
  @ApiProperty({ example: 'inventario.xlsx' }) fileName: string;
  @ApiProperty({ enum: ['xlsx', 'csv'] }) format: string;
  @ApiProperty() dryRun: boolean;
  @ApiProperty({ enum: IMPORT_STATUSES }) status: ImportStatus;
  @ApiProperty({ minimum: 0, maximum: 100 }) progress: number;
  @ApiProperty({
    nullable: true,
    type: Object,
    description:
      'proceduresCreated, proceduresUpdated, proceduresUnchanged, requirementsCreated, requirementsUpdated, requirementsUnchanged, requirementsEliminated, …',
  })
  counts: Record<string, number> | null;
  @ApiProperty() problemCount: number;
  @ApiProperty() createdBy: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date }) finishedAt: Date | null;

  static from(i: InventoryImport): ImportSummaryResponse {
    const stored = (i.problems ?? []) as StoredProblem[];
    return {
      id: i.id,
      institutionId: i.institutionId,
      fileName: i.fileName,
      format: i.format,
      dryRun: i.dryRun,
      status: i.status,
      progress: i.progress,
      counts: i.counts,
      problemCount: stored.filter((p) => p.severity !== 'notice').length,
      createdBy: i.createdBy,
      createdAt: i.createdAt,
      finishedAt: i.finishedAt,
    };
  }
}

class ImportPreviewResponse {
  @ApiProperty({
    type: Object,
    example: {
      created: [{ code: 'MINECO-010', name: 'Registro de…' }],
      updated: [{ code: 'MINECO-001', name: '…', changes: [{ field: 'feeGtq', oldValue: '100.00', newValue: null }] }],
    },
  })
  procedures: ImportPreview['procedures'];
  @ApiProperty({
    type: Object,
    description: 'created, updated (campo por campo) y eliminated (con prohibitedKind si era una práctica prohibida)',
  })
  requirements: ImportPreview['requirements'];
  @ApiProperty({ description: 'true: alguna lista se recortó a 1000 elementos (los conteos están completos)' }) truncated: boolean;
}

export class ImportResponse extends ImportSummaryResponse {
  @ApiProperty({ description: 'Falso si el archivo tiene problemas (una importación real con problemas no escribe nada)' }) valid: boolean;
  @ApiProperty({ type: [ImportProblemResponse], description: 'Todos los problemas, ubicados por hoja, fila y columna' })
  problems: ImportProblemResponse[];
  @ApiProperty({
    type: [ImportProblemResponse],
    description: 'Avisos que no impiden importar (cambios de nombre, requisitos que se eliminarían, codificación, columnas ignoradas…)',
  })
  notices: ImportProblemResponse[];
  @ApiProperty({
    type: ImportPreviewResponse,
    nullable: true,
    description: 'Exactamente lo que una importación real crea, cambia y elimina, por código y nombre',
  })
  preview: ImportPreview | null;

  static override from(i: InventoryImport): ImportResponse {
    const stored = (i.problems ?? []) as StoredProblem[];
    const strip = ({ sheet, row, column, message }: StoredProblem): ImportProblemResponse => ({ sheet, row, column, message });
    const problems = stored.filter((p) => p.severity !== 'notice').map(strip);
    return {
      ...ImportSummaryResponse.from(i),
      valid: problems.length === 0,
      problems,
      notices: stored.filter((p) => p.severity === 'notice').map(strip),
      preview: i.preview ?? null,
    };
  }
}

export class ImportPage extends PageMeta {
  @ApiProperty({ type: [ImportSummaryResponse] }) items: ImportSummaryResponse[];
}
