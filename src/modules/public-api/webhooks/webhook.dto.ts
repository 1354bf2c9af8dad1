import { ApiProperty } from '@nestjs/swagger';
import { ArrayMinSize, ArrayUnique, IsArray, IsIn, IsUrl, MaxLength } from 'class-validator';
import { CHANGE_TYPES } from '../dto/public-response.dto';

export class CreateWebhookDto {
  @ApiProperty({
    example: 'https://tablero.agexport.org.gt/hooks/simplifica',
    description: 'URL https pública, sin usuario ni contraseña; no se admiten direcciones privadas, de loopback ni nombres internos (localhost, *.internal). No se siguen redirecciones.',
  })
  // The format only; the service applies the target policy (https, public host), which depends on configuration.
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false, disallow_auth: true }, { message: 'url debe ser una URL https completa, sin usuario ni contraseña' })
  @MaxLength(500)
  url: string;

  @ApiProperty({ enum: CHANGE_TYPES, isArray: true, example: ['requirement_eliminated', 'level_validated'] })
  @IsArray() @ArrayMinSize(1) @ArrayUnique() @IsIn(CHANGE_TYPES, { each: true })
  events: string[];
}

export class WebhookResponse {
  @ApiProperty() id: string;
  @ApiProperty() url: string;
  @ApiProperty({ enum: CHANGE_TYPES, isArray: true }) events: string[];
  @ApiProperty() active: boolean;
  @ApiProperty() createdAt: string;
}

export class CreatedWebhookResponse extends WebhookResponse {
  @ApiProperty({ description: 'Secreto de la firma HMAC-SHA256; se muestra una sola vez' }) secret: string;
}

export class WebhookDeliveryResponse {
  @ApiProperty() id: string;
  @ApiProperty({ enum: CHANGE_TYPES }) eventType: string;
  @ApiProperty({ description: 'Cursor del cambio en GET /changes (identificador estable del evento)' }) eventCursor: string;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed'] }) status: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true, type: Number }) lastStatusCode: number | null;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) deliveredAt: string | null;
}
