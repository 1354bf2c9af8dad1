import { Transform } from 'class-transformer';

/** `?flag=true|false` arrives as text; anything else stays as is and fails @IsBoolean() (never read as false). */
const queryBoolean = (value: unknown): unknown => (value === 'true' ? true : value === 'false' ? false : value);

export const QueryBoolean = (): PropertyDecorator => Transform(({ value }: { value: unknown }) => queryBoolean(value));
