import { Body, Controller, Get, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor } from '../../../common/auth/actor';
import { Public } from '../../../common/auth/auth.decorators';
import { ADMIN_ROLES } from '../../../common/auth/roles';
import { entries, label, labelCap } from '../../../common/glossary/glossary';
import { uuidPipe } from '../../../common/http/uuid.pipe';
import { formatDateTimeGt } from '../../../common/time/guatemala-time';
import { format } from '../../../common/views/handlebars-setup';
import { CreatePartnerApiKeyDto, PartnerApiKeyResponse } from '../../../modules/partner-api-keys/dto/partner-api-key.dto';
import { PartnerApiKeysService } from '../../../modules/partner-api-keys/partner-api-keys.service';
import { WebhooksService } from '../../../modules/webhooks/webhooks.service';
import { FieldErrors, textField } from '../../forms/form-fields';
import { dtoFrom, formObject, submitForm } from '../forms';
import { PageRoles, SignInRedirectFilter, WorkspaceGuard } from '../session/workspace.guard';
import { WorkspaceResponder } from '../workspace-responder';
import {
  cell,
  checkboxesField,
  CONFIG_BASE,
  facts,
  form,
  heading,
  links,
  post,
  renderConfig,
  secret,
  table,
  text,
  warning,
} from './config-page';
import { RevealOnce } from './reveal-once';

const BASE = `${CONFIG_BASE}/llaves`;
const crumbs = [{ text: 'Llaves de socios', href: BASE }];
const KEY_FORM = { name: 'text', scopes: 'list', rateLimitPerMinute: 'int' } as const;

export const when = (d: Date | string | null): string => (d ? formatDateTimeGt(new Date(d)) : 'nunca');
const scopesText = (scopes: readonly string[]) => scopes.map((s) => label('apiKeyScope', s)).join(', ');
const stateOf = (k: PartnerApiKeyResponse) => (k.revokedAt ? `Revocada el ${when(k.revokedAt)}` : 'Vigente');

/**
 * Configuración → Llaves de socios: partner API keys (AGEXPORT and others). A new key is shown once, on the page the
 * creation redirects to, and never again (only its hash is stored); revoking asks for confirmation; the key's page shows
 * its requests per day over the last 30 days. Every write goes through PartnerApiKeysService (audited), as the API does.
 */
@ApiExcludeController()
@Public()
@UseGuards(WorkspaceGuard)
@UseFilters(SignInRedirectFilter)
@PageRoles(ADMIN_ROLES)
@Controller('app/configuracion/llaves')
export class PartnerKeysPagesController {
  constructor(
    private readonly keys: PartnerApiKeysService,
    private readonly webhooks: WebhooksService,
    private readonly pages: WorkspaceResponder,
    private readonly reveal: RevealOnce,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response): Promise<void> {
    const all = await this.keys.list(req.actor as Actor);
    renderConfig(this.pages, req, res, {
      heading: 'Llaves de socios',
      blocks: [
        text(
          'Las llaves dan acceso a la API pública con su propio límite de solicitudes; la llave completa se muestra una sola vez al crearla.',
        ),
        links([{ text: 'Crear una llave', href: `${BASE}/nueva` }]),
        table({
          id: 'llaves',
          caption: `Llaves (${all.length})`,
          headers: ['Nombre', 'Inicio de la llave', 'Permisos', 'Límite por minuto', 'Último uso', 'Estado'],
          rows: all.map((k) => [
            cell(k.name, { href: `${BASE}/${k.id}` }),
            cell(k.prefix),
            cell(scopesText(k.scopes)),
            cell(format.integer(k.rateLimitPerMinute)),
            cell(when(k.lastUsedAt)),
            cell('', { tag: k.revokedAt ? 'Revocada' : 'Vigente', tagColour: k.revokedAt ? 'grey' : 'green' }),
          ]),
          empty: 'Aún no hay llaves.',
        }),
      ],
      breadcrumbs: [],
    });
  }

  @Get('nueva')
  createPage(@Req() req: Request, @Res() res: Response): void {
    this.renderForm(req, res, { name: '', scopes: ['public:read'], rateLimitPerMinute: '600' }, {}, null);
  }

  @Post('nueva')
  async create(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const { plain, values } = formObject(body, { ...KEY_FORM }, 'create');
    await submitForm(this.pages, req, res, dtoFrom(CreatePartnerApiKeyDto, plain), {
      act: async (dto) => {
        const created = await this.keys.create(req.actor as Actor, dto);
        this.reveal.keep(req, 'partner_key', created.id, created.key);
        return { to: `${BASE}/${created.id}`, notice: `Se creó la llave «${created.name}».` };
      },
      render: (errors, summary, status) => this.renderForm(req, res, values, errors, summary, status),
    });
  }

