import type { Job } from 'bullmq';
import { todayInGuatemala } from '../../src/common/time/guatemala-time';
import { JobName } from '../../src/queue/job-names';
import { QueueName } from '../../src/queue/queue-names';
import { NATIONAL_SUBJECT } from '../../src/modules/scoring/entities/score-snapshot.entity';
import { ScoringService } from '../../src/modules/scoring/scoring.service';
import { asScope, bearer, createInstitution, createProcedure, createUser, tokenFor, TestInstitution, TestUser } from '../helpers/factories';
import { createTestApp, TestApp } from '../helpers/test-app';

/**
 * A fixture institution whose every figure is computed by hand below (methodology v1, burden parameters:
 * hour 25, visit 60, waiting day 15, 1.5 h per requirement, 3 h per visit).
 */
describe('Compliance scores, burden and indicators', () => {
  let t: TestApp;
  let inst: TestInstitution;
  let other: TestInstitution;
  let liaison: TestUser;
  let outsider: TestUser;
  let analyst: TestUser;
  let scoring: ScoringService;
  const ids: Record<string, string> = {};
  const today = todayInGuatemala();
  const daysAgo = (n: number) => new Date(Date.parse(`${today}T12:00:00Z`) - n * 86400_000).toISOString().slice(0, 10);
  const as = (u: TestUser) => bearer(tokenFor(t, u));

  beforeAll(async () => {
    t = await createTestApp({ worker: true, env: { SCORE_DEBOUNCE_MS: '1000' } });
    scoring = t.app.get(ScoringService);
    inst = await createInstitution(t.dataSource, 'Secretaría del Cálculo');
    other = await createInstitution(t.dataSource, 'Otra Secretaría');
    liaison = await createUser(t.dataSource, 'liaison', inst.id);
    outsider = await createUser(t.dataSource, 'liaison', other.id);
    analyst = await createUser(t.dataSource, 'analyst', null);
    await asScope(t.dataSource, 'tenant', inst.id, async (em) => {
      const insert = async (code: string, v: Record<string, unknown>) => {
        const [row] = await em.query(
          `INSERT INTO procedures (institution_id, code, name, description, legal_basis, fee_gtq, legal_max_days, actual_median_days, annual_volume,
             in_person_visits, current_level, target_level, forms_url, forms_free, last_reviewed_at,
             baseline_date, baseline_requirements, baseline_days, baseline_visits, baseline_fee_gtq)
           VALUES ($1,$2,'Trámite',$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,'2022-01-01',$15,$16,$17,$18) RETURNING id`,
          [inst.id, code, v.description, v.legalBasis, v.fee, v.legal, v.actual, v.volume, v.visits, v.level, v.target, v.formsUrl, v.formsFree, v.reviewed,
            v.bReq, v.bDays, v.bVisits, v.bFee],
        );
        ids[code] = row.id;
      };
      // A: level 2 of 4; 4 requirements (3 with legal basis, 1 prohibited); 5 of 6 published fields; 30/45 days; reviewed 250 days ago
      await insert('A', { description: 'Desc', legalBasis: 'Ley', fee: '100.00', legal: 30, actual: 45, volume: 1000, visits: 1, level: 2, target: 4,
        formsUrl: null, formsFree: null, reviewed: daysAgo(250), bReq: 5, bDays: 60, bVisits: 3, bFee: '150.00' });
      // B: level 4 of 4; no requirements; everything published; unknown times; reviewed 10 days ago; volume unknown
      await insert('B', { description: 'Desc', legalBasis: 'Ley', fee: '0.00', legal: null, actual: null, volume: null, visits: 0, level: 4, target: 4,
        formsUrl: 'https://x.gob.gt/f', formsFree: true, reviewed: daysAgo(10), bReq: 0, bDays: null, bVisits: 0, bFee: '0.00' });
      const req = (code: string, basis: string, prohibited: string | null, status = 'active', to: string | null = null) =>
        em.query(`INSERT INTO requirements (institution_id, procedure_id, name, legal_basis_type, prohibited, prohibited_kind, effective_from, effective_to, status)
                  VALUES ($1,$2,'R',$3,$4,$5,'2021-09-01',$6,$7)`, [inst.id, ids[code], basis, Boolean(prohibited), prohibited, to, status]);
      await req('A', 'law', null);
      await req('A', 'law', null);
      await req('A', 'government_agreement', null);
      await req('A', 'none', 'sworn_declaration');
      await req('A', 'none', null, 'eliminated', '2024-01-01'); // eliminated since the 2022 baseline
    });
  });
  afterAll(() => t.close());

  it('matches the hand computation to two decimals', async () => {
    await scoring.recomputeInstitution(inst.id);
    // Procedure A (no ratings → weights ÷ 0.90):
    //   maturity 2/4 = 0.5 → 35·0.5 = 17.5;  legal basis 3/4 → 15·0.75 = 11.25;  prohibited 1 − 0.5 = 0.5 → 15·0.5 = 7.5
    //   publication 5/6 (no free forms) → 10·0.8333 = 8.3333;  time 30/45 → 10·0.6667 = 6.6667;  freshness (365−250)/185 → 5·0.6216 = 3.1081
    //   total 54.3581 / 90 × 100 = 60.40
    const a = (await t.http().get(`/api/v1/procedures/${ids.A}/score`).set(as(liaison)).expect(200)).body;
    expect(a.score).toBe(60.4);
    // Procedure B: maturity 1 → 35; legal basis (none) 1 → 15; prohibited 1 → 15; publication: no requirements and no legal time
    //   → 4/6 → 6.6667; time unknown 0.5 → 5; freshness 1 → 5; total 81.6667 / 90 × 100 = 90.74
    const b = (await t.http().get(`/api/v1/procedures/${ids.B}/score`).set(as(liaison)).expect(200)).body;
    expect(b.score).toBe(90.74);
    // Institution: procedures (60.4·1000 + 90.74·1) / 1001 = 60.4303 → 0.604303 · 60 = 36.26; no approved plan → 0;
    //   reporting: quarters due since 2026-01-01 with no report → 0 (or 1 if none is due yet)
    const i = (await t.http().get(`/api/v1/institutions/${inst.id}/score`).set(as(liaison)).expect(200)).body;
    const reportsDue = i.components.find((c: { component: string }) => c.component === 'reporting').inputs.reportsDue;
    expect(i.score).toBeCloseTo(36.26 + (reportsDue === 0 ? 15 : 0), 2);
    expect(i.components.map((c: { component: string; weight: number }) => [c.component, c.weight])).toEqual([['procedures', 60], ['planExecution', 25], ['reporting', 15]]);
  });

  it('explains each component with its inputs and a Spanish sentence saying what would raise it', async () => {
    const a = (await t.http().get(`/api/v1/procedures/${ids.A}/score`).set(as(analyst)).expect(200)).body;
    const byName = Object.fromEntries(a.components.map((c: { component: string }) => [c.component, c]));
    expect(byName.legalBasis).toMatchObject({ value: 0.75, inputs: { activeRequirements: 4, withLegalBasis: 3 }, advice: '1 requisito sin base legal en ley o acuerdo gubernativo' });
    expect(byName.noProhibited.advice).toBe('Eliminar 1 requisito prohibido por la ley (arts. 12 y 13)');
    expect(byName.satisfaction).toMatchObject({ weight: 0 });
    const inst1 = (await t.http().get(`/api/v1/institutions/${inst.id}/score`).set(as(analyst)).expect(200)).body;
    expect(inst1.components[1].advice).toBe('Presentar un plan de simplificación y obtener su aprobación');
  });

  it('computes the administrative burden at baseline and now, with the parameters beside it', async () => {
    // A baseline: 150 + (5·1.5 + 3·3)·25 + 3·60 + 60·15 = 150 + 412.5 + 180 + 900 = 1642.50 per application → ×1000 = 1,642,500
    // A now: 100 + (4·1.5 + 1·3)·25 + 1·60 + 45·15 = 100 + 225 + 60 + 675 = 1060.00 → ×1000 = 1,060,000; savings 582,500 GTQ
    const a = (await t.http().get(`/api/v1/procedures/${ids.A}/score`).set(as(liaison)).expect(200)).body;
    expect(a.burden.baseline).toEqual({ hoursPerApplication: 16.5, costPerApplicationGtq: 1642.5, yearlyCostGtq: 1642500, yearlyHours: 16500 });
    expect(a.burden.current).toEqual({ hoursPerApplication: 9, costPerApplicationGtq: 1060, yearlyCostGtq: 1060000, yearlyHours: 9000 });
    expect(a.burden.savings).toEqual({ yearlyCostGtq: 582500, yearlyHours: 7500 });
    const i = (await t.http().get(`/api/v1/institutions/${inst.id}/score`).set(as(liaison)).expect(200)).body;
    expect(i.burden).toMatchObject({ savingsGtq: 582500, parameters: { hourValueGtq: 25, visitCostGtq: 60, dailyOpportunityCostGtq: 15 } });
    expect(i.indicators).toMatchObject({
      procedures: { registered: 2, online: 1 },
      requirements: { active: 4, withLegalBasis: 3, prohibitedActive: 1, eliminatedSinceBaseline: 1 },
      levels: { 2: 1, 4: 1 },
    });
  });

  it('is idempotent: a re-run on the same day replaces the snapshot with the same numbers', async () => {
    await scoring.recomputeInstitution(inst.id);
    const rows = await asScope(t.dataSource, 'tenant', inst.id, (em) =>
      em.query(`SELECT scope, count(*)::int AS n, sum(score)::text AS total FROM score_snapshots WHERE institution_id = $1 AND snapshot_date = $2 GROUP BY scope ORDER BY scope`, [inst.id, today]));
    expect(rows.map((r: { scope: string; n: number }) => [r.scope, r.n])).toEqual([['procedure', 2], ['institution', 1]]);
    await scoring.recomputeInstitution(inst.id);
    const again = await asScope(t.dataSource, 'tenant', inst.id, (em) =>
      em.query(`SELECT scope, count(*)::int AS n, sum(score)::text AS total FROM score_snapshots WHERE institution_id = $1 AND snapshot_date = $2 GROUP BY scope ORDER BY scope`, [inst.id, today]));
    expect(again).toEqual(rows);
  });

  it('a crash inside an institution run leaves no half-written snapshot, and the retry completes it', async () => {
    const tomorrow = new Date(Date.parse(`${today}T12:00:00Z`) + 86400_000).toISOString().slice(0, 10);
    await expect(scoring.recomputeInstitution(inst.id, tomorrow, { beforeCommit: () => { throw new Error('worker killed'); } })).rejects.toThrow('worker killed');
    const count = () => asScope(t.dataSource, 'tenant', inst.id, (em) => em.query(`SELECT count(*)::int AS n FROM score_snapshots WHERE institution_id = $1 AND snapshot_date = $2`, [inst.id, tomorrow]));
    expect((await count())[0].n).toBe(0);
    await scoring.recomputeInstitution(inst.id, tomorrow);
    expect((await count())[0].n).toBe(3);
  });

  it('never computes the same institution twice at the same time: a second run waits on the institution lock', async () => {
    let second: Promise<unknown> | undefined;
    let waiting = -1;
    await scoring.recomputeInstitution(inst.id, undefined, {
      beforeCommit: async () => {
        second = scoring.recomputeInstitution(inst.id); // starts while the first still holds the lock
        await new Promise((r) => setTimeout(r, 300));
        // only this database's waiters on this institution's lock (other databases on the server run their own tests)
        const [row] = await t.dataSource.query(
          `SELECT count(*)::int AS n FROM pg_locks
            WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND objsubid = 1 AND ((classid::bigint << 32) | objid::bigint) = hashtext('score:' || $1)::bigint`,
          [inst.id],
        );
        waiting = row.n;
      },
    });
    await second;
    expect(waiting).toBe(1);
  });

  it('a new methodology version changes the next snapshot and leaves earlier ones unchanged', async () => {
    const active = (await t.http().get('/api/v1/methodologies/active').set(as(analyst)).expect(200)).body;
    const { procedureWeights, ...rest } = active.parameters;
    const bad = await t.http().post('/api/v1/methodologies').set(as(analyst))
      .send({ name: 'Pesos inválidos', ...rest, procedureWeights: { ...procedureWeights, maturity: -35 } }).expect(400);
    expect(bad.body.details).toEqual(expect.arrayContaining([{ field: 'procedureWeights.maturity', messages: ['no puede ser negativo'] }]));
    const notHundred = await t.http().post('/api/v1/methodologies').set(as(analyst))
      .send({ name: 'No suma 100', ...rest, procedureWeights: { ...procedureWeights, maturity: 40 } }).expect(400);
    expect(notHundred.body.message).toContain('deben sumar 100 (suman 105)');
    await t.http().post('/api/v1/methodologies').set(as(liaison)).send({ name: 'x', ...active.parameters }).expect(403);

    // Two far-future days, where procedure A's last review is over a year old (freshness 0 under both versions).
    const day1 = '2099-01-02';
    const day2 = '2099-01-03';
    const v2 = (await t.http().post('/api/v1/methodologies').set(as(analyst))
      .send({ name: 'Más peso a la madurez', ...rest, procedureWeights: { ...procedureWeights, maturity: 45, freshness: 0, publication: 5 } }).expect(201)).body;
    try {
      await scoring.recomputeInstitution(inst.id, day1); // still v1
      await scoring.recomputeNational(day1);
      await t.http().post(`/api/v1/methodologies/${v2.id}/activate`).set(as(analyst)).expect(200);
      await scoring.recomputeInstitution(inst.id, day2);
      await scoring.recomputeNational(day2);
      const series = await asScope(t.dataSource, 'tenant', inst.id, (em) => em.query(
        `SELECT snapshot_date::text AS day, methodology_version AS v, score::float8 AS score FROM score_snapshots
          WHERE scope = 'procedure' AND subject_id = $1 AND snapshot_date >= '2099-01-01' ORDER BY snapshot_date`, [ids.A]));
      // v1, freshness 0: 17.5 + 11.25 + 7.5 + 8.3333 + 6.6667 + 0 = 51.25 / 90 × 100 = 56.94
      // v2: 45·0.5 + 15·0.75 + 15·0.5 + 5·0.8333 + 10·0.6667 + 0 = 22.5 + 11.25 + 7.5 + 4.1667 + 6.6667 = 52.0833 / 90 × 100 = 57.87
      expect(series).toEqual([{ day: day1, v: active.version, score: 56.94 }, { day: day2, v: v2.version, score: 57.87 }]);

      // The trend endpoints read the same series back, each point with the methodology version it was computed with.
      const trend = async (url: string) => (await t.http().get(url).query({ from: '2099-01-01' }).set(as(analyst)).expect(200)).body.items;
      expect(await trend(`/api/v1/procedures/${ids.A}/score/trend`)).toEqual([
        { date: day1, score: 56.94, methodologyVersion: active.version },
        { date: day2, score: 57.87, methodologyVersion: v2.version },
      ]);
      const stored = (scope: string, subject: string) => asScope(t.dataSource, 'admin', null, (em) => em.query(
        `SELECT snapshot_date::text AS date, score::float8 AS score, methodology_version AS "methodologyVersion" FROM score_snapshots
          WHERE scope = $1 AND subject_id = $2 AND snapshot_date >= '2099-01-01' ORDER BY snapshot_date`, [scope, subject]));
      const institutionSeries = await trend(`/api/v1/institutions/${inst.id}/score/trend`);
      expect(institutionSeries.map((p: { date: string; methodologyVersion: number }) => [p.date, p.methodologyVersion])).toEqual([[day1, active.version], [day2, v2.version]]);
      expect(institutionSeries).toEqual(await stored('institution', inst.id));
      const nationalSeries = await trend('/api/v1/scores/national/trend');
      expect(nationalSeries.map((p: { date: string; methodologyVersion: number }) => [p.date, p.methodologyVersion])).toEqual([[day1, active.version], [day2, v2.version]]);
      expect(nationalSeries).toEqual(await stored('national', NATIONAL_SUBJECT));
      // `to` bounds the series too
      expect((await t.http().get(`/api/v1/procedures/${ids.A}/score/trend`).query({ from: day1, to: day1 }).set(as(liaison)).expect(200)).body.items)
        .toEqual([{ date: day1, score: 56.94, methodologyVersion: active.version }]);
    } finally {
      await t.http().post(`/api/v1/methodologies/${active.id}/activate`).set(as(analyst)).expect(200);
    }
  });

  it('an edit through the API is reflected in the score within seconds (debounced on-change recompute)', async () => {
    const p = (await t.http().get(`/api/v1/procedures/${ids.A}`).set(as(liaison)).expect(200)).body;
    const before = (await t.http().get(`/api/v1/procedures/${ids.A}/score`).set(as(liaison)).expect(200)).body.score;
    await t.http().patch(`/api/v1/procedures/${ids.A}`).set(as(liaison)).send({ version: p.version, actualMedianDays: 30 }).expect(200);
    const started = Date.now();
    let score = before;
    while (Date.now() - started < 10000 && score === before) {
      await new Promise((r) => setTimeout(r, 200));
      score = (await t.http().get(`/api/v1/procedures/${ids.A}/score`).set(as(liaison)).expect(200)).body.score;
    }
    // time component becomes 30/30 = 1: +10·(1 − 0.6667) = +3.3333 → (54.3581 + 3.3333) / 90 × 100 = 64.10
    expect(score).toBe(64.1);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('publishes each change of a published score once in the public change feed', async () => {
    const feed = async () => {
      const items: Array<{ type: string; institutionCode: string; procedureCode: string; previousScore: string | null; score: string | null }> = [];
      let since: string | undefined;
      for (;;) {
        const page = (await t.http().get(`/api/public/v1/changes?limit=500${since ? `&since=${since}` : ''}`).expect(200)).body;
        items.push(...page.items);
        if (!page.hasMore) return items.filter((i) => i.type === 'score_changed' && i.institutionCode === inst.code && i.procedureCode === 'A');
        since = page.nextCursor;
      }
    };
    const events = await feed();
    // the API edit above moved A from 60.40 to 64.10 (earlier events come from the far-future methodology days)
    expect(events[events.length - 1]).toMatchObject({ previousScore: '60.40', score: '64.10' });
    await scoring.recomputeInstitution(inst.id); // same data, same score: no new event
    expect(await feed()).toHaveLength(events.length);
  });

  it('a burst of edits gives one recompute per institution and one national recompute after them', async () => {
    const queue = t.queue(QueueName.Scoring);
    const elsewhere = await createProcedure(t.dataSource, other.id);
    const started = Date.now();
    const edits = async () => {
      let version = (await t.http().get(`/api/v1/procedures/${ids.B}`).set(as(liaison)).expect(200)).body.version;
      for (let n = 1; n <= 4; n++) {
        version = (await t.http().patch(`/api/v1/procedures/${ids.B}`).set(as(liaison)).send({ version, name: `Trámite B (${n})` }).expect(200)).body.version;
      }
    };
    const editElsewhere = async () => {
      const p = (await t.http().get(`/api/v1/procedures/${elsewhere.id}`).set(as(outsider)).expect(200)).body;
      await t.http().patch(`/api/v1/procedures/${elsewhere.id}`).set(as(outsider)).send({ version: p.version, name: 'Otro trámite' }).expect(200);
    };
    await Promise.all([edits(), editElsewhere()]);

    const since = async (states: Array<'completed' | 'active' | 'waiting' | 'delayed' | 'failed' | 'prioritized'>) =>
      (await queue.getJobs(states)).filter((j: Job) => j.timestamp >= started);
    let national: Job[] = [];
    for (let waited = 0; waited < 20000 && !national.length; waited += 200) {
      await new Promise((r) => setTimeout(r, 200));
      national = (await since(['completed'])).filter((j) => j.name === JobName.RecomputeNationalScore);
    }
    const jobs = await since(['completed', 'active', 'waiting', 'delayed', 'failed', 'prioritized']);
    const institutionJobs = jobs.filter((j) => j.name === JobName.RecomputeInstitutionScore);
    expect(institutionJobs.map((j) => j.data.institutionId).sort()).toEqual([inst.id, other.id].sort());
    expect(jobs.filter((j) => j.name === JobName.RecomputeNationalScore)).toHaveLength(1);
    expect(jobs.filter((j) => j.name === JobName.RecomputeAllScores)).toHaveLength(0);
    expect(institutionJobs.every((j) => j.finishedOn && j.returnvalue && !('national' in j.returnvalue))).toBe(true);
    // requested by an institution recompute (while it ran, after its snapshot), not by the edits themselves
    expect(national[0].timestamp).toBeGreaterThanOrEqual(Math.min(...institutionJobs.map((j) => j.processedOn!)));
    expect(national[0].returnvalue).toMatchObject({ institutions: expect.any(Number), score: expect.any(Number) });
  });

  it('keeps tenants apart and publishes national figures', async () => {
    await t.http().get(`/api/v1/institutions/${inst.id}/score`).set(as(outsider)).expect(404);
    await t.http().get(`/api/v1/procedures/${ids.A}/score`).set(as(outsider)).expect(404);
    await t.http().get(`/api/v1/procedures/${ids.A}/score/trend`).set(as(outsider)).expect(404);
    await scoring.recomputeNational();
    const n = (await t.http().get('/api/v1/scores/national').set(as(outsider)).expect(200)).body;
    expect(n.scope).toBe('national');
    expect(n.indicators.procedures.registered).toBeGreaterThanOrEqual(2);
    expect(n.burden.parameters).toMatchObject({ hourValueGtq: 25 });
  });
});
