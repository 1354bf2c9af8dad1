import type { MaturityLevelDefinition } from '../maturity/entities/maturity-model.entity';

/** A problem with a location, in the shape of the API's `details` (field path → Spanish messages). */
export interface LocatedProblem {
  field: string;
  messages: string[];
}

const CRITERION_KEY = /^[a-z][a-z0-9_]{1,40}$/;
export const MAX_TOP_LEVEL = 10;

/**
 * Why a procedure cannot declare or target `level` under the active model's levels (`null`: no active model),
 * in Spanish; null when it can. Shared by the API and the spreadsheet import.
 */
export function levelOutsideModel(level: number, levels: readonly number[] | null): string | null {
  if (!levels) return 'no hay un modelo de madurez activo; deje el nivel vacío';
  if (!levels.includes(level)) return `el nivel ${level} no existe en el modelo de madurez vigente (niveles ${levels.join(', ')})`;
  return null;
}

const byLevel = (levels: readonly MaturityLevelDefinition[]) => [...levels].sort((a, b) => a.level - b.level);

/**
 * A procedure's level: the highest level L whose criteria all hold, together with every lower level's (1..L).
 * Level 0 needs nothing. The climb stops at the first level with a criterion that does not hold (a missing
 * answer counts as "does not hold"), so meeting level 3's criteria while failing level 2's gives 1.
 */
export function computeLevel(levels: readonly MaturityLevelDefinition[], answers: Readonly<Record<string, unknown>>): number {
  let reached = 0;
  for (const def of byLevel(levels)) {
    if (def.level <= 0) continue;
    if (def.level !== reached + 1) break; // a hole in the numbering: nothing above it can be reached
    if (def.criteria.length === 0 || !def.criteria.every((c) => answers[c.key] === true)) break;
    reached = def.level;
  }
  return reached;
}

/** Every criterion key of a model, lowest level first. */
export function criterionKeys(levels: readonly MaturityLevelDefinition[]): string[] {
  return byLevel(levels).flatMap((l) => l.criteria.map((c) => c.key));
}

/**
 * Semantic rules of a model version, with Spanish problems located like the validation pipe's (`levels.2.criteria.0.key`),
 * empty when valid:
 * levels numbered 0..N in order without holes (N between 1 and 10), level 0 without criteria, every other
 * level with at least one criterion, criterion keys unique across the model and in snake_case, names and labels non-empty.
 */
export function validateModelLevels(levels: readonly MaturityLevelDefinition[]): LocatedProblem[] {
  const problems = new Map<string, string[]>();
  const add = (field: string, message: string) => problems.set(field, [...(problems.get(field) ?? []), message]);

  if (!Array.isArray(levels) || levels.length < 2) {
    add('levels', 'el modelo necesita al menos el nivel 0 y el nivel 1');
  } else if (levels.length > MAX_TOP_LEVEL + 1) {
    add('levels', `el modelo admite como máximo ${MAX_TOP_LEVEL + 1} niveles (de 0 a ${MAX_TOP_LEVEL}); tiene ${levels.length}`);
  }

  const seen = new Map<string, string>();
  (Array.isArray(levels) ? levels : []).forEach((def, i) => {
    const at = `levels.${i}`;
    if (def.level !== i) {
      add(
        `${at}.level`,
        `debe ser ${i}: los niveles se numeran 0, 1, 2… en orden, sin saltos ni repeticiones (se recibió ${String(def.level)})`,
      );
    }
    if (typeof def.name !== 'string' || def.name.trim() === '') add(`${at}.name`, 'el nombre del nivel es obligatorio');
    const criteria: MaturityLevelDefinition['criteria'] = Array.isArray(def.criteria) ? def.criteria : [];
    if (i === 0 && criteria.length > 0) add(`${at}.criteria`, 'el nivel 0 no lleva criterios: es el punto de partida de todo trámite');
    if (i > 0 && criteria.length === 0) add(`${at}.criteria`, `el nivel ${i} necesita al menos un criterio`);
    criteria.forEach((c, j) => {
      const cAt = `${at}.criteria.${j}`;
      const key = typeof c.key === 'string' ? c.key : '';
      if (!CRITERION_KEY.test(key)) {
        add(`${cAt}.key`, `"${key}" no es una clave válida: minúsculas, dígitos y "_", empieza con letra, de 2 a 41 caracteres`);
      } else if (seen.has(key)) {
        add(`${cAt}.key`, `la clave "${key}" ya se usa en el nivel ${seen.get(key)}; las claves deben ser únicas en todo el modelo`);
      } else {
        seen.set(key, String(i));
      }
      if (typeof c.label !== 'string' || c.label.trim() === '') add(`${cAt}.label`, 'la descripción del criterio es obligatoria');
    });
  });
  return [...problems].map(([field, messages]) => ({ field, messages }));
}

export interface AnswerMismatch {
  /** Keys that are not criteria of the model. */
  unknown: string[];
  /** Criteria of the model without an answer. */
  missing: string[];
  /** Criteria answered with something other than true or false. */
  notBoolean: string[];
}

/** How a set of answers differs from "exactly the model's criterion keys, each true or false". */
export function compareAnswers(levels: readonly MaturityLevelDefinition[], answers: Readonly<Record<string, unknown>>): AnswerMismatch {
  const keys = criterionKeys(levels);
  const known = new Set(keys);
  const given = Object.keys(answers);
  return {
    unknown: given.filter((k) => !known.has(k)),
    missing: keys.filter((k) => !Object.prototype.hasOwnProperty.call(answers, k)),
    notBoolean: given.filter((k) => known.has(k) && typeof answers[k] !== 'boolean'),
  };
}

/** The answer problems located at `answers.<key>` (empty when the answers fit the model). */
export function checkAnswers(levels: readonly MaturityLevelDefinition[], answers: Readonly<Record<string, unknown>>): LocatedProblem[] {
  const m = compareAnswers(levels, answers);
  return [
    ...m.notBoolean.map((k) => ({ field: `answers.${k}`, messages: ['debe ser verdadero o falso'] })),
    ...m.unknown.map((k) => ({ field: `answers.${k}`, messages: ['no es un criterio del modelo de madurez vigente'] })),
    ...m.missing.map((k) => ({ field: `answers.${k}`, messages: ['falta la respuesta a este criterio'] })),
  ];
}

/** Where a declared level stands against the validated one (null: nothing declared). */
export const DECLARED_LEVEL_STATUSES = ['validated', 'under_review', 'rejected', 'not_assessed', 'differs'] as const;
export type DeclaredLevelStatus = (typeof DECLARED_LEVEL_STATUSES)[number];

/**
 * The status shown beside a declared level: it equals the validated level; or the latest assessment awaits review, or
 * was rejected; or no assessment was ever submitted; or the Commission validated a different level. Pure.
 */
export function declaredLevelStatus(
  declared: number | null,
  validated: number,
  latest: { status: 'submitted' | 'validated' | 'rejected' } | null,
): DeclaredLevelStatus | null {
  if (declared === null) return null;
  if (declared === validated) return 'validated';
  if (latest?.status === 'submitted') return 'under_review';
  if (latest?.status === 'rejected') return 'rejected';
  if (!latest) return 'not_assessed';
  return 'differs';
}
