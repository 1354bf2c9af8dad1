import { Body, Controller, Get, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor } from '../../../common/auth/actor';
import { Public } from '../../../common/auth/auth.decorators';
import { ADMIN_ROLES } from '../../../common/auth/roles';
import { AppException } from '../../../common/errors/app.exception';
import { labelCap } from '../../../common/glossary/glossary';
import { uuidPipe } from '../../../common/http/uuid.pipe';
import { CreateMethodologyDto, MethodologyResponse } from '../../../modules/scoring/dto/scoring.dto';
import { INSTITUTION_COMPONENTS, MethodologyParameters, PROCEDURE_COMPONENTS } from '../../../modules/scoring/methodology';
import { ScoresService } from '../../../modules/scoring/scores.service';
import { Field, FieldErrors, textField } from '../../forms/form-fields';
import { dtoFrom, listOf, submitForm } from '../forms';
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
  post,
  renderConfig,
  table,
  text,
  warning,
} from './config-page';
import { versionState } from './maturity-models-pages.controller';
import { when } from './partner-keys.controller';

const BASE = `${CONFIG_BASE}/metodologias`;
const crumbs = [{ text: 'Metodologías de puntaje', href: BASE }];

/** The parameters the form edits, with their Spanish names (the rule sets are carried over unchanged). */
export const METHODOLOGY_FIELDS: ReadonlyArray<{ path: string; label: string; unit?: string }> = [
  ...PROCEDURE_COMPONENTS.map((c) => ({
    path: `procedureWeights.${c}`,
    label: `Peso en el trámite: ${labelCap('procedureComponent', c)}`,
  })),
  ...INSTITUTION_COMPONENTS.map((c) => ({
    path: `institutionWeights.${c}`,
    label: `Peso en la institución: ${labelCap('institutionComponent', c)}`,
  })),
  { path: 'prohibitedPenalty', label: 'Descuento por cada requisito prohibido (0 a 1)' },
  { path: 'unknownTimeValue', label: 'Valor del tiempo de resolución cuando falta un dato (0 a 1)' },
  { path: 'freshFullDays', label: 'Días de revisión con actualización plena' },
  { path: 'freshZeroDays', label: 'Días sin revisión en que la actualización llega a cero' },
  { path: 'defaultTargetLevel', label: 'Nivel meta cuando un trámite no tiene uno' },
  { path: 'reportingSince', label: 'Informes trimestrales exigidos desde (AAAA-MM-DD)' },
  { path: 'planRequiredSince', label: 'Plan aprobado exigido desde (AAAA-MM-DD; vacío: siempre)' },
  { path: 'planGraceMonths', label: 'Meses de gracia para el plan de una institución adherida' },
  { path: 'burden.hourValueGtq', label: 'Carga: valor de una hora (Q)' },
  { path: 'burden.visitCostGtq', label: 'Carga: costo de una visita (Q)' },
  { path: 'burden.dailyOpportunityCostGtq', label: 'Carga: costo de oportunidad por día de espera (Q)' },
  { path: 'burden.hoursPerRequirement', label: 'Carga: horas por requisito' },
  { path: 'burden.hoursPerVisit', label: 'Carga: horas por visita' },
];

const TEXT_PATHS = new Set(['reportingSince', 'planRequiredSince']);
const idOf = (path: string) => `f-${path.replace(/\./g, '-')}`;

const read = (o: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), o);
const NUMBER = new Intl.NumberFormat('es-GT', { maximumFractionDigits: 4 });
const shown = (v: unknown): string => (v === null || v === undefined ? '—' : typeof v === 'number' ? NUMBER.format(v) : String(v));

/** Side by side: every edited parameter in the version in force and in another version, with the difference. Pure. */
export function compareMethodologies(inForce: MethodologyParameters | null, other: MethodologyParameters): CompareRow[] {
  return METHODOLOGY_FIELDS.map(({ path, label }) => {
    const a = inForce ? read(inForce, path) : undefined;
    const b = read(other, path);
    const changed = inForce !== null && a !== b;
    const delta = typeof a === 'number' && typeof b === 'number' ? b - a : null;
    return {
      what: label,
      left: shown(a),
      right: shown(b),
      changed,
      change: delta !== null ? `${delta > 0 ? '+' : ''}${NUMBER.format(delta)}` : 'Cambió',
      colour: delta !== null && delta < 0 ? 'red' : 'green',
    };
  });
}

/**
 * Configuración → Metodologías de puntaje: versions of the scoring methodology (weights and parameters; domain §4–§5).
 * A draft starts from the version in force, is compared with it side by side (what changed in each weight and
 * parameter) and published after confirming: the next score runs use it, earlier snapshots keep theirs. Every write
 * goes through ScoresService (audited; weights checked to sum 100 per group), as the API does.
 */
