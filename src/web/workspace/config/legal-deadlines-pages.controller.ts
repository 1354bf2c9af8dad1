import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor } from '../../../common/auth/actor';
import { Public } from '../../../common/auth/auth.decorators';
import { ADMIN_ROLES } from '../../../common/auth/roles';
import { entries, labelCap } from '../../../common/glossary/glossary';
import { uuidPipe } from '../../../common/http/uuid.pipe';
import { format } from '../../../common/views/handlebars-setup';
import {
  CreateLegalDeadlineDto,
  LegalDeadlineQuery,
  LegalDeadlineResponse,
  UpdateLegalDeadlineDto,
} from '../../../modules/inventory/deadlines/dto/legal-deadline.dto';
import { LegalDeadlinesService } from '../../../modules/inventory/deadlines/legal-deadlines.service';
import { checkboxField, Field, FieldErrors, selectField, textField } from '../../forms/form-fields';
import { dtoFrom, FieldKind, formObject, submitForm } from '../forms';
import { PageRoles, SignInRedirectFilter, WorkspaceGuard } from '../session/workspace.guard';
import { WorkspaceResponder } from '../workspace-responder';
import { cell, CONFIG_BASE, facts, form, links, pageParam, paginate, post, renderConfig, table, text, warning } from './config-page';

const BASE = `${CONFIG_BASE}/plazos-legales`;
const crumbs = [{ text: 'Plazos legales', href: BASE }];
const PAGE_SIZE = 25;
const DEADLINE_FORM: Record<string, FieldKind> = {
  code: 'text',
  name: 'text',
  description: 'text',
  coverage: 'text',
  dueDate: 'text',
  legalReference: 'text',
  requiresApprovedPlan: 'bool',
  requiredLevel: 'int',
};

const valuesOf = (d: LegalDeadlineResponse): Record<string, string> => ({
  code: d.code,
  name: d.name,
  description: d.description ?? '',
  coverage: d.coverage,
  dueDate: d.dueDate,
  legalReference: d.legalReference ?? '',
  requiresApprovedPlan: d.requiresApprovedPlan ? 'true' : '',
  requiredLevel: d.requiredLevel === null ? '' : String(d.requiredLevel),
});

/**
 * Configuración → Plazos legales: the transitory articles' deadlines, kept as data (sources disagree on some dates).
 * List, register, edit (optimistic concurrency: the version read travels in the form) and delete after confirming,
 * all through LegalDeadlinesService (audited), as the API does.
 */
@ApiExcludeController()
@Public()
@UseGuards(WorkspaceGuard)
@UseFilters(SignInRedirectFilter)
@PageRoles(ADMIN_ROLES)
@Controller('app/configuracion/plazos-legales')
export class LegalDeadlinesPagesController {
  constructor(
    private readonly deadlines: LegalDeadlinesService,
    private readonly pages: WorkspaceResponder,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response, @Query('pagina') pagina: unknown): Promise<void> {
    const page = pageParam(pagina);
    const result = await this.deadlines.list(req.actor as Actor, Object.assign(new LegalDeadlineQuery(), { page, pageSize: PAGE_SIZE }));
    renderConfig(this.pages, req, res, {
      heading: 'Plazos legales',
      breadcrumbs: [],
      blocks: [
        text(
          'Plazos de las disposiciones transitorias del Decreto 5-2021, por cobertura. Los recordatorios y el hallazgo «plazo legal incumplido» se calculan con ellos.',
        ),
        links([{ text: 'Registrar un plazo legal', href: `${BASE}/nuevo` }]),
        table({
          id: 'plazos',
          caption: `Plazos legales (${result.total})`,
          headers: ['Plazo', 'Código', 'Aplica a', 'Fecha límite', 'Se cumple con'],
          rows: result.items.map((d) => [
            cell(d.name, { href: `${BASE}/${d.id}` }),
            cell(d.code),
            cell(labelCap('coverage', d.coverage)),
            cell(format.date(d.dueDate)),
            cell(conditionOf(d)),
          ]),
          empty: 'Aún no hay plazos legales registrados.',
          pagination: paginate(BASE, page, PAGE_SIZE, result.total),
        }),
      ],
    });
  }

  @Get('nuevo')
  createPage(@Req() req: Request, @Res() res: Response): void {
    this.renderForm(req, res, null, { coverage: 'bound' }, {}, null);
  }

  @Post('nuevo')
  async create(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const { plain, values } = formObject(body, DEADLINE_FORM, 'create');
    const typed = values as Record<string, string>;
    await submitForm(this.pages, req, res, dtoFrom(CreateLegalDeadlineDto, plain), {
      act: async (dto) => {
        const d = await this.deadlines.create(req.actor as Actor, dto);
        return { to: BASE, notice: `Se registró el plazo legal «${d.name}».` };
      },
      render: (errors, summary, status) => this.renderForm(req, res, null, typed, errors, summary, status),
    });
  }

