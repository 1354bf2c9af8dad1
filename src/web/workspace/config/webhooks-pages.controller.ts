import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor } from '../../../common/auth/actor';
import { Public } from '../../../common/auth/auth.decorators';
import { ADMIN_ROLES } from '../../../common/auth/roles';
import { label, labelCap } from '../../../common/glossary/glossary';
import { uuidPipe } from '../../../common/http/uuid.pipe';
import { PartnerApiKeysService } from '../../../modules/partner-api-keys/partner-api-keys.service';
import { CHANGE_TYPES } from '../../../modules/public-api/dto/public-response.dto';
import { CreateWebhookDto } from '../../../modules/webhooks/dto/create-webhook.dto';
import { WebhooksService } from '../../../modules/webhooks/webhooks.service';
import { FieldErrors, selectField, textField } from '../../forms/form-fields';
import { dtoFrom, formObject, submitAction, submitForm } from '../forms';
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
  pageParam,
  paginate,
  post,
  renderConfig,
  secret,
  table,
  text,
  warning,
} from './config-page';
import { when } from './partner-keys.controller';
import { RevealOnce } from './reveal-once';

const BASE = `${CONFIG_BASE}/webhooks`;
const crumbs = [{ text: 'Webhooks', href: BASE }];
const PAGE_SIZE = 25;
const DELIVERIES_PAGE_SIZE = 25;
const eventsText = (events: readonly string[]) => events.map((e) => label('publicChange', e)).join(', ');

/**
 * Configuración → Webhooks: partners' subscriptions to the public change feed, across keys. An administrator
 * subscribes for a key (the signing secret shown once), sends a signed test event, reads the delivery log (status,
 * attempts, the receiver's answer), replays a failed delivery and deactivates a subscription after confirming. Every
 * write goes through WebhooksService (audited) with the key named, as the partner does with its own key.
 */
@ApiExcludeController()
@Public()
@UseGuards(WorkspaceGuard)
@UseFilters(SignInRedirectFilter)
@PageRoles(ADMIN_ROLES)
@Controller('app/configuracion/webhooks')
export class WebhooksPagesController {
  constructor(
    private readonly webhooks: WebhooksService,
    private readonly keys: PartnerApiKeysService,
    private readonly pages: WorkspaceResponder,
    private readonly reveal: RevealOnce,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response, @Query('pagina') pagina: unknown): Promise<void> {
    const page = pageParam(pagina);
    const { items, total } = await this.webhooks.listAll(req.actor as Actor, { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE });
    renderConfig(this.pages, req, res, {
      heading: 'Webhooks',
      breadcrumbs: [],
      blocks: [
        text(
          'Cada suscripción recibe, firmados, los cambios públicos que eligió. Las entregas fallidas se reintentan y pueden reenviarse.',
        ),
        links([{ text: 'Suscribir un webhook', href: `${BASE}/nueva` }]),
        table({
          id: 'suscripciones',
          caption: `Suscripciones (${total})`,
          headers: ['Dirección', 'Llave', 'Eventos', 'Creada', 'Estado'],
          rows: items.map((s) => [
            cell(s.url, { href: `${BASE}/${s.id}` }),
            cell(s.partnerKeyName, { href: `${CONFIG_BASE}/llaves/${s.partnerKeyId}`, tag: s.keyRevoked ? 'Llave revocada' : null }),
            cell(eventsText(s.events)),
            cell(when(s.createdAt)),
            cell('', { tag: s.active ? 'Activa' : 'Desactivada', tagColour: s.active ? 'green' : 'grey' }),
          ]),
          empty: 'Aún no hay suscripciones.',
          pagination: paginate(BASE, page, PAGE_SIZE, total),
        }),
      ],
    });
  }

  @Get('nueva')
  async createPage(@Req() req: Request, @Res() res: Response, @Query('llave') llave: unknown): Promise<void> {
    await this.renderForm(req, res, { partnerKeyId: typeof llave === 'string' ? llave : '', url: '', events: [] }, {}, null);
  }