  @Get(':id')
  async detail(@Req() req: Request, @Res() res: Response, @Param('id', uuidPipe) id: string): Promise<void> {
    const actor = req.actor as Actor;
    const key = (await this.keys.list(actor)).find((k) => k.id === id);
    const usage = await this.keys.usage(actor, id); // 404 for an unknown key
    if (!key) return; // unreachable: usage answered 404
    const shown = this.reveal.take(req, 'partner_key', id);
    const subscriptions = await this.webhooks.list(actor, id);
    const busy = usage.days.filter((d) => d.requests > 0);
    renderConfig(this.pages, req, res, {
      heading: key.name,
      caption: 'Llave de socio',
      breadcrumbs: crumbs,
      blocks: [
        ...(shown ? [secret('La llave completa (se muestra solo esta vez)', shown, 'llave-nueva')] : []),
        facts([
          { key: 'Inicio de la llave', value: key.prefix },
          { key: 'Permisos', value: scopesText(key.scopes) },
          { key: 'Límite', value: `${format.integer(key.rateLimitPerMinute)} solicitudes por minuto` },
          { key: 'Creada', value: when(key.createdAt) },
          { key: 'Último uso', value: when(key.lastUsedAt) },
          { key: 'Estado', value: stateOf(key) },
        ]),
        heading('Uso en los últimos 30 días', 'uso'),
        text(
          `${format.integer(usage.total)} ${usage.total === 1 ? 'solicitud' : 'solicitudes'} en 30 días${busy.length ? `, en ${busy.length} ${busy.length === 1 ? 'día' : 'días'} con uso` : ''}.`,
        ),
        table({
          id: 'uso-por-dia',
          caption: 'Solicitudes por día (días con uso)',
          headers: ['Día', 'Solicitudes'],
          rows: busy.map((d) => [cell(format.date(d.date)), cell(format.integer(d.requests))]),
          empty: 'La llave no se usó en los últimos 30 días.',
        }),
        heading('Suscripciones de webhooks de esta llave', 'webhooks'),
        table({
          id: 'webhooks-de-la-llave',
          caption: `Suscripciones (${subscriptions.length})`,
          headers: ['Dirección', 'Eventos', 'Estado'],
          rows: subscriptions.map((s) => [
            cell(s.url, { href: `${CONFIG_BASE}/webhooks/${s.id}` }),
            cell(s.events.map((e) => label('publicChange', e)).join(', ')),
            cell('', { tag: s.active ? 'Activa' : 'Desactivada', tagColour: s.active ? 'green' : 'grey' }),
          ]),
          empty: 'Esta llave no tiene suscripciones.',
        }),
        ...(key.revokedAt
          ? []
          : [
              links([{ text: 'Suscribir un webhook con esta llave', href: `${CONFIG_BASE}/webhooks/nueva?llave=${key.id}` }]),
              heading('Revocar', 'revocar'),
              links([{ text: 'Revocar esta llave', href: `${BASE}/${key.id}/revocar` }]),
            ]),
      ],
    });
  }

  @Get(':id/revocar')
  async revokePage(@Req() req: Request, @Res() res: Response, @Param('id', uuidPipe) id: string): Promise<void> {
    const actor = req.actor as Actor;
    await this.keys.usage(actor, id); // 404 for an unknown key
    const key = (await this.keys.list(actor)).find((k) => k.id === id)!;
    if (key.revokedAt) return this.pages.redirect(res, `${BASE}/${id}`, req, 'La llave ya estaba revocada.');
    renderConfig(this.pages, req, res, {
      heading: `¿Revocar la llave «${key.name}»?`,
      breadcrumbs: [...crumbs, { text: key.name, href: `${BASE}/${id}` }],
      blocks: [
        warning('Desde ese momento toda solicitud con esta llave se rechaza y sus webhooks dejan de administrarse. No se puede deshacer.'),
        facts([
          { key: 'Inicio de la llave', value: key.prefix },
          { key: 'Último uso', value: when(key.lastUsedAt) },
        ]),
        form(post(`${BASE}/${id}/revocar`, 'Sí, revocar la llave', { warning: true, cancel: `${BASE}/${id}` })),
      ],
    });
  }

  @Post(':id/revocar')
  async revoke(@Req() req: Request, @Res() res: Response, @Param('id', uuidPipe) id: string): Promise<void> {
    const key = await this.keys.revoke(req.actor as Actor, id);
    this.pages.redirect(res, `${BASE}/${id}`, req, `Se revocó la llave «${key.name}».`);
  }

  private renderForm(
    req: Request,
    res: Response,
    values: Record<string, string | string[]>,
    errors: FieldErrors,
    summary: string | null,
    status = 200,
  ): void {
    const chosen = ([] as string[]).concat(values.scopes ?? []);
    const fields = [
      textField('name', 'Nombre', values.name, errors, {
        hint: 'A quién pertenece y para qué: por ejemplo «AGEXPORT — tablero de seguimiento».',
      }),
      checkboxesField(
        'scopes',
        'Permisos',
        entries('apiKeyScope').map((s) => ({ value: s.code, text: labelCap('apiKeyScope', s.code) })),
        chosen,
        errors,
      ),
      textField('rateLimitPerMinute', 'Límite de solicitudes por minuto', values.rateLimitPerMinute, errors, { width: '5' }),
    ];
    renderConfig(
      this.pages,
      req,
      res,
      {
        heading: 'Crear una llave de socio',
        breadcrumbs: crumbs,
        fields,
        summary,
        blocks: [
          text('La llave completa se mostrará una sola vez, en la página siguiente. Solo se guarda su huella (hash).'),
          form(post(`${BASE}/nueva`, 'Crear la llave', { fields, cancel: BASE })),
        ],
      },
      status,
    );
  }
}
