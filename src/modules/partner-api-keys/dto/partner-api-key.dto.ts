import { ApiProperty } from '@nestjs/swagger';
import { ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsString, Length, Max, Min } from 'class-validator';
import { API_KEY_SCOPES, ApiKeyScope, PartnerApiKey } from '../entities/partner-api-key.entity';

export class CreatePartnerApiKeyDto {
  @ApiProperty({ example: 'AGEXPORT — tablero de seguimiento' })
  @IsString()
  @Length(3, 120)
  name: string;

  @ApiProperty({ enum: API_KEY_SCOPES, isArray: true, example: ['public:read'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(API_KEY_SCOPES, { each: true })
  scopes: ApiKeyScope[];

  @ApiProperty({ example: 600, description: 'Solicitudes por minuto permitidas a esta llave' })
  @IsInt()
  @Min(1)
  @Max(100000)
  rateLimitPerMinute: number;
}

export class PartnerApiKeyResponse {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: 'smp_3f9a1c2b', description: 'Inicio visible de la llave, para reconocerla' }) prefix: string;
  @ApiProperty({ enum: API_KEY_SCOPES, isArray: true }) scopes: ApiKeyScope[];
  @ApiProperty() rateLimitPerMinute: number;
  @ApiProperty({ nullable: true, type: Date }) revokedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) lastUsedAt: Date | null;
  @ApiProperty() createdAt: Date;

  static from(k: PartnerApiKey): PartnerApiKeyResponse {
    return {
      id: k.id,
      name: k.name,
      prefix: k.prefix,
      scopes: k.scopes,
      rateLimitPerMinute: k.rateLimitPerMinute,
      revokedAt: k.revokedAt,
      lastUsedAt: k.lastUsedAt,
      createdAt: k.createdAt,
    };
  }
}

export class CreatedPartnerApiKeyResponse extends PartnerApiKeyResponse {
  @ApiProperty({ description: 'La llave completa. Se muestra solo esta vez: guárdela en un lugar seguro.' })
  key: string;
}
