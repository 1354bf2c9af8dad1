import 'reflect-metadata';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, validateSync } from 'class-validator';
import { isDateOnly } from '../date-only';
import { IsGtq, readGtq } from '../money';
import { Nullable, Omittable, PatchType } from '../presence';
import { QueryBoolean } from '../query-boolean';
import { ReadVersion } from '../read-version';
import { nullProblems } from '../validation-pipe';

describe('the validation dialect', () => {
  it('isDateOnly accepts real calendar dates only', () => {
    expect(isDateOnly('2026-02-28')).toBe(true);
    expect(isDateOnly('2024-02-29')).toBe(true);
    expect(isDateOnly('2026-02-29')).toBe(false);
    expect(isDateOnly('2026-13-01')).toBe(false);
    expect(isDateOnly('2026-01-01T00:00:00Z')).toBe(false);
    expect(isDateOnly('01/02/2026')).toBe(false);
    expect(isDateOnly(20260101)).toBe(false);
  });

  it('readGtq: one reading of money, normalised as PostgreSQL returns numeric(…, 2), never through a float', () => {
    const value = (input: string | number, opts = {}) => {
      const r = readGtq(input, opts);
      return r.ok ? r.value : `✗ ${r.problem}`;
    };
    expect(value('1500')).toBe('1500.00');
    expect(value('007.5')).toBe('7.50');
    expect(value('0')).toBe('0.00');
    expect(value(19.989999999999998)).toBe('19.99');
    expect(value('999999999999.99')).toBe('999999999999.99');
    expect(value('9999999999999')).toMatch(/^✗ .*demasiado grande/);
    expect(value('9999999999999', { wholeDigits: 14 })).toBe('9999999999999.00');
    expect(value('-5')).toMatch(/^✗ no puede ser negativo/);
    expect(value('1.005')).toMatch(/^✗ .*más de 2 decimales/);
    expect(value(Number.NaN)).toMatch(/^✗/);
    // the API is strict; the spreadsheet reads what people type
    expect(value('Q 1,250.50')).toMatch(/^✗ .*no es un monto/);
    expect(value('Q 1,250.50', { spreadsheet: true })).toBe('1250.50');
    expect(value('12,50', { spreadsheet: true })).toMatch(/use punto como separador decimal/);
    expect(value('1.250,50', { spreadsheet: true })).toMatch(/use punto como separador decimal/);
  });

  class Create {
    @ApiPropertyOptional() @Omittable() @IsString() name?: string;
    @ApiPropertyOptional({ type: String }) @Nullable() @IsGtq() feeGtq?: string | null;
  }
  class Patch extends PatchType(Create) {}
  class Query {
    @ApiPropertyOptional() @IsOptional() @QueryBoolean() @IsBoolean() flag?: boolean;
  }
  class Versioned extends Patch {
    @ReadVersion() version: number;
  }
  const check = <T extends object>(cls: new () => T, body: object) => {
    const dto = plainToInstance(cls, body);
    return { dto, fields: [...new Set([...validateSync(dto), ...nullProblems(dto)].map((e) => e.property))].sort() };
  };

  it('Omittable: leave it out, or send a value; null is refused', () => {
    expect(check(Create, {}).fields).toEqual([]);
    expect(check(Create, { name: 'x' }).fields).toEqual([]);
    expect(check(Create, { name: null }).fields).toEqual(['name']);
    expect(check(Patch, { name: null }).fields).toEqual(['name']);
  });

  it('Nullable: null is "sin dato", declared nullable for the OpenAPI document; a PATCH keeps it', () => {
    expect(check(Create, { feeGtq: null }).fields).toEqual([]);
    expect(check(Patch, { feeGtq: null }).fields).toEqual([]);
    expect(Reflect.getMetadata('swagger/apiModelProperties', Create.prototype, 'feeGtq')).toMatchObject({
      nullable: true,
      required: false,
    });
    expect(check(Create, { feeGtq: '12.5' }).dto.feeGtq).toBe('12.50');
    expect(check(Create, { feeGtq: 12.5 }).fields).toEqual(['feeGtq']);
    expect(check(Create, { feeGtq: '12.505' }).fields).toEqual(['feeGtq']);
    expect(check(Create, { feeGtq: '' }).fields).toEqual(['feeGtq']);
  });

  it('QueryBoolean: "true" and "false", and the spreadsheet\'s Spanish words; nothing else', () => {
    expect(check(Query, { flag: 'true' }).dto.flag).toBe(true);
    expect(check(Query, { flag: 'false' }).dto.flag).toBe(false);
    expect(check(Query, { flag: 'Sí' }).dto.flag).toBe(true);
    expect(check(Query, { flag: 'NO' }).dto.flag).toBe(false);
    expect(check(Query, { flag: 'verdadero' }).dto.flag).toBe(true);
    expect(check(Query, { flag: 'falso' }).dto.flag).toBe(false);
    expect(check(Query, { flag: '1' }).fields).toEqual(['flag']);
    expect(check(Query, { flag: 'quizás' }).fields).toEqual(['flag']);
  });

  it('ReadVersion: every change carries the version read, a whole number from 1, declared so in the OpenAPI document', () => {
    expect(check(Versioned, { version: 3 }).fields).toEqual([]);
    expect(check(Versioned, { name: 'x' }).fields).toEqual(['version']);
    expect(check(Versioned, { version: 0 }).fields).toEqual(['version']);
    expect(check(Versioned, { version: 2.5 }).fields).toEqual(['version']);
    expect(check(Versioned, { version: '3' }).fields).toEqual(['version']);
    expect(check(Versioned, { version: null }).fields).toEqual(['version']);
    expect(Reflect.getMetadata('swagger/apiModelProperties', Versioned.prototype, 'version')).toMatchObject({
      type: 'integer',
      minimum: 1,
    });
  });
});
