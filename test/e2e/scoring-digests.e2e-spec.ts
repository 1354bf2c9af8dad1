import { todayInGuatemala } from '../../src/common/time/guatemala-time';
import { PublicCacheVersion } from '../../src/modules/public-api/public-cache-version';
import { PinoLogger } from 'nestjs-pino';
import { Database } from '../../src/database/database.service';
import { ScoringService } from '../../src/modules/scoring/scoring.service';
import { institutionRunState } from '../../src/modules/scoring/scoring.sql';
import { PackedProcedureComponents, unpackProcedureComponents } from '../../src/modules/scoring/procedure-snapshot';
import { asScope, createInstitution, createProcedure, createRequirement, TestInstitution, TestProcedure } from '../helpers/factories';
import { withOwner } from '../helpers/migrations';
import { createTestApp, TestApp } from '../helpers/test-app';

/**
 * A recompute skips what did not move (issue 17): the institution snapshot records digests of its procedures' rows and of
 * the findings detected with a stamp of the findings table. These tests pin that the skip never hides a change: a second
 * run with nothing changed writes no procedure row, but a procedure edited, or a finding changed by anyone else between
 * runs, is written and brought back in line as without the digests.
 */
describe('Scoring run digests: unchanged results are skipped, changes never', () => {
  let t: TestApp;
  let inst: TestInstitution;
  let scoring: ScoringService;
  let procedure: TestProcedure;
  const today = todayInGuatemala();

  // With a procedure row's inputs as the readers unpack them (stored packed: procedure-snapshot.ts).
  const snapshots = async () =>
    (
      (await asScope(t.dataSource, 'tenant', inst.id, (em) =>
        em.query(
          `SELECT subject_id AS id, score::text AS score, computed_at AS "computedAt", components,
                  findings_digest AS "findingsDigest", scope
             FROM score_snapshots WHERE institution_id = $1 AND snapshot_date = $2 ORDER BY scope, subject_id`,
          [inst.id, today],
        ),
      )) as Array<{ id: string; score: string; computedAt: Date; components: unknown; findingsDigest: string | null; scope: string }>
    ).map((r) => ({
      ...r,
      inputs: r.scope === 'procedure' ? unpackProcedureComponents(r.components as PackedProcedureComponents).inputs : null,
    }));
  const findings = () =>
    asScope(t.dataSource, 'tenant', inst.id, (em) =>
      em.query(`SELECT id, kind, code, status, version, message FROM findings WHERE institution_id = $1 ORDER BY kind, code, subject_id`, [
        inst.id,
      ]),
    ) as Promise<Array<{ id: string; kind: string; code: string; status: string; version: number; message: string }>>;

  const inputsDigest = async () =>
    (
      (await asScope(t.dataSource, 'tenant', inst.id, (em) =>
        em.query(`SELECT inputs_digest FROM score_snapshots WHERE subject_id = $1 AND scope = 'institution' AND snapshot_date = $2`, [
          inst.id,
          today,
        ]),
      )) as Array<{ inputs_digest: string | null }>
    )[0]?.inputs_digest;

  beforeAll(async () => {
    t = await createTestApp({ worker: true });
    scoring = t.app.get(ScoringService);
    inst = await createInstitution(t.dataSource, 'Secretaría de los Resúmenes');
    procedure = await createProcedure(t.dataSource, inst.id, { legalMaxDays: 20, actualMedianDays: 40 });
    const other = await createProcedure(t.dataSource, inst.id);
    await createRequirement(t.dataSource, procedure, { name: 'Declaración jurada de domicilio', legalBasisType: 'none' });
    await createRequirement(t.dataSource, other, { legalBasisType: 'other_rule' });
  }, 120_000);

  afterAll(() => t?.close());

  it('a second run with nothing changed rewrites no procedure snapshot and leaves the findings untouched', async () => {
    await scoring.recomputeInstitution(inst.id);
    const first = await snapshots();
    const firstFindings = await findings();
    expect(first.filter((s) => s.scope === 'procedure')).toHaveLength(2);
    const institution = first.find((s) => s.scope === 'institution')!;
    expect(institution.findingsDigest).toMatch(/^[0-9a-f]{32}:\d+$/);
    expect(firstFindings.length).toBeGreaterThan(0);

    await scoring.recomputeInstitution(inst.id);
    const second = await snapshots();
    for (const s of second.filter((x) => x.scope === 'procedure')) {
      expect(s.computedAt).toEqual(first.find((f) => f.id === s.id)!.computedAt);
    }
    expect(await findings()).toEqual(firstFindings);
  });

  it('a run whose inputs did not move (same day, same rows, same methodology) writes nothing at all', async () => {
    await scoring.recomputeInstitution(inst.id);
    const first = await snapshots();
    const institution = first.find((s) => s.scope === 'institution')!;
    expect(await inputsDigest()).toMatch(/^[0-9a-f]{32}$/);
    await scoring.recomputeNational();
    const version = await t.app.get(PublicCacheVersion).current();
    const again = await scoring.recomputeInstitution(inst.id);
    expect(again).toEqual({ procedures: 2, score: Number(institution.score) });
    expect(await snapshots()).toEqual(first); // the institution snapshot too: its computed_at stays
    // Nothing public moved: the public data version, and so every replica's cache of public answers, stays.
    await scoring.recomputeNational();
    expect((await t.app.get(PublicCacheVersion).current()).version).toBe(version.version);
  });

  it('a requirement added between runs moves the digest of inputs: the run recomputes', async () => {
    const digest = await inputsDigest();
    const before = (await snapshots()).find((s) => s.id === procedure.id)!;
    await createRequirement(t.dataSource, procedure, { name: 'Fotocopia de cédula', legalBasisType: 'law' });
    await scoring.recomputeInstitution(inst.id);
    const after = (await snapshots()).find((s) => s.id === procedure.id)!;
    expect(after.inputs!.activeRequirements).toBe(before.inputs!.activeRequirements + 1);
    expect(await inputsDigest()).not.toBe(digest);
  });

  it('every statement that writes the inventory moves its revision, whoever writes; one that changes no row does not', async () => {
    const revision = async () =>
      (
        (await asScope(t.dataSource, 'tenant', inst.id, (em) =>
          em.query(`SELECT revision::int AS n FROM inventory_revisions WHERE institution_id = $1`, [inst.id]),
        )) as Array<{ n: number }>
      )[0].n;
    const inTenant = (sql: string) => asScope(t.dataSource, 'tenant', inst.id, (em) => em.query(sql, [inst.id]));
    const start = await revision();
    await inTenant(`UPDATE requirements SET name = name WHERE institution_id = $1 AND false`);
    expect(await revision()).toBe(start);
    const digest = await inputsDigest();
    // A requirement deleted by hand, by the schema owner (the runtime role deletes none): the run must not keep the
    // day's figures.
    await withOwner((owner) =>
      owner.transaction(async (em) => {
        await em.query(`SELECT set_config('app.institution_id', $1, true)`, [inst.id]);
        await em.query(
          `DELETE FROM requirements WHERE id = (SELECT id FROM requirements WHERE institution_id = $1 ORDER BY created_at DESC LIMIT 1)`,
          [inst.id],
        );
      }),
    );
    expect(await revision()).toBe(start + 1);
    const before = (await snapshots()).find((s) => s.id === procedure.id)!;
    await scoring.recomputeInstitution(inst.id);
    expect(await inputsDigest()).not.toBe(digest);
    expect((await snapshots()).find((s) => s.id === procedure.id)!.inputs!.activeRequirements).toBe(before.inputs!.activeRequirements - 1);
    // A procedure's statement moves it too (the same revision stands for both tables).
    await inTenant(`UPDATE procedures SET annual_volume = annual_volume WHERE institution_id = $1`);
    expect(await revision()).toBe(start + 2);
  });

  it('a procedure edited between runs is rescored and its row of the day updated; the other row is left as it was', async () => {
    const all = await snapshots();
    const before = all.find((s) => s.id === procedure.id)!;
    const untouched = all.find((s) => s.scope === 'procedure' && s.id !== procedure.id)!;
    await asScope(t.dataSource, 'tenant', inst.id, (em) =>
      em.query(`UPDATE procedures SET actual_median_days = 10 WHERE id = $1`, [procedure.id]),
    );
    await scoring.recomputeInstitution(inst.id);
    const rows = await snapshots();
    const after = rows.find((s) => s.id === procedure.id)!;
    expect(after.inputs!.actualMedianDays).toBe(10);
    expect(after.score).not.toBe(before.score);
    expect(after.computedAt.getTime()).toBeGreaterThan(before.computedAt.getTime());
    // one row per procedure and day: the edited one updated in place (not inserted again), the other not rewritten
    expect(rows.filter((s) => s.scope === 'procedure').map((s) => s.id)).toEqual(
      all.filter((s) => s.scope === 'procedure').map((s) => s.id),
    );
    expect(rows.find((s) => s.id === untouched.id)).toEqual(untouched);
  });

  it('a worker just started takes the requirement figures a run stored with the same inputs, and counts again when they move', async () => {
    const stored = async () =>
      (
        (await asScope(t.dataSource, 'tenant', inst.id, (em) =>
          em.query(`SELECT inputs_stamp AS stamp, counted_at AS "countedAt", figures FROM requirement_figures WHERE institution_id = $1`, [
            inst.id,
          ]),
        )) as Array<{ stamp: string; countedAt: Date; figures: { counts: { procedureId: string[] }; reached: number } }>
      )[0];
    // Today's digest forgotten: the next run computes the day in full.
    const forget = () =>
      asScope(t.dataSource, 'tenant', inst.id, (em) =>
        em.query(`UPDATE score_snapshots SET inputs_digest = NULL WHERE subject_id = $1 AND scope = 'institution' AND snapshot_date = $2`, [
          inst.id,
          today,
        ]),
      );
    // A worker just started: a scoring service of its own, nothing kept in memory.
    const started = async () => new ScoringService(t.app.get(Database), await t.app.resolve(PinoLogger));
    // None stored yet (the runtime role may not delete them: the schema owner, in the institution's scope).
    await withOwner((owner) =>
      owner.transaction(async (em) => {
        await em.query(`SELECT set_config('app.institution_id', $1, true)`, [inst.id]);
        await em.query(`DELETE FROM requirement_figures WHERE institution_id = $1`, [inst.id]);
      }),
    );

    await forget();
    await (await started()).recomputeInstitution(inst.id);
    const first = await stored();
    expect([...first.figures.counts.procedureId].sort()).toEqual(
      [procedure.id, ...(await snapshots()).filter((x) => x.scope === 'procedure' && x.id !== procedure.id).map((x) => x.id)].sort(),
    );
    const rows = await snapshots();

    // Another worker just started, same inputs: it takes the stored figures (not counted again: the row stays as it
    // was) and computes the same day.
    await forget();
    await (await started()).recomputeInstitution(inst.id);
    expect(await stored()).toEqual(first);
    const again = await snapshots();
    expect(again.map(({ computedAt: _at, ...x }) => x)).toEqual(rows.map(({ computedAt: _at, ...x }) => x));

    // A requirement added: another stamp, so the stored figures do not serve; counted again and stored with it.
    await createRequirement(t.dataSource, procedure, { name: 'Constancia de residencia', legalBasisType: 'law' });
    await (await started()).recomputeInstitution(inst.id);
    const moved = await stored();
    expect(moved.stamp).not.toBe(first.stamp);
    expect(moved.figures.reached).toBe(first.figures.reached + 1);
    expect(moved.countedAt.getTime()).toBeGreaterThan(first.countedAt.getTime());

    // The state sends the stored figures only to a worker that keeps none with the current stamp: a warm worker's run
    // receives nothing more (20 KB an institution, 500 institutions a national round).
    const stateFor = (keptStamp: string | null) =>
      asScope(t.dataSource, 'tenant', inst.id, (em) => institutionRunState(em, inst.id, today, true, keptStamp));
    const cold = await stateFor(null);
    expect(cold.inputsStamp).toBe(moved.stamp);
    expect(cold.storedFigures).toEqual(moved.figures);
    expect((await stateFor('un sello anterior')).storedFigures).toEqual(moved.figures);
    expect((await stateFor(moved.stamp)).storedFigures).toBeNull();
  });

  it('the national figures stand while no institution snapshot moved, and follow one that did', async () => {
    const national = async () =>
      (
        (await asScope(t.dataSource, 'read_all', null, (em) =>
          em.query(
            `SELECT score::text AS score, computed_at AS "computedAt", inputs_digest AS "inputsDigest", components
               FROM score_snapshots WHERE scope = 'national' AND snapshot_date = $1`,
            [today],
          ),
        )) as Array<{ score: string; computedAt: Date; inputsDigest: string | null; components: { institutions: number } }>
      )[0];
    const first = await scoring.recomputeNational();
    const written = await national();
    expect(written.inputsDigest).toMatch(/^[0-9a-f]{32}$/);
    expect(first).toEqual({ score: Number(written.score), institutions: written.components.institutions });
    expect(await scoring.recomputeNational()).toEqual(first);
    expect(await national()).toEqual(written); // not rewritten

    await asScope(t.dataSource, 'tenant', inst.id, (em) =>
      em.query(`UPDATE procedures SET current_level = 0 WHERE id = $1`, [procedure.id]),
    );
    await scoring.recomputeInstitution(inst.id);
    await scoring.recomputeNational();
    const after = await national();
    expect(after.inputsDigest).not.toBe(written.inputsDigest);
    expect(after.computedAt.getTime()).toBeGreaterThan(written.computedAt.getTime());
  });

  it('a finding changed by another writer between runs is brought back in line (the stamp moves)', async () => {
    const [open] = (await findings()).filter((f) => f.status === 'open');
    // Another writer resolves it (every writer of findings bumps its version, as TypeORM's version column does).
    await asScope(t.dataSource, 'tenant', inst.id, (em) =>
      em.query(`UPDATE findings SET status = 'resolved', resolved_on = CURRENT_DATE, version = version + 1 WHERE id = $1`, [open.id]),
    );
    await scoring.recomputeInstitution(inst.id);
    const again = (await findings()).find((f) => f.id === open.id)!;
    expect(again.status).toBe('open');
  });

  it('a transaction that bumped the revision and then updates a finding never deadlocks with one writing that finding', async () => {
    const all = await findings();
    const x = all.find((f) => f.status === 'open')!;
    const y = all.find((f) => f.id !== x.id)!;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let bumped!: () => void;
    const first = new Promise<void>((r) => (bumped = r));
    // As the run's synchronisation: a first statement on its findings (the revision bumped and locked), then x.
    const run = asScope(t.dataSource, 'tenant', inst.id, async (em) => {
      await em.query(`UPDATE findings SET updated_at = now() WHERE id = $1`, [y.id]);
      bumped();
      await gate;
      await em.query(`UPDATE findings SET message = message || ' (actualizado)' WHERE id = $1`, [x.id]);
    });
    await first;
    // As an analyst's write of x meanwhile: it waits for the revision before it locks x (with the lock the other way
    // round, each would wait for the other: a deadlock, and PostgreSQL would abort one of them).
    const analyst = asScope(t.dataSource, 'tenant', inst.id, (em) =>
      em.query(`UPDATE findings SET status = 'dismissed', version = version + 1 WHERE id = $1`, [x.id]),
    );
    const waiting = async () =>
      (
        (await t.dataSource.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`,
        )) as Array<{ n: number }>
      )[0].n;
    for (let i = 0; i < 100 && (await waiting()) === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await waiting()).toBe(1);
    release();
    await Promise.all([run, analyst]);
    const after = (await findings()).find((f) => f.id === x.id)!;
    expect(after.status).toBe('dismissed');
    expect(after.message).toBe(`${x.message} (actualizado)`);
    // back as it was for the tests below
    await asScope(t.dataSource, 'tenant', inst.id, (em) =>
      em.query(`UPDATE findings SET status = 'open', message = $2, version = version + 1 WHERE id = $1`, [x.id, x.message]),
    );
  });

  it('any statement that writes findings moves the stamp, even one that keeps their versions (triggers, not sums)', async () => {
    const revision = () =>
      asScope(t.dataSource, 'tenant', inst.id, (em) =>
        em.query(`SELECT revision::int AS n FROM findings_revisions WHERE institution_id = $1`, [inst.id]),
      ) as Promise<Array<{ n: number }>>;
    const [open] = (await findings()).filter((f) => f.status === 'open');
    const [before] = await revision();
    await asScope(t.dataSource, 'tenant', inst.id, (em) =>
      em.query(`UPDATE findings SET message = 'Texto cambiado a mano' WHERE id = $1`, [open.id]),
    );
    expect((await revision())[0].n).toBe(before.n + 1);
    await scoring.recomputeInstitution(inst.id);
    expect((await findings()).find((f) => f.id === open.id)!.message).toBe(open.message);
    // a statement that writes no finding does not move it
    const [synced] = await revision();
    await asScope(t.dataSource, 'tenant', inst.id, (em) => em.query(`UPDATE findings SET message = 'x' WHERE false`));
    expect(await revision()).toEqual([synced]);
  });
});