@ApiExcludeController()
@Public()
@UseGuards(WorkspaceGuard)
@UseFilters(SignInRedirectFilter)
@PageRoles(ADMIN_ROLES)
@Controller('app/configuracion/metodologias')
export class MethodologiesPagesController {
  constructor(
    private readonly scores: ScoresService,
    private readonly pages: WorkspaceResponder,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response): Promise<void> {
    const all = await this.scores.methodologies(req.actor as Actor);
    const inForce = all.find((m) => m.active) ?? null;
    renderConfig(this.pages, req, res, {
      heading: 'Metodologías de puntaje',
      breadcrumbs: [],
      blocks: [
        text(
          'Cada versión de los pesos y parámetros del puntaje se guarda sin cambios; cada puntaje calculado indica con qué versión se calculó.',
        ),
        links([{ text: 'Crear un borrador a partir de la versión vigente', href: `${BASE}/nueva` }]),
        table({
          id: 'metodologias',
          caption: `Versiones (${all.length})`,
          headers: ['Versión', 'Nombre', 'Creada', 'Estado'],
          rows: all.map((m) => {
            const state = versionState(m, inForce?.version ?? null);
            return [
              cell(`v${m.version}`, { href: `${BASE}/${m.id}` }),
              cell(m.name),
              cell(when(m.createdAt)),
              cell('', { tag: state.text, tagColour: state.colour }),
            ];
          }),
          empty: 'Aún no hay versiones.',
        }),
      ],
    });
  }

  @Get('nueva')
  async createPage(@Req() req: Request, @Res() res: Response): Promise<void> {
    const base = await this.scores.activeMethodology(req.actor as Actor);
    const values: Record<string, string> = { name: `${base.name} (borrador)` };
    for (const { path } of METHODOLOGY_FIELDS) {
      const v = read(base.parameters, path);
      values[path] = v === null || v === undefined ? '' : String(v);
    }
    this.renderForm(req, res, values, {}, null);
  }

  @Post('nueva')
  async create(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const actor = req.actor as Actor;
    const base = (await this.scores.activeMethodology(actor)).parameters as MethodologyParameters;
    const values: Record<string, string> = { name: listOf(body.name)[0] ?? '' };
    const plain: Record<string, unknown> = {
      name: values.name,
      procedureWeights: {},
      institutionWeights: {},
      burden: {},
      // The rule sets are not edited here: the draft keeps those in force.
      prohibitedPractices: base.prohibitedPractices,
      levelConsistency: base.levelConsistency,
      noCreditForAbsence: base.noCreditForAbsence,
      noLegalBasisArticle: base.noLegalBasisArticle,
    };
    for (const { path } of METHODOLOGY_FIELDS) {
      const raw = (listOf(body[path])[0] ?? '').trim();
      values[path] = raw;
      const value = TEXT_PATHS.has(path)
        ? raw === ''
          ? path === 'planRequiredSince'
            ? null
            : undefined
          : raw
        : /^-?\d+(\.\d+)?$/.test(raw)
          ? Number(raw)
          : raw === ''
            ? undefined
            : raw;
      const [head, tail] = path.split('.');
      if (tail) (plain[head] as Record<string, unknown>)[tail] = value;
      else plain[head] = value;
    }
    await submitForm(this.pages, req, res, dtoFrom(CreateMethodologyDto, plain), {
      act: async (dto) => {
        const saved = await this.scores.createMethodology(actor, dto);
        return {
          to: `${BASE}/${saved.id}`,
          notice: `Se guardó el borrador v${saved.version}. Compárelo con la versión vigente y publíquelo cuando esté listo.`,
        };
      },
      render: (errors, summary, status) => this.renderForm(req, res, values, errors, generalOf(errors) ?? summary, status),
    });
  }

