import { readdirSync, readFileSync } from 'fs';
import { join, relative, sep } from 'path';
import * as ts from 'typescript';

/**
 * Issue #11, item 4: raw SQL lives in `<name>.sql.ts` files beside its user, each constant with a declared row type.
 * This test reads every `src/**\/*.ts` (not `*.sql.ts`, not tests) and fails naming the file and line of any string or
 * template literal that holds an SQL statement. Fragments (a column, an ORDER BY, a TypeORM `where` condition) are not
 * statements and may stay where they are used.
 */
const SRC = join(__dirname, '..', '..');

/** A statement: what PostgreSQL would run on its own. Upper-case keywords, as every statement of this code is written. */
export const STATEMENT =
  /\b(?:SELECT\b[\s\S]*?\bFROM\b|INSERT\s+INTO\b|UPDATE\s+[a-z_."]+(?:\s+(?:AS\s+)?[a-z_]+)?\s+SET\b|DELETE\s+FROM\b|WITH\s+(?:RECURSIVE\s+)?[a-z_]+\s+AS\s*\(|SELECT\s+(?:set_config|pg_advisory|pg_try_advisory|nextval|now\(\)|1\b|EXISTS\b)|TRUNCATE\b|LOCK\s+TABLE\b)/;

/**
 * Files whose statements are not moved yet, with why. The list only shrinks: a file listed here that no longer holds a
 * statement fails the test, so its entry is removed when its SQL moves.
 */
const NOT_YET_MOVED: Record<string, string> = {};

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '__tests__' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.sql.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });

/** Every literal's text (a template's parts joined, its `${…}` left out) with its 1-based line. */
export function sqlStatementsIn(fileName: string, text: string): { line: number; excerpt: string }[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const hits: { line: number; excerpt: string }[] = [];
  const visit = (node: ts.Node) => {
    let literal: string | undefined;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) literal = node.text;
    else if (ts.isTemplateExpression(node)) literal = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
    if (literal !== undefined && STATEMENT.test(literal)) {
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      hits.push({ line, excerpt: literal.trim().replace(/\s+/g, ' ').slice(0, 80) });
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return hits;
}

describe('raw SQL only in *.sql.ts files', () => {
  it('recognises a statement and leaves fragments alone', () => {
    const sample = [
      'const a = `SELECT id FROM procedures WHERE id = $1`;',
      "const b = 'DELETE FROM sessions WHERE user_id = $1';",
      'const c = `UPDATE users u SET name = $1`;',
      "const d = 'INSERT INTO t (a) VALUES ($1)';",
      "const e = 'SELECT set_config($1, $2, true)';",
      "const f = 'p.institution_id = :id';",
      "const g = 'Seleccione el trámite que desea actualizar';",
      "const h = 'ORDER BY created_at DESC';",
    ].join('\n');
    expect(sqlStatementsIn('sample.ts', sample).map((h) => h.line)).toEqual([1, 2, 3, 4, 5]);
  });

  const found = sourceFiles(SRC).map((file) => ({
    file: relative(join(SRC, '..'), file).split(sep).join('/'),
    hits: sqlStatementsIn(file, readFileSync(file, 'utf8')),
  }));

  it('finds no statement outside *.sql.ts under src/', () => {
    const offenders = found
      .filter((f) => !(f.file in NOT_YET_MOVED))
      .flatMap((f) => f.hits.map((h) => `${f.file}:${h.line}  ${h.excerpt}`));
    expect(offenders).toEqual([]);
  });

  it('lists as not yet moved only files that still hold statements', () => {
    const stale = Object.keys(NOT_YET_MOVED).filter((file) => !found.some((f) => f.file === file && f.hits.length));
    expect(stale).toEqual([]);
  });
});
