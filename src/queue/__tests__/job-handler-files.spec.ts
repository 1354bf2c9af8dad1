import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const SRC = join(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === '__tests__' ? [] : sourceFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

describe('job handler files', () => {
  const withHandlers = sourceFiles(SRC).filter((f) => /^\s*@JobHandler\(/m.test(readFileSync(f, 'utf8')));

  it('finds the handlers (the scan itself works)', () => {
    expect(withHandlers.length).toBeGreaterThanOrEqual(6);
  });

  it('keeps every @JobHandler in a <feature>.jobs.ts file', () => {
    expect(withHandlers.map((f) => relative(SRC, f)).filter((f) => !f.endsWith('.jobs.ts'))).toEqual([]);
  });
});
