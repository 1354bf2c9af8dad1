import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, MaxLength, Min, ValidateIf } from 'class-validator';
import { IsDateOnly } from '../../../../../common/validation/date-only';
import { Nullable, Omittable } from '../../../../../common/validation/presence';
import {
  EVIDENCE_TYPES,
  EvidenceType,
  Issuer,
  ISSUERS,
  LEGAL_BASIS_TYPES,
  LegalBasisType,
  PROHIBITED_KINDS,
  ProhibitedKind,
  REQUIREMENT_STATUSES,
  RequirementStatus,
} from '../../../rules/inventory.enums';
import { Requirement } from '../entities/requirement.entity';

export class CreateRequirementDto {
  @ApiProperty({ example: 'Documento Personal de Identificación (DPI) del solicitante' })
  @IsString()
  @Length(2, 300)
  name: string;

  @ApiPropertyOptional({ enum: EVIDENCE_TYPES, default: 'document' })
  @Omittable()
  @IsIn(EVIDENCE_TYPES)
  evidenceType?: EvidenceType;

  @ApiPropertyOptional({ enum: ISSUERS, default: 'applicant' })
  @Omittable()
  @IsIn(ISSUERS)
  issuer?: Issuer;

  @ApiPropertyOptional({ example: 'RENAP', description: 'Obligatoria cuando issuer = other_institution' })
  @ValidateIf((o: CreateRequirementDto) => o.issuer === 'other_institution' || o.issuerInstitution !== undefined)
  @IsString({ message: 'issuerInstitution es obligatoria cuando el emisor es otra institución' })
  @Length(2, 200)
  issuerInstitution?: string;

  @ApiPropertyOptional({ enum: LEGAL_BASIS_TYPES, default: 'none' })
  @Omittable()
  @IsIn(LEGAL_BASIS_TYPES)
  legalBasisType?: LegalBasisType;

  @ApiPropertyOptional({ example: 'Decreto 90-97, Código de Salud, artículo 130' })
  @Omittable()
  @IsString()
  @MaxLength(300)
  legalBasisReference?: string;

  @ApiPropertyOptional({ default: false })
  @Omittable()
  @IsBoolean()
  obtainableByInteroperability?: boolean;

  @ApiPropertyOptional({
    enum: PROHIBITED_KINDS,
    nullable: true,
    description: 'Si el requisito es una práctica prohibida por la ley, cuál',
  })
  @Nullable()
  @IsIn([...PROHIBITED_KINDS, null])
  prohibitedKind?: ProhibitedKind | null;

  @ApiPropertyOptional({ example: '2021-09-01', description: 'Desde cuándo se exige (por omisión, hoy)' })
  @Omittable()
  @IsDateOnly()
  effectiveFrom?: string;
}

export class UpdateRequirementDto {
  @ApiProperty() @IsInt() @Min(1) version: number;
  @ApiPropertyOptional() @Omittable() @IsString() @Length(2, 300) name?: string;
  @ApiPropertyOptional({ enum: EVIDENCE_TYPES }) @Omittable() @IsIn(EVIDENCE_TYPES) evidenceType?: EvidenceType;
  @ApiPropertyOptional({ enum: ISSUERS }) @Omittable() @IsIn(ISSUERS) issuer?: Issuer;
  @ApiPropertyOptional({ nullable: true }) @Nullable() @IsString() @Length(2, 200) issuerInstitution?: string | null;
  @ApiPropertyOptional({ enum: LEGAL_BASIS_TYPES }) @Omittable() @IsIn(LEGAL_BASIS_TYPES) legalBasisType?: LegalBasisType;
  @ApiPropertyOptional({ nullable: true }) @Nullable() @IsString() @MaxLength(300) legalBasisReference?: string | null;
  @ApiPropertyOptional() @Omittable() @IsBoolean() obtainableByInteroperability?: boolean;
  @ApiPropertyOptional({ enum: PROHIBITED_KINDS, nullable: true })
  @Nullable()
  @IsIn([...PROHIBITED_KINDS, null])
  prohibitedKind?: ProhibitedKind | null;
}