  @Post('nueva')
  async create(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const { plain, values } = formObject(body, { partnerKeyId: 'text', url: 'text', events: 'list' }, 'create');
    const { partnerKeyId, ...rest } = plain;
    const form = dtoFrom(CreateWebhookDto, rest);
    const keyId = typeof partnerKeyId === 'string' ? partnerKeyId : '';
    const live = await this.liveKeys(req.actor as Actor);
    if (!live.some((k) => k.id === keyId)) form.errors.partnerKeyId = 'Elija una llave vigente.';
    if (form.errors.partnerKeyId) form.dto = null;
    await submitForm(this.pages, req, res, form, {
      act: async (dto) => {
        const created = await this.webhooks.create(req.actor as Actor, dto, keyId);
        this.reveal.keep(req, 'webhook', created.id, created.secret);
        return { to: `${BASE}/${created.id}`, notice: `Se creó la suscripción a ${created.url}.` };
      },
      render: (errors, summary, status) => this.renderForm(req, res, values, errors, Object.keys(errors).length ? null : summary, status),
    });
  }

  @Get(':id')
  async detail(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuidPipe) id: string,
    @Query('pagina') pagina: unknown,
  ): Promise<void> {
    const actor = req.actor as Actor;
    const sub = await this.webhooks.getForAdmin(actor, id);
    const shown = this.reveal.take(req, 'webhook', id);
    const all = await this.webhooks.deliveries(actor, id, sub.partnerKeyId);
    const page = pageParam(pagina);
    const deliveries = all.slice((page - 1) * DELIVERIES_PAGE_SIZE, page * DELIVERIES_PAGE_SIZE);
    const failed = all.filter((d) => d.status === 'failed').length;
    renderConfig(this.pages, req, res, {
      heading: sub.url,
      caption: 'Suscripción de webhook',
      breadcrumbs: crumbs,
      blocks: [
        ...(shown ? [secret('El secreto de la firma (se muestra solo esta vez)', shown, 'secreto-nuevo')] : []),
        facts([
          { key: 'Llave', value: `${sub.partnerKeyName}${sub.keyRevoked ? ' (revocada)' : ''}` },
          { key: 'Eventos', value: eventsText(sub.events) },
          { key: 'Creada', value: when(sub.createdAt) },
          { key: 'Estado', value: sub.active ? 'Activa' : 'Desactivada' },
        ]),
        ...(sub.active
          ? [
              form(
                post(`${BASE}/${id}/prueba`, 'Enviar evento de prueba', {
                  secondary: true,
                }),
              ),
            ]
          : []),
        heading('Bitácora de entregas', 'bitacora'),
        text(
          all.length
            ? `${all.length === 1 ? 'Una entrega' : `${all.length === 200 ? 'Las 200 entregas más recientes' : `${all.length} entregas`}, la más reciente primero`}${failed ? `; ${failed} ${failed === 1 ? 'fallida' : 'fallidas'}` : ''}. Vuelva a cargar la página para ver el estado de un envío en curso.`
            : 'Aún no hay entregas.',
        ),
        table({
          id: 'entregas',
          caption: 'Entregas',
          headers: ['N.º', 'Evento', 'Estado', 'Intentos', 'Respuesta', 'Creada', 'Entregada', 'Acción'],
          rows: deliveries.map((d) => [
            cell(d.id),
            cell(d.eventType === 'webhook_test' ? 'evento de prueba' : label('publicChange', d.eventType)),
            cell('', {
              tag: labelCap('webhookDeliveryStatus', d.status),
              tagColour: d.status === 'delivered' ? 'green' : d.status === 'failed' ? 'red' : d.status === 'pending' ? 'blue' : 'grey',
            }),
            cell(String(d.attempts)),
            cell(d.lastError ?? (d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : '—')),
            cell(when(d.createdAt)),
            cell(d.deliveredAt ? when(d.deliveredAt) : '—'),
            d.status === 'failed' && sub.active
              ? cell('', {
                  post: post(`${BASE}/${id}/entregas/${d.id}/reenviar`, 'Reenviar', {
                    hiddenLabel: `la entrega ${d.id}`,
                    secondary: true,
                    inline: true,
                  }),
                })
              : cell('—'),
          ]),
          empty: 'Aún no hay entregas.',
          pagination: paginate(`${BASE}/${id}`, page, DELIVERIES_PAGE_SIZE, all.length),
        }),
        ...(sub.active
          ? [heading('Desactivar', 'desactivar'), links([{ text: 'Desactivar esta suscripción', href: `${BASE}/${id}/desactivar` }])]
          : []),
      ],
    });
  }

  @Post(':id/prueba')
  async sendTest(@Req() req: Request, @Res() res: Response, @Param('id', uuidPipe) id: string): Promise<void> {
    const actor = req.actor as Actor;
    const sub = await this.webhooks.getForAdmin(actor, id);
    await submitAction(this.pages, req, res, {
      act: async () => ({
        to: `${BASE}/${id}`,
        notice: `Se envió un evento de prueba (entrega n.º ${(await this.webhooks.sendTest(actor, id, sub.partnerKeyId)).id}). Su estado aparece en la bitácora.`,
      }),
      back: `${BASE}/${id}`,
      failed: 'No se pudo enviar el evento de prueba.',
    });
  }

  @Post(':id/entregas/:deliveryId/reenviar')
  async replay(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuidPipe) id: string,
    @Param('deliveryId') deliveryId: string,
  ): Promise<void> {
    const actor = req.actor as Actor;
    const sub = await this.webhooks.getForAdmin(actor, id);
    await submitAction(this.pages, req, res, {
      act: async () => {
        await this.webhooks.replay(actor, id, deliveryId, sub.partnerKeyId);
        return { to: `${BASE}/${id}`, notice: `Se reenvió la entrega n.º ${deliveryId}; los intentos empiezan de nuevo.` };
      },
      back: `${BASE}/${id}`,
      failed: 'No se pudo reenviar la entrega.',
    });
  }

  @Get(':id/desactivar')
  async deactivatePage(@Req() req: Request, @Res() res: Response, @Param('id', uuidPipe) id: string): Promise<void> {
    const sub = await this.webhooks.getForAdmin(req.actor as Actor, id);
    if (!sub.active) return this.pages.redirect(res, `${BASE}/${id}`, req, 'La suscripción ya estaba desactivada.');
    renderConfig(this.pages, req, res, {
      heading: '¿Desactivar la suscripción?',
      breadcrumbs: [...crumbs, { text: sub.url, href: `${BASE}/${id}` }],
      blocks: [
        warning('No se le enviarán más eventos y sus entregas pendientes se cancelan. Para volver a recibir eventos habrá que crear otra.'),
        facts([
          { key: 'Dirección', value: sub.url },
          { key: 'Llave', value: sub.partnerKeyName },
        ]),
        form(post(`${BASE}/${id}/desactivar`, 'Sí, desactivar', { warning: true, cancel: `${BASE}/${id}` })),
      ],
    });
  }

  @Post(':id/desactivar')
  async deactivate(@Req() req: Request, @Res() res: Response, @Param('id', uuidPipe) id: string): Promise<void> {
    const actor = req.actor as Actor;
    const sub = await this.webhooks.getForAdmin(actor, id);
    await this.webhooks.deactivate(actor, id, sub.partnerKeyId);
    this.pages.redirect(res, `${BASE}/${id}`, req, 'Se desactivó la suscripción; sus entregas pendientes se cancelaron.');
  }

  private async liveKeys(actor: Actor) {
    return (await this.keys.list(actor)).filter((k) => !k.revokedAt);
  }

  private async renderForm(
    req: Request,
    res: Response,
    values: Record<string, string | string[]>,
    errors: FieldErrors,
    summary: string | null,
    status = 200,
  ): Promise<void> {
    const live = await this.liveKeys(req.actor as Actor);
    const fields = [
      selectField(
        'partnerKeyId',
        'Llave del socio',
        live.map((k) => ({ value: k.id, text: `${k.name} (${k.prefix})` })),
        values.partnerKeyId,
        errors,
        { any: 'Elija una llave' },
      ),
      textField('url', 'Dirección del receptor (URL)', values.url, errors, {
        hint: 'Una dirección https pública, sin usuario ni contraseña. No se siguen redirecciones.',
      }),
      checkboxesField(
        'events',
        'Eventos',
        CHANGE_TYPES.map((c) => ({ value: c, text: labelCap('publicChange', c) })),
        ([] as string[]).concat(values.events ?? []),
        errors,
      ),
    ];
    renderConfig(
      this.pages,
      req,
      res,
      {
        heading: 'Suscribir un webhook',
        breadcrumbs: crumbs,
        fields,
        summary,
        blocks: [
          text('El secreto con que se firman las entregas se mostrará una sola vez, en la página siguiente.'),
          ...(live.length ? [] : [warning('No hay llaves vigentes: cree primero una llave de socio.')]),
          form(post(`${BASE}/nueva`, 'Crear la suscripción', { fields, cancel: BASE })),
        ],
      },
      status,
    );
  }
}
