import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SRC = resolve(__dirname, '../../../..');
const INVENTORY = join(SRC, 'modules/inventory');
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [join(dir, e.name)] : [],
  );
const importsOf = (file: string): string[] =>
  [...readFileSync(file, 'utf8').matchAll(/from '(\.{1,2}\/[^']+)'/g)].map((m) => resolve(dirname(file), m[1]));
/** The inventory folder a path is in ("procedures", "rules"…), or null outside the inventory. */
const folderOf = (path: string): string | null => (path.startsWith(`${INVENTORY}/`) ? relative(INVENTORY, path).split('/')[0] : null);

describe('inventory: shared rules live in rules/, and nobody reaches into another feature folder', () => {
  it('outside a feature folder, only its module, jobs, entities and DTOs are imported; shared rules come from rules/', () => {
    const problems: string[] = [];
    for (const file of files(SRC)) {
      for (const target of importsOf(file)) {
        const folder = folderOf(target);
        if (!folder || folder === 'rules' || folder === folderOf(file) || !target.includes('/', INVENTORY.length + 1)) continue;
        if (/\/(entities|dto)\//.test(target) || /\.(module|jobs)$/.test(target)) continue;
        // Page controllers (src/web) are the API controllers' peers: they call a feature's services, as its controllers do.
        if (/\.service$/.test(target) && relative(SRC, file).startsWith('web/')) continue;
        problems.push(`${relative(SRC, file)} → ${relative(SRC, target)}`);
      }
    }
    // kept on purpose: validating an assessment sets the procedure's level in the same unit of work
    expect(problems).toEqual(['modules/inventory/maturity/maturity-assessments.service.ts → modules/inventory/procedures/procedure-level']);
  });

  it('rules/ is plain TypeScript: no Nest, no services, no feature folder but entities', () => {
    const problems: string[] = [];
    for (const file of files(join(INVENTORY, 'rules'))) {
      if (/from '@nestjs\//.test(readFileSync(file, 'utf8'))) problems.push(`${relative(SRC, file)}: imports Nest`);
      for (const target of importsOf(file)) {
        const folder = folderOf(target);
        if (folder && folder !== 'rules' && !target.includes('/entities/'))
          problems.push(`${relative(SRC, file)} → ${relative(SRC, target)}`);
        if (/\.service$/.test(target)) problems.push(`${relative(SRC, file)} → ${relative(SRC, target)}: a service`);
      }
    }
    expect(problems).toEqual([]);
  });
});
