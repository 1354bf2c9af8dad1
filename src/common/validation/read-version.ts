import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Min } from 'class-validator';

/**
 * The version of a row as the client read it, sent back with every change to that row (optimistic concurrency): when
 * someone else saved in between, the change is refused with 409 and the current version, never written over theirs.
 * One declaration for every update DTO (and the forms built on them: `formObject` reads the field as `int`).
 */
export const ReadVersion = (): PropertyDecorator =>
  applyDecorators(
    ApiProperty({
      type: 'integer',
      minimum: 1,
      description: 'Versión leída; si otra persona guardó antes, la respuesta es 409 con la versión actual.',
    }),
    IsInt(),
    Min(1),
  );
