import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor } from '../../../common/auth/actor';
import { Public } from '../../../common/auth/auth.decorators';
import { ADMIN_ROLES } from '../../../common/auth/roles';
import { uuidPipe } from '../../../common/http/uuid.pipe';
import { PageQuery } from '../../../common/pagination/page';
import { CreateMaturityModelDto, MaturityModelResponse } from '../../../modules/inventory/maturity/dto/maturity-model.dto';
import { MaturityModelsService } from '../../../modules/inventory/maturity/maturity-models.service';
import { Field, FieldErrors, textField } from '../../forms/form-fields';
import { dtoFrom, listOf, refusalOf, submitForm } from '../forms';
import { PageRoles, SignInRedirectFilter, WorkspaceGuard } from '../session/workspace.guard';
import { WorkspaceResponder } from '../workspace-responder';
import {
  cell,
  comparedWithInForce,
  CompareRow,
  CONFIG_BASE,
  facts,
  form,
  heading,
  links,
  pageParam,
  paginate,
  post,
  renderConfig,
  table,
  text,
  warning,
} from './config-page';
import { when } from './partner-keys.controller';

const BASE = `${CONFIG_BASE}/modelos-madurez`;
const crumbs = [{ text: 'Modelos de madurez', href: BASE }];
const PAGE_SIZE = 20;

type Model = MaturityModelResponse;

/** A version's state beside the one in force: vigente, borrador (newer, never published) or anterior. */
export function versionState(v: { version: number; active: boolean }, inForce: number | null): { text: string; colour: string } {
  if (v.active) return { text: 'Vigente', colour: 'green' };
  if (inForce === null || v.version > inForce) return { text: 'Borrador', colour: 'yellow' };
  return { text: 'Anterior', colour: 'grey' };
}

/** A level's criteria as the form shows them: one "clave | descripción" per line. */
const criteriaText = (criteria: ReadonlyArray<{ key: string; label: string }>) => criteria.map((c) => `${c.key} | ${c.label}`).join('\n');

/** The lines typed back into criteria (a line without "|" keeps all as the description, so the key rule reports it). */
const criteriaOf = (raw: string) =>
  raw
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const at = l.indexOf('|');
      return at < 0 ? { key: '', label: l } : { key: l.slice(0, at).trim(), label: l.slice(at + 1).trim() };
    });

/** Where a located problem (`levels.2.criteria.0.key`) shows on the form: beside the level's name or its criteria. */
function fieldOfProblem(path: string): string | null {
  const m = /^levels\.(\d+)(?:\.(name|level|criteria))?/.exec(path);
  if (!m) return path === 'name' ? 'name' : null;
  return m[2] === 'criteria' ? `level_${m[1]}_criteria` : `level_${m[1]}_name`;
}

/**
 * Side by side: each level's name and each criterion (by key) in the version in force and in another version, with
 * what changed. Pure, so its rules are unit-tested.
 */
export function compareModels(inForce: Model | null, other: Model): CompareRow[] {
  const rows: CompareRow[] = [];
  const count = Math.max(inForce?.levels.length ?? 0, other.levels.length);
  const where = new Map<string, { level: number; label: string }>();
  for (const l of inForce?.levels ?? []) for (const c of l.criteria) where.set(c.key, { level: l.level, label: c.label });
  const placed = new Set<string>();
  for (let i = 0; i < count; i++) {
    const a = inForce?.levels[i];
    const b = other.levels[i];
    const nameChanged = (a?.name ?? '') !== (b?.name ?? '');
    rows.push({
      what: `Nivel ${i}`,
      left: a ? a.name : '—',
      right: b ? b.name : '—',
      changed: nameChanged,
      change: !a ? 'Nivel nuevo' : !b ? 'Nivel quitado' : 'Otro nombre',
      colour: !a ? 'green' : !b ? 'red' : 'yellow',
    });
    for (const c of b?.criteria ?? []) {
      placed.add(c.key);
      const before = where.get(c.key);
      const change = !before
        ? 'Criterio nuevo'
        : before.level !== i
          ? `Pasa del nivel ${before.level}`
          : before.label !== c.label
            ? 'Otra descripción'
            : '';
      rows.push({
        what: `Nivel ${i} · ${c.key}`,
        left: before ? `${before.level !== i ? `(nivel ${before.level}) ` : ''}${before.label}` : '—',
        right: c.label,
        changed: change !== '',
        change,
        colour: !before ? 'green' : 'yellow',
      });
    }
  }
  for (const [key, before] of where) {
    if (placed.has(key)) continue;
    rows.push({
      what: `Nivel ${before.level} · ${key}`,
      left: before.label,
      right: '—',
      changed: true,
      change: 'Criterio quitado',
      colour: 'red',
    });
  }
  return rows;
}

