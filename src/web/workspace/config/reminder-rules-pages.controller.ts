import { Body, Controller, Get, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor } from '../../../common/auth/actor';
import { Public } from '../../../common/auth/auth.decorators';
import { ADMIN_ROLES } from '../../../common/auth/roles';
import { AppException } from '../../../common/errors/app.exception';
import { entries, label, labelCap, term } from '../../../common/glossary/glossary';
import { uuidPipe } from '../../../common/http/uuid.pipe';
import { CreateReminderRuleDto, ReminderRuleResponse, UpdateReminderRuleDto } from '../../../modules/notifications/dto/reminder-rule.dto';
import { RECIPIENT_ROLES } from '../../../modules/notifications/entities/reminder-rule.entity';
import { ReminderRulesService } from '../../../modules/notifications/reminder-rules.service';
import { checkboxField, Field, FieldErrors, selectField, textField } from '../../forms/form-fields';
import { dtoFrom, FieldKind, formObject, listOf, submitForm } from '../forms';
import { PageRoles, SignInRedirectFilter, WorkspaceGuard } from '../session/workspace.guard';
import { WorkspaceResponder } from '../workspace-responder';
import { cell, checkboxesField, CONFIG_BASE, facts, form, links, post, renderConfig, table, text, warning } from './config-page';

const BASE = `${CONFIG_BASE}/recordatorios`;
const crumbs = [{ text: 'Reglas de recordatorio', href: BASE }];
const RULE_FORM: Record<string, FieldKind> = {
  name: 'text',
  repeatEveryDays: 'int',
  escalateAfterDays: 'int',
  recipients: 'list',
  escalationRecipients: 'list',
  threshold: 'text',
  mandatory: 'bool',
};

const roles = (list: readonly string[]) => (list.length ? list.map((r) => label('role', r)).join(', ') : 'nadie');
const days = (list: readonly number[]) => (list.length ? list.join(', ') : '—');
const recipientChoices = RECIPIENT_ROLES.map((r) => ({ value: r, text: labelCap('role', r) }));

/** "30, 7, 1" as numbers; a token that is not a whole number is passed as typed, so the DTO's rule reports it. */
const offsetsOf = (raw: unknown): unknown[] =>
  String(listOf(raw)[0] ?? '')
    .split(/[,;\s]+/)
    .filter(Boolean)
    .map((t) => (/^\d+$/.test(t) ? Number(t) : t));

const valuesOf = (r: ReminderRuleResponse): Record<string, string | string[]> => ({
  name: r.name,
  offsets: r.offsets.join(', '),
  repeatEveryDays: r.repeatEveryDays === null ? '' : String(r.repeatEveryDays),
  escalateAfterDays: r.escalateAfterDays === null ? '' : String(r.escalateAfterDays),
  recipients: r.recipients,
  escalationRecipients: r.escalationRecipients,
  threshold: r.threshold ?? '',
  mandatory: r.mandatory ? 'true' : '',
  enabled: r.enabled ? 'true' : '',
});

/**
 * Configuración → Reglas de recordatorio: when and to whom milestones, reports, legal deadlines, stale inventories and
 * score drops are reminded. List, create a rule of an existing kind, edit (optimistic concurrency), deactivate after
 * confirming and activate again, all through ReminderRulesService (audited), as the API does.
 */
@ApiExcludeController()
@Public()
@UseGuards(WorkspaceGuard)
@UseFilters(SignInRedirectFilter)
@PageRoles(ADMIN_ROLES)
@Controller('app/configuracion/recordatorios')
export class ReminderRulesPagesController {
  constructor(
    private readonly rules: ReminderRulesService,
    private readonly pages: WorkspaceResponder,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response): Promise<void> {
    const all = await this.rules.list(req.actor as Actor);
    renderConfig(this.pages, req, res, {
      heading: 'Reglas de recordatorio',
      breadcrumbs: [],
      blocks: [
        text(
          'Cada regla dice cuántos días antes (o después) de un vencimiento se avisa y a quién. Un aviso se envía una sola vez por regla, asunto, fecha y etapa.',
        ),
        links([{ text: 'Crear una regla', href: `${BASE}/nueva` }]),
        table({
          id: 'reglas',
          caption: `Reglas (${all.length})`,
          headers: ['Regla', 'Tipo', 'Días', 'Repetir cada', 'Destinatarios', 'Escala a', 'Estado'],
          rows: all.map((r) => [
            cell(r.name, { href: `${BASE}/${r.id}` }),
            cell(labelCap('notificationKind', r.kind)),
            cell(r.kind === 'score_drop' ? `${r.threshold ?? '—'} puntos` : days(r.offsets)),
            cell(r.repeatEveryDays ? `${r.repeatEveryDays} días` : '—'),
            cell(roles(r.recipients)),
            cell(r.escalateAfterDays ? `${roles(r.escalationRecipients)} desde ${r.escalateAfterDays} días` : '—'),
            cell('', { tag: r.enabled ? 'Activa' : 'Desactivada', tagColour: r.enabled ? 'green' : 'grey' }),
          ]),
          empty: 'No hay reglas de recordatorio.',
        }),
      ],
    });
  }

