import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor } from '../../../common/auth/actor';
import { Public } from '../../../common/auth/auth.decorators';
import { ADMIN_ROLES } from '../../../common/auth/roles';
import { entries, labelCap } from '../../../common/glossary/glossary';
import { uuidPipe } from '../../../common/http/uuid.pipe';
import { INSTITUTION_ARTICLES } from '../../../common/text/institution-name';
import { format } from '../../../common/views/handlebars-setup';
import {
  CreateInstitutionDto,
  InstitutionQuery,
  InstitutionResponse,
  UpdateInstitutionDto,
} from '../../../modules/institutions/dto/institution.dto';
import { InstitutionsService } from '../../../modules/institutions/institutions.service';
import { checkboxField, Field, FieldErrors, readQuery, selectField, textField } from '../../forms/form-fields';
import { dtoFrom, FieldKind, formObject, submitForm } from '../forms';
import { PageRoles, SignInRedirectFilter, WorkspaceGuard } from '../session/workspace.guard';
import { WorkspaceResponder } from '../workspace-responder';
import { cell, CONFIG_BASE, form, links, pageParam, paginate, post, renderConfig, search, table, text } from './config-page';

const BASE = `${CONFIG_BASE}/instituciones`;
const crumbs = [{ text: 'Instituciones', href: BASE }];
const PAGE_SIZE = 25;
const INSTITUTION_FORM: Record<string, FieldKind> = {
  code: 'text',
  name: 'text',
  article: 'text',
  type: 'text',
  coverage: 'text',
  optedInAt: 'text',
  adhesionAct: 'text',
  sector: 'text',
  website: 'text',
};

/** The form's value for "no article" (an empty choice means "deduce it from the name" when registering). */
const NO_ARTICLE = 'ninguno';
const articleChoices = [
  ...INSTITUTION_ARTICLES.map((a) => ({ value: a, text: a })),
  { value: NO_ARTICLE, text: 'Sin artículo (el nombre se usa solo)' },
];
/** The posted article as the API takes it: "ninguno" is null (none); the rest goes to the DTO's own rule. */
const withArticle = (plain: Record<string, unknown>): Record<string, unknown> =>
  plain.article === NO_ARTICLE ? { ...plain, article: null } : plain;

const valuesOf = (i: InstitutionResponse): Record<string, string> => ({
  code: i.code,
  name: i.name,
  article: i.article ?? NO_ARTICLE,
  type: i.type,
  coverage: i.coverage,
  optedInAt: i.optedInAt ?? '',
  adhesionAct: i.adhesionAct ?? '',
  sector: i.sector ?? '',
  website: i.website ?? '',
  active: i.active ? 'true' : '',
});

/**
 * Configuración → Instituciones: the register of institutions (the tenants). Search by acronym or name, filter by
 * type and coverage, register and edit (optimistic concurrency), deactivate by unticking "activa". Every write goes
 * through InstitutionsService (audited), as the API does.
 */
@ApiExcludeController()
@Public()
@UseGuards(WorkspaceGuard)
@UseFilters(SignInRedirectFilter)
@PageRoles(ADMIN_ROLES)
@Controller('app/configuracion/instituciones')
export class InstitutionsPagesController {
  constructor(
    private readonly institutions: InstitutionsService,
    private readonly pages: WorkspaceResponder,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response, @Query() raw: Record<string, unknown>): Promise<void> {
    const page = pageParam(raw.pagina);
    const { value: q, errors } = readQuery(InstitutionQuery, { q: raw.q, type: raw.tipo, coverage: raw.cobertura });
    const result = await this.institutions.list(req.actor as Actor, Object.assign(q, { page, pageSize: PAGE_SIZE }));
    const shown = { q: q.q ?? '', tipo: q.type ?? '', cobertura: q.coverage ?? '' };
    renderConfig(this.pages, req, res, {
      heading: 'Instituciones',
      breadcrumbs: [],
      blocks: [
        text('Las instituciones que siguen la ley: obligadas por ella o adheridas por decisión de su máxima autoridad.'),
        links([{ text: 'Registrar una institución', href: `${BASE}/nueva` }]),
        search(BASE, 'Buscar instituciones', [
          textField('q', 'Siglas o nombre', shown.q, errors),
          selectField(
            'tipo',
            'Tipo',
            entries('institutionType').map((t) => ({ value: t.code, text: labelCap('institutionType', t.code) })),
            shown.tipo,
            errors,
            { any: 'Todos' },
          ),
          selectField(
            'cobertura',
            'Cobertura',
            entries('coverage').map((c) => ({ value: c.code, text: labelCap('coverage', c.code) })),
            shown.cobertura,
            errors,
            { any: 'Todas' },
          ),
        ]),
        table({
          id: 'instituciones',
          caption: `Instituciones (${result.total})`,
          headers: ['Siglas', 'Nombre', 'Tipo', 'Cobertura', 'Sector', 'Estado'],
          rows: result.items.map((i) => [
            cell(i.code, { href: `${BASE}/${i.id}` }),
            cell(i.name),
            cell(labelCap('institutionType', i.type)),
            cell(labelCap('coverage', i.coverage) + (i.optedInAt ? ` (desde ${format.date(i.optedInAt)})` : '')),
            cell(i.sector ?? 'sin dato'),
            cell('', { tag: i.active ? 'Activa' : 'Inactiva', tagColour: i.active ? 'green' : 'grey' }),
          ]),
          empty: shown.q || shown.tipo || shown.cobertura ? 'Ninguna institución coincide con la búsqueda.' : 'Aún no hay instituciones.',
          pagination: paginate(BASE, page, PAGE_SIZE, result.total, shown),
        }),
      ],
    });
  }

