import { ApiProperty } from '@nestjs/swagger';

/** The shape of every failure the API returns. */
export class ErrorBody {
  @ApiProperty({ example: 400 }) statusCode: number;
  @ApiProperty({ example: 'VALIDATION_FAILED' }) code: string;
  @ApiProperty({ example: 'La solicitud tiene datos inválidos.' }) message: string;
  @ApiProperty({
    nullable: true,
    description: 'Problemas ubicados (lista de { field, messages }) o un objeto con datos del conflicto; null si no hay',
    oneOf: [{ type: 'array', items: { type: 'object' } }, { type: 'object' }],
    example: [{ field: 'email', messages: ['debe ser un correo electrónico válido'] }],
  })
  details: unknown;
  @ApiProperty({ example: 'b9f3c1e2-4d5a-4c1b-9a7e-1f2d3c4b5a69' }) requestId: string;
}
