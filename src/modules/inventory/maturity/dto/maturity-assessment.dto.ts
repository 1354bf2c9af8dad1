import { Omittable } from '../../../../common/validation/presence';
import { levelWarnings } from '../../../findings/finding-rules';
import { ConsistencyRule } from '../../../scoring/methodology';
import { LevelWarning } from '../../procedures/dto/procedure.dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, IsUrl, IsUUID, Length, MaxLength } from 'class-validator';
import { PageMeta, PageQuery } from '../../../../common/pagination/page';
import { ASSESSMENT_STATUSES, AssessmentStatus } from '../../rules/inventory.enums';
import { MaturityAssessment } from '../entities/maturity-assessment.entity';

export class SubmitAssessmentDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'boolean' },
    description:
      'Una respuesta (verdadero o falso) por cada criterio del modelo vigente, ni más ni menos. El nivel lo calcula el servidor.',
    example: {
      info_published: true,
      forms_online_free: true,
      online_filing: false,
      online_payment: false,
      electronic_notification: false,
      electronic_result: false,
      no_visit: false,
      interoperability: false,
      advanced_e_signature: false,
      online_tracking: false,
    },
  })
  @IsObject({ message: 'answers debe ser un objeto { clave del criterio: verdadero o falso }' })
  answers: Record<string, boolean>;

  @ApiPropertyOptional({
    example: 'https://www.mineco.gob.gt/tramites/registro-importadores',
    description: 'Obligatoria (o evidenceNote) si el nivel resultante es 1 o más',
  })
  @Omittable()
  @IsUrl({ require_protocol: true })
  @MaxLength(500)
  evidenceUrl?: string;

  @ApiPropertyOptional({ example: 'Formulario publicado en el portal; pago en línea con Banrural desde marzo.' })
  @Omittable()
  @IsString()
  @MaxLength(5000)
  evidenceNote?: string;
}

export class ValidateAssessmentDto {
  @ApiPropertyOptional({ example: 'Verificado en el portal el 12 de mayo.' })
  @Omittable()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

export class RejectAssessmentDto {
  @ApiProperty({
    example: 'El formulario publicado no es gratuito; corrija la respuesta forms_online_free.',
    description: 'Motivo, para el enlace (3 a 2000 caracteres)',
  })
  @IsString()
  @Length(3, 2000)
  comment: string;
}

export class AssessmentQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ASSESSMENT_STATUSES })
  @IsOptional()
  @IsIn(ASSESSMENT_STATUSES)
  status?: AssessmentStatus;
}

export class ReviewQueueQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ASSESSMENT_STATUSES, default: 'submitted' })
  @IsOptional()
  @IsIn(ASSESSMENT_STATUSES)
  status: AssessmentStatus = 'submitted';

  @ApiPropertyOptional({ description: 'Solo las evaluaciones de esta institución' })
  @IsOptional()
  @IsUUID()
  institutionId?: string;
}

export class EvidenceFileResponse {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'portal-mineco.pdf' }) fileName: string;
  @ApiProperty({ example: 'application/pdf', description: 'Detectado del contenido' }) contentType: string;
  @ApiProperty({ example: 183204 }) sizeBytes: number;
}

/** An assessment as read back, with the procedure, institution and model version it belongs to. */
export type AssessmentRow = MaturityAssessment & Required<Pick<MaturityAssessment, 'procedure' | 'institution' | 'model'>>;

export class AssessmentResponse {
  @ApiProperty() id: string;
  @ApiProperty() institutionId: string;
  @ApiProperty({ example: 'MINECO' }) institutionCode: string;
  @ApiProperty({ example: 'Ministerio de Economía' }) institutionName: string;
  @ApiProperty() procedureId: string;
  @ApiProperty({ example: 'MINECO-001' }) procedureCode: string;
  @ApiProperty({ example: 'Registro de importadores' }) procedureName: string;
  @ApiProperty() modelId: string;
  @ApiProperty({ example: 1 }) modelVersion: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'boolean' } }) answers: Record<string, boolean>;
  @ApiProperty({
    example: 2,
    description: 'Calculado con el modelo de la evaluación: el nivel más alto cuyos criterios (y los de todos los inferiores) se cumplen',
  })
  resultingLevel: number;
  @ApiProperty({ nullable: true, type: String }) evidenceUrl: string | null;
  @ApiProperty({ nullable: true, type: String }) evidenceNote: string | null;
  @ApiProperty({
    nullable: true,
    type: EvidenceFileResponse,
    description: 'Archivo adjunto como evidencia (descarga: GET /evidence-files/{id})',
  })
  evidenceFile: EvidenceFileResponse | null;
  @ApiProperty({ enum: ASSESSMENT_STATUSES }) status: AssessmentStatus;
  @ApiProperty() submittedBy: string;
  @ApiProperty({ nullable: true, type: String }) reviewedBy: string | null;
  @ApiProperty({ nullable: true, type: Date }) reviewedAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) reviewComment: string | null;
  @ApiProperty({
    type: [LevelWarning],
    description: 'Lo que el nivel resultante exige y el registro del trámite no tiene (para la revisión)',
  })
  warnings: LevelWarning[];
  @ApiProperty() version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;

  /** With the consistency rules of the active methodology, the warnings of the resulting level against the procedure's record. */
  static from(a: AssessmentRow, rules: readonly ConsistencyRule[] = []): AssessmentResponse {
    return {
      id: a.id,
      institutionId: a.institutionId,
      institutionCode: a.institution.code,
      institutionName: a.institution.name,
      procedureId: a.procedureId,
      procedureCode: a.procedure.code,
      procedureName: a.procedure.name,
      modelId: a.modelId,
      modelVersion: a.model.version,
      answers: a.answers,
      resultingLevel: a.resultingLevel,
      evidenceUrl: a.evidenceUrl,
      evidenceNote: a.evidenceNote,
      evidenceFile: a.evidenceFile
        ? {
            id: a.evidenceFile.id,
            fileName: a.evidenceFile.fileName,
            contentType: a.evidenceFile.contentType,
            sizeBytes: a.evidenceFile.sizeBytes,
          }
        : null,
      status: a.status,
      submittedBy: a.submittedBy,
      reviewedBy: a.reviewedBy,
      reviewedAt: a.reviewedAt,
      reviewComment: a.reviewComment,
      warnings: levelWarnings(a.procedure, a.resultingLevel, rules),
      version: a.version,
      createdAt: a.createdAt,
      updatedAt: a.updatedAt,
    };
  }
}

export class AssessmentPage extends PageMeta {
  @ApiProperty({ type: [AssessmentResponse] }) items: AssessmentResponse[];
}
