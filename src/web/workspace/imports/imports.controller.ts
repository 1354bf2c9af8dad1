import { Controller, Get, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import multer from 'multer';
import { Actor } from '../../../common/auth/actor';
import { Public } from '../../../common/auth/auth.decorators';
import { AppException } from '../../../common/errors/app.exception';
import { labelCap } from '../../../common/glossary/glossary';
import { uuidPipe } from '../../../common/http/uuid.pipe';
import { formatDateTimeGt } from '../../../common/time/guatemala-time';
import { format } from '../../../common/views/handlebars-setup';
import {
  ImportFormFields,
  ImportListQuery,
  ImportOptionsQuery,
  ImportResponse,
} from '../../../modules/inventory/import-export/dto/inventory-import.dto';
import { IMPORT_UPLOAD, InventoryImportsService, WorkbookFile } from '../../../modules/inventory/import-export/inventory-imports.service';
import { attachmentDisposition } from '../../../modules/evidence/sniff-evidence';
import type { FieldChange } from '../../../modules/inventory/rules/change-log';
import { changeText } from '../inventory/inventory.controller';
import { refusalOf } from '../forms';
import { SignInRedirectFilter, WorkspaceGuard } from '../session/workspace.guard';
import { readMultipart, uploadRefusal } from '../uploads';
import { WorkspaceResponder } from '../workspace-responder';

const BASE = '/app/importar';
/** The file inputs of the form: the API's multipart fields (one XLSX, or the CSV pair). */
const UPLOAD_FIELDS = IMPORT_UPLOAD.fields;
type UploadedSpreadsheet = NonNullable<Parameters<InventoryImportsService['create']>[1]>;
type ImportProblemResponse = ImportResponse['problems'][number];
const crumbs = [{ text: 'Importar', href: BASE }];
/** Seconds between the progress page's refreshes (the `Refresh` header: no JavaScript). */
const REFRESH_SECONDS = 2;

const upload = multer({
  storage: IMPORT_UPLOAD.storage(),
  limits: { fileSize: IMPORT_UPLOAD.maxBytes, files: 3, fields: 5, fieldSize: 1024, parts: 10 },
  defParamCharset: 'utf8',
}).fields(UPLOAD_FIELDS.map((name) => ({ name, maxCount: 1 })));

const SHEETS: Record<string, string> = { tramites: 'Trámites', requisitos: 'Requisitos', archivo: 'Archivo' };
const located = (p: ImportProblemResponse) => ({
  sheet: SHEETS[p.sheet] ?? p.sheet,
  row: p.row ?? '—',
  column: p.column ?? '—',
  message: p.message,
});
const valueText = (field: string, v: unknown): string =>
  Array.isArray(v) && !v.length ? 'ninguno' : field === 'feeGtq' && v !== null && v !== undefined ? format.gtq(v) : changeText(field, v);
const changes = (list: FieldChange[]) =>
  list.map((c) => ({ field: labelCap('changeField', c.field), from: valueText(c.field, c.oldValue), to: valueText(c.field, c.newValue) }));

function sendWorkbook(res: Response, f: WorkbookFile): void {
  res.status(200);
  res.setHeader('Content-Type', IMPORT_UPLOAD.workbookType);
  res.setHeader('Content-Length', String(f.content.length));
  res.setHeader('Content-Disposition', attachmentDisposition(f.fileName));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'private, no-store');
  res.end(f.content);
}

/**
 * "Importar": upload an XLSX workbook or the two CSV files; the file is first reviewed (a dry run: every problem
 * located by sheet, row and column, and exactly what would be created, changed and eliminated, by name); the person
 * confirms and watches the progress on a page that refreshes itself (no JavaScript) until it is done. Also the
 * template and the current export. Every action calls InventoryImportsService, as the API.
 */
@ApiExcludeController()
@Public()
@UseGuards(WorkspaceGuard)
@UseFilters(SignInRedirectFilter)
@Controller('app/importar')
export class ImportsController {
  constructor(
    private readonly imports: InventoryImportsService,
    private readonly pages: WorkspaceResponder,
  ) {}

  @Get()
  async start(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.renderStart(req, res, {}, null);
  }

  @Post()
  async review(@Req() req: Request, @Res() res: Response): Promise<void> {
    const actor = req.actor as Actor;
    try {
      await readMultipart(req, res, upload, () => IMPORT_UPLOAD.tooLarge());
      const files = (req.files ?? {}) as UploadedSpreadsheet;
      for (const f of UPLOAD_FIELDS) if (files[f] && !files[f]![0]?.size) delete files[f]; // an empty file input sends an empty part
      const created = await this.imports.create(
        actor,
        files,
        Object.assign(new ImportFormFields(), { dryRun: 'true' }),
        new ImportOptionsQuery(),
      );
      this.pages.redirect(res, `${BASE}/${created.id}`, req);
    } catch (e) {
      const r = uploadRefusal(e);
      // the upload check locates its refusal as { field, message } (the file input it concerns)
      const details = e instanceof AppException && Array.isArray(e.details) ? (e.details as Array<{ field?: unknown }>) : [];
      const field = details
        .map((d) => d.field)
        .find((f): f is string => typeof f === 'string' && (UPLOAD_FIELDS as readonly string[]).includes(f));
      if (field && !Object.keys(r.errors).length) await this.renderStart(req, res, { [field]: r.summary ?? '' }, null, r.status);
      else await this.renderStart(req, res, r.errors, r.summary, r.status);
    }
  }

