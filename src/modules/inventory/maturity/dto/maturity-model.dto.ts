import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsString, Length, MaxLength, Min, ValidateNested } from 'class-validator';
import { PageMeta } from '../../../../common/pagination/page';
import { MaturityModel } from '../entities/maturity-model.entity';

/*
 * Shape only; the model's own rules (levels 0..N in order, unique snake_case keys, level 0 without criteria…)
 * live in validateModelLevels and come back as located problems.
 */

class MaturityCriterionDto {
  @ApiProperty({
    example: 'online_payment',
    description: 'Clave única en el modelo: minúsculas, dígitos y "_" (es la clave de las respuestas)',
  })
  @IsString()
  @MaxLength(41)
  key: string;

  @ApiProperty({ example: 'El pago se realiza en línea' })
  @IsString()
  @MaxLength(300)
  label: string;
}

class MaturityLevelDto {
  @ApiProperty({ example: 1, description: 'Los niveles van de 0 a N (N ≤ 10), en orden y sin saltos' })
  @IsInt()
  @Min(0)
  level: number;

  @ApiProperty({ example: 'Informativo' })
  @IsString()
  @MaxLength(120)
  name: string;

  @ApiProperty({
    type: [MaturityCriterionDto],
    description: 'Todos deben cumplirse (junto con los de los niveles inferiores); el nivel 0 no lleva',
  })
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => MaturityCriterionDto)
  criteria: MaturityCriterionDto[];
}

export class CreateMaturityModelDto {
  @ApiProperty({ example: 'Escala de madurez digital v2 (0–5)' })
  @IsString()
  @Length(3, 200)
  name: string;

  @ApiProperty({ type: [MaturityLevelDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => MaturityLevelDto)
  levels: MaturityLevelDto[];
}

class MaturityCriterionResponse {
  @ApiProperty({ example: 'online_payment' }) key: string;
  @ApiProperty({ example: 'El pago se realiza en línea' }) label: string;
}

class MaturityLevelResponse {
  @ApiProperty({ example: 4 }) level: number;
  @ApiProperty({ example: 'En línea completo' }) name: string;
  @ApiProperty({ type: [MaturityCriterionResponse] }) criteria: MaturityCriterionResponse[];
}

export class MaturityModelResponse {
  @ApiProperty() id: string;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty({ example: 'Escala de madurez digital v1 (0–5)' }) name: string;
  @ApiProperty({ type: [MaturityLevelResponse] }) levels: MaturityLevelResponse[];
  @ApiProperty({ description: 'Solo una versión está vigente; las evaluaciones nuevas se responden contra ella' }) active: boolean;
  @ApiProperty({ nullable: true, type: String }) createdBy: string | null;
  @ApiProperty() createdAt: Date;

  static from(m: MaturityModel): MaturityModelResponse {
    return {
      id: m.id,
      version: m.version,
      name: m.name,
      levels: m.levels,
      active: m.active,
      createdBy: m.createdBy,
      createdAt: m.createdAt,
    };
  }
}

export class MaturityModelPage extends PageMeta {
  @ApiProperty({ type: [MaturityModelResponse] }) items: MaturityModelResponse[];
}
