import { ApiProperty, PartialType } from '@nestjs/swagger';
import { Type } from '@nestjs/common';
import { ValidateIf } from 'class-validator';

/**
 * The one convention for fields a body may leave out (POST and PATCH alike). Say which of the two a field is:
 *
 *   @Omittable()  may be left out; when present it is validated, and `null` is refused (400 "no puede ser nulo").
 *                 For NOT NULL columns: status, name, a flag with a default…
 *   @Nullable()   may be left out, or `null` to clear it ("sin dato": unknown is not zero). Only for nullable columns;
 *                 also marks the property nullable in the OpenAPI document.
 *
 * Which one is decided by the entity's column: a unit test (common/validation/__tests__/patch-nullability.spec.ts)
 * refuses a PATCH DTO that lets `null` reach a NOT NULL column. `@IsOptional()` belongs to query DTOs only (a query
 * string has no null). The global pipe (validation-pipe.ts) still refuses `null` for any property not declared
 * nullable, as a net for a forgotten decorator.
 */
export const Omittable = (): PropertyDecorator => ValidateIf((_o: object, v: unknown) => v !== undefined);

export const Nullable = (): PropertyDecorator => {
  const skip = ValidateIf((_o: object, v: unknown) => v !== undefined && v !== null);
  const doc = ApiProperty({ nullable: true, required: false });
  return (target, key) => {
    skip(target, key);
    doc(target, key);
  };
};

/**
 * A PATCH body from its POST body: every field may be left out, each keeps its own nullability (a field the create DTO
 * marks @Nullable() may be cleared with null; any other null is refused). Unlike PartialType's default, it does not
 * turn every field into @IsOptional() (which let `null` through to NOT NULL columns: the old 500).
 */
export function PatchType<T>(create: Type<T>): Type<Partial<T>> {
  return PartialType(create, { skipNullProperties: false });
}
