import { ApiProperty } from '@nestjs/swagger';

export class PublicKeyUsageDay {
  @ApiProperty({ example: '2026-11-23' }) date: string;
  @ApiProperty() requests: number;
}
