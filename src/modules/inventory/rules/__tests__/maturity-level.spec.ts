import { DEFAULT_MATURITY_LEVELS } from '../../../../../migrations/1795469700000-SeedMaturityModelAndLegalDeadlines';
import type { MaturityLevelDefinition } from '../../maturity/entities/maturity-model.entity';
import {
  checkAnswers,
  compareAnswers,
  computeLevel,
  criterionKeys,
  declaredLevelStatus,
  levelOutsideModel,
  validateModelLevels,
} from '../maturity-level';

const V1: MaturityLevelDefinition[] = DEFAULT_MATURITY_LEVELS;
const allFalse = () => Object.fromEntries(criterionKeys(V1).map((k) => [k, false])) as Record<string, boolean>;
const withTrue = (...keys: string[]) => ({ ...allFalse(), ...Object.fromEntries(keys.map((k) => [k, true])) });
const LEVEL4 = ['online_payment', 'electronic_notification', 'electronic_result', 'no_visit'];
const LEVEL5 = ['interoperability', 'advanced_e_signature', 'online_tracking'];

const level = (n: number, ...keys: string[]) => ({
  level: n,
  name: `Nivel ${n}`,
  criteria: keys.map((key) => ({ key, label: `Criterio ${key}` })),
});

describe('levelOutsideModel', () => {
  it('accepts the levels of the model and names the allowed ones otherwise', () => {
    expect(levelOutsideModel(0, [0, 1, 2, 3, 4, 5])).toBeNull();
    expect(levelOutsideModel(5, [0, 1, 2, 3, 4, 5])).toBeNull();
    expect(levelOutsideModel(6, [0, 1, 2, 3, 4, 5])).toBe(
      'el nivel 6 no existe en el modelo de madurez vigente (niveles 0, 1, 2, 3, 4, 5)',
    );
  });

  it('refuses any level when no model is active', () => {
    expect(levelOutsideModel(0, null)).toContain('no hay un modelo de madurez activo');
  });
});

describe('computeLevel', () => {
  it('is 0 when nothing holds', () => {
    expect(computeLevel(V1, allFalse())).toBe(0);
    expect(computeLevel(V1, {})).toBe(0);
  });

  it('climbs level by level while every criterion of each level holds', () => {
    expect(computeLevel(V1, withTrue('info_published'))).toBe(1);
    expect(computeLevel(V1, withTrue('info_published', 'forms_online_free'))).toBe(2);
    expect(computeLevel(V1, withTrue('info_published', 'forms_online_free', 'online_filing'))).toBe(3);
    expect(computeLevel(V1, withTrue('info_published', 'forms_online_free', 'online_filing', ...LEVEL4))).toBe(4);
    expect(computeLevel(V1, withTrue(...criterionKeys(V1)))).toBe(5);
  });

  it('stops at a gap: higher criteria do not count when a lower level fails', () => {
    // level 3 holds, level 2 does not → 1
    expect(computeLevel(V1, withTrue('info_published', 'online_filing'))).toBe(1);
    // everything except level 1 → 0
    expect(computeLevel(V1, withTrue('forms_online_free', 'online_filing', ...LEVEL4, ...LEVEL5))).toBe(0);
  });

  it('needs every criterion of a level, not just one', () => {
    const almost4 = withTrue('info_published', 'forms_online_free', 'online_filing', ...LEVEL4.slice(0, 3), ...LEVEL5);
    expect(computeLevel(V1, almost4)).toBe(3);
  });

  it('only literal true counts as holding', () => {
    expect(computeLevel(V1, { ...allFalse(), info_published: 'true' as unknown as boolean })).toBe(0);
    expect(computeLevel(V1, { ...allFalse(), info_published: 1 as unknown as boolean })).toBe(0);
  });

  it('does not depend on the order the levels are listed in', () => {
    const shuffled = [V1[3], V1[0], V1[5], V1[1], V1[4], V1[2]];
    expect(computeLevel(shuffled, withTrue('info_published', 'forms_online_free', 'online_filing'))).toBe(3);
  });

  it('cannot climb over a hole in the numbering or an empty level', () => {
    expect(computeLevel([level(0), level(1, 'aa'), level(3, 'cc')], { aa: true, cc: true })).toBe(1);
    expect(computeLevel([level(0), level(1, 'aa'), level(2), level(3, 'cc')], { aa: true, cc: true })).toBe(1);
  });
});

