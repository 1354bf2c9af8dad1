import { Body, Controller, Delete, Get, HttpCode, Param, Post, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Actor } from '../../common/auth/actor';
import { CurrentActor, Public } from '../../common/auth/auth.decorators';
import { ErrorBody } from '../../common/errors/error-body';
import { uuidPipe } from '../../common/http/uuid.pipe';
import { CreatedWebhookResponse } from './dto/created-webhook.response';
import { CreateWebhookDto } from './dto/create-webhook.dto';
import { WebhookDeliveryResponse } from './dto/webhook-delivery.response';
import { WebhookResponse } from './dto/webhook.response';
import { WebhooksService } from './webhooks.service';
import { PartnerScope } from '../public-api/partner-scope';

/** Partner-managed webhooks: X-API-Key with the webhooks:manage scope (route metadata, checked by PartnerScopeGuard and again by the service). */
@ApiTags('public')
@ApiSecurity('partner-key')
@ApiResponse({ status: 401, type: ErrorBody })
@ApiResponse({ status: 403, type: ErrorBody, description: 'La llave no tiene el permiso webhooks:manage' })
@Public()
@PartnerScope('webhooks:manage')
@Controller({ path: 'public/v1/webhooks', version: VERSION_NEUTRAL })
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiOperation({
    summary: 'Suscribirse a tipos de cambio públicos; el secreto de la firma se muestra una sola vez',
    description:
      'Cada entrega es un POST JSON con X-Simplifica-Timestamp y X-Simplifica-Signature = sha256=HMAC-SHA256(secreto, "<timestamp>.<cuerpo>") en hexadecimal. Rechace marcas de tiempo de más de 5 minutos.',
  })
  @ApiCreatedResponse({ type: CreatedWebhookResponse })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateWebhookDto) {
    return this.webhooks.create(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Suscripciones de la llave' })
  @ApiOkResponse({ type: [WebhookResponse] })
  list(@CurrentActor() actor: Actor) {
    return this.webhooks.list(actor);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Desactivar una suscripción; sus entregas pendientes se cancelan' })
  @ApiOkResponse({ type: WebhookResponse })
  deactivate(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string) {
    return this.webhooks.deactivate(actor, id);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: 'Bitácora de entregas de una suscripción (las 200 más recientes)' })
  @ApiOkResponse({ type: [WebhookDeliveryResponse] })
  deliveries(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string) {
    return this.webhooks.deliveries(actor, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Eliminar una suscripción; sus entregas pendientes se cancelan' })
  @ApiResponse({ status: 204, description: 'Eliminada' })
  async remove(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string): Promise<void> {
    await this.webhooks.remove(actor, id);
  }

  @Post(':id/test')
  @HttpCode(202)
  @ApiOperation({ summary: 'Enviar un evento de prueba (tipo webhook_test), firmado y registrado como cualquier entrega' })
  @ApiResponse({ status: 202, type: WebhookDeliveryResponse })
  @ApiResponse({ status: 409, type: ErrorBody, description: 'La suscripción está desactivada' })
  sendTest(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string) {
    return this.webhooks.sendTest(actor, id);
  }

  @Post(':id/deliveries/:deliveryId/replay')
  @HttpCode(202)
  @ApiOperation({ summary: 'Reenviar una entrega de la bitácora (el mismo evento y cuerpo, firma nueva); los intentos empiezan de nuevo' })
  @ApiResponse({ status: 202, type: WebhookDeliveryResponse })
  @ApiResponse({ status: 404, type: ErrorBody })
  replay(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @Param('deliveryId') deliveryId: string) {
    return this.webhooks.replay(actor, id, deliveryId);
  }
}
