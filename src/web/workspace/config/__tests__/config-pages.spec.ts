import type { Request } from 'express';
import { DEFAULT_METHODOLOGY } from '../../../../modules/scoring/methodology';
import { paginate, pageParam } from '../config-page';
import { compareModels, versionState } from '../maturity-models-pages.controller';
import { compareMethodologies } from '../methodologies-pages.controller';
import { RevealOnce } from '../reveal-once';
import type { AppConfig } from '../../../../config/app-config';

const model = (version: number, levels: Array<[string, Array<[string, string]>]>, active = false) => ({
  id: `m${version}`,
  version,
  name: `v${version}`,
  active,
  createdBy: null,
  createdAt: new Date(0),
  levels: levels.map(([name, criteria], level) => ({ level, name, criteria: criteria.map(([key, label]) => ({ key, label })) })),
});

describe('configuration pages: pure rules', () => {
  it('names a version vigente, borrador (newer than the one in force) or anterior', () => {
    expect(versionState({ version: 2, active: true }, 2).text).toBe('Vigente');
    expect(versionState({ version: 3, active: false }, 2).text).toBe('Borrador');
    expect(versionState({ version: 1, active: false }, 2).text).toBe('Anterior');
    expect(versionState({ version: 1, active: false }, null).text).toBe('Borrador');
  });

  it('compares maturity models by level and criterion key: new, gone, moved, reworded, renamed levels', () => {
    const inForce = model(
      1,
      [
        ['Sin información', []],
        [
          'Informativo',
          [
            ['published', 'Publicado'],
            ['fee', 'Costo publicado'],
          ],
        ],
        ['Descargable', [['forms', 'Formularios']]],
      ],
      true,
    );
    const draft = model(2, [
      ['Sin información', []],
      ['Informativo en línea', [['published', 'Publicado en línea']]],
      [
        'Descargable',
        [
          ['forms', 'Formularios'],
          ['fee', 'Costo publicado'],
        ],
      ],
      ['Transaccional', [['online', 'Solicitud en línea']]],
    ]);
    const changed = compareModels(inForce, draft)
      .filter((r) => r.changed)
      .map((r) => `${r.what}: ${r.change}`);
    expect(changed).toEqual([
      'Nivel 1: Otro nombre',
      'Nivel 1 · published: Otra descripción',
      'Nivel 2 · fee: Pasa del nivel 1',
      'Nivel 3: Nivel nuevo',
      'Nivel 3 · online: Criterio nuevo',
    ]);
    const removed = compareModels(draft, inForce).filter((r) => r.change === 'Criterio quitado' || r.change === 'Nivel quitado');
    expect(removed.map((r) => r.what)).toEqual(['Nivel 3', 'Nivel 3 · online']);
    expect(compareModels(inForce, inForce).some((r) => r.changed)).toBe(false);
  });

  it('compares methodologies parameter by parameter with the signed difference', () => {
    const draft = {
      ...DEFAULT_METHODOLOGY,
      procedureWeights: { ...DEFAULT_METHODOLOGY.procedureWeights, maturity: 40, freshness: 0 },
      burden: { ...DEFAULT_METHODOLOGY.burden, hourValueGtq: 30.5 },
    };
    const rows = compareMethodologies(DEFAULT_METHODOLOGY, draft).filter((r) => r.changed);
    expect(rows.map((r) => r.change)).toEqual(['+5', '-5', '+5.5']);
    expect(compareMethodologies(null, draft).some((r) => r.changed)).toBe(false);
  });

  it('pages a list only when it needs more than one page, keeping the filters', () => {
    expect(paginate('/x', 1, 25, 25)).toBeNull();
    expect(paginate('/x', 2, 25, 60, { q: 'min', tipo: '' })).toEqual({
      previous: '/x?q=min&pagina=1',
      next: '/x?q=min&pagina=3',
      page: 2,
      pages: 3,
    });
    expect([pageParam('3'), pageParam('0'), pageParam('x'), pageParam(undefined)]).toEqual([3, 1, 1, 1]);
  });

  it('shows a secret once, and only on the page of what it belongs to; the session never holds it in clear text', () => {
    const reveal = new RevealOnce({ dataEncryption: { key: 'ab'.repeat(32), previousKey: null } } as unknown as AppConfig);
    const req = { session: {} } as unknown as Request;
    reveal.keep(req, 'partner_key', 'k1', 'smp_secret');
    expect(JSON.stringify(req.session)).not.toContain('smp_secret');
    expect(reveal.take(req, 'partner_key', 'k1')).toBe('smp_secret');
    expect(reveal.take(req, 'partner_key', 'k1')).toBeNull();
    reveal.keep(req, 'partner_key', 'k1', 'smp_secret');
    expect(reveal.take(req, 'webhook', 'k1')).toBeNull();
    expect(reveal.take(req, 'partner_key', 'k1')).toBeNull();
    // Sealed for one item: moved onto another item's page, it does not open.
    reveal.keep(req, 'partner_key', 'k1', 'smp_secret');
    req.session.revealOnce!.id = 'k2';
    expect(reveal.take(req, 'partner_key', 'k2')).toBeNull();
  });
});
