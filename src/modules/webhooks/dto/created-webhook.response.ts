import { ApiProperty } from '@nestjs/swagger';
import { WebhookResponse } from './webhook.response';

export class CreatedWebhookResponse extends WebhookResponse {
  @ApiProperty({ description: 'Secreto de la firma HMAC-SHA256; se muestra una sola vez' }) secret: string;
}
