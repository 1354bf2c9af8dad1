import { Body, Controller, Get, HttpStatus, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor } from '../../../common/auth/actor';
import { Public } from '../../../common/auth/auth.decorators';
import { AppException } from '../../../common/errors/app.exception';
import { entries, label, labelCap, term } from '../../../common/glossary/glossary';
import { uuidPipe } from '../../../common/http/uuid.pipe';
import { PageQuery } from '../../../common/pagination/page';
import { todayInGuatemala } from '../../../common/time/guatemala-time';
import { format } from '../../../common/views/handlebars-setup';
import {
  CreateProcedureDto,
  ProcedureQuery,
  ProcedureResponse,
  UpdateProcedureDto,
} from '../../../modules/inventory/procedures/dto/procedure.dto';
import { ProceduresService } from '../../../modules/inventory/procedures/procedures.service';
import {
  CreateRequirementDto,
  EndRequirementDto,
  ENDING_STATUSES,
  RequirementQuery,
} from '../../../modules/inventory/procedures/requirements/dto/requirement.dto';
import { RequirementsService } from '../../../modules/inventory/procedures/requirements/requirements.service';
import { errorList, FieldErrors, readQuery, selectField, textField } from '../../forms/form-fields';
import { dtoFrom, formObject, submitForm } from '../forms';
import { SignInRedirectFilter, WorkspaceGuard } from '../session/workspace.guard';
import { WorkspaceResponder } from '../workspace-responder';
import { PROCEDURE_FORM, procedureFields, procedureValues, REQUIREMENT_FORM, requirementFields } from './inventory.forms';

const BASE = '/app/inventario';
const PAGE_SIZE = 25;
const SORTS = [
  { value: 'code', text: 'Código' },
  { value: 'name', text: 'Nombre' },
  { value: '-updatedAt', text: 'Modificados recientemente' },
  { value: '-currentLevel', text: 'Nivel de madurez (mayor primero)' },
  { value: '-annualVolume', text: 'Solicitudes al año (más primero)' },
];
const crumbs = [{ text: 'Inventario', href: BASE }];
const show = (v: unknown): string =>
  v === null || v === undefined || v === ''
    ? 'sin dato'
    : Array.isArray(v)
      ? v.join(', ')
      : typeof v === 'boolean'
        ? v
          ? 'sí'
          : 'no'
        : String(v);

/** A stored change value as a person reads it (codes through the glossary where the field has one). */
export function changeText(field: string | null, value: unknown): string {
  if (value === null || value === undefined) return 'sin dato';
  const group = (
    {
      audience: 'audience',
      status: 'procedureStatus',
      evidenceType: 'evidenceType',
      issuer: 'issuer',
      legalBasisType: 'legalBasisType',
      prohibitedKind: 'prohibitedKind',
    } as const
  )[field ?? ''];
  if (group && typeof value === 'string')
    return term(group, value)?.label ?? (field === 'status' ? label('requirementStatus', value) : value);
  if (field === 'channels' && Array.isArray(value)) return value.map((c) => label('channel', String(c))).join(', ');
  return show(value);
}

/**
 * "Inventario": the institution's procedures — list, search, filter and sort; a procedure with its requirements in
 * force and eliminated and its change history; create and edit (the server's messages beside each field, values
 * kept; a conflict page when someone else saved first, from the optimistic version of updateVersioned); add a
 * requirement; eliminate one with its date. Every action calls ProceduresService / RequirementsService, as the API.
 * Another institution's procedure is "not found" (404), as in the API.
 */