export const ENDING_STATUSES = ['eliminated', 'simplified', 'replaced_by_interoperability'] as const;

export class EndRequirementDto {
  @ApiProperty() @IsInt() @Min(1) version: number;

  @ApiPropertyOptional({ enum: ENDING_STATUSES, default: 'eliminated' })
  @Omittable()
  @IsIn(ENDING_STATUSES)
  status?: (typeof ENDING_STATUSES)[number];

  @ApiPropertyOptional({ example: '2026-11-23', description: 'Primer día en que ya no se exige (por omisión, hoy en Guatemala)' })
  @Omittable()
  @IsDateOnly()
  effectiveTo?: string;

  @ApiPropertyOptional({ example: 'Acuerdo Ministerial 45-2026', description: 'El acto (acuerdo, resolución, decreto…) que lo eliminó' })
  @Omittable()
  @IsString()
  @Length(3, 300)
  act?: string;
}

export class RequirementQuery {
  @ApiPropertyOptional({ example: '2023-05-01', description: 'Requisitos vigentes en esa fecha (Art. 5). Sin fecha: los vigentes hoy.' })
  @IsOptional()
  @IsDateOnly()
  asOf?: string;

  @ApiPropertyOptional({ description: 'true: toda la historia, incluidos los eliminados' })
  @IsOptional()
  @IsIn(['true', 'false'])
  history?: 'true' | 'false';
}

export class RequirementResponse {
  @ApiProperty() id: string;
  @ApiProperty() procedureId: string;
  @ApiProperty() institutionId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: EVIDENCE_TYPES }) evidenceType: EvidenceType;
  @ApiProperty({ enum: ISSUERS }) issuer: Issuer;
  @ApiProperty({ nullable: true, type: String }) issuerInstitution: string | null;
  @ApiProperty({ enum: LEGAL_BASIS_TYPES }) legalBasisType: LegalBasisType;
  @ApiProperty({ nullable: true, type: String }) legalBasisReference: string | null;
  @ApiProperty() obtainableByInteroperability: boolean;
  @ApiProperty() prohibited: boolean;
  @ApiProperty({ enum: PROHIBITED_KINDS, nullable: true }) prohibitedKind: ProhibitedKind | null;
  @ApiProperty({ example: '2021-09-01' }) effectiveFrom: string;
  @ApiProperty({ nullable: true, type: String, description: 'Primer día en que ya no se exige' }) effectiveTo: string | null;
  @ApiProperty({ enum: REQUIREMENT_STATUSES }) status: RequirementStatus;
  @ApiProperty({ nullable: true, type: String, description: 'El acto que lo eliminó (null: vigente o no registrado)' }) endedByAct:
    string | null;
  @ApiProperty() version: number;
  @ApiProperty() updatedAt: Date;

  static from(r: Requirement): RequirementResponse {
    return {
      id: r.id,
      procedureId: r.procedureId,
      institutionId: r.institutionId,
      name: r.name,
      evidenceType: r.evidenceType,
      issuer: r.issuer,
      issuerInstitution: r.issuerInstitution,
      legalBasisType: r.legalBasisType,
      legalBasisReference: r.legalBasisReference,
      obtainableByInteroperability: r.obtainableByInteroperability,
      prohibited: r.prohibited,
      prohibitedKind: r.prohibitedKind,
      effectiveFrom: r.effectiveFrom,
      effectiveTo: r.effectiveTo,
      status: r.status,
      endedByAct: r.endedByAct ?? null,
      version: r.version,
      updatedAt: r.updatedAt,
    };
  }
}

export class RequirementList {
  @ApiProperty({ nullable: true, type: String, description: 'Fecha consultada; null cuando se pidió la historia completa' }) asOf:
    string | null;
  @ApiProperty({ type: [RequirementResponse] }) items: RequirementResponse[];
}