  @Get('plantilla.xlsx')
  async template(@Req() req: Request, @Res() res: Response): Promise<void> {
    sendWorkbook(res, await this.imports.template(req.actor as Actor));
  }

  @Get('inventario-actual.xlsx')
  async export(@Req() req: Request, @Res() res: Response): Promise<void> {
    sendWorkbook(res, await this.imports.export(req.actor as Actor));
  }

  @Get(':id')
  async status(@Req() req: Request, @Res() res: Response, @Param('id', uuidPipe) id: string): Promise<void> {
    const i = await this.imports.get(req.actor as Actor, id);
    this.renderStatus(req, res, i, null);
  }

  @Post(':id/confirmar')
  async confirm(@Req() req: Request, @Res() res: Response, @Param('id', uuidPipe) id: string): Promise<void> {
    const actor = req.actor as Actor;
    try {
      const created = await this.imports.confirm(actor, id);
      this.pages.redirect(res, `${BASE}/${created.id}`, req, 'Importación confirmada: se está aplicando al inventario.');
    } catch (e) {
      const r = refusalOf(e);
      this.renderStatus(req, res, await this.imports.get(actor, id), r.summary, r.status);
    }
  }

  private async renderStart(
    req: Request,
    res: Response,
    errors: Record<string, string>,
    summary: string | null,
    status = 200,
  ): Promise<void> {
    const recent = await this.imports.list(req.actor as Actor, Object.assign(new ImportListQuery(), { pageSize: 10 }));
    const fileErrors = Object.fromEntries(UPLOAD_FIELDS.map((f) => [f, errors[f] ?? null]));
    const errorLinks = UPLOAD_FIELDS.filter((f) => errors[f]).map((f) => ({ href: `#f-${f}`, text: errors[f] }));
    const refused = summary ?? (Object.keys(errors).length && !errorLinks.length ? Object.values(errors)[0] : null);
    this.pages.html(
      req,
      res,
      'workspace/imports/start',
      {
        summary: refused,
        errors: errorLinks,
        fileErrors,
        maxLabel: IMPORT_UPLOAD.maxLabel,
        recent: recent.items.map((r) => ({
          id: r.id,
          fileName: r.fileName,
          when: formatDateTimeGt(new Date(r.createdAt)),
          kind: r.dryRun ? 'Revisión' : 'Importación',
          status: statusText(r.status, r.dryRun, r.problemCount),
        })),
      },
      { title: 'Importar', section: 'importar' },
      status,
    );
  }

  private renderStatus(req: Request, res: Response, i: ImportResponse, summary: string | null, status = 200): void {
    const running = i.status === 'queued' || i.status === 'running';
    if (running) res.setHeader('Refresh', String(REFRESH_SECONDS));
    const c = i.counts ?? {};
    const p = i.preview;
    const n = (k: string) => format.integer(c[k] ?? 0);
    this.pages.html(
      req,
      res,
      'workspace/imports/status',
      {
        i: { ...i, when: formatDateTimeGt(new Date(i.createdAt)) },
        summary,
        errors: [],
        running,
        refreshSeconds: REFRESH_SECONDS,
        heading: running
          ? i.dryRun
            ? 'Revisando el archivo…'
            : 'Importando…'
          : i.dryRun
            ? i.valid
              ? 'El archivo está listo para importarse'
              : 'El archivo tiene problemas'
            : i.status === 'completed'
              ? 'Importación completada'
              : 'La importación no se aplicó',
        canConfirm: i.dryRun && i.status === 'completed' && i.valid,
        problems: i.problems.map(located),
        notices: i.notices.map(located),
        totals:
          !running && i.counts
            ? [
                { key: 'Trámites nuevos', value: n('proceduresCreated') },
                { key: 'Trámites modificados', value: n('proceduresUpdated') },
                { key: 'Trámites sin cambios', value: n('proceduresUnchanged') },
                { key: 'Requisitos nuevos', value: n('requirementsCreated') },
                { key: 'Requisitos modificados', value: n('requirementsUpdated') },
                { key: 'Requisitos eliminados', value: n('requirementsEliminated') },
              ]
            : [],
        preview:
          p && !running
            ? {
                created: p.procedures.created,
                updated: p.procedures.updated.map((u) => ({ ...u, changes: changes(u.changes) })),
                reqCreated: p.requirements.created,
                reqUpdated: p.requirements.updated.map((u) => ({ ...u, changes: changes(u.changes) })),
                reqEliminated: p.requirements.eliminated.map((e) => ({
                  ...e,
                  prohibited: e.prohibitedKind ? labelCap('prohibitedKind', e.prohibitedKind) : null,
                })),
                truncated: p.truncated,
                empty:
                  !p.procedures.created.length &&
                  !p.procedures.updated.length &&
                  !p.requirements.created.length &&
                  !p.requirements.updated.length &&
                  !p.requirements.eliminated.length,
              }
            : null,
        future: i.dryRun, // "would be" vs "was"
      },
      { title: running ? 'Procesando la importación' : 'Resultado de la importación', section: 'importar', breadcrumbs: crumbs },
      status,
    );
  }
}

function statusText(status: string, dryRun: boolean, problems: number): string {
  if (status === 'queued' || status === 'running') return 'En proceso';
  if (status === 'failed')
    return problems ? `No aplicada (${format.integer(problems)} ${problems === 1 ? 'problema' : 'problemas'})` : 'No aplicada';
  if (dryRun) return problems ? `${format.integer(problems)} ${problems === 1 ? 'problema' : 'problemas'}` : 'Lista para importar';
  return 'Aplicada';
}