@ApiExcludeController()
@Public()
@UseGuards(WorkspaceGuard)
@UseFilters(SignInRedirectFilter)
@Controller('app/inventario')
export class InventoryController {
  constructor(
    private readonly procedures: ProceduresService,
    private readonly requirements: RequirementsService,
    private readonly pages: WorkspaceResponder,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response, @Query() raw: Record<string, unknown>): Promise<void> {
    const { value: q, errors } = readQuery(ProcedureQuery, raw);
    q.pageSize = PAGE_SIZE;
    if (!SORTS.some((s) => s.value === q.sort)) q.sort = 'code';
    const result = await this.procedures.list(req.actor as Actor, Object.assign(new ProcedureQuery(), q, { institutionId: undefined }));
    const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
    const link = (page: number) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries({ q: q.q, status: q.status, level: q.level, sort: q.sort, page }))
        if (v !== undefined && v !== '') params.set(k, String(v));
      return `${BASE}?${params}`;
    };
    const fields = [
      textField('q', 'Buscar por nombre o código', q.q, errors),
      selectField(
        'status',
        'Estado',
        entries('procedureStatus').map((e) => ({ value: e.code, text: labelCap('procedureStatus', e.code) })),
        q.status,
        errors,
        { any: 'Todos' },
      ),
      selectField(
        'level',
        'Nivel de madurez',
        [0, 1, 2, 3, 4, 5].map((l) => ({ value: String(l), text: `Nivel ${l}` })),
        q.level,
        errors,
        { any: 'Todos' },
      ),
      selectField('sort', 'Ordenar por', SORTS, q.sort, errors),
    ];
    this.pages.html(
      req,
      res,
      'workspace/inventory/list',
      {
        fields,
        errors: errorList(fields),
        total: result.total,
        page: result.page,
        pages,
        previous: result.page > 1 ? link(result.page - 1) : null,
        next: result.page < pages ? link(result.page + 1) : null,
        items: result.items.map((p) => ({
          id: p.id,
          code: p.code,
          name: p.name,
          level: p.currentLevel,
          status: labelCap('procedureStatus', p.status),
          fee: p.feeGtq === null ? 'sin dato' : format.gtq(p.feeGtq),
          updatedAt: format.date(p.updatedAt),
        })),
      },
      { title: 'Inventario', section: 'inventario' },
    );
  }

  // ---- Create --------------------------------------------------------------------------------------------------

  @Get('nuevo')
  createPage(@Req() req: Request, @Res() res: Response): void {
    this.renderProcedureForm(req, res, null, { audience: 'both' }, {}, null);
  }

  @Post('nuevo')
  async create(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const { plain, values } = formObject(body, PROCEDURE_FORM, 'create');
    await submitForm(this.pages, req, res, dtoFrom(CreateProcedureDto, plain), {
      act: async (dto) => {
        const created = await this.procedures.create(req.actor as Actor, dto);
        return { to: `${BASE}/${created.id}`, notice: `Se registró el trámite ${created.code}. Agregue ahora sus requisitos.` };
      },
      render: (errors, summary, status) => this.renderProcedureForm(req, res, null, values, errors, summary, status),
    });
  }

  // ---- One procedure -------------------------------------------------------------------------------------------

  @Get(':id')
  async detail(@Req() req: Request, @Res() res: Response, @Param('id', uuidPipe) id: string): Promise<void> {
    const actor = req.actor as Actor;
    const p = await this.procedures.get(actor, id);
    const [all, changes] = await Promise.all([
      this.requirements.list(actor, id, Object.assign(new RequirementQuery(), { history: 'true' })),
      this.procedures.changes(actor, id, Object.assign(new PageQuery(), { pageSize: 100 })),
    ]);
    const today = todayInGuatemala();
    const inForce = all.items.filter((r) => r.status === 'active' && r.effectiveFrom <= today && (!r.effectiveTo || r.effectiveTo > today));
    const ended = all.items.filter((r) => r.status !== 'active');
    const names = new Map(all.items.map((r) => [r.id, r.name]));
    this.pages.html(
      req,
      res,
      'workspace/inventory/procedure',
      {
        p: { ...p, statusText: labelCap('procedureStatus', p.status) },
        facts: procedureFacts(p),
        warnings: p.warnings,
        inForce: inForce.map((r) => ({
          id: r.id,
          name: r.name,
          evidence: labelCap('evidenceType', r.evidenceType),
          issuer: r.issuerInstitution ?? labelCap('issuer', r.issuer),
          legal: r.legalBasisReference ?? labelCap('legalBasisType', r.legalBasisType),
          prohibited: r.prohibitedKind ? labelCap('prohibitedKind', r.prohibitedKind) : null,
          since: format.date(r.effectiveFrom),
        })),
        ended: ended.map((r) => ({
          name: r.name,
          status: labelCap('requirementStatus', r.status),
          until: r.effectiveTo ? format.date(r.effectiveTo) : 'sin dato',
          act: r.endedByAct ?? 'sin dato',
        })),
        changes: changes.items.map((c) => ({
          at: format.date(c.changedAt),
          what: c.subject === 'requirement' ? `Requisito «${names.get(c.subjectId) ?? 'eliminado'}»` : 'Trámite',
          action: ({ create: 'registro', update: 'cambio', eliminate: 'eliminación' } as Record<string, string>)[c.action] ?? c.action,
          field: c.field ? labelCap('changeField', c.field) : '—',
          from: c.field ? changeText(c.field, c.oldValue) : '—',
          to: c.field ? changeText(c.field, c.newValue) : '—',
        })),
      },
      { title: `${p.code} · ${p.name}`, section: 'inventario', breadcrumbs: crumbs },
    );
  }

  // ---- Edit (with the conflict page) ---------------------------------------------------------------------------

  @Get(':id/editar')
  async editPage(@Req() req: Request, @Res() res: Response, @Param('id', uuidPipe) id: string): Promise<void> {
    const p = await this.procedures.get(req.actor as Actor, id);
    this.renderProcedureForm(req, res, p, procedureValues(p), {}, null);
  }

  @Post(':id/editar')
  async edit(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuidPipe) id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const actor = req.actor as Actor;
    const { plain, values } = formObject(body, PROCEDURE_FORM, 'update');
    const version = Number(body.version);
    await submitForm(this.pages, req, res, dtoFrom(UpdateProcedureDto, { ...plain, version }), {
      act: async (dto) => {
        const saved = await this.procedures.update(actor, id, dto);
        return { to: `${BASE}/${id}`, notice: `Se guardaron los cambios del trámite ${saved.code}.` };
      },
      render: async (errors, summary, status) =>
        this.renderProcedureForm(req, res, await this.procedures.get(actor, id), values, errors, summary, status, version),
      conflict: async () => this.renderConflict(req, res, await this.procedures.get(actor, id), values),
    });
  }

  private renderProcedureForm(
    req: Request,
    res: Response,
    p: ProcedureResponse | null,
    values: Record<string, unknown>,
    errors: FieldErrors,
    summary: string | null,
    status = 200,
    version?: number,
  ): void {
    const fields = procedureFields(values as Parameters<typeof procedureFields>[0], errors);
    this.pages.html(
      req,
      res,
      'workspace/inventory/procedure-form',
      {
        p,
        fields,
        errors: errorList(fields),
        summary,
        version: version ?? p?.version ?? null,
        action: p ? `${BASE}/${p.id}/editar` : `${BASE}/nuevo`,
      },
      {
        title: p ? `Editar ${p.code}` : 'Registrar un trámite',
        section: 'inventario',
        breadcrumbs: p ? [...crumbs, { text: p.code, href: `${BASE}/${p.id}` }] : crumbs,
      },
      status,
    );
  }

  /** Someone else saved first: both versions side by side; the person keeps theirs (over the new version) or drops it. */
  private renderConflict(req: Request, res: Response, current: ProcedureResponse, mine: Record<string, string | string[]>): void {
    const stored = procedureValues(current);
    const rows = Object.keys(PROCEDURE_FORM).map((name) => {
      const theirs = show(stored[name]);
      const kind = PROCEDURE_FORM[name];
      const minev =
        kind === 'bool' ? show(mine[name] === 'true') : show(Array.isArray(mine[name]) ? mine[name] : (mine[name] as string)?.trim());
      return { label: labelCap('changeField', name), mine: minev, theirs, differs: minev !== theirs };
    });
    const hidden = Object.entries(mine).flatMap(([name, v]) =>
      Array.isArray(v) ? v.map((x) => ({ name, value: x })) : [{ name, value: v }],
    );
    this.pages.html(
      req,
      res,
      'workspace/inventory/conflict',
      {
        p: current,
        rows,
        hidden,
        version: current.version,
        action: `${BASE}/${current.id}/editar`,
      },
      {
        title: `Otra persona guardó antes: ${current.code}`,
        section: 'inventario',
        breadcrumbs: [...crumbs, { text: current.code, href: `${BASE}/${current.id}` }],
      },
      HttpStatus.CONFLICT,
    );
  }

  // ---- Requirements --------------------------------------------------------------------------------------------

  @Get(':id/requisitos/nuevo')
  async requirementPage(@Req() req: Request, @Res() res: Response, @Param('id', uuidPipe) id: string): Promise<void> {
    const p = await this.procedures.get(req.actor as Actor, id);
    this.renderRequirementForm(req, res, p, {}, {}, null);
  }

  @Post(':id/requisitos/nuevo')
  async addRequirement(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuidPipe) id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const actor = req.actor as Actor;
    const p = await this.procedures.get(actor, id);
    const { plain, values } = formObject(body, REQUIREMENT_FORM, 'create');
    await submitForm(this.pages, req, res, dtoFrom(CreateRequirementDto, plain), {
      act: async (dto) => {
        const r = await this.requirements.create(actor, id, dto);
        return { to: `${BASE}/${id}`, notice: `Se agregó el requisito «${r.name}».` };
      },
      render: (errors, summary, status) => this.renderRequirementForm(req, res, p, values, errors, summary, status),
    });
  }

  private renderRequirementForm(
    req: Request,
    res: Response,
    p: ProcedureResponse,
    values: Record<string, unknown>,
    errors: FieldErrors,
    summary: string | null,
    status = 200,
  ): void {
    const fields = requirementFields(values as Parameters<typeof requirementFields>[0], errors);
    this.pages.html(
      req,
      res,
      'workspace/inventory/requirement-form',
      { p, fields, errors: errorList(fields), summary },
      {
        title: `Agregar un requisito a ${p.code}`,
        section: 'inventario',
        breadcrumbs: [...crumbs, { text: p.code, href: `${BASE}/${p.id}` }],
      },
      status,
    );
  }

  @Get(':id/requisitos/:rid/eliminar')
  async endPage(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuidPipe) id: string,
    @Param('rid', uuidPipe) rid: string,
  ): Promise<void> {
    const actor = req.actor as Actor;
    const [p, r] = await Promise.all([this.procedures.get(actor, id), this.requirements.get(actor, rid)]);
    if (r.procedureId !== p.id) throw AppException.notFound('El requisito');
    this.renderEnd(req, res, p, r, { effectiveTo: todayInGuatemala(), status: 'eliminated' }, {}, null);
  }

  @Post(':id/requisitos/:rid/eliminar')
  async end(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuidPipe) id: string,
    @Param('rid', uuidPipe) rid: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const actor = req.actor as Actor;
    const [p, r] = await Promise.all([this.procedures.get(actor, id), this.requirements.get(actor, rid)]);
    if (r.procedureId !== p.id) throw AppException.notFound('El requisito');
    const { plain, values } = formObject(body, { effectiveTo: 'date', status: 'text', act: 'text' }, 'create');
    const { dto, errors } = dtoFrom(EndRequirementDto, { ...plain, version: r.version });
    // The API takes the act as optional (older clients); a person eliminating a requirement here always names it.
    if (!plain.act) errors.act ??= 'Indique el acto que eliminó el requisito (por ejemplo: Acuerdo Ministerial 45-2026).';
    await submitForm(
      this.pages,
      req,
      res,
      { dto: errors.act ? null : dto, errors },
      {
        act: async (valid) => {
          await this.requirements.end(actor, rid, valid);
          return {
            to: `${BASE}/${id}`,
            notice: `El requisito «${r.name}» ya no se exige desde el ${format.date(valid.effectiveTo ?? todayInGuatemala())}.`,
          };
        },
        render: (errs, summary, status) => this.renderEnd(req, res, p, r, values, errs, summary, status),
      },
    );
  }

  private renderEnd(
    req: Request,
    res: Response,
    p: ProcedureResponse,
    r: { id: string; name: string },
    values: Record<string, unknown>,
    errors: FieldErrors,
    summary: string | null,
    status = 200,
  ): void {
    const fields = [
      textField('effectiveTo', 'Primer día en que ya no se exige', values.effectiveTo, errors, {
        type: 'date',
        hint: 'La fecha en que entró en vigor la decisión que lo eliminó.',
      }),
      selectField(
        'status',
        'Cómo dejó de exigirse',
        ENDING_STATUSES.map((s) => ({ value: s, text: labelCap('requirementStatus', s) })),
        values.status ?? 'eliminated',
        errors,
      ),
      textField('act', 'Acto que lo eliminó', values.act, errors, {
        hint: 'El acuerdo, la resolución o el decreto que lo eliminó, con su número (por ejemplo: Acuerdo Ministerial 45-2026).',
      }),
    ];
    this.pages.html(
      req,
      res,
      'workspace/inventory/requirement-end',
      { p, r, fields, errors: errorList(fields), summary },
      {
        title: `Eliminar un requisito de ${p.code}`,
        section: 'inventario',
        breadcrumbs: [...crumbs, { text: p.code, href: `${BASE}/${p.id}` }],
      },
      status,
    );
  }
}

