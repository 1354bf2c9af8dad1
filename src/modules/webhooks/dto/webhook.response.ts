import { ApiProperty } from '@nestjs/swagger';
import { CHANGE_TYPES } from '../../public-api/dto/public-response.dto';

export class WebhookResponse {
  @ApiProperty() id: string;
  @ApiProperty() url: string;
  @ApiProperty({ enum: CHANGE_TYPES, isArray: true }) events: string[];
  @ApiProperty() active: boolean;
  @ApiProperty() createdAt: string;
}
