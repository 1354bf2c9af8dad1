import { ApiProperty } from '@nestjs/swagger';
import { PublicKeyUsageDay } from './public-key-usage-day';

/** A partner key's use of the public API: requests per day (Guatemala time) over the last 30 days. */
export class PublicKeyUsage {
  @ApiProperty() keyId: string;
  @ApiProperty() rateLimitPerMinute: number;
  @ApiProperty({ type: [PublicKeyUsageDay], description: 'Solicitudes por día (hora de Guatemala), últimos 30 días' })
  days: PublicKeyUsageDay[];
  @ApiProperty() total: number;
}
