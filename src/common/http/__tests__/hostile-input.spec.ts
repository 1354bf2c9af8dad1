import 'reflect-metadata';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { plainToInstance, Type } from 'class-transformer';
import { IsOptional, IsString } from 'class-validator';
import { bodyProblem, MAX_JSON_DEPTH } from '../hostile-input';
import { flattenValidationErrors, nullProblems } from '../../validation/validation-pipe';

describe('bodyProblem', () => {
  const nested = (depth: number): unknown => {
    let v: unknown = 'hoja';
    for (let n = 0; n < depth; n++) v = { a: v };
    return v;
  };

  it('accepts ordinary bodies, and nesting up to the cap', () => {
    expect(bodyProblem({ name: 'Trámite', list: [{ a: 1 }, 'b'], n: null })).toBeNull();
    expect(bodyProblem(nested(MAX_JSON_DEPTH))).toBeNull();
    expect(bodyProblem(undefined)).toBeNull();
  });

  it('refuses nesting beyond the cap without recursion (10,000 levels)', () => {
    expect(bodyProblem(nested(MAX_JSON_DEPTH + 1))?.kind).toBe('depth');
    expect(bodyProblem(JSON.parse('['.repeat(10_000) + ']'.repeat(10_000)))?.kind).toBe('depth');
  });

  it('finds a NUL character in any text value or key, with its path', () => {
    expect(bodyProblem({ a: { b: ['x', 'y\u0000z'] } })).toEqual({ kind: 'nul', path: 'a.b.1' });
    expect(bodyProblem({ ['cla\u0000ve']: 1 })).toEqual({ kind: 'nul', path: 'cla\u0000ve' });
    expect(bodyProblem('\u0000')).toEqual({ kind: 'nul', path: '' });
  });
});

describe('nullProblems', () => {
  class Child {
    @ApiProperty() @IsString() name: string;
  }
  class Dto {
    @ApiPropertyOptional() @IsOptional() @IsString() name?: string;
    @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() description?: string | null;
    @ApiPropertyOptional({ type: [Child] }) @Type(() => Child) children?: Child[];
  }

  it('refuses null where the DTO does not declare the property nullable, naming it (nested too)', () => {
    const dto = plainToInstance(Dto, { name: null, description: null, children: [{ name: 'a' }, { name: null }] });
    const problems = flattenValidationErrors(nullProblems(dto));
    expect(problems).toEqual([
      { field: 'name', messages: ['no puede ser nulo (omita el campo para no cambiarlo)'] },
      { field: 'children.1.name', messages: ['no puede ser nulo (omita el campo para no cambiarlo)'] },
    ]);
  });
});
