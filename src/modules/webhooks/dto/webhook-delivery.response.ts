import { ApiProperty } from '@nestjs/swagger';
import { CHANGE_TYPES } from '../../public-api/dto/public-response.dto';

export class WebhookDeliveryResponse {
  @ApiProperty() id: string;
  @ApiProperty({ enum: [...CHANGE_TYPES, 'webhook_test'] }) eventType: string;
  @ApiProperty({ description: 'Cursor del cambio en GET /changes (identificador estable del evento)' }) eventCursor: string;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed', 'cancelled'] }) status: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true, type: Number }) lastStatusCode: number | null;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) deliveredAt: string | null;
}
