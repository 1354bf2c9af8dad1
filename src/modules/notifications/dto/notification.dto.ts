import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { Omittable } from '../../../common/validation/presence';
import { PageMeta, PageQuery } from '../../../common/pagination/page';
import { DELIVERY_MODES, DeliveryMode, NOTIFICATION_STATUSES, NotificationStatus } from '../entities/notification.entity';
import { REMINDER_KINDS } from '../entities/reminder-rule.entity';

const toBool = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? ['1', 'true', 'si', 'sí', 'yes'].includes(value.toLowerCase()) : value;

export class MyNotificationsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Solo las no leídas' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  unread?: boolean;
}

export class NotificationResponse {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'Tipo de aviso (regla)', enum: REMINDER_KINDS }) kind: string;
  @ApiProperty() title: string;
  @ApiProperty() institutionId: string;
  @ApiProperty() institutionName: string;
  @ApiProperty({
    description:
      'milestone | progress_report | legal_deadline | legal_deadline_missed | institution_score | stale_inventory | assessment_review | plan_review | report_review',
  })
  subjectType: string;
  @ApiProperty() subjectId: string;
  @ApiProperty() item: string;
  @ApiProperty({ example: '2026-03-15' }) dueDate: string;
  @ApiProperty({ example: 'before-7' }) stage: string;
  @ApiProperty({ description: 'Días que faltan (negativo: días de atraso) el día de la evaluación' }) daysUntilDue: number;
  @ApiProperty() escalation: boolean;
  @ApiProperty({ description: 'Enlace al asunto en la aplicación' }) link: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'Avisos de revisión: qué pasó, en una oración («La Comisión rechazó la evaluación de madurez del trámite … del Ministerio de Economía.»)',
  })
  message: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Avisos de revisión: el comentario de la Comisión' })
  comment: string | null;
  @ApiProperty({ enum: NOTIFICATION_STATUSES, description: 'Estado del envío por correo' }) status: NotificationStatus;
  @ApiProperty({ nullable: true, type: String }) readAt: Date | null;
  @ApiProperty() createdAt: Date;
}

export class NotificationPage extends PageMeta {
  @ApiProperty({ type: [NotificationResponse] }) items: NotificationResponse[];
}

export class OutboxQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Solo la Comisión; los administradores institucionales ven su institución' })
  @IsOptional()
  @IsUUID()
  institutionId?: string;

  @ApiPropertyOptional({ enum: NOTIFICATION_STATUSES })
  @IsOptional()
  @IsIn(NOTIFICATION_STATUSES)
  status?: NotificationStatus;

  @ApiPropertyOptional({ description: 'Solo los avisos de este asunto (hito, plazo…)' })
  @IsOptional()
  @IsUUID()
  subjectId?: string;
}

export class OutboxEntry {
  @ApiProperty() id: string;
  @ApiProperty() institutionId: string;
  @ApiProperty() institutionName: string;
  @ApiProperty() ruleCode: string;
  @ApiProperty() ruleName: string;
  @ApiProperty({ enum: REMINDER_KINDS }) kind: string;
  @ApiProperty() subjectType: string;
  @ApiProperty() subjectId: string;
  @ApiProperty() item: string;
  @ApiProperty() dueDate: string;
  @ApiProperty() stage: string;
  @ApiProperty() daysUntilDue: number;
  @ApiProperty() recipientId: string;
  @ApiProperty() recipientName: string;
  @ApiProperty({ nullable: true, type: String }) recipientEmail: string | null;
  @ApiProperty({ description: 'Rol por el que recibe el aviso' }) reason: string;
  @ApiProperty({ description: 'Por qué se envió, en palabras' }) why: string;
  @ApiProperty() escalation: boolean;
  @ApiProperty({ enum: DELIVERY_MODES }) delivery: DeliveryMode;
  @ApiProperty({ enum: NOTIFICATION_STATUSES }) status: NotificationStatus;
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty({ nullable: true, type: String }) skipReason: string | null;
  @ApiProperty({ nullable: true, type: String }) sentAt: Date | null;
  @ApiProperty() createdAt: Date;
}

export class OutboxPage extends PageMeta {
  @ApiProperty({ type: [OutboxEntry] }) items: OutboxEntry[];
}

export class PreferencesResponse {
  @ApiProperty({ enum: DELIVERY_MODES, description: 'immediate: un correo por aviso; digest: un resumen diario' }) delivery: DeliveryMode;
  @ApiProperty({ type: [String], description: 'Tipos de aviso opcionales de los que se dio de baja ("*": todos los opcionales)' })
  optedOut: string[];
  @ApiProperty({ type: [String], description: 'Tipos obligatorios (no admiten baja)' }) mandatoryKinds: string[];
}

export class UpdatePreferencesDto {
  @ApiPropertyOptional({ enum: DELIVERY_MODES })
  @Omittable()
  @IsIn(DELIVERY_MODES)
  delivery?: DeliveryMode;

  @ApiPropertyOptional({ type: [String], description: 'Reemplaza la lista de tipos de los que se da de baja' })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(20)
  @IsIn([...REMINDER_KINDS, '*'], { each: true })
  optedOut?: string[];
}

export class UnsubscribeQuery {
  @ApiProperty({ description: 'Token firmado del enlace del correo' })
  @IsString()
  @MaxLength(500)
  token: string;
}

export class UnsubscribeResponse {
  @ApiProperty() message: string;
  @ApiProperty({ type: [String] }) optedOut: string[];
}

export class EvaluationResponse {
  @ApiProperty() queued: boolean;
}
