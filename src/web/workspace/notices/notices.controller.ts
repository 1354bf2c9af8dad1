import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor } from '../../../common/auth/actor';
import { Public } from '../../../common/auth/auth.decorators';
import { entries, label } from '../../../common/glossary/glossary';
import { uuidPipe } from '../../../common/http/uuid.pipe';
import { format } from '../../../common/views/handlebars-setup';
import { MyNotificationsQuery, PreferencesResponse, UpdatePreferencesDto } from '../../../modules/notifications/dto/notification.dto';
import { DELIVERY_MODES } from '../../../modules/notifications/entities/notification.entity';
import { NotificationsService } from '../../../modules/notifications/notifications.service';
import { FieldErrors } from '../../forms/form-fields';
import { listOf, submitForm, validateDto } from '../forms';
import { pathOf } from '../home/home.view';
import { SignInRedirectFilter, WorkspaceGuard } from '../session/workspace.guard';
import { WorkspaceResponder } from '../workspace-responder';

const PAGE_SIZE = 20;
const LIST = '/app/avisos';
const PREFERENCES = '/app/avisos/preferencias';

/**
 * "Avisos": the person's in-app notifications with read/unread, and their e-mail preferences — each kind named and
 * explained in Spanish (the glossary says when it fires), mandatory kinds shown as such. Over NotificationsService,
 * as the API's /notifications endpoints.
 */
@ApiExcludeController()
@Public()
@UseGuards(WorkspaceGuard)
@UseFilters(SignInRedirectFilter)
@Controller('app/avisos')
export class NoticesController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly pages: WorkspaceResponder,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response, @Query() raw: Record<string, unknown>): Promise<void> {
    // The URL's own parameters (Spanish names): only unread, and the page; anything else reads as the first page.
    const unread = raw.solo === 'no-leidos';
    const page = Math.max(1, Math.min(10_000, Number.parseInt(typeof raw.pagina === 'string' ? raw.pagina : '1', 10) || 1));
    const result = await this.notifications.listMine(
      req.actor as Actor,
      Object.assign(new MyNotificationsQuery(), { unread: unread || undefined, page, pageSize: PAGE_SIZE }),
    );
    const here = `${LIST}${unread ? '?solo=no-leidos' : ''}`;
    const pageLink = (p: number) => `${LIST}?${unread ? 'solo=no-leidos&' : ''}pagina=${p}`;
    const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
    this.pages.html(
      req,
      res,
      'workspace/notices/list',
      {
        unread,
        total: result.total,
        items: result.items.map((n) => ({
          id: n.id,
          title: n.title,
          item: n.item,
          message: n.message,
          comment: n.comment,
          institutionName: n.institutionName,
          href: pathOf(n.link),
          read: !!n.readAt,
          createdAt: format.date(n.createdAt),
          // a review notice has no deadline: its date is the day of the step, shown as received
          dueDate: n.dueDate && !n.message ? format.date(n.dueDate) : null,
          kindHelp: entries('notificationKind').find((k) => k.code === n.kind)?.description ?? null,
        })),
        back: page > 1 ? pageLink(page) : here,
        previous: page > 1 ? pageLink(page - 1) : null,
        next: page < pages ? pageLink(page + 1) : null,
        page,
        pages,
      },
      { title: 'Avisos', section: 'avisos' },
    );
  }

  /** Marks one of the person's notices read (someone else's answers 404, as in the API). */
  @Post(':id/leido')
  async markRead(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuidPipe) id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    await this.notifications.markRead(req.actor as Actor, id);
    const back = typeof body.volver === 'string' && body.volver.startsWith(LIST) ? body.volver : LIST;
    this.pages.redirect(res, back, req, 'Aviso marcado como leído.');
  }

  @Get('preferencias')
  async preferencesPage(@Req() req: Request, @Res() res: Response): Promise<void> {
    const prefs = await this.notifications.getPreferences(req.actor as Actor);
    this.renderPreferences(req, res, prefs, {}, null);
  }

  @Post('preferencias')
  async savePreferences(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const actor = req.actor as Actor;
    const current = await this.notifications.getPreferences(actor);
    const wanted = new Set(listOf(body.recibir));
    const optional = entries('notificationKind')
      .map((k) => k.code)
      .filter((k) => !current.mandatoryKinds.includes(k));
    const dto = Object.assign(new UpdatePreferencesDto(), {
      delivery: typeof body.entrega === 'string' ? body.entrega : undefined,
      optedOut: optional.filter((k) => !wanted.has(k)),
    });
    const errors = validateDto(dto);
    const asEntered: PreferencesResponse = {
      delivery: (DELIVERY_MODES as readonly string[]).includes(String(body.entrega))
        ? (body.entrega as PreferencesResponse['delivery'])
        : current.delivery,
      optedOut: dto.optedOut ?? [],
      mandatoryKinds: current.mandatoryKinds,
    };
    const invalid = Object.keys(errors).length > 0;
    const form = invalid ? { dto: null, errors: { entrega: errors.delivery ?? 'Elija cómo recibir los avisos.' } } : { dto, errors };
    await submitForm(this.pages, req, res, form, {
      act: async (valid) => {
        await this.notifications.updatePreferences(actor, valid);
        return { to: PREFERENCES, notice: 'Se guardaron sus preferencias de avisos.' };
      },
      render: (problems, summary, status) => this.renderPreferences(req, res, asEntered, problems, summary, status),
    });
  }

  private renderPreferences(
    req: Request,
    res: Response,
    prefs: PreferencesResponse,
    errors: FieldErrors,
    summary: string | null,
    status = 200,
  ): void {
    const everything = prefs.optedOut.includes('*');
    const kinds = entries('notificationKind').map((k) => {
      const mandatory = prefs.mandatoryKinds.includes(k.code);
      return {
        code: k.code,
        label: k.label,
        when: k.description ?? '',
        mandatory,
        checked: mandatory || (!everything && !prefs.optedOut.includes(k.code)),
      };
    });
    const deliveries = entries('deliveryMode').map((d) => ({
      code: d.code,
      label: label('deliveryMode', d.code),
      help: d.description ?? '',
      checked: d.code === prefs.delivery,
    }));
    this.pages.html(
      req,
      res,
      'workspace/notices/preferences',
      {
        kinds,
        deliveries,
        deliveryError: errors.entrega ?? errors.delivery ?? null,
        errors: Object.entries(errors).map(([, text]) => ({ href: '#entrega-immediate', text })),
        summary,
      },
      { title: 'Preferencias de avisos', section: 'avisos', breadcrumbs: [{ text: 'Avisos', href: LIST }] },
      status,
    );
  }
}
