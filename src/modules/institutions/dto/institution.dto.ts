import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUrl, Length, Matches, MaxLength, ValidateIf } from 'class-validator';
import { IsDateOnly } from '../../../common/validation/date-only';
import { Nullable, Omittable, PatchType } from '../../../common/validation/presence';
import { ReadVersion } from '../../../common/validation/read-version';
import { PageMeta, PageQuery } from '../../../common/pagination/page';
import { INSTITUTION_ARTICLES, InstitutionArticle, institutionPhrase } from '../../../common/text/institution-name';
import { Coverage, COVERAGES, Institution, INSTITUTION_TYPES, InstitutionType } from '../entities/institution.entity';

export class CreateInstitutionDto {
  @ApiProperty({ example: 'MINECO', description: 'Siglas únicas: mayúsculas, dígitos, guion o guion bajo' })
  @Matches(/^[A-Z0-9_-]{2,20}$/, { message: 'code debe tener de 2 a 20 caracteres: mayúsculas, dígitos, "-" o "_"' })
  code: string;

  @ApiProperty({ example: 'Ministerio de Economía' })
  @IsString()
  @Length(3, 200)
  name: string;

  @ApiPropertyOptional({
    enum: INSTITUTION_ARTICLES,
    nullable: true,
    example: 'el',
    description:
      'Artículo con que se nombra en una oración («del Ministerio de Economía», «de la Municipalidad de Guatemala»); null: sin artículo. Si se omite al crear, se deduce de la primera palabra del nombre.',
  })
  @Nullable()
  @IsIn(INSTITUTION_ARTICLES)
  article?: InstitutionArticle | null;

  @ApiProperty({ enum: INSTITUTION_TYPES })
  @IsIn(INSTITUTION_TYPES)
  type: InstitutionType;

  @ApiProperty({ enum: COVERAGES })
  @IsIn(COVERAGES)
  coverage: Coverage;

  @ApiPropertyOptional({ example: '2022-03-15', description: 'Obligatoria cuando coverage = opted_in' })
  @ValidateIf((o: CreateInstitutionDto) => o.coverage === 'opted_in' || o.optedInAt !== undefined)
  @IsDateOnly({ message: 'optedInAt es obligatoria para instituciones adheridas y debe ser una fecha AAAA-MM-DD' })
  optedInAt?: string;

  @ApiPropertyOptional({ example: 'Acta 12-2022 del Concejo Municipal' })
  @ValidateIf((o: CreateInstitutionDto) => o.coverage === 'opted_in' || o.adhesionAct !== undefined)
  @IsString({ message: 'adhesionAct es obligatoria para instituciones adheridas' })
  @Length(3, 300)
  adhesionAct?: string;

  @ApiPropertyOptional({ nullable: true, example: 'Economía' })
  @Nullable()
  @IsString()
  @MaxLength(120)
  sector?: string;

  @ApiPropertyOptional({ nullable: true, example: 'https://www.mineco.gob.gt' })
  @Nullable()
  @IsUrl({ require_protocol: true })
  @MaxLength(300)
  website?: string;
}

export class UpdateInstitutionDto extends PatchType(CreateInstitutionDto) {
  @ReadVersion()
  version: number;

  @ApiPropertyOptional()
  @Omittable()
  @IsBoolean()
  active?: boolean;
}

export class InstitutionQuery extends PageQuery {
  @ApiPropertyOptional({ enum: INSTITUTION_TYPES })
  @IsOptional()
  @IsIn(INSTITUTION_TYPES)
  type?: InstitutionType;

  @ApiPropertyOptional({ enum: COVERAGES })
  @IsOptional()
  @IsIn(COVERAGES)
  coverage?: Coverage;

  @ApiPropertyOptional({ description: 'Busca en siglas y nombre, sin distinguir mayúsculas ni tildes' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class InstitutionResponse {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'MINECO' }) code: string;
  @ApiProperty({ example: 'Ministerio de Economía' }) name: string;
  @ApiProperty({
    enum: INSTITUTION_ARTICLES,
    nullable: true,
    type: String,
    example: 'el',
    description: 'Artículo del nombre en una oración; null: ninguno',
  })
  article: InstitutionArticle | null;
  @ApiProperty({ example: 'del Ministerio de Economía', description: 'El nombre tras «de», como lo escriben los correos y las páginas' })
  nameAfterDe: string;
  @ApiProperty({ enum: INSTITUTION_TYPES }) type: InstitutionType;
  @ApiProperty({ enum: COVERAGES }) coverage: Coverage;
  @ApiProperty({ nullable: true, type: String }) optedInAt: string | null;
  @ApiProperty({ nullable: true, type: String }) adhesionAct: string | null;
  @ApiProperty({ nullable: true, type: String }) sector: string | null;
  @ApiProperty({ nullable: true, type: String }) website: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty() version: number;
  @ApiProperty() updatedAt: Date;

  static from(i: Institution): InstitutionResponse {
    return {
      id: i.id,
      code: i.code,
      name: i.name,
      article: i.article,
      nameAfterDe: institutionPhrase(i, 'de'),
      type: i.type,
      coverage: i.coverage,
      optedInAt: i.optedInAt,
      adhesionAct: i.adhesionAct,
      sector: i.sector,
      website: i.website,
      active: i.active,
      version: i.version,
      updatedAt: i.updatedAt,
    };
  }
}

export class InstitutionPage extends PageMeta {
  @ApiProperty({ type: [InstitutionResponse] }) items: InstitutionResponse[];
}
