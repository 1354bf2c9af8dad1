import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { Omittable } from '../../../common/validation/presence';
import { PageMeta, PageQuery } from '../../../common/pagination/page';

export class AnalystFollowQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Solo los seguimientos de este analista' })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ description: 'Solo los analistas que siguen esta institución' })
  @IsOptional()
  @IsUUID()
  institutionId?: string;
}

export class CreateAnalystFollowDto {
  @ApiProperty({ description: 'Institución a la que se da seguimiento' })
  @IsUUID()
  institutionId: string;

  @ApiPropertyOptional({
    description:
      'Analista que da seguimiento (los administradores asignan a cualquier analista activo; un analista, solo a sí mismo; por omisión, quien llama)',
  })
  @Omittable()
  @IsUUID()
  userId?: string;
}

export class AnalystFollowResponse {
  @ApiProperty() id: string;
  @ApiProperty() userId: string;
  @ApiProperty() userName: string;
  @ApiProperty() userEmail: string;
  @ApiProperty() institutionId: string;
  @ApiProperty() institutionCode: string;
  @ApiProperty() institutionName: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: String, description: 'Quién creó el seguimiento (el analista o un administrador)' }) createdBy:
    string | null;
}

export class AnalystFollowPage extends PageMeta {
  @ApiProperty({ type: [AnalystFollowResponse] }) items: AnalystFollowResponse[];
}
