import type { EntityManager } from 'typeorm';
import type { Job } from 'bullmq';
import { todayInGuatemala } from '../../src/common/time/guatemala-time';
import { JobName } from '../../src/queue/job-names';
import { QueueName } from '../../src/queue/queue-names';
import { PublicCacheVersion } from '../../src/modules/public-api/public-cache-version';
import { NATIONAL_SUBJECT } from '../../src/modules/scoring/entities/score-snapshot.entity';
import { ScoringService } from '../../src/modules/scoring/scoring.service';
import { backfillDays, dailyWindowStart } from '../../src/modules/scoring/history';
import { addMonths } from '../../src/modules/scoring/institution-score';
import {
  asScope,
  auditTrail,
  bearer,
  createInstitution,
  createProcedure,
  createUser,
  tokenFor,
  TestInstitution,
  TestUser,
} from '../helpers/factories';
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
  let scoreBeforeEdit = 0;
  const today = todayInGuatemala();
  /** The fixed day the hand computation is made on (the state of that day is rebuilt from the dated records). */
  const DAY = '2026-11-15';
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
          [
            inst.id,
            code,
            v.description,
            v.legalBasis,
            v.fee,
            v.legal,
            v.actual,
            v.volume,
            v.visits,
            v.level,
            v.target,
            v.formsUrl,
            v.formsFree,
            v.reviewed,
            v.bReq,
            v.bDays,
            v.bVisits,
            v.bFee,
          ],
        );
        ids[code] = row.id;
      };
      // A: level 2 of 4; 4 requirements (3 with legal basis, 1 declared prohibited); 5 of 6 published fields; 30/45 days; reviewed 250 days before DAY
      await insert('A', {
        description: 'Desc',
        legalBasis: 'Ley',
        fee: '100.00',
        legal: 30,
        actual: 45,
        volume: 1000,
        visits: 1,
        level: 2,
        target: 4,
        formsUrl: null,
        formsFree: null,
        reviewed: '2026-03-10',
        bReq: 5,
        bDays: 60,
        bVisits: 3,
        bFee: '150.00',
      });
      // B: level 4 of 4; no requirements registered; free (0.00); unknown times; reviewed 10 days before DAY; volume unknown
      await insert('B', {
        description: 'Desc',
        legalBasis: 'Ley',
        fee: '0.00',
        legal: null,
        actual: null,
        volume: null,
        visits: 0,
        level: 4,
        target: 4,
        formsUrl: 'https://x.gob.gt/f',
        formsFree: true,
        reviewed: '2026-11-05',
        bReq: 0,
        bDays: null,
        bVisits: 0,
        bFee: '0.00',
      });
      // C: level 0; names only, fee and visits unknown; one requirement issued by the institution itself (a prohibited practice)
      await insert('C', {
        description: null,
        legalBasis: null,
        fee: null,
        legal: null,
        actual: null,
        volume: 10,
        visits: null,
        level: 0,
        target: 4,
        formsUrl: null,
        formsFree: null,
        reviewed: DAY,
        bReq: 1,
        bDays: null,
        bVisits: null,
        bFee: null,
      });
      const req = (
        code: string,
        basis: string,
        prohibited: string | null,
        status = 'active',
        to: string | null = null,
        name = 'R',
        issuer = 'applicant',
      ) =>
        em.query(
          `INSERT INTO requirements (institution_id, procedure_id, name, legal_basis_type, prohibited, prohibited_kind, effective_from, effective_to, status, issuer)
                  VALUES ($1,$2,$3,$4,$5,$6,'2021-09-01',$7,$8,$9) RETURNING id`,
          [inst.id, ids[code], name, basis, Boolean(prohibited), prohibited, to, status, issuer],
        );
      await req('A', 'law', null);
      await req('A', 'law', null);
      await req('A', 'government_agreement', null);
      ids.sworn = (await req('A', 'none', 'sworn_declaration', 'active', null, 'Declaración jurada de ingresos'))[0].id;
      await req('A', 'none', null, 'eliminated', '2024-01-01'); // eliminated since the 2022 baseline
      ids.same = (await req('C', 'law', null, 'active', null, 'Constancia de inscripción vigente', 'same_institution'))[0].id;
      // An approved plan (2026-02-01): m1 met on time, m2 met late, m3 overdue, m4 due after DAY
      const [plan] = await em.query(
        `INSERT INTO simplification_plans (institution_id, title, period_start, period_end, status, approved_at) VALUES ($1, 'Plan 2026', '2026-01-01', '2026-12-31', 'approved', '2026-02-01T12:00:00-06:00') RETURNING id`,
        [inst.id],
      );
      for (const [due, completed, status] of [
        ['2026-03-31', '2026-03-20', 'completed'],
        ['2026-06-30', '2026-07-10', 'completed'],
        ['2026-10-31', null, 'pending'],
        ['2026-12-15', null, 'pending'],
      ]) {
        await em.query(
          `INSERT INTO milestones (institution_id, plan_id, kind, target, due_date, completed_on, status) VALUES ($1, $2, 'other', 'Hito', $3, $4, $5)`,
          [inst.id, plan.id, due, completed, status],
        );
      }
      // Quarterly reports: Q1 on time (due 2026-04-10), Q2 late (due 2026-07-10), Q3 missing (due 2026-10-10)
      for (const [quarter, at] of [
        [1, '2026-04-05T10:00:00-06:00'],
        [2, '2026-07-20T10:00:00-06:00'],
      ]) {
        await em.query(
          `INSERT INTO progress_reports (institution_id, year, quarter, content, submitted_at, submitted_by) VALUES ($1, 2026, $2, 'Avance', $3, $4)`,
          [inst.id, quarter, at, liaison.id],
        );
      }
    });
  });
  afterAll(() => t.close());

  it('matches the hand computation to two decimals, on a fixed day rebuilt from the dated records', async () => {
    await scoring.recomputeInstitution(inst.id, DAY);
    const score = async (code: string) =>
      (
        await asScope(t.dataSource, 'tenant', inst.id, (em) =>
          em.query(`SELECT score::float8 AS s FROM score_snapshots WHERE subject_id = $1 AND snapshot_date = $2`, [
            ids[code] ?? inst.id,
            DAY,
          ]),
        )
      )[0].s;
    // A (no ratings → weights ÷ 0.90):
    //   maturity 2/4 = 0.5 → 35·0.5 = 17.5;  legal basis 3/4 → 15·0.75 = 11.25;  prohibited 1 − 0.5 = 0.5 → 15·0.5 = 7.5
    //   publication 5/6 (no free forms) → 10·0.8333 = 8.3333;  time 30/45 → 10·0.6667 = 6.6667;  freshness (365−250)/185 → 5·0.6216 = 3.1081
    //   total 54.3581 / 90 × 100 = 60.40
    expect(await score('A')).toBe(60.4);
    // B has no requirements: legal basis and no-prohibited do not apply (version 1 gave them 30 points: 90.74).
    //   maturity 1 → 35; publication 4/6 (no requirements, no legal time) → 6.6667; time unknown 0.5 → 5; freshness 1 → 5
    //   51.6667 / 60 × 100 = 86.11
    expect(await score('B')).toBe(86.11);
    // C: its one requirement (law) is issued by the institution itself: a prohibited practice the data reveals.
    //   maturity 0; legal basis 1 → 15; prohibited 1 − 0.5 → 7.5; publication 1/6 (unknown fee is not published) → 1.6667;
    //   time unknown → 5; freshness 1 → 5 → 34.1667 / 90 × 100 = 37.96
    expect(await score('C')).toBe(37.96);
    // Institution: procedures (60.40·1000 + 86.11·1 [unknown volume] + 37.96·10) / 1011 = 60.2035 → 60 × 0.602035 = 36.1221
    //   plan execution: due m1, m2, m3, on time m1 → 25 × 1/3 = 8.3333; reporting: Q1–Q3 due, Q1 on time → 15 × 1/3 = 5
    //   36.1221 + 8.3333 + 5 = 49.4554 → 49.46
    expect(await score('inst')).toBe(49.46);
    const i = (await t.http().get(`/api/v1/institutions/${inst.id}/score`).set(as(liaison)).expect(200)).body;
    expect(i).toMatchObject({ date: DAY, status: 'scored', score: 49.46 });
    expect(i.components.map((c: { component: string; value: number; weight: number }) => [c.component, c.value, c.weight])).toEqual([
      ['procedures', 0.602, 60],
      ['planExecution', 0.3333, 25],
      ['reporting', 0.3333, 15],
    ]);
    expect(i.indicators).toMatchObject({
      procedures: { registered: 3, online: 1, unknownFee: 1 },
      requirements: { active: 5, withLegalBasis: 4, prohibitedActive: 2, eliminatedSinceBaseline: 1 },
      levels: { 0: 1, 2: 1, 4: 1 },
      milestones: { metOnTime: 1, metLate: 1, overdue: 1, open: 2 },
      reports: { due: 3, onTime: 1 },
    });
  });

  it('explains each component with its inputs and a Spanish sentence — also why one does not apply', async () => {
    const a = (await t.http().get(`/api/v1/procedures/${ids.A}/score`).set(as(analyst)).expect(200)).body;
    const byName = Object.fromEntries(a.components.map((c: { component: string }) => [c.component, c]));
    expect(byName.legalBasis).toMatchObject({
      value: 0.75,
      applicable: true,
      inputs: { activeRequirements: 4, withLegalBasis: 3 },
      advice: 'Eliminar o fundamentar en ley o acuerdo gubernativo 1 requisito sin base legal (art. 5)',
    });
    expect(byName.noProhibited.advice).toBe('Eliminar 1 requisito prohibido por la ley (arts. 12 y 13)');
    expect(byName.satisfaction).toMatchObject({ weight: 0, applicable: false, value: null });
    const b = (await t.http().get(`/api/v1/procedures/${ids.B}/score`).set(as(analyst)).expect(200)).body;
    expect(b.components[1]).toMatchObject({ component: 'legalBasis', applicable: false, value: null, weight: 0 });
    expect(b.components[1].advice).toMatch(/^No aplica: el trámite no tiene requisitos registrados/);
    expect(b.components.every((c: { advice: string }) => c.advice.length > 0)).toBe(true);
  });

  it('computes the administrative burden at baseline and now, with the parameters beside it; unknown figures invent nothing', async () => {
    // A baseline: 150 + (5·1.5 + 3·3)·25 + 3·60 + 60·15 = 150 + 412.5 + 180 + 900 = 1642.50 per application → ×1000 = 1,642,500
    // A now: 100 + (4·1.5 + 1·3)·25 + 1·60 + 45·15 = 100 + 225 + 60 + 675 = 1060.00 → ×1000 = 1,060,000; savings 582,500 GTQ
    const a = (await t.http().get(`/api/v1/procedures/${ids.A}/score`).set(as(liaison)).expect(200)).body;
    expect(a.burden.baseline).toEqual({
      hoursPerApplication: 16.5,
      costPerApplicationGtq: 1642.5,
      yearlyCostGtq: 1642500,
      yearlyHours: 16500,
    });
    expect(a.burden.current).toEqual({ hoursPerApplication: 9, costPerApplicationGtq: 1060, yearlyCostGtq: 1060000, yearlyHours: 9000 });
    expect(a.burden.savings).toEqual({ yearlyCostGtq: 582500, yearlyHours: 7500 });
    // C: fee, visits and days unknown at baseline and now → left out of both sides and listed; no saving invented
    const c = (await t.http().get(`/api/v1/procedures/${ids.C}/score`).set(as(liaison)).expect(200)).body;
    expect(c.burden).toMatchObject({ unknown: ['feeGtq', 'visits', 'days'], savings: { yearlyCostGtq: 0, yearlyHours: 0 } });
    const i = (await t.http().get(`/api/v1/institutions/${inst.id}/score`).set(as(liaison)).expect(200)).body;
    expect(i.burden).toMatchObject({ savingsGtq: 582500, parameters: { hourValueGtq: 25, visitCostGtq: 60, dailyOpportunityCostGtq: 15 } });
  });

  it('derives a procedure’s burden from its stored inputs with the parameters of the version it was scored with, in the explanation and the public API', async () => {
    const explained = async () => (await t.http().get(`/api/v1/procedures/${ids.A}/score`).set(as(liaison)).expect(200)).body;
    const published = async () => {
      await t.app.get(PublicCacheVersion).bump(); // a fresh public read, not a body kept from before
      return (await t.http().get(`/api/public/v1/procedures/${inst.code}/A`).expect(200)).body.burden;
    };
    const before = await explained();
    expect(before.burden.current).toEqual({
      hoursPerApplication: 9,
      costPerApplicationGtq: 1060,
      yearlyCostGtq: 1060000,
      yearlyHours: 9000,
    });
    expect(await published()).toEqual(before.burden);
    // A version valuing an hour at Q50 becomes active; the stored rows were scored with Q25 and keep explaining themselves so.
    const active = (await t.http().get('/api/v1/methodologies/active').set(as(analyst)).expect(200)).body;
    const dearer = (
      await t
        .http()
        .post('/api/v1/methodologies')
        .set(as(analyst))
        .send({ name: 'Hora a Q50', ...active.parameters, burden: { ...active.parameters.burden, hourValueGtq: 50 } })
        .expect(201)
    ).body;
    try {
      await t.http().post(`/api/v1/methodologies/${dearer.id}/activate`).set(as(analyst)).expect(200);
      const after = await explained();
      expect(after.methodologyVersion).toBe(before.methodologyVersion);
      expect(after.burden).toEqual(before.burden);
      expect(await published()).toEqual(before.burden);
    } finally {
      await t.http().post(`/api/v1/methodologies/${active.id}/activate`).set(as(analyst)).expect(200);
    }
  });

  it('raises findings from the data: a same-institution document is flagged, counts, and only an analyst can dismiss it, with a reason', async () => {
    await scoring.recomputeInstitution(inst.id); // today: findings are kept up to date by today's run
    const list = async (q = '') =>
      (await t.http().get(`/api/v1/findings?institutionId=${inst.id}&pageSize=100${q}`).set(as(analyst)).expect(200)).body.items;
    const found = await list();
    const same = found.find((f: { subjectId: string; kind: string }) => f.subjectId === ids.same && f.kind === 'prohibited_practice');
    expect(same).toMatchObject({
      code: 'same_institution_document',
      source: 'issuer',
      article: 'Decreto 5-2021, art. 13',
      since: '2021-09-01',
      countsInScore: true,
    });
    expect(
      found.find((f: { subjectId: string; kind: string }) => f.subjectId === ids.sworn && f.kind === 'prohibited_practice'),
    ).toMatchObject({ source: 'declared' });
    expect(found.filter((f: { kind: string }) => f.kind === 'no_legal_basis').map((f: { subjectId: string }) => f.subjectId)).toEqual([
      ids.sworn,
    ]);
    // B is validated at level 4 with no online channel and no legal time: the record contradicts the level
    expect(
      found
        .filter((f: { kind: string; subjectId: string }) => f.kind === 'level_inconsistent' && f.subjectId === ids.B)
        .map((f: { code: string }) => f.code)
        .sort(),
    ).toEqual(['level1_fee_and_times', 'level3_online_channel']);
    expect(
      found
        .filter((f: { kind: string }) => f.kind === 'legal_deadline_missed')
        .map((f: { code: string }) => f.code)
        .sort(),
    ).toEqual(['electronic_means', 'electronic_procedures', 'free_forms_and_plan']);
    expect(found.some((f: { kind: string }) => f.kind === 'no_active_liaison')).toBe(false);
    // the institution sees its own findings; another institution does not
    expect((await t.http().get('/api/v1/findings?pageSize=100').set(as(liaison)).expect(200)).body.total).toBe(found.length);
    expect(
      (await t.http().get('/api/v1/findings?pageSize=100').set(as(outsider)).expect(200)).body.items.some(
        (f: { institutionId: string }) => f.institutionId === inst.id,
      ),
    ).toBe(false);
    // the public sees it on the procedure
    const pub = (await t.http().get(`/api/public/v1/procedures/${inst.code}/C`).expect(200)).body;
    expect(pub.requirements.current[0]).toMatchObject({
      prohibited: true,
      prohibitedPractice: { kind: 'same_institution_document', source: 'issuer' },
    });
    expect(pub.findings.map((f: { code: string }) => f.code)).toContain('same_institution_document');
    expect(pub.feeGtq).toBeNull();

    const c0 = (await t.http().get(`/api/v1/procedures/${ids.C}/score`).set(as(liaison)).expect(200)).body.score;
    await t
      .http()
      .post(`/api/v1/findings/${same.id}/dismiss`)
      .set(as(liaison))
      .send({ reason: 'No es una práctica prohibida, lo pide otra oficina' })
      .expect(403);
    await t.http().post(`/api/v1/findings/${same.id}/dismiss`).set(as(analyst)).send({ reason: 'corto' }).expect(400);
    const declared = found.find((f: { subjectId: string; kind: string }) => f.subjectId === ids.sworn && f.kind === 'prohibited_practice');
    await t
      .http()
      .post(`/api/v1/findings/${declared.id}/dismiss`)
      .set(as(analyst))
      .send({ reason: 'La institución lo declaró por error en el formulario' })
      .expect(409);
    const dismissed = (
      await t
        .http()
        .post(`/api/v1/findings/${same.id}/dismiss`)
        .set(as(analyst))
        .send({ reason: 'La constancia la emite el Registro, no la Secretaría: el emisor está mal registrado' })
        .expect(200)
    ).body;
    expect(dismissed).toMatchObject({ status: 'dismissed', countsInScore: false, dismissedBy: analyst.id });
    expect(await auditTrail(t, analyst, same.id)).toEqual(['dismiss']);
    await scoring.recomputeInstitution(inst.id);
    // C without the dismissed detection: no-prohibited back to 1 → (0 + 15 + 15 + 1.6667 + 5 + 5) / 90 → 46.30
    const c1 = (await t.http().get(`/api/v1/procedures/${ids.C}/score`).set(as(liaison)).expect(200)).body.score;
    expect([c0, c1]).toEqual([37.96, 46.3]);
    expect((await list('&status=dismissed')).map((f: { id: string }) => f.id)).toEqual([same.id]);
  });

  it('ranks what would raise the score, with the points and the burden each action saves', async () => {
    const r = (await t.http().get(`/api/v1/institutions/${inst.id}/score/actions`).set(as(liaison)).expect(200)).body;
    expect(r.items.length).toBeGreaterThan(3);
    const points = r.items.map((a: { points: number }) => a.points);
    expect(points).toEqual([...points].sort((x, y) => y - x));
    // A to level 4 without its visit: (3 h × 25 + 60) × 1000 a year; eliminating its sworn declaration: 1.5 h × 25 × 1000
    expect(r.items.find((a: { kind: string; procedureId: string }) => a.kind === 'raise_level' && a.procedureId === ids.A)).toMatchObject({
      burdenSavedGtq: 135000,
      burdenSavedHours: 3000,
      effect: 'gain',
    });
    expect(
      r.items.find(
        (a: { kind: string; requirementId: string }) => a.kind === 'eliminate_prohibited_requirement' && a.requirementId === ids.sworn,
      ),
    ).toMatchObject({ burdenSavedGtq: 37500, burdenSavedHours: 1500, procedureCode: 'A' });
    expect(r.items.find((a: { kind: string }) => a.kind === 'meet_milestone')).toMatchObject({
      dueDate: '2026-12-15',
      effect: 'avoid_loss',
    });
    const onlyB = (await t.http().get(`/api/v1/institutions/${inst.id}/score/actions?procedureId=${ids.B}`).set(as(liaison)).expect(200))
      .body.items;
    expect(onlyB.every((a: { procedureId: string }) => a.procedureId === ids.B)).toBe(true);
    await t.http().get(`/api/v1/institutions/${inst.id}/score/actions`).set(as(outsider)).expect(404);
  });

  it('is idempotent: a re-run on the same day replaces the snapshot with the same numbers', async () => {
    await scoring.recomputeInstitution(inst.id);
    const rows = await asScope(t.dataSource, 'tenant', inst.id, (em) =>
      em.query(
        `SELECT scope, count(*)::int AS n, sum(score)::text AS total FROM score_snapshots WHERE institution_id = $1 AND snapshot_date = $2 GROUP BY scope ORDER BY scope`,
        [inst.id, today],
      ),
    );
    expect(rows.map((r: { scope: string; n: number }) => [r.scope, r.n])).toEqual([
      ['procedure', 3],
      ['institution', 1],
    ]);
    await scoring.recomputeInstitution(inst.id);
    const again = await asScope(t.dataSource, 'tenant', inst.id, (em) =>
      em.query(
        `SELECT scope, count(*)::int AS n, sum(score)::text AS total FROM score_snapshots WHERE institution_id = $1 AND snapshot_date = $2 GROUP BY scope ORDER BY scope`,
        [inst.id, today],
      ),
    );
    expect(again).toEqual(rows);
  });

  it('a crash inside an institution run leaves no half-written snapshot, and the retry completes it', async () => {
    const tomorrow = new Date(Date.parse(`${today}T12:00:00Z`) + 86400_000).toISOString().slice(0, 10);
    await expect(
      scoring.recomputeInstitution(inst.id, tomorrow, {
        beforeCommit: () => {
          throw new Error('worker killed');
        },
      }),
    ).rejects.toThrow('worker killed');
    const count = () =>
      asScope(t.dataSource, 'tenant', inst.id, (em) =>
        em.query(`SELECT count(*)::int AS n FROM score_snapshots WHERE institution_id = $1 AND snapshot_date = $2`, [inst.id, tomorrow]),
      );
    expect((await count())[0].n).toBe(0);
    await scoring.recomputeInstitution(inst.id, tomorrow);
    expect((await count())[0].n).toBe(4);
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
    // At least our second run waited (0 would mean no lock). A debounced recompute queued by this file's earlier
    // writes may be waiting on the same lock at that moment too, so the count can be 2 on a busy machine.
    expect(waiting).toBeGreaterThanOrEqual(1);
  });

  it('a run that waited on the lock reads the state the first one committed: it computes and writes nothing again', async () => {
    // The state is read after the lock is granted (they travel together, in that order). Read before it, the second run
    // would see the state before the first one's write (no digest of inputs here) and compute and write the day again.
    const institutionRow = async () =>
      (
        (await asScope(t.dataSource, 'tenant', inst.id, (em) =>
          em.query(
            `SELECT xmin::text AS xmin, inputs_digest AS digest FROM score_snapshots WHERE subject_id = $1 AND scope = 'institution' AND snapshot_date = $2`,
            [inst.id, today],
          ),
        )) as Array<{ xmin: string; digest: string | null }>
      )[0];
    await asScope(t.dataSource, 'tenant', inst.id, (em) =>
      em.query(`UPDATE score_snapshots SET inputs_digest = NULL WHERE subject_id = $1 AND scope = 'institution' AND snapshot_date = $2`, [
        inst.id,
        today,
      ]),
    );
    // A gate queues on the institution's lock behind the first run, the second run behind the gate: once the first has
    // committed, the gate holds the lock while its row is read, then lets the second run go.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let gateHeld!: () => void;
    const holding = new Promise<void>((r) => (gateHeld = r));
    let gate: Promise<void> | undefined;
    let second: Promise<unknown> | undefined;
    await scoring.recomputeInstitution(inst.id, undefined, {
      beforeCommit: async () => {
        gate = t.dataSource.transaction(async (em) => {
          await em.query(`SELECT pg_advisory_xact_lock(hashtext('score:' || $1))`, [inst.id]);
          gateHeld();
          await released;
        });
        await new Promise((r) => setTimeout(r, 150));
        second = scoring.recomputeInstitution(inst.id);
        await new Promise((r) => setTimeout(r, 150));
      },
    });
    await holding;
    const first = await institutionRow();
    expect(first.digest).toMatch(/^[0-9a-f]{32}$/); // the first run computed and wrote the day
    release();
    await Promise.all([gate, second]);
    expect(await institutionRow()).toEqual(first); // the second run wrote nothing
  });

  it('a national run that waited on the lock reads the state committed meanwhile: it computes and writes nothing again', async () => {
    // The national state travels with the national lock, after it, as an institution's does. A gate holds the lock and
    // restores the digest of the day's national row (forgotten first) while the run waits; read before the lock, the run
    // would see no digest and write the row again.
    await scoring.recomputeNational();
    const nationalRowIn = async (em: EntityManager) =>
      (
        (await em.query(
          `SELECT xmin::text AS xmin, inputs_digest AS digest FROM score_snapshots WHERE subject_id = $1 AND snapshot_date = $2`,
          [NATIONAL_SUBJECT, today],
        )) as Array<{ xmin: string; digest: string | null }>
      )[0];
    const nationalRow = () => asScope(t.dataSource, 'admin', null, nationalRowIn);
    const { digest } = await nationalRow();
    expect(digest).toMatch(/^[0-9a-f]{32}$/);
    const setDigest = (em: EntityManager, value: string | null) =>
      em.query(`UPDATE score_snapshots SET inputs_digest = $3 WHERE subject_id = $1 AND snapshot_date = $2`, [
        NATIONAL_SUBJECT,
        today,
        value,
      ]);
    await asScope(t.dataSource, 'admin', null, (em) => setDigest(em, null));
    let run: Promise<unknown> | undefined;
    const gate = await asScope(t.dataSource, 'admin', null, async (em) => {
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('score:national'))`);
      await setDigest(em, digest);
      run = scoring.recomputeNational();
      await new Promise((r) => setTimeout(r, 150)); // the run is queued on the lock
      return nationalRowIn(em);
    });
    await run;
    expect(gate.digest).toBe(digest);
    expect(await nationalRow()).toEqual(gate); // the row as the gate left it: the run wrote nothing
  });

  it('a new methodology version changes the next snapshot and leaves earlier ones unchanged', async () => {
    const active = (await t.http().get('/api/v1/methodologies/active').set(as(analyst)).expect(200)).body;
    const { procedureWeights, ...rest } = active.parameters;
    const bad = await t
      .http()
      .post('/api/v1/methodologies')
      .set(as(analyst))
      .send({ name: 'Pesos inválidos', ...rest, procedureWeights: { ...procedureWeights, maturity: -35 } })
      .expect(400);
    expect(bad.body.details).toEqual(expect.arrayContaining([{ field: 'procedureWeights.maturity', messages: ['no puede ser negativo'] }]));
    const notHundred = await t
      .http()
      .post('/api/v1/methodologies')
      .set(as(analyst))
      .send({ name: 'No suma 100', ...rest, procedureWeights: { ...procedureWeights, maturity: 40 } })
      .expect(400);
    expect(notHundred.body.message).toContain('deben sumar 100 (suman 105)');
    await t
      .http()
      .post('/api/v1/methodologies')
      .set(as(liaison))
      .send({ name: 'x', ...active.parameters })
      .expect(403);

    // Two far-future days, where procedure A's last review is over a year old (freshness 0 under both versions).
    const day1 = '2099-01-02';
    const day2 = '2099-01-03';
    const v2 = (
      await t
        .http()
        .post('/api/v1/methodologies')
        .set(as(analyst))
        .send({
          name: 'Más peso a la madurez',
          ...rest,
          procedureWeights: { ...procedureWeights, maturity: 45, freshness: 0, publication: 5 },
        })
        .expect(201)
    ).body;
    try {
      await scoring.recomputeInstitution(inst.id, day1); // still v1
      await scoring.recomputeNational(day1);
      await t.http().post(`/api/v1/methodologies/${v2.id}/activate`).set(as(analyst)).expect(200);
      await scoring.recomputeInstitution(inst.id, day2);
      await scoring.recomputeNational(day2);
      const series = await asScope(t.dataSource, 'tenant', inst.id, (em) =>
        em.query(
          `SELECT snapshot_date::text AS day, methodology_version AS v, score::float8 AS score FROM score_snapshots
          WHERE scope = 'procedure' AND subject_id = $1 AND snapshot_date >= '2099-01-01' ORDER BY snapshot_date`,
          [ids.A],
        ),
      );
      // v1, freshness 0: 17.5 + 11.25 + 7.5 + 8.3333 + 6.6667 + 0 = 51.25 / 90 × 100 = 56.94
      // v2: 45·0.5 + 15·0.75 + 15·0.5 + 5·0.8333 + 10·0.6667 + 0 = 22.5 + 11.25 + 7.5 + 4.1667 + 6.6667 = 52.0833 / 90 × 100 = 57.87
      expect(series).toEqual([
        { day: day1, v: active.version, score: 56.94 },
        { day: day2, v: v2.version, score: 57.87 },
      ]);

      // The trend endpoints read the same series back, each point with the methodology version it was computed with.
      const trend = async (url: string) => (await t.http().get(url).query({ from: '2099-01-01' }).set(as(analyst)).expect(200)).body.items;
      expect(await trend(`/api/v1/procedures/${ids.A}/score/trend`)).toEqual([
        { date: day1, score: 56.94, methodologyVersion: active.version },
        { date: day2, score: 57.87, methodologyVersion: v2.version },
      ]);
      const stored = (scope: string, subject: string) =>
        asScope(t.dataSource, 'admin', null, (em) =>
          em.query(
            `SELECT snapshot_date::text AS date, score::float8 AS score, methodology_version AS "methodologyVersion" FROM score_snapshots
          WHERE scope = $1 AND subject_id = $2 AND snapshot_date >= '2099-01-01' ORDER BY snapshot_date`,
            [scope, subject],
          ),
        );
      const institutionSeries = await trend(`/api/v1/institutions/${inst.id}/score/trend`);
      expect(institutionSeries.map((p: { date: string; methodologyVersion: number }) => [p.date, p.methodologyVersion])).toEqual([
        [day1, active.version],
        [day2, v2.version],
      ]);
      expect(institutionSeries).toEqual(await stored('institution', inst.id));
      const nationalSeries = await trend('/api/v1/scores/national/trend');
      expect(nationalSeries.map((p: { date: string; methodologyVersion: number }) => [p.date, p.methodologyVersion])).toEqual([
        [day1, active.version],
        [day2, v2.version],
      ]);
      expect(nationalSeries).toEqual(await stored('national', NATIONAL_SUBJECT));
      // `to` bounds the series too
      expect(
        (await t.http().get(`/api/v1/procedures/${ids.A}/score/trend`).query({ from: day1, to: day1 }).set(as(liaison)).expect(200)).body
          .items,
      ).toEqual([{ date: day1, score: 56.94, methodologyVersion: active.version }]);
    } finally {
      await t.http().post(`/api/v1/methodologies/${active.id}/activate`).set(as(analyst)).expect(200);
    }
  });

  it('an edit through the API is reflected in the score within seconds (debounced on-change recompute)', async () => {
    const p = (await t.http().get(`/api/v1/procedures/${ids.A}`).set(as(liaison)).expect(200)).body;
    const before = (await t.http().get(`/api/v1/procedures/${ids.A}/score`).set(as(liaison)).expect(200)).body.score;
    scoreBeforeEdit = before;
    const edited = (
      await t.http().patch(`/api/v1/procedures/${ids.A}`).set(as(liaison)).send({ version: p.version, actualMedianDays: 30 }).expect(200)
    ).body;
    expect(edited.lastReviewedAt).toBe(today); // editing a procedure is reviewing it
    const started = Date.now();
    let score = before;
    while (Date.now() - started < 10000 && score === before) {
      await new Promise((r) => setTimeout(r, 200));
      score = (await t.http().get(`/api/v1/procedures/${ids.A}/score`).set(as(liaison)).expect(200)).body.score;
    }
    // time component becomes 30/30 = 1 and the edit is a review (freshness 1):
    //   17.5 + 11.25 + 7.5 + 8.3333 + 10 + 5 = 59.5833 / 90 × 100 = 66.20
    expect(score).toBe(66.2);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('publishes each change of a published score once in the public change feed', async () => {
    const feed = async () => {
      const items: Array<{
        type: string;
        institutionCode: string;
        procedureCode: string;
        previousScore: string | null;
        score: string | null;
      }> = [];
      let since: string | undefined;
      for (;;) {
        const page = (
          await t
            .http()
            .get(`/api/public/v1/changes?limit=500${since ? `&since=${since}` : ''}`)
            .expect(200)
        ).body;
        items.push(...page.items);
        if (!page.hasMore)
          return items.filter((i) => i.type === 'score_changed' && i.institutionCode === inst.code && i.procedureCode === 'A');
        since = page.nextCursor;
      }
    };
    const events = await feed();
    // the API edit above moved A from its score of today to 66.20 (earlier events come from the far-future methodology days)
    expect(events[events.length - 1]).toMatchObject({ previousScore: scoreBeforeEdit.toFixed(2), score: '66.20' });
    await scoring.recomputeInstitution(inst.id); // same data, same score: no new event
    expect(await feed()).toHaveLength(events.length);
  });

  it('a burst of edits gives one recompute per institution and one national recompute after them', async () => {
    const queue = t.queue(QueueName.Scoring);
    const elsewhere = await createProcedure(t.dataSource, other.id);
    // Start from a quiet queue: a recompute still pending from an earlier test holds its institution's deduplication id,
    // so the burst would be folded into that older job (which this test does not count).
    for (let waited = 0; waited < 30000; waited += 200) {
      const counts = await queue.getJobCounts('active', 'waiting', 'delayed', 'prioritized');
      if (Object.values(counts).every((n) => n === 0)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const started = Date.now();
    const edits = async () => {
      let version = (await t.http().get(`/api/v1/procedures/${ids.B}`).set(as(liaison)).expect(200)).body.version;
      for (let n = 1; n <= 4; n++) {
        version = (
          await t
            .http()
            .patch(`/api/v1/procedures/${ids.B}`)
            .set(as(liaison))
            .send({ version, name: `Trámite B (${n})` })
            .expect(200)
        ).body.version;
      }
    };
    const editElsewhere = async () => {
      const p = (await t.http().get(`/api/v1/procedures/${elsewhere.id}`).set(as(outsider)).expect(200)).body;
      await t
        .http()
        .patch(`/api/v1/procedures/${elsewhere.id}`)
        .set(as(outsider))
        .send({ version: p.version, name: 'Otro trámite' })
        .expect(200);
    };
    await Promise.all([edits(), editElsewhere()]);

    const since = async (states: Array<'completed' | 'active' | 'waiting' | 'delayed' | 'failed' | 'prioritized'>) =>
      (await queue.getJobs(states)).filter((j: Job) => j.timestamp >= started);
    // until the national run and both institutions' runs have completed (the second institution's debounced run may
    // still be waiting when the first one's national run is done)
    let national: Job[] = [];
    let done: Job[] = [];
    const bothDone = () =>
      new Set(done.filter((j) => j.name === JobName.RecomputeInstitutionScore).map((j) => j.data.institutionId)).size >= 2;
    for (let waited = 0; waited < 20000 && !(national.length && bothDone()); waited += 200) {
      await new Promise((r) => setTimeout(r, 200));
      done = await since(['completed']);
      national = done.filter((j) => j.name === JobName.RecomputeNationalScore);
    }
    const jobs = await since(['completed', 'active', 'waiting', 'delayed', 'failed', 'prioritized']);
    const institutionJobs = jobs.filter((j) => j.name === JobName.RecomputeInstitutionScore);
    // the four edits of one institution: exactly one run; the other institution's single edit: at most one (it may be
    // folded into a run an earlier test left pending under the same deduplication id, which started before this test)
    expect(institutionJobs.filter((j) => j.data.institutionId === inst.id)).toHaveLength(1);
    expect(institutionJobs.filter((j) => j.data.institutionId === other.id).length).toBeLessThanOrEqual(1);
    expect(institutionJobs.every((j) => [inst.id, other.id].includes(j.data.institutionId))).toBe(true);
    expect(jobs.filter((j) => j.name === JobName.RecomputeNationalScore)).toHaveLength(1);
    expect(jobs.filter((j) => j.name === JobName.RecomputeAllScores)).toHaveLength(0);
    expect(institutionJobs.every((j) => j.finishedOn && j.returnvalue && !('national' in j.returnvalue))).toBe(true);
    // requested by an institution recompute (while it ran, after its snapshot), not by the edits themselves
    expect(national[0].timestamp).toBeGreaterThanOrEqual(Math.min(...institutionJobs.map((j) => j.processedOn!)));
    expect(national[0].returnvalue).toMatchObject({ institutions: expect.any(Number), score: expect.any(Number) });
  }, 90_000);

  it('keeps tenants apart and publishes national figures with components and filters; an institution without inventory is listed apart', async () => {
    await t.http().get(`/api/v1/institutions/${inst.id}/score`).set(as(outsider)).expect(404);
    await t.http().get(`/api/v1/procedures/${ids.A}/score`).set(as(outsider)).expect(404);
    await t.http().get(`/api/v1/procedures/${ids.A}/score/trend`).set(as(outsider)).expect(404);
    const empty = await asScope(
      t.dataSource,
      'admin',
      null,
      async (em) =>
        (
          await em.query(
            `INSERT INTO institutions (code, name, type, coverage, sector, opted_in_at, adhesion_act) VALUES ($1, 'Municipalidad sin inventario', 'municipality', 'opted_in', 'Municipal', '2026-03-01', 'Acta 1-2026') RETURNING id, code`,
            [`E${Date.now() % 100000}`],
          )
        )[0],
    );
    await scoring.recomputeInstitution(empty.id);
    await scoring.recomputeInstitution(inst.id);
    await scoring.recomputeNational();
    const emptyScore = (await t.http().get(`/api/v1/institutions/${empty.id}/score`).set(as(analyst)).expect(200)).body;
    expect(emptyScore).toMatchObject({ status: 'no_inventory', score: null });
    const n = (await t.http().get('/api/v1/scores/national').set(as(outsider)).expect(200)).body;
    expect(n.indicators.procedures.registered).toBeGreaterThanOrEqual(3);
    expect(n.burden.parameters).toMatchObject({ hourValueGtq: 25 });
    expect(n.components.map((c: { component: string; weight: number }) => [c.component, c.weight])).toEqual([
      ['procedures', 60],
      ['planExecution', 25],
      ['reporting', 15],
    ]);
    expect(n.withoutInventory.map((i: { code: string }) => i.code)).toContain(empty.code);
    expect(n.ranking.map((i: { code: string }) => i.code)).toContain(inst.code);
    expect(n.ranking.some((i: { code: string }) => i.code === empty.code)).toBe(false);
    // the mean leaves institutions without inventory out
    const scores = n.ranking.map((i: { score: number }) => i.score);
    expect(n.score).toBeCloseTo(scores.reduce((a: number, b: number) => a + b, 0) / scores.length, 1);
    expect(n.institutions).toMatchObject({ scored: scores.length, withoutInventory: n.withoutInventory.length });
    // filters: opted-in municipalities only → just the institution without inventory: no mean at all
    const opted = (
      await t.http().get('/api/v1/scores/national?coverage=opted_in&type=municipality&sector=municipal').set(as(analyst)).expect(200)
    ).body;
    expect(opted).toMatchObject({ filters: { coverage: 'opted_in', type: 'municipality', sector: 'municipal' }, score: null });
    expect(opted.withoutInventory.map((i: { code: string }) => i.code)).toContain(empty.code);
    await t.http().get('/api/v1/scores/national?coverage=todas').set(as(analyst)).expect(400);
    // the public API serves the same read model
    const pub = (await t.http().get('/api/public/v1/indicators?coverage=opted_in&type=municipality').expect(200)).body;
    expect(pub.figures.withoutInventory.map((i: { code: string }) => i.code)).toContain(empty.code);
    const pubInst = (await t.http().get(`/api/public/v1/institutions/${empty.code}`).expect(200)).body;
    expect(pubInst).toMatchObject({ scoreStatus: 'no_inventory', currentScore: null });
  });

  it('computes any past day, and a backfill fills the missing days of a 12-month trend (retention: daily 90 days, then monthly)', async () => {
    const first = await scoring.backfill(12);
    const expected = backfillDays(today, 12);
    expect(first.days).toBe(expected.length);
    const trend = (await t.http().get(`/api/v1/institutions/${inst.id}/score/trend`).query({ to: today }).set(as(liaison)).expect(200)).body
      .items;
    const dates = trend.map((p: { date: string }) => p.date);
    expect(dates[0] <= addMonths(today, -11)).toBe(true);
    for (const d of expected) expect(dates).toContain(d);
    // a real trend: before the plan was approved (2026-02-01) plan execution was 0, before the first report was due reporting did not apply
    const byDate = Object.fromEntries(trend.map((p: { date: string; score: number }) => [p.date, p.score]));
    expect(new Set(trend.map((p: { score: number }) => p.score)).size).toBeGreaterThan(3);
    expect(byDate[DAY]).toBe(49.46); // the day computed first is kept as it was
    const national = (
      await t
        .http()
        .get('/api/v1/scores/national/trend')
        .query({ from: expected[0], to: expected[expected.length - 1] })
        .set(as(analyst))
        .expect(200)
    ).body.items;
    expect(national.map((p: { date: string }) => p.date)).toEqual(expected);
    // a second backfill finds nothing missing
    expect((await scoring.backfill(12)).snapshots).toBe(0);
    // retention keeps exactly what the backfill wrote; an extra daily snapshot older than 90 days goes, its month's last stays
    const extra = expected.find((d) => d < dailyWindowStart(today))!.slice(0, 8) + '10';
    await scoring.recomputeInstitution(inst.id, extra);
    const count = async (day: string) =>
      (
        await asScope(t.dataSource, 'tenant', inst.id, (em) =>
          em.query(`SELECT count(*)::int AS n FROM score_snapshots WHERE subject_id = $1 AND snapshot_date = $2`, [inst.id, day]),
        )
      )[0].n;
    expect(await count(extra)).toBe(1);
    await scoring.pruneSnapshots();
    expect(await count(extra)).toBe(0);
    for (const d of expected.slice(0, 3)) expect(await count(d)).toBe(1);
  }, 180_000); // every institution of the test database, 99 days
});
