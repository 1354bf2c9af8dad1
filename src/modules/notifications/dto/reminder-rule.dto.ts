import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { Nullable, Omittable, PatchType } from '../../../common/validation/presence';
import { ReadVersion } from '../../../common/validation/read-version';
import { RECIPIENT_ROLES, REMINDER_KINDS } from '../entities/reminder-rule.entity';

export class ReminderRuleResponse {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty({ enum: REMINDER_KINDS }) kind: string;
  @ApiProperty() name: string;
  @ApiProperty({
    type: [Number],
    description: 'Días antes del vencimiento (primer día de atraso en las reglas de vencidos; días sin revisión en stale_inventory)',
  })
  offsets: number[];
  @ApiProperty({ nullable: true, type: Number }) repeatEveryDays: number | null;
  @ApiProperty({ nullable: true, type: Number }) escalateAfterDays: number | null;
  @ApiProperty({ type: [String], enum: RECIPIENT_ROLES }) recipients: string[];
  @ApiProperty({ type: [String], enum: RECIPIENT_ROLES }) escalationRecipients: string[];
  @ApiProperty({ nullable: true, type: String }) threshold: string | null;
  @ApiProperty() template: string;
  @ApiProperty() mandatory: boolean;
  @ApiProperty() enabled: boolean;
  @ApiProperty() version: number;
  @ApiProperty() updatedAt: Date;
}

/** A new reminder rule of one of the kinds the evaluator knows (its e-mail is the kind's own template). */
export class CreateReminderRuleDto {
  @ApiProperty({ example: 'milestone_due_extra', description: 'Código estable: minúsculas, dígitos y "_"' })
  @Matches(/^[a-z0-9_]{2,60}$/, { message: 'code debe tener de 2 a 60 caracteres: minúsculas, dígitos o "_"' })
  code: string;

  @ApiProperty({ enum: REMINDER_KINDS })
  @IsIn(REMINDER_KINDS)
  kind: string;

  @ApiProperty({ example: 'Hito por vencer: aviso a 60 días' })
  @IsString()
  @Length(3, 200)
  name: string;

  @ApiProperty({ type: [Number], example: [60] })
  @IsArray()
  @ArrayMaxSize(10)
  @IsInt({ each: true })
  @Min(0, { each: true })
  @Max(366, { each: true })
  offsets: number[];

  @ApiPropertyOptional({ nullable: true, type: Number })
  @Nullable()
  @IsInt()
  @Min(1)
  @Max(366)
  repeatEveryDays?: number | null;

  @ApiPropertyOptional({ nullable: true, type: Number })
  @Nullable()
  @IsInt()
  @Min(1)
  @Max(366)
  escalateAfterDays?: number | null;

  @ApiProperty({ type: [String], enum: RECIPIENT_ROLES })
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(RECIPIENT_ROLES, { each: true })
  recipients: string[];

  @ApiPropertyOptional({ type: [String], enum: RECIPIENT_ROLES })
  @Omittable()
  @IsArray()
  @IsIn(RECIPIENT_ROLES, { each: true })
  escalationRecipients?: string[];

  @ApiPropertyOptional({ nullable: true, type: String, example: '10' })
  @Nullable()
  @Matches(/^\d{1,3}(\.\d{1,2})?$/, { message: 'threshold debe ser un número de puntos, por ejemplo 10 o 7.5' })
  threshold?: string | null;

  @ApiPropertyOptional({ default: false })
  @Omittable()
  @IsBoolean()
  mandatory?: boolean;

  @ApiPropertyOptional({ default: true })
  @Omittable()
  @IsBoolean()
  enabled?: boolean;
}

/**
 * A change to a rule: any field of a new rule but its code and kind (fixed once created), validated as on creation (a
 * name keeps its minimum length, the recipients at least one role), plus the version read and the e-mail template.
 */
export class UpdateReminderRuleDto extends PatchType(OmitType(CreateReminderRuleDto, ['code', 'kind'] as const)) {
  @ReadVersion()
  version: number;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @MaxLength(80)
  template?: string;
}