  @Get('nueva')
  createPage(@Req() req: Request, @Res() res: Response): void {
    this.renderForm(req, res, null, { type: 'ministry', coverage: 'bound' }, {}, null);
  }

  @Post('nueva')
  async create(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const { plain, values } = formObject(body, INSTITUTION_FORM, 'create');
    const typed = values as Record<string, string>;
    await submitForm(this.pages, req, res, dtoFrom(CreateInstitutionDto, withArticle(plain)), {
      act: async (dto) => {
        const i = await this.institutions.create(req.actor as Actor, dto);
        return { to: `${BASE}?q=${encodeURIComponent(i.code)}`, notice: `Se registró la institución ${i.code} — ${i.name}.` };
      },
      render: (errors, summary, status) => this.renderForm(req, res, null, typed, errors, summary, status),
    });
  }

  @Get(':id')
  async editPage(@Req() req: Request, @Res() res: Response, @Param('id', uuidPipe) id: string): Promise<void> {
    const i = await this.institutions.get(req.actor as Actor, id);
    this.renderForm(req, res, i, valuesOf(i), {}, null);
  }

  @Post(':id')
  async update(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuidPipe) id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const actor = req.actor as Actor;
    const current = await this.institutions.get(actor, id);
    const { plain, values } = formObject(body, { ...INSTITUTION_FORM, active: 'bool' }, 'update');
    const typed = values as Record<string, string>;
    // An opted-in date and act only for opted-in institutions: a bound one sends them as cleared, not as a problem.
    if (plain.coverage === 'bound') {
      if (plain.optedInAt === null) delete plain.optedInAt;
      if (plain.adhesionAct === null) delete plain.adhesionAct;
    }
    const version = Number(body.version);
    await submitForm(this.pages, req, res, dtoFrom(UpdateInstitutionDto, { ...withArticle(plain), version }), {
      act: async (dto) => {
        const i = await this.institutions.update(actor, id, dto);
        return { to: `${BASE}?q=${encodeURIComponent(i.code)}`, notice: `Se guardaron los datos de ${i.code} — ${i.name}.` };
      },
      render: (errors, summary, status) => this.renderForm(req, res, current, typed, errors, summary, status, version),
      renderRefused: async (errors, summary, status) =>
        this.renderForm(req, res, await this.institutions.get(actor, id), typed, errors, summary, status),
      conflict:
        'Otra persona guardó esta institución mientras usted la editaba. Abajo están sus cambios; si guarda de nuevo, reemplazarán la versión guardada.',
    });
  }

  private renderForm(
    req: Request,
    res: Response,
    current: InstitutionResponse | null,
    values: Record<string, string>,
    errors: FieldErrors,
    summary: string | null,
    status = 200,
    version?: number,
  ): void {
    const fields: Field[] = [
      textField('code', 'Siglas', values.code, errors, {
        hint: 'Únicas: mayúsculas, dígitos, «-» o «_» (por ejemplo MINECO).',
        width: '10',
      }),
      textField('name', 'Nombre', values.name, errors),
      selectField('article', 'Artículo del nombre', articleChoices, values.article, errors, {
        hint: 'Con el que se nombra en una oración: «del Ministerio de Economía», «de la Municipalidad de Guatemala».',
        ...(current ? {} : { any: 'Deducirlo de la primera palabra del nombre' }),
      }),
      selectField(
        'type',
        'Tipo',
        entries('institutionType').map((t) => ({ value: t.code, text: labelCap('institutionType', t.code) })),
        values.type,
        errors,
      ),
      selectField(
        'coverage',
        'Cobertura',
        entries('coverage').map((c) => ({ value: c.code, text: labelCap('coverage', c.code) })),
        values.coverage,
        errors,
      ),
      textField('optedInAt', 'Fecha de adhesión (solo adheridas)', values.optedInAt, errors, { hint: 'AAAA-MM-DD.', width: '10' }),
      textField('adhesionAct', 'Acto de adhesión (solo adheridas)', values.adhesionAct, errors, {
        hint: 'Por ejemplo «Acta 12-2022 del Concejo Municipal».',
      }),
      textField('sector', 'Sector (opcional)', values.sector, errors, { width: '20' }),
      textField('website', 'Sitio web (opcional)', values.website, errors, { hint: 'Con https://', type: 'url' }),
      ...(current
        ? [
            checkboxField('active', 'Activa', values.active === 'true', errors, {
              hint: 'Una institución inactiva no recibe invitaciones ni recordatorios.',
            }),
          ]
        : []),
    ];
    renderConfig(
      this.pages,
      req,
      res,
      {
        heading: current ? `${current.code} — ${current.name}` : 'Registrar una institución',
        breadcrumbs: crumbs,
        fields,
        summary,
        blocks: [
          form(
            post(current ? `${BASE}/${current.id}` : `${BASE}/nueva`, current ? 'Guardar los cambios' : 'Registrar la institución', {
              fields,
              cancel: BASE,
              hidden: current ? [{ name: 'version', value: String(version ?? current.version) }] : [],
            }),
          ),
        ],
      },
      status,
    );
  }
}