describe('validateModelLevels', () => {
  it('accepts the default model v1', () => {
    expect(validateModelLevels(V1)).toEqual([]);
  });

  it('accepts a small model and one with eleven levels (0..10)', () => {
    expect(validateModelLevels([level(0), level(1, 'publicado')])).toEqual([]);
    const eleven = Array.from({ length: 11 }, (_, i) => (i === 0 ? level(0) : level(i, `criterio_${i}`)));
    expect(validateModelLevels(eleven)).toEqual([]);
  });

  it('refuses more than level 10', () => {
    const twelve = Array.from({ length: 12 }, (_, i) => (i === 0 ? level(0) : level(i, `criterio_${i}`)));
    expect(validateModelLevels(twelve)).toEqual([{ field: 'levels', messages: [expect.stringContaining('como máximo 11 niveles')] }]);
  });

  it('refuses an empty model or one with only level 0', () => {
    expect(validateModelLevels([])[0].field).toBe('levels');
    expect(validateModelLevels([level(0)])[0].field).toBe('levels');
  });

  it('requires levels 0..N in order, without holes or repetitions', () => {
    const problems = validateModelLevels([level(0), level(1, 'aa'), level(3, 'cc')]);
    expect(problems).toEqual([{ field: 'levels.2.level', messages: [expect.stringContaining('debe ser 2')] }]);
    expect(validateModelLevels([level(1, 'aa'), level(0)]).map((p) => p.field)).toEqual([
      'levels.0.level',
      'levels.0.criteria',
      'levels.1.level',
      'levels.1.criteria',
    ]);
    expect(validateModelLevels([level(0), level(1, 'aa'), level(1, 'bb')]).map((p) => p.field)).toEqual(['levels.2.level']);
  });

  it('level 0 has no criteria and every other level has at least one', () => {
    const problems = validateModelLevels([level(0, 'cero'), level(1), level(2, 'dos')]);
    expect(problems).toEqual([
      { field: 'levels.0.criteria', messages: [expect.stringContaining('nivel 0 no lleva criterios')] },
      { field: 'levels.1.criteria', messages: [expect.stringContaining('al menos un criterio')] },
    ]);
  });

  it('criterion keys are snake_case and unique across the whole model', () => {
    const problems = validateModelLevels([level(0), level(1, 'pago_en_linea', 'Mayus'), level(2, 'x', 'pago_en_linea', '1abc')]);
    expect(problems).toEqual([
      { field: 'levels.1.criteria.1.key', messages: [expect.stringContaining('"Mayus" no es una clave válida')] },
      { field: 'levels.2.criteria.0.key', messages: [expect.stringContaining('"x" no es una clave válida')] },
      { field: 'levels.2.criteria.1.key', messages: [expect.stringContaining('ya se usa en el nivel 1')] },
      { field: 'levels.2.criteria.2.key', messages: [expect.stringContaining('"1abc" no es una clave válida')] },
    ]);
    expect(validateModelLevels([level(0), level(1, `a${'b'.repeat(40)}`)])).toEqual([]);
    expect(validateModelLevels([level(0), level(1, `a${'b'.repeat(41)}`)])).toHaveLength(1);
  });

  it('level names and criterion labels must not be blank', () => {
    const problems = validateModelLevels([
      { level: 0, name: '   ', criteria: [] },
      { level: 1, name: 'Informativo', criteria: [{ key: 'publicado', label: '' }] },
    ]);
    expect(problems).toEqual([
      { field: 'levels.0.name', messages: ['el nombre del nivel es obligatorio'] },
      { field: 'levels.1.criteria.0.label', messages: ['la descripción del criterio es obligatoria'] },
    ]);
  });

  it('reports every problem of a level, each where it is', () => {
    const problems = validateModelLevels([level(0), { level: 5, name: 'Uno', criteria: [] }]);
    expect(problems).toEqual([
      { field: 'levels.1.level', messages: [expect.stringContaining('debe ser 1')] },
      { field: 'levels.1.criteria', messages: [expect.stringContaining('al menos un criterio')] },
    ]);
  });
});

describe('checkAnswers', () => {
  it('accepts exactly the model keys with booleans', () => {
    expect(checkAnswers(V1, allFalse())).toEqual([]);
  });

  it('names unknown keys, missing keys and non-boolean values', () => {
    const { info_published: _dropped, ...rest } = allFalse();
    const problems = checkAnswers(V1, { ...rest, online_filing: 'sí', telepatia: true });
    expect(problems).toEqual([
      { field: 'answers.online_filing', messages: ['debe ser verdadero o falso'] },
      { field: 'answers.telepatia', messages: ['no es un criterio del modelo de madurez vigente'] },
      { field: 'answers.info_published', messages: ['falta la respuesta a este criterio'] },
    ]);
  });

  it('compareAnswers sorts the mismatches into unknown, missing and not boolean', () => {
    expect(compareAnswers(V1, { ...allFalse(), extra_uno: true, no_visit: null })).toEqual({
      unknown: ['extra_uno'],
      missing: [],
      notBoolean: ['no_visit'],
    });
    expect(compareAnswers(V1, {}).missing).toEqual(criterionKeys(V1));
  });
});

describe('status of a declared level', () => {
  it('beside the validated level', () => {
    expect(declaredLevelStatus(null, 2, null)).toBeNull();
    expect(declaredLevelStatus(2, 2, null)).toBe('validated');
    expect(declaredLevelStatus(4, 2, { status: 'submitted' })).toBe('under_review');
    expect(declaredLevelStatus(4, 2, { status: 'rejected' })).toBe('rejected');
    expect(declaredLevelStatus(4, 0, null)).toBe('not_assessed');
    expect(declaredLevelStatus(4, 3, { status: 'validated' })).toBe('differs');
  });
});
