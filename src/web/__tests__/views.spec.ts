import { format, precompile, registerSharedHelpers } from '../../common/views/handlebars-setup';
import { negotiateEncoding } from '../assets/assets.service';
import { readQuery } from '../forms/form-fields';
import { changeSentence } from '../public/procedure.view';
import { changeOf, queryString, sample } from '../public/view-format';
import { scriptSafeJson } from '../views/view-engine';
import { PublicRankingQuery } from '../../modules/public-api/dto/public-query.dto';
import { isRanked, rankEntries } from '../../modules/public-api/public-api.service';
import type { PublicRankingEntry } from '../../modules/public-api/dto/public-response.dto';

const entry = (name: string, score: string | null, procedures = 3, change: string | null = null): PublicRankingEntry => ({
  code: name,
  name,
  type: 'ministry',
  coverage: 'bound',
  sector: null,
  rank: null,
  score,
  scoreDate: '2026-01-01',
  previousScore: null,
  previousDate: null,
  change,
  procedures,
  online: 1,
  prohibitedActive: 0,
  eliminatedSinceBaseline: 0,
  milestonesOverdue: 0,
});

describe('page helpers', () => {
  it('ranks by score with shared positions for ties, whatever order is shown; no inventory is never ranked', () => {
    const ranked = rankEntries([entry('B', '50.00'), entry('A', '70.00', 3, '-2.00'), entry('C', '50.00', 3, '4.00')], 'change');
    expect(ranked.map((e) => [e.name, e.rank])).toEqual([
      ['C', 2],
      ['A', 1],
      ['B', 2],
    ]);
    expect(isRanked(entry('D', '40.00', 0))).toBe(false);
    expect(isRanked(entry('E', null))).toBe(false);
  });

  it('reads a page query leniently: unknown parameters ignored, an invalid field dropped with its Spanish message', () => {
    const { value, errors } = readQuery(PublicRankingQuery, {
      type: 'planeta',
      coverage: 'bound',
      utm_source: 'x',
      sort: ['name', 'score'],
    });
    expect(value).toEqual(Object.assign(new PublicRankingQuery(), { coverage: 'bound', sort: 'name' }));
    expect(errors.type).toMatch(/^Debe ser uno de: ministry \(ministerio\), /);
  });

  it('writes the public change history in Spanish, never with an English code', () => {
    const names = new Map([['r1', 'Declaración jurada']]);
    const at = '2026-03-01T10:00:00.000Z';
    expect(
      changeSentence(
        {
          subject: 'procedure',
          subjectId: 'p',
          action: 'update',
          field: 'audience',
          oldValue: 'person',
          newValue: 'business',
          changedAt: at,
        },
        names,
      ),
    ).toBe('Dirigido a: de «personas» a «empresas».');
    expect(
      changeSentence(
        {
          subject: 'procedure',
          subjectId: 'p',
          action: 'update',
          field: 'channels',
          oldValue: ['in_person'],
          newValue: ['in_person', 'online'],
          changedAt: at,
        },
        names,
      ),
    ).toBe('Canales: de «presencial» a «presencial, en línea».');
    expect(
      changeSentence(
        {
          subject: 'requirement',
          subjectId: 'r1',
          action: 'eliminate',
          field: 'effectiveTo',
          oldValue: null,
          newValue: '2026-02-01',
          changedAt: at,
        },
        names,
      ),
    ).toBe('El requisito «Declaración jurada» deja de exigirse desde el 1 de febrero de 2026.');
    expect(
      changeSentence(
        { subject: 'procedure', subjectId: 'p', action: 'level_validated', field: 'currentLevel', oldValue: 2, newValue: 3, changedAt: at },
        names,
      ),
    ).toBe('La Comisión validó el nivel de madurez 3 (antes 2).');
  });

  it('formats trend changes, query strings, samples, JSON for a script element and the accepted encoding', () => {
    expect(changeOf('4.44')).toEqual({ arrow: '▲', text: 'sube 4.4', direction: 'up' });
    expect(changeOf('-1.00').direction).toBe('down');
    expect(changeOf(null).text).toBe('sin historial');
    expect(queryString({ a: 'x y', b: undefined, c: '', d: false, e: 2 })).toBe('?a=x+y&e=2');
    expect(sample([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 4)).toEqual([1, 4, 7, 10]);
    expect(scriptSafeJson({ t: '</script><b>&' })).toBe('{"t":"\\u003c/script\\u003e\\u003cb\\u003e\\u0026"}');
    expect(negotiateEncoding('gzip, deflate, br')).toBe('br');
    expect(negotiateEncoding('br;q=0, gzip')).toBe('gzip');
    expect(negotiateEncoding(undefined)).toBeNull();
  });
});

describe('shared Handlebars helpers', () => {
  it('never shadow a model field of the e-mails or pages (date, label, value…), and format in Spanish', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const hbs = (require('handlebars') as typeof import('handlebars')).create();
    registerSharedHelpers(hbs);
    const t = precompile(hbs, '{{date}}|{{label}}|{{value}}|{{fmtDate day}}|{{glossary "audience" code}}|{{fmtGtq fee}}', { strict: true });
    expect(t({ date: '31 de mayo', label: 'L', value: 'V', day: '2026-05-31', code: 'business', fee: null })).toBe(
      '31 de mayo|L|V|31 de mayo de 2026|empresas|sin dato',
    );
  });
});

describe('format.date', () => {
  it('reads a Date as entities carry it, in Guatemala time, and never answers "sin fecha" for a real instant', () => {
    const instant = new Date('2026-03-15T05:30:00Z'); // 23:30 on 14 March in Guatemala (UTC-6)
    expect(format.date(instant)).toBe(format.date('2026-03-15T05:30:00Z'));
    expect(format.date(instant)).toContain('14 de marzo de 2026');
    expect(format.date(new Date('x'))).toBe('sin fecha');
    expect(format.date(null)).toBe('sin fecha');
  });
});