  @Get(':id')
  async editPage(@Req() req: Request, @Res() res: Response, @Param('id', uuidPipe) id: string): Promise<void> {
    const d = await this.deadlines.get(req.actor as Actor, id);
    this.renderForm(req, res, d, valuesOf(d), {}, null);
  }

  @Post(':id')
  async update(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuidPipe) id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const actor = req.actor as Actor;
    const current = await this.deadlines.get(actor, id);
    const { plain, values } = formObject(body, DEADLINE_FORM, 'update');
    const typed = values as Record<string, string>;
    const version = Number(body.version);
    await submitForm(this.pages, req, res, dtoFrom(UpdateLegalDeadlineDto, { ...plain, version }), {
      act: async (dto) => {
        const d = await this.deadlines.update(actor, id, dto);
        return { to: BASE, notice: `Se guardó el plazo legal «${d.name}».` };
      },
      render: (errors, summary, status) => this.renderForm(req, res, current, typed, errors, summary, status, version),
      renderRefused: async (errors, summary, status) =>
        this.renderForm(req, res, await this.deadlines.get(actor, id), typed, errors, summary, status),
      conflict:
        'Otra persona guardó este plazo mientras usted lo editaba. Abajo están sus cambios; si guarda de nuevo, reemplazarán la versión guardada.',
    });
  }

  @Get(':id/eliminar')
  async removePage(@Req() req: Request, @Res() res: Response, @Param('id', uuidPipe) id: string): Promise<void> {
    const d = await this.deadlines.get(req.actor as Actor, id);
    renderConfig(this.pages, req, res, {
      heading: `¿Eliminar el plazo legal «${d.name}»?`,
      breadcrumbs: [...crumbs, { text: d.name, href: `${BASE}/${id}` }],
      blocks: [
        warning('Dejarán de enviarse sus recordatorios y de calcularse su hallazgo. La eliminación queda en la bitácora de auditoría.'),
        facts([
          { key: 'Aplica a', value: labelCap('coverage', d.coverage) },
          { key: 'Fecha límite', value: format.date(d.dueDate) },
        ]),
        form(post(`${BASE}/${id}/eliminar`, 'Sí, eliminar el plazo', { warning: true, cancel: `${BASE}/${id}` })),
      ],
    });
  }

  @Post(':id/eliminar')
  async remove(@Req() req: Request, @Res() res: Response, @Param('id', uuidPipe) id: string): Promise<void> {
    const actor = req.actor as Actor;
    const d = await this.deadlines.get(actor, id);
    await this.deadlines.remove(actor, id);
    this.pages.redirect(res, BASE, req, `Se eliminó el plazo legal «${d.name}».`);
  }

  private renderForm(
    req: Request,
    res: Response,
    current: LegalDeadlineResponse | null,
    values: Record<string, string>,
    errors: FieldErrors,
    summary: string | null,
    status = 200,
    version?: number,
  ): void {
    const fields: Field[] = [
      textField('name', 'Nombre', values.name, errors),
      textField('code', 'Código', values.code, errors, {
        hint: 'Estable: minúsculas, dígitos y «_» (por ejemplo electronic_procedures).',
        width: '20',
      }),
      Object.assign(textField('description', 'Descripción (opcional)', values.description, errors), { type: 'textarea', rows: 3 }),
      selectField(
        'coverage',
        'Aplica a',
        entries('coverage').map((c) => ({ value: c.code, text: labelCap('coverage', c.code) })),
        values.coverage,
        errors,
      ),
      textField('dueDate', 'Fecha límite', values.dueDate, errors, { hint: 'AAAA-MM-DD, por ejemplo 2023-08-31.', width: '10' }),
      textField('legalReference', 'Referencia legal (opcional)', values.legalReference, errors),
      checkboxField(
        'requiresApprovedPlan',
        'Se cumple solo con un plan de simplificación aprobado',
        values.requiresApprovedPlan === 'true',
        errors,
      ),
      textField('requiredLevel', 'Nivel de madurez validado que debe tener todo trámite vigente (opcional)', values.requiredLevel, errors, {
        width: '2',
      }),
    ];
    const action = current ? `${BASE}/${current.id}` : `${BASE}/nuevo`;
    renderConfig(
      this.pages,
      req,
      res,
      {
        heading: current ? `Plazo legal «${current.name}»` : 'Registrar un plazo legal',
        breadcrumbs: crumbs,
        fields,
        summary,
        blocks: [
          form(
            post(action, current ? 'Guardar los cambios' : 'Registrar el plazo', {
              fields,
              cancel: BASE,
              hidden: current ? [{ name: 'version', value: String(version ?? current.version) }] : [],
            }),
          ),
          ...(current ? [links([{ text: 'Eliminar este plazo legal', href: `${BASE}/${current.id}/eliminar` }])] : []),
        ],
      },
      status,
    );
  }
}

function conditionOf(d: LegalDeadlineResponse): string {
  const parts = [
    ...(d.requiresApprovedPlan ? ['un plan aprobado'] : []),
    ...(d.requiredLevel !== null ? [`todo trámite en nivel ${d.requiredLevel} o más`] : []),
  ];
  return parts.length ? parts.join(' y ') : '—';
}