  @Get('nueva')
  createPage(@Req() req: Request, @Res() res: Response): void {
    this.renderForm(req, res, null, { kind: 'milestone_due', recipients: ['liaison'], enabled: 'true' }, {}, null);
  }

  @Post('nueva')
  async create(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const { plain, values } = formObject(body, { ...RULE_FORM, code: 'text', kind: 'text', enabled: 'bool' }, 'create');
    values.offsets = listOf(body.offsets)[0] ?? '';
    const form = dtoFrom(CreateReminderRuleDto, { ...plain, offsets: offsetsOf(body.offsets) });
    await submitForm(this.pages, req, res, form, {
      act: async (dto) => {
        const r = await this.rules.create(req.actor as Actor, dto);
        return { to: BASE, notice: `Se creó la regla «${r.name}».` };
      },
      render: (errors, summary, status) => this.renderForm(req, res, null, values, errors, summary, status),
    });
  }

  @Get(':id')
  async editPage(@Req() req: Request, @Res() res: Response, @Param('id', uuidPipe) id: string): Promise<void> {
    const rule = await this.find(req.actor as Actor, id);
    this.renderForm(req, res, rule, valuesOf(rule), {}, null);
  }

  @Post(':id')
  async update(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuidPipe) id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const actor = req.actor as Actor;
    const current = await this.find(actor, id);
    const { plain, values } = formObject(body, RULE_FORM, 'update');
    values.offsets = listOf(body.offsets)[0] ?? '';
    const version = Number(body.version);
    const form = dtoFrom(UpdateReminderRuleDto, { ...plain, offsets: offsetsOf(body.offsets), version });
    await this.save(req, res, current, form, values, `Se guardó la regla «${current.name}».`, version);
  }

  @Get(':id/desactivar')
  async deactivatePage(@Req() req: Request, @Res() res: Response, @Param('id', uuidPipe) id: string): Promise<void> {
    const rule = await this.find(req.actor as Actor, id);
    if (!rule.enabled) return this.pages.redirect(res, `${BASE}/${id}`, req, 'La regla ya estaba desactivada.');
    renderConfig(this.pages, req, res, {
      heading: `¿Desactivar la regla «${rule.name}»?`,
      breadcrumbs: [...crumbs, { text: rule.name, href: `${BASE}/${id}` }],
      blocks: [
        warning('Mientras esté desactivada no se generarán sus avisos. Los ya enviados no cambian.'),
        facts([
          { key: 'Tipo', value: labelCap('notificationKind', rule.kind) },
          { key: 'Destinatarios', value: roles(rule.recipients) },
        ]),
        form(
          post(`${BASE}/${id}/desactivar`, 'Sí, desactivar la regla', {
            warning: true,
            cancel: `${BASE}/${id}`,
            hidden: [{ name: 'version', value: String(rule.version) }],
          }),
        ),
      ],
    });
  }

  @Post(':id/desactivar')
  async deactivate(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuidPipe) id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    await this.toggle(req, res, id, body, false);
  }

  @Post(':id/activar')
  async activate(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuidPipe) id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    await this.toggle(req, res, id, body, true);
  }

  private async toggle(req: Request, res: Response, id: string, body: Record<string, unknown>, enabled: boolean): Promise<void> {
    const actor = req.actor as Actor;
    const current = await this.find(actor, id);
    const form = dtoFrom(UpdateReminderRuleDto, { version: Number(body.version), enabled });
    if (!form.dto) throw AppException.badRequest('Falta la versión de la regla.');
    await this.save(req, res, current, form, valuesOf(current), `Se ${enabled ? 'activó' : 'desactivó'} la regla «${current.name}».`);
  }

  /** An update of the rule: the form again when it does not validate, the refusal on the latest rule, or back to the list. */
  private async save(
    req: Request,
    res: Response,
    current: ReminderRuleResponse,
    form: { dto: UpdateReminderRuleDto | null; errors: FieldErrors },
    values: Record<string, string | string[]>,
    notice: string,
    version?: number,
  ): Promise<void> {
    const actor = req.actor as Actor;
    await submitForm(this.pages, req, res, form, {
      act: (dto) => this.rules.update(actor, current.id, dto).then(() => ({ to: BASE, notice })),
      render: (errors, summary, status) => this.renderForm(req, res, current, values, errors, summary, status, version),
      renderRefused: async (errors, summary, status) =>
        this.renderForm(req, res, await this.find(actor, current.id), values, errors, summary, status),
      conflict:
        'Otra persona guardó esta regla mientras usted la editaba. Abajo están sus cambios; si guarda de nuevo, reemplazarán la versión guardada.',
    });
  }

  private async find(actor: Actor, id: string): Promise<ReminderRuleResponse> {
    const rule = (await this.rules.list(actor)).find((r) => r.id === id);
    if (!rule) throw AppException.notFound('La regla de recordatorio');
    return rule;
  }

  private renderForm(
    req: Request,
    res: Response,
    current: ReminderRuleResponse | null,
    values: Record<string, string | string[]>,
    errors: FieldErrors,
    summary: string | null,
    status = 200,
    version?: number,
  ): void {
    const one = (k: string) => (Array.isArray(values[k]) ? '' : ((values[k] as string | undefined) ?? ''));
    const many = (k: string) => ([] as string[]).concat(values[k] ?? []);
    const kind = current?.kind ?? one('kind');
    const fields: Field[] = [
      textField('name', 'Nombre', one('name'), errors),
      ...(current
        ? []
        : [
            textField('code', 'Código', one('code'), errors, { hint: 'Estable: minúsculas, dígitos y «_».', width: '20' }),
            selectField(
              'kind',
              'Tipo',
              entries('notificationKind').map((k) => ({ value: k.code, text: labelCap('notificationKind', k.code) })),
              kind,
              errors,
            ),
          ]),
      textField('offsets', 'Días', one('offsets'), errors, {
        hint:
          kind === 'stale_inventory'
            ? 'Días sin revisión que vuelven «sin revisar» un trámite (un solo número, por ejemplo 180).'
            : 'Separados por comas: días antes del vencimiento (en las reglas de vencidos, el primer día de atraso). Por ejemplo 30, 7, 1.',
        width: '10',
      }),
      textField('repeatEveryDays', 'Repetir cada (días, opcional)', one('repeatEveryDays'), errors, { width: '3' }),
      checkboxesField('recipients', 'Destinatarios', recipientChoices, many('recipients'), errors),
      textField('escalateAfterDays', 'Escalar desde (días de atraso, opcional)', one('escalateAfterDays'), errors, { width: '3' }),
      checkboxesField('escalationRecipients', 'Al escalar, avisar también a', recipientChoices, many('escalationRecipients'), errors),
      textField('threshold', 'Umbral (puntos; solo caída de puntuación)', one('threshold'), errors, { width: '4' }),
      checkboxField('mandatory', 'Obligatoria (no se puede dejar de recibir)', one('mandatory') === 'true', errors),
      // Deactivating has its own confirmation step; a new rule may start inactive.
      ...(current ? [] : [checkboxField('enabled', 'Activa desde ya', one('enabled') === 'true', errors)]),
    ];
    const blocks = [
      ...(current ? [text(term('notificationKind', current.kind)?.description ?? '')] : []),
      form(
        post(current ? `${BASE}/${current.id}` : `${BASE}/nueva`, current ? 'Guardar los cambios' : 'Crear la regla', {
          fields,
          cancel: BASE,
          hidden: current ? [{ name: 'version', value: String(version ?? current.version) }] : [],
        }),
      ),
      ...(current && current.enabled ? [links([{ text: 'Desactivar esta regla', href: `${BASE}/${current.id}/desactivar` }])] : []),
      ...(current && !current.enabled
        ? [
            form(
              post(`${BASE}/${current.id}/activar`, 'Activar la regla', {
                secondary: true,
                hidden: [{ name: 'version', value: String(current.version) }],
              }),
            ),
          ]
        : []),
    ];
    renderConfig(
      this.pages,
      req,
      res,
      {
        heading: current ? `Regla «${current.name}»` : 'Crear una regla de recordatorio',
        caption: current ? labelCap('notificationKind', current.kind) : null,
        breadcrumbs: crumbs,
        fields,
        summary,
        blocks,
      },
      status,
    );
  }
}
