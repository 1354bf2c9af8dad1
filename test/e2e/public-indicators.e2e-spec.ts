import { asScope, createInstitution, createMilestone, createPlan, createProcedure, createRequirement } from '../helpers/factories';
import { todayInGuatemala } from '../../src/common/time/guatemala-time';
import { useWorld } from '../helpers/world';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * AGEXPORT's triple on a hand-computed fixture (issue 16): of the prioritised (and foreign-trade) vigent procedures,
 * how many are in progress (an open milestone of an approved plan, or a rationalisation action not implemented) and how
 * many digitalised (validated level ≥ 4); per institution and nationally. Then the filters and enriched list items.
 */
describe('Public procedure indicators and filters', () => {
  const w = useWorld({ label: 'de Indicadores', app: { env: { PUBLIC_API_RATE_LIMIT_PER_MINUTE: '5000' } } });
  const pub = (path: string) => w.t.http().get(`/api/public/v1${path}`);

  beforeAll(async () => {
    const ds = w.t.dataSource;
    const a = w.a.id;
    // P1: prioritised, foreign trade, level 4, an open milestone of an approved plan → in progress and digitalised.
    const p1 = await createProcedure(ds, a, { code: 'P1', prioritized: true, foreignTrade: true, currentLevel: 4 });
    // P2: prioritised, level 2, a rationalisation action not yet implemented → in progress.
    const p2 = await createProcedure(ds, a, { code: 'P2', prioritized: true, currentLevel: 2 });
    // P3: prioritised, level 5, but eliminated → not counted at all.
    const p3 = await createProcedure(ds, a, { code: 'P3', prioritized: true, currentLevel: 5 });
    // P4: foreign trade only, level 0, an implemented action → neither.
    const p4 = await createProcedure(ds, a, { code: 'P4', foreignTrade: true, currentLevel: 0 });
    // P5: prioritised, level 3, a milestone of a draft plan and a completed one of an approved plan → neither.
    const p5 = await createProcedure(ds, a, { code: 'P5', prioritized: true, currentLevel: 3 });
    await asScope(ds, 'tenant', a, (em) => em.query(`UPDATE procedures SET status = 'eliminated' WHERE id = $1`, [p3.id]));
    const approved = await createPlan(ds, a, { status: 'approved', periodStart: '2026-01-01', periodEnd: '2027-12-31' });
    const draft = await createPlan(ds, a, { status: 'draft', periodStart: '2028-01-01', periodEnd: '2028-12-31' });
    await createMilestone(ds, approved, { procedureId: p1.id, dueDate: '2027-06-30', status: 'in_progress' });
    await createMilestone(ds, approved, { procedureId: p5.id, dueDate: '2026-06-30', status: 'completed', completedOn: '2026-06-01' });
    await createMilestone(ds, draft, { procedureId: p5.id, dueDate: '2028-06-30' });
    await asScope(ds, 'tenant', a, (em) =>
      em.query(
        `INSERT INTO rationalisation_actions (institution_id, procedure_id, type, description, implemented_on) VALUES ($1, $2, 'administrative', 'Quitar la constancia', NULL), ($1, $3, 'administrative', 'Ya hecho', '2026-05-01')`,
        [a, p2.id, p4.id],
      ),
    );
    await createRequirement(ds, p1, { name: 'Constancia vigente' });
    await createRequirement(ds, p1, { name: 'Constancia vencida', effectiveTo: '2025-01-01', status: 'eliminated' });
    // B: one prioritised digitalised procedure.
    await createProcedure(ds, w.b.id, { code: 'Q1', prioritized: true, currentLevel: 5 });
    await asScope(ds, 'tenant', a, (em) =>
      em.query(`UPDATE procedures SET life_event = 'Exportar un producto', target_date = '2027-06-30' WHERE id = $1`, [p1.id]),
    );
  });

  it('per institution and nationally: of N prioritised, X in progress and Y digitalised; the same over foreign trade', async () => {
    const a = (await pub(`/institutions/${w.a.code}`).expect(200)).body;
    expect(a.procedureIndicators).toEqual({
      prioritized: { total: 3, inProgress: 2, digitalised: 1 },
      foreignTrade: { total: 2, inProgress: 1, digitalised: 1 },
    });
    const national = (await pub('/indicators').expect(200)).body;
    expect(national.procedureIndicators).toEqual({
      prioritized: { total: 4, inProgress: 2, digitalised: 2 },
      foreignTrade: { total: 2, inProgress: 1, digitalised: 1 },
    });
    // The definitions are published with the data dictionary.
    const dictionary = (await pub('/data-dictionary').expect(200)).body;
    const indicators = dictionary.datasets.find((d: Json) => d.name === 'indicators.csv');
    expect(indicators.fields.map((f: Json) => f.name)).toEqual(
      expect.arrayContaining(['prioritized_total', 'prioritized_in_progress', 'prioritized_digitalised', 'foreign_trade_digitalised']),
    );
    expect(indicators.fields.find((f: Json) => f.name === 'prioritized_digitalised').description).toMatch(
      /nivel de madurez validado 4 o más \(escala 0 a 5\)/,
    );
    const procedures = dictionary.datasets.find((d: Json) => d.name === 'procedures.csv');
    expect(procedures.fields.find((f: Json) => f.name === 'current_level').description).toMatch(/0 a 5/);
  });

  it('filters: institution code in any case, Spanish booleans, level range, life event; list items carry what a dashboard shows', async () => {
    const codes = async (query: string) => ((await pub(`/procedures?${query}`).expect(200)).body.items as Json[]).map((p) => p.code).sort();
    const lower = w.a.code.toLowerCase();
    expect(await codes(`institution=${lower}`)).toEqual(['P1', 'P2', 'P3', 'P4', 'P5']);
    expect(await codes(`institution=${lower}&prioritized=sí&status=active`)).toEqual(['P1', 'P2', 'P5']);
    expect(await codes(`institution=${lower}&prioritized=NO`)).toEqual(['P4']);
    expect(await codes(`institution=${lower}&foreignTrade=verdadero`)).toEqual(['P1', 'P4']);
    expect(await codes(`institution=${lower}&levelMin=2&levelMax=4`)).toEqual(['P1', 'P2', 'P5']);
    expect(await codes(`institution=${lower}&lifeEvent=Exportar%20un%20producto`)).toEqual(['P1']);
    await pub('/procedures?prioritized=quizás').expect(400);
    await pub('/procedures?levelMax=6').expect(400);
    const [p1] = (await pub(`/procedures?institution=${lower}&lifeEvent=Exportar%20un%20producto`).expect(200)).body.items;
    expect(p1).toMatchObject({
      institutionCode: w.a.code,
      institutionName: w.a.name,
      requirementCount: 1,
      targetLevel: 4,
      targetDate: '2027-06-30',
      latestScore: null,
      lastReviewedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    expect((await pub(`/institutions/${lower}`).expect(200)).body.code).toBe(w.a.code);
    expect((await pub(`/procedures/${lower}/P1`).expect(200)).body.code).toBe('P1');
  });

  it('the indicators dataset: CSV and JSON per institution and month, sorted by code and month, the triple in the current month', async () => {
    const month = todayInGuatemala().slice(0, 7);
    const json = (await pub('/export/indicators.json').expect(200)).body as Json[];
    const keys = json.map((r) => `${r.institutionCode}|${r.month}`);
    expect(keys).toEqual([...keys].sort());
    expect(json.find((r) => r.institutionCode === w.a.code && r.month === month)).toMatchObject({
      prioritizedTotal: 3,
      prioritizedInProgress: 2,
      prioritizedDigitalised: 1,
      foreignTradeTotal: 2,
      foreignTradeInProgress: 1,
      foreignTradeDigitalised: 1,
    });
    const csv = await w.t
      .http()
      .get('/api/public/v1/export/indicators.csv')
      .buffer(true)
      .parse((r, cb) => {
        let data = '';
        r.setEncoding('utf8');
        r.on('data', (c: string) => (data += c));
        r.on('end', () => cb(null, data));
      })
      .expect(200);
    const lines = (csv.body as string)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0].split(',')).toEqual(
      expect.arrayContaining([
        'institution_code',
        'month',
        'score',
        'prioritized_total',
        'prioritized_in_progress',
        'prioritized_digitalised',
      ]),
    );
    expect(lines.length).toBe(json.length + 1);
    const header = lines[0].split(',');
    const rowA = lines
      .slice(1)
      .map((l) => l.split(','))
      .find((c) => c[0] === w.a.code && c[1] === month)!;
    expect(rowA[header.indexOf('prioritized_in_progress')]).toBe('2');
  });

  it('past months are rebuilt from the change log, milestones of approved plans and actions (hand-computed history)', async () => {
    const ds = w.t.dataSource;
    const c = await createInstitution(ds, 'Registro Histórico');
    // H1: registered 2026-01-15; prioritised since 2026-03-05 (was not); level 3 until 2026-04-10, then 5; a milestone of a
    // plan approved 2026-02-01, completed 2026-05-20. H2: registered 2026-02-01, prioritised, level 1; an action created
    // 2026-03-01, implemented 2026-07-15.
    const h1 = await createProcedure(ds, c.id, { code: 'H1', prioritized: true, currentLevel: 5 });
    const h2 = await createProcedure(ds, c.id, { code: 'H2', prioritized: true, currentLevel: 1 });
    const plan = await createPlan(ds, c.id, { status: 'approved', periodStart: '2026-01-01', periodEnd: '2027-12-31' });
    await createMilestone(ds, plan, { procedureId: h1.id, dueDate: '2026-06-30', status: 'completed', completedOn: '2026-05-20' });
    await asScope(ds, 'tenant', c.id, async (em) => {
      await em.query(`UPDATE procedures SET baseline_date = '2026-01-15', created_at = '2026-01-15T12:00:00-06:00' WHERE id = $1`, [h1.id]);
      await em.query(`UPDATE procedures SET baseline_date = '2026-02-01', created_at = '2026-02-01T12:00:00-06:00' WHERE id = $1`, [h2.id]);
      await em.query(`UPDATE simplification_plans SET approved_at = '2026-02-01T10:00:00-06:00' WHERE id = $1`, [plan.id]);
      await em.query(
        `INSERT INTO procedure_changes (institution_id, procedure_id, subject, subject_id, action, field, old_value, new_value, changed_at)
         VALUES ($1, $2, 'procedure', $2, 'update', 'prioritized', 'false', 'true', '2026-03-05T09:00:00-06:00'),
                ($1, $2, 'procedure', $2, 'level_validated', 'currentLevel', '3', '5', '2026-04-10T09:00:00-06:00')`,
        [c.id, h1.id],
      );
      await em.query(
        `INSERT INTO rationalisation_actions (institution_id, procedure_id, type, description, implemented_on, created_at)
         VALUES ($1, $2, 'administrative', 'Quitar la constancia', '2026-07-15', '2026-03-01T09:00:00-06:00')`,
        [c.id, h2.id],
      );
      await em.query(
        `INSERT INTO score_snapshots (scope, subject_id, institution_id, snapshot_date, methodology_version, score, components, indicators, computed_at)
         SELECT 'institution', $1, $1, '2026-03-31', version, 61.25, '{}', '{"procedures":{"registered":2,"online":0}}', now()
           FROM methodologies WHERE active LIMIT 1`,
        [c.id],
      );
    });
    const rows = ((await pub('/export/indicators.json').expect(200)).body as Json[]).filter((r) => r.institutionCode === c.code);
    const thisMonth = todayInGuatemala().slice(0, 7);
    const triple = (month: string) => {
      const r = rows.find((x) => x.month === month)!;
      return [r.prioritizedTotal, r.prioritizedInProgress, r.prioritizedDigitalised];
    };
    expect(rows[0].month).toBe('2026-01');
    expect(rows[rows.length - 1].month).toBe(thisMonth);
    expect(rows.map((r) => r.month)).toEqual([...new Set(rows.map((r) => r.month))].sort());
    expect(triple('2026-01')).toEqual([0, 0, 0]); // H1 not yet prioritised, H2 not yet registered
    expect(triple('2026-02')).toEqual([1, 0, 0]); // H2 only
    expect(triple('2026-03')).toEqual([2, 2, 0]); // H1 prioritised with an open milestone; H2's action pending
    expect(triple('2026-04')).toEqual([2, 2, 1]); // H1 validated at 5
    expect(triple('2026-05')).toEqual([2, 1, 1]); // H1's milestone completed
    expect(triple('2026-07')).toEqual([2, 0, 1]); // H2's action implemented
    // The current month is the API's own figure; the rebuilt one agrees with it.
    const api = (await pub(`/institutions/${c.code}`).expect(200)).body.procedureIndicators.prioritized;
    expect(triple(thisMonth)).toEqual([api.total, api.inProgress, api.digitalised]);
    expect(rows.find((r) => r.month === '2026-03')).toMatchObject({ score: '61.25', scoreDate: '2026-03-31', procedures: 2 });
    expect(rows.find((r) => r.month === '2026-04')).toMatchObject({ score: null, scoreDate: null, procedures: null });
  });
});
