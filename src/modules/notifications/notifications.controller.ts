import { Body, Controller, Get, Header, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Actor } from '../../common/auth/actor';
import { CurrentActor, Public, Roles } from '../../common/auth/auth.decorators';
import { uuidPipe } from '../../common/http/uuid.pipe';
import {
  EvaluationResponse,
  MyNotificationsQuery,
  NotificationPage,
  NotificationResponse,
  OutboxPage,
  OutboxQuery,
  PreferencesResponse,
  UnsubscribeQuery,
  UnsubscribeResponse,
  UpdatePreferencesDto,
} from './dto/notification.dto';
import { NotificationsService } from './notifications.service';
import { ADMIN_ROLES, OUTBOX_READER_ROLES } from '../../common/auth/roles';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

@ApiTags('notifications')
@ApiBearerAuth()
@Controller({ path: 'notifications', version: '1' })
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ summary: 'Mis notificaciones (leídas y no leídas), de la más reciente a la más antigua' })
  @ApiOkResponse({ type: NotificationPage })
  list(@CurrentActor() actor: Actor, @Query() query: MyNotificationsQuery) {
    return this.notifications.listMine(actor, query);
  }

  @Get('outbox')
  @Roles(OUTBOX_READER_ROLES)
  @ApiOperation({ summary: 'Bandeja de salida: qué aviso se envió a quién, cuándo y por qué (administradores institucionales y Comisión)' })
  @ApiOkResponse({ type: OutboxPage })
  outbox(@CurrentActor() actor: Actor, @Query() query: OutboxQuery) {
    return this.notifications.outbox(actor, query);
  }

  @Get('preferences')
  @ApiOperation({ summary: 'Mis preferencias de avisos (inmediatos o resumen diario; bajas)' })
  @ApiOkResponse({ type: PreferencesResponse })
  preferences(@CurrentActor() actor: Actor) {
    return this.notifications.getPreferences(actor);
  }

  @Put('preferences')
  @ApiOperation({ summary: 'Cambiar mis preferencias de avisos (los avisos obligatorios no admiten baja)' })
  @ApiOkResponse({ type: PreferencesResponse })
  updatePreferences(@CurrentActor() actor: Actor, @Body() dto: UpdatePreferencesDto) {
    return this.notifications.updatePreferences(actor, dto);
  }

  @Get('unsubscribe')
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'Página de baja con un clic (enlace del correo): pide confirmar; la baja se hace con POST' })
  @ApiOkResponse({ type: String })
  unsubscribePage(@Query() query: UnsubscribeQuery): string {
    const action = `?token=${encodeURIComponent(query.token)}`;
    return `<!doctype html><html lang="es"><head><meta charset="utf-8"><title>Darse de baja</title></head><body style="font-family: Arial, sans-serif;">
<h1>Darse de baja de los avisos de Simplifica</h1><p>Confirme que ya no desea recibir este tipo de aviso por correo. Los avisos obligatorios se seguirán enviando.</p>
<form method="post" action="${escapeHtml(action)}"><button type="submit">Confirmar la baja</button></form></body></html>`;
  }

  @Post('unsubscribe')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Baja con un clic (RFC 8058, cabecera List-Unsubscribe-Post): firmada, sin iniciar sesión' })
  @ApiOkResponse({ type: UnsubscribeResponse })
  unsubscribe(@Query() query: UnsubscribeQuery) {
    return this.notifications.unsubscribe(query.token);
  }

  @Post('evaluate')
  @Roles(ADMIN_ROLES)
  @HttpCode(202)
  @ApiOperation({ summary: 'Evaluar ahora las reglas de recordatorio (administradores; normalmente corre a diario)' })
  @ApiOkResponse({ type: EvaluationResponse })
  evaluate(@CurrentActor() actor: Actor) {
    return this.notifications.requestEvaluation(actor);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Marcar como leída una notificación propia' })
  @ApiOkResponse({ type: NotificationResponse })
  read(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string) {
    return this.notifications.markRead(actor, id);
  }
}