  @Get(':id')
  async detail(@Req() req: Request, @Res() res: Response, @Param('id', uuidPipe) id: string): Promise<void> {
    const { m, inForce } = await this.find(req.actor as Actor, id);
    const state = versionState(m, inForce?.version ?? null);
    const rows = compareMethodologies(
      inForce && !m.active ? (inForce.parameters as MethodologyParameters) : null,
      m.parameters as MethodologyParameters,
    );
    renderConfig(this.pages, req, res, {
      heading: `v${m.version}: ${m.name}`,
      caption: `Metodología de puntaje · ${state.text}`,
      breadcrumbs: crumbs,
      blocks: [
        facts([
          { key: 'Estado', value: state.text },
          { key: 'Creada', value: when(m.createdAt) },
        ]),
        ...(inForce && !m.active
          ? [
              ...comparedWithInForce({
                inForce: inForce.version,
                version: m.version,
                caption: 'Pesos y parámetros',
                what: 'Peso o parámetro',
                rows,
                counted: (n) => `${n} ${n === 1 ? 'parámetro cambia' : 'parámetros cambian'}`,
                none: 'Sin cambios en pesos ni parámetros respecto de la versión vigente.',
              }),
              links([{ text: `Publicar la versión v${m.version}`, href: `${BASE}/${m.id}/publicar` }]),
            ]
          : [
              heading('Pesos y parámetros', 'parametros'),
              table({
                id: 'parametros-tabla',
                caption: 'Pesos y parámetros de esta versión',
                headers: ['Peso o parámetro', 'Valor'],
                rows: rows.map((r) => [cell(r.what), cell(r.right)]),
                empty: '',
              }),
              ...(m.active ? [] : [links([{ text: `Publicar la versión v${m.version}`, href: `${BASE}/${m.id}/publicar` }])]),
            ]),
      ],
    });
  }

  @Get(':id/publicar')
  async publishPage(@Req() req: Request, @Res() res: Response, @Param('id', uuidPipe) id: string): Promise<void> {
    const { m, inForce } = await this.find(req.actor as Actor, id);
    if (m.active) return this.pages.redirect(res, `${BASE}/${id}`, req, 'Esta versión ya está vigente.');
    renderConfig(this.pages, req, res, {
      heading: `¿Publicar la versión v${m.version} de la metodología?`,
      breadcrumbs: [...crumbs, { text: `v${m.version}`, href: `${BASE}/${id}` }],
      blocks: [
        warning(
          `Los próximos cálculos de puntaje usarán v${m.version}${inForce ? ` en lugar de v${inForce.version}` : ''}. Los puntajes ya calculados conservan su versión.`,
        ),
        form(post(`${BASE}/${id}/publicar`, 'Sí, publicar esta versión', { warning: true, cancel: `${BASE}/${id}` })),
      ],
    });
  }

  @Post(':id/publicar')
  async publish(@Req() req: Request, @Res() res: Response, @Param('id', uuidPipe) id: string): Promise<void> {
    const m = await this.scores.activateMethodology(req.actor as Actor, id);
    this.pages.redirect(
      res,
      `${BASE}/${id}`,
      req,
      `La versión v${m.version} de la metodología está vigente; se usará en el próximo cálculo.`,
    );
  }

  private async find(actor: Actor, id: string): Promise<{ m: MethodologyResponse; inForce: MethodologyResponse | null }> {
    const all = await this.scores.methodologies(actor);
    const m = all.find((x) => x.id === id);
    if (!m) throw AppException.notFound('La metodología');
    return { m, inForce: all.find((x) => x.active) ?? null };
  }

  private renderForm(
    req: Request,
    res: Response,
    values: Record<string, string>,
    errors: FieldErrors,
    summary: string | null,
    status = 200,
  ): void {
    const fields: Field[] = [
      textField('name', 'Nombre de la versión', values.name, errors),
      ...METHODOLOGY_FIELDS.map(({ path, label }) => ({
        ...textField(path, label, values[path], errors, { width: TEXT_PATHS.has(path) ? '10' : '5' }),
        id: idOf(path),
      })),
    ];
    renderConfig(
      this.pages,
      req,
      res,
      {
        heading: 'Crear un borrador de la metodología',
        breadcrumbs: crumbs,
        fields,
        summary,
        blocks: [
          text(
            'El borrador parte de la versión vigente. Los pesos de cada grupo (trámite e institución) deben sumar 100. Las reglas de prácticas prohibidas y de coherencia de niveles se conservan de la versión vigente. El borrador no cambia ningún puntaje hasta que se publique.',
          ),
          form(post(`${BASE}/nueva`, 'Guardar el borrador', { fields, cancel: BASE })),
        ],
      },
      status,
    );
  }
}

/** Problems of a whole group ("los pesos deben sumar 100"), which no single field shows, as one sentence. */
function generalOf(errors: FieldErrors): string | null {
  const fields = new Set(['name', ...METHODOLOGY_FIELDS.map((f) => f.path)]);
  const general = Object.entries(errors).filter(([k]) => !fields.has(k));
  if (!general.length) return null;
  const named = (k: string) =>
    k === 'procedureWeights' ? 'Pesos del trámite' : k === 'institutionWeights' ? 'Pesos de la institución' : k;
  return general.map(([k, m]) => `${named(k)}: ${m.replace(/\.$/, '').toLowerCase()}.`).join(' ');
}
