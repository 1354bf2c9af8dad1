import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  StreamableFile,
  UploadedFiles,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { Actor } from '../../../common/auth/actor';
import { CurrentActor } from '../../../common/auth/auth.decorators';
import { uuidPipe } from '../../../common/http/uuid.pipe';
import {
  ExportQuery,
  ImportCreatedResponse,
  ImportFormFields,
  ImportListQuery,
  ImportOptionsQuery,
  ImportPage,
  ImportResponse,
} from './dto/inventory-import.dto';
import { InventoryImportsService, WorkbookFile } from './inventory-imports.service';
import { XLSX_MIME } from './spreadsheet/write-workbook';
import { MAX_UPLOAD_LABEL, SpreadsheetUploadInterceptor, UploadedSpreadsheet } from './upload.interceptor';

const download = (f: WorkbookFile): StreamableFile =>
  new StreamableFile(f.content, {
    type: XLSX_MIME,
    length: f.content.length,
    disposition: `attachment; filename="${f.fileName.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(f.fileName)}`,
  });

const XLSX_RESPONSE = { description: 'Libro XLSX', content: { [XLSX_MIME]: { schema: { type: 'string', format: 'binary' } } } };

@ApiTags('inventory import/export')
@ApiBearerAuth()
@Controller({ path: 'inventory', version: '1' })
export class InventoryImportExportController {
  constructor(private readonly imports: InventoryImportsService) {}

  @Post('imports')
  @HttpCode(HttpStatus.ACCEPTED)
  @UseInterceptors(SpreadsheetUploadInterceptor)
  @ApiOperation({
    summary: 'Importar el inventario desde una hoja de cálculo (XLSX o par de CSV), en la institución propia; se procesa en segundo plano',
    description:
      `Campos multipart: «file» (libro XLSX con las hojas tramites y requisitos) o «tramites» y «requisitos» (dos CSV). ` +
      `Máximo ${MAX_UPLOAD_LABEL}. dryRun=true solo valida y lista lo que cambiaría. La Comisión indica institutionId (carga auditada como suya). ` +
      'Consulte el resultado en GET /inventory/imports/{id}.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      properties: {
        file: { type: 'string', format: 'binary', description: 'Libro XLSX' },
        tramites: { type: 'string', format: 'binary', description: 'CSV de trámites' },
        requisitos: { type: 'string', format: 'binary', description: 'CSV de requisitos' },
        dryRun: { type: 'string', enum: ['true', 'false'] },
        institutionId: { type: 'string', format: 'uuid', description: 'Solo la Comisión' },
      },
    },
  })
  @ApiAcceptedResponse({ type: ImportCreatedResponse })
  create(
    @CurrentActor() actor: Actor,
    @UploadedFiles() files: UploadedSpreadsheet,
    @Body() fields: ImportFormFields,
    @Query() query: ImportOptionsQuery,
  ) {
    return this.imports.create(actor, files, fields, query);
  }

  @Get('imports')
  @ApiOperation({ summary: 'Importaciones de inventario (enlaces: las de su institución; Comisión: todas o por institución)' })
  @ApiOkResponse({ type: ImportPage })
  list(@CurrentActor() actor: Actor, @Query() query: ImportListQuery) {
    return this.imports.list(actor, query);
  }

  @Get('imports/:id')
  @ApiOperation({ summary: 'Estado, avance, conteos y problemas de una importación' })
  @ApiOkResponse({ type: ImportResponse })
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string) {
    return this.imports.get(actor, id);
  }

  @Post('imports/:id/confirm')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Confirmar una revisión (dryRun) sin problemas: importa el mismo archivo de verdad (nueva importación en cola)',
  })
  @ApiAcceptedResponse({ type: ImportCreatedResponse })
  confirm(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string) {
    return this.imports.confirm(actor, id);
  }

  @Get('template.xlsx')
  @ApiOperation({ summary: 'Plantilla XLSX del inventario (hojas tramites y requisitos, listas de valores y un ejemplo)' })
  @ApiProduces(XLSX_MIME)
  @ApiOkResponse(XLSX_RESPONSE)
  async template(@CurrentActor() actor: Actor) {
    return download(await this.imports.template(actor));
  }

  @Get('export.xlsx')
  @ApiOperation({ summary: 'Exportar el inventario vigente en el formato de importación (Comisión: indique institutionId)' })
  @ApiProduces(XLSX_MIME)
  @ApiOkResponse(XLSX_RESPONSE)
  async export(@CurrentActor() actor: Actor, @Query() query: ExportQuery) {
    return download(await this.imports.export(actor, query.institutionId));
  }
}