/**
 * Configuración → Modelos de madurez: the versions of the digital maturity scale. A draft is a new version (never
 * edited once saved, as the API requires), started from the version in force; its page compares it side by side with
 * the version in force (levels and criteria: what is new, gone, moved or reworded) and publishes it after confirming.
 * Every write goes through MaturityModelsService (audited), as the API does. Assessments already answered keep the
 * version they were answered against.
 */
@ApiExcludeController()
@Public()
@UseGuards(WorkspaceGuard)
@UseFilters(SignInRedirectFilter)
@PageRoles(ADMIN_ROLES)
@Controller('app/configuracion/modelos-madurez')
export class MaturityModelsPagesController {
  constructor(
    private readonly models: MaturityModelsService,
    private readonly pages: WorkspaceResponder,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response, @Query('pagina') pagina: unknown): Promise<void> {
    const actor = req.actor as Actor;
    const page = pageParam(pagina);
    const [result, inForce] = await Promise.all([
      this.models.list(actor, Object.assign(new PageQuery(), { page, pageSize: PAGE_SIZE })),
      this.inForce(actor),
    ]);
    renderConfig(this.pages, req, res, {
      heading: 'Modelos de madurez',
      breadcrumbs: [],
      blocks: [
        text(
          'Cada versión de la escala de madurez digital se guarda sin cambios: para modificarla se crea un borrador, se compara con la vigente y se publica. Las evaluaciones ya hechas conservan su versión.',
        ),
        links([{ text: 'Crear un borrador a partir de la versión vigente', href: `${BASE}/nuevo` }]),
        table({
          id: 'versiones',
          caption: `Versiones (${result.total})`,
          headers: ['Versión', 'Nombre', 'Niveles', 'Creada', 'Estado'],
          rows: result.items.map((m) => {
            const state = versionState(m, inForce?.version ?? null);
            return [
              cell(`v${m.version}`, { href: `${BASE}/${m.id}` }),
              cell(m.name),
              cell(`0 a ${m.levels.length - 1}`),
              cell(when(m.createdAt)),
              cell('', { tag: state.text, tagColour: state.colour }),
            ];
          }),
          empty: 'Aún no hay versiones.',
          pagination: paginate(BASE, page, PAGE_SIZE, result.total),
        }),
      ],
    });
  }

  @Get('nuevo')
  async createPage(@Req() req: Request, @Res() res: Response): Promise<void> {
    const base = await this.inForce(req.actor as Actor);
    const values: Record<string, string> = { name: base ? `${base.name} (borrador)` : '' };
    (base?.levels ?? []).forEach((l, i) => {
      values[`level_${i}_name`] = l.name;
      values[`level_${i}_criteria`] = criteriaText(l.criteria);
    });
    this.renderForm(req, res, values, (base?.levels.length ?? 1) + 1, {}, null);
  }

  @Post('nuevo')
  async create(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const one = (k: string) => listOf(body[k])[0] ?? '';
    const values: Record<string, string> = { name: one('name') };
    const levels: Array<{ level: number; name: string; criteria: Array<{ key: string; label: string }> }> = [];
    let count = 0;
    for (let i = 0; i <= 10; i++) {
      const name = one(`level_${i}_name`);
      const crit = one(`level_${i}_criteria`);
      if (!(`level_${i}_name` in (body as object))) break;
      count = i + 1;
      values[`level_${i}_name`] = name;
      values[`level_${i}_criteria`] = crit;
      // A level left entirely blank (the extra one at the end) is not part of the model.
      if (name.trim() === '' && crit.trim() === '') continue;
      levels.push({ level: i, name, criteria: criteriaOf(crit) });
    }
    await submitForm(this.pages, req, res, dtoFrom(CreateMaturityModelDto, { name: values.name, levels }), {
      act: async (dto) => {
        const saved = await this.models.create(req.actor as Actor, dto);
        return {
          to: `${BASE}/${saved.id}`,
          notice: `Se guardó el borrador v${saved.version}. Compárelo con la versión vigente y publíquelo cuando esté listo.`,
        };
      },
      render: (errors, summary, status) => {
        const located = relocate(errors);
        return this.renderForm(req, res, values, count, located.errors, located.summary ?? summary, status);
      },
    });
  }

