import { ApiProperty } from '@nestjs/swagger';

/** The shape of every failure the API returns. */
export class ErrorBody {
  @ApiProperty({ example: 400 }) statusCode: number;
  @ApiProperty({ example: 'VALIDATION_FAILED' }) code: string;
  @ApiProperty({ example: 'La solicitud tiene datos inválidos.' }) message: string;
  @ApiProperty({ nullable: true, example: [{ field: 'email', messages: ['email debe ser un correo electrónico válido'] }] })
  details: unknown;
  @ApiProperty({ example: 'b9f3c1e2-4d5a-4c1b-9a7e-1f2d3c4b5a69' }) requestId: string;
}