/** The procedure's facts as a summary list (unknown is said, never shown as zero). */
function procedureFacts(p: ProcedureResponse): Array<{ key: string; value: string }> {
  return [
    { key: 'Código', value: p.code },
    { key: 'Estado', value: labelCap('procedureStatus', p.status) },
    { key: 'Dirigido a', value: labelCap('audience', p.audience) },
    { key: 'Categoría', value: show(p.category) },
    { key: 'Canales', value: p.channels.length ? p.channels.map((c) => label('channel', c)).join(', ') : 'sin dato' },
    { key: 'Costo', value: p.feeGtq === null ? 'sin dato' : Number(p.feeGtq) === 0 ? 'gratuito' : format.gtq(p.feeGtq) },
    { key: 'Plazo legal', value: p.legalMaxDays === null ? 'sin dato' : `${p.legalMaxDays} días` },
    { key: 'Tiempo real (mediana)', value: p.actualMedianDays === null ? 'sin dato' : `${p.actualMedianDays} días` },
    { key: 'Solicitudes al año', value: p.annualVolume === null ? 'sin dato' : format.integer(p.annualVolume) },
    { key: 'Visitas presenciales', value: show(p.inPersonVisits) },
    { key: 'Nivel de madurez validado', value: `Nivel ${p.currentLevel}` },
    { key: 'Base legal', value: show(p.legalBasis) },
    { key: 'Última revisión', value: p.lastReviewedAt ? format.date(p.lastReviewedAt) : 'sin dato' },
  ];
}