  @Get(':id')
  async detail(@Req() req: Request, @Res() res: Response, @Param('id', uuidPipe) id: string): Promise<void> {
    const actor = req.actor as Actor;
    const [m, inForce] = await Promise.all([this.models.get(actor, id), this.inForce(actor)]);
    const state = versionState(m, inForce?.version ?? null);
    const rows = compareModels(inForce, m);
    renderConfig(this.pages, req, res, {
      heading: `v${m.version}: ${m.name}`,
      caption: `Modelo de madurez · ${state.text}`,
      breadcrumbs: crumbs,
      blocks: [
        facts([
          { key: 'Estado', value: state.text },
          { key: 'Niveles', value: `0 a ${m.levels.length - 1}` },
          { key: 'Creada', value: when(m.createdAt) },
        ]),
        ...(m.active || !inForce
          ? []
          : [
              ...comparedWithInForce({
                inForce: inForce.version,
                version: m.version,
                caption: 'Niveles y criterios',
                what: 'Nivel o criterio',
                rows,
                counted: (n) => `${n} ${n === 1 ? 'cambio' : 'cambios'}`,
                none: 'Sin cambios respecto de la versión vigente.',
              }),
            ]),
        ...(m.active
          ? [
              heading('Niveles y criterios', 'niveles'),
              table({
                id: 'niveles-tabla',
                caption: 'Niveles y criterios (todos deben cumplirse, junto con los de los niveles inferiores)',
                headers: ['Nivel', 'Nombre', 'Criterios'],
                rows: m.levels.map((l) => [cell(String(l.level)), cell(l.name), cell(l.criteria.map((c) => c.label).join(' · ') || '—')]),
                empty: '',
              }),
            ]
          : [links([{ text: `Publicar la versión v${m.version}`, href: `${BASE}/${m.id}/publicar` }])]),
      ],
    });
  }

  @Get(':id/publicar')
  async publishPage(@Req() req: Request, @Res() res: Response, @Param('id', uuidPipe) id: string): Promise<void> {
    const actor = req.actor as Actor;
    const [m, inForce] = await Promise.all([this.models.get(actor, id), this.inForce(actor)]);
    if (m.active) return this.pages.redirect(res, `${BASE}/${id}`, req, 'Esta versión ya está vigente.');
    const changes = compareModels(inForce, m).filter((r) => r.changed).length;
    renderConfig(this.pages, req, res, {
      heading: `¿Publicar la versión v${m.version} del modelo de madurez?`,
      breadcrumbs: [...crumbs, { text: `v${m.version}`, href: `${BASE}/${id}` }],
      blocks: [
        warning(
          `Desde ese momento las evaluaciones nuevas se responden contra v${m.version}${inForce ? ` y v${inForce.version} deja de estar vigente` : ''}. Las evaluaciones ya hechas conservan su versión.`,
        ),
        facts([
          { key: 'Versión', value: `v${m.version}: ${m.name}` },
          { key: 'Cambios respecto de la vigente', value: String(changes) },
        ]),
        form(post(`${BASE}/${id}/publicar`, 'Sí, publicar esta versión', { warning: true, cancel: `${BASE}/${id}` })),
      ],
    });
  }

  @Post(':id/publicar')
  async publish(@Req() req: Request, @Res() res: Response, @Param('id', uuidPipe) id: string): Promise<void> {
    const m = await this.models.activate(req.actor as Actor, id);
    this.pages.redirect(res, `${BASE}/${id}`, req, `La versión v${m.version} del modelo de madurez está vigente.`);
  }

  private async inForce(actor: Actor): Promise<Model | null> {
    try {
      return await this.models.active(actor);
    } catch (e) {
      refusalOf(e); // "no active model" (409) is a state, not an error; anything else is rethrown
      return null;
    }
  }

  private renderForm(
    req: Request,
    res: Response,
    values: Record<string, string>,
    count: number,
    errors: FieldErrors,
    summary: string | null,
    status = 200,
  ): void {
    const fields: Field[] = [textField('name', 'Nombre de la versión', values.name, errors)];
    for (let i = 0; i < Math.min(count, 11); i++) {
      fields.push(
        { ...textField(`level_${i}_name`, `Nivel ${i}: nombre`, values[`level_${i}_name`], errors), id: `f-level-${i}-name` },
        Object.assign(
          textField(`level_${i}_criteria`, `Nivel ${i}: criterios`, values[`level_${i}_criteria`], errors, {
            hint:
              i === 0
                ? 'El nivel 0 no lleva criterios.'
                : 'Uno por línea: «clave | descripción». La clave en minúsculas, dígitos y «_» (es la clave de las respuestas).',
          }),
          { id: `f-level-${i}-criteria`, type: 'textarea', rows: 4 },
        ),
      );
    }
    renderConfig(
      this.pages,
      req,
      res,
      {
        heading: 'Crear un borrador del modelo de madurez',
        breadcrumbs: crumbs,
        fields,
        summary,
        blocks: [
          text(
            'El borrador parte de la versión vigente. Para agregar un nivel, llene el último (vacío); para quitar el último nivel, vacíe su nombre y sus criterios. El borrador no cambia nada hasta que se publique.',
          ),
          form(post(`${BASE}/nuevo`, 'Guardar el borrador', { fields, cancel: BASE })),
        ],
      },
      status,
    );
  }
}

/** The problems of a model, moved beside the form's fields; those of the model as a whole go to the summary. */
function relocate(errors: FieldErrors): { errors: FieldErrors; summary: string | null } {
  const out: FieldErrors = {};
  const general: string[] = [];
  for (const [path, message] of Object.entries(errors)) {
    const field = fieldOfProblem(path);
    if (field) out[field] ??= message;
    else general.push(message);
  }
  return { errors: out, summary: general.length ? general.join(' ') : null };
}
