import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageMeta, PageQuery } from '../../../common/pagination/page';
import { AuditEvent } from '../entities/audit-event.entity';

export class AuditEventQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Solo para la Comisión; los enlaces ven siempre su institución' })
  @IsOptional()
  @IsUUID()
  institutionId?: string;

  @ApiPropertyOptional({ example: 'institution' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  entity?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityId?: string;

  @ApiPropertyOptional({ example: 'update' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  action?: string;
}

export class AuditEventResponse {
  @ApiProperty() id: string;
  @ApiProperty() occurredAt: Date;
  @ApiProperty({ example: 'user' }) actorKind: string;
  @ApiProperty({ nullable: true, type: String }) actorUserId: string | null;
  @ApiProperty({ nullable: true, type: String }) actorRole: string | null;
  @ApiProperty({ nullable: true, type: String }) institutionId: string | null;
  @ApiProperty() entity: string;
  @ApiProperty() entityId: string;
  @ApiProperty() action: string;
  @ApiProperty({ nullable: true, type: Object }) before: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, type: Object }) after: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, type: String }) requestId: string | null;

  static from(a: AuditEvent): AuditEventResponse {
    return { ...a };
  }
}

export class AuditEventPage extends PageMeta {
  @ApiProperty({ type: [AuditEventResponse] }) items: AuditEventResponse[];
}
