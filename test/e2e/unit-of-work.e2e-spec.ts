import { Access } from '../../src/common/auth/access';
import { systemActor } from '../../src/common/auth/actor';
import { Database, sqlLiteral } from '../../src/database/database.service';
import { asScope, createInstitution, createProcedure, TestInstitution } from '../helpers/factories';
import { createTestApp, TestApp } from '../helpers/test-app';

/**
 * Database.run over a pipelining connection: the access settings are sent without waiting, ahead of the work's first
 * statement, and statements issued together share a round trip. Order and isolation must be exactly as if each were
 * awaited in turn.
 */
describe('Unit of work: settings and statements pipelined on one connection', () => {
  let t: TestApp;
  let db: Database;
  let a: TestInstitution;
  let b: TestInstitution;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(Database);
    a = await createInstitution(t.dataSource, 'Secretaría de las Tuberías');
    b = await createInstitution(t.dataSource, 'Secretaría de los Caños');
    await createProcedure(t.dataSource, a.id);
    await createProcedure(t.dataSource, b.id);
  }, 120_000);

  afterAll(() => t?.close());

  it("the work's very first statement already runs under the access settings", async () => {
    for (const inst of [a, b]) {
      const [row] = (await db.run(Access.institution(systemActor(), inst.id, 'prueba'), ({ em }) =>
        em.query(`SELECT current_setting('app.institution_id', true) AS institution, current_setting('app.scope', true) AS scope`),
      )) as Array<{ institution: string; scope: string }>;
      expect(row).toEqual({ institution: inst.id, scope: 'tenant' });
    }
  });

  it('statements issued together each get their own answer, in order, under row-level security', async () => {
    const [own, count, setting] = await db.run(Access.institution(systemActor(), a.id, 'prueba'), ({ em }) =>
      Promise.all([
        em.query(`SELECT DISTINCT institution_id AS id FROM procedures`) as Promise<Array<{ id: string }>>,
        em.query(`SELECT count(*)::int AS n FROM procedures WHERE institution_id = $1`, [b.id]) as Promise<Array<{ n: number }>>,
        em.query(`SELECT current_setting('app.institution_id', true) AS id`) as Promise<Array<{ id: string }>>,
      ]),
    );
    expect(own).toEqual([{ id: a.id }]);
    expect(count).toEqual([{ n: 0 }]); // the other institution's rows stay invisible
    expect(setting).toEqual([{ id: a.id }]);
  });

  it('a failing statement among pipelined ones rolls the whole unit of work back and reports its own error', async () => {
    const before = await asScope(t.dataSource, 'tenant', a.id, (em) => em.query(`SELECT count(*)::int AS n FROM procedures`));
    await expect(
      db.run(Access.institution(systemActor(), a.id, 'prueba'), ({ em }) =>
        Promise.all([
          em.query(`UPDATE procedures SET name = 'Cambiado en una transacción fallida' WHERE institution_id = $1`, [a.id]),
          em.query(`SELECT 1 / 0`),
          em.query(`SELECT 1`),
        ]),
      ),
    ).rejects.toThrow(/division by zero/);
    const names = await asScope(t.dataSource, 'tenant', a.id, (em) =>
      em.query(`SELECT count(*)::int AS n FROM procedures WHERE name = 'Cambiado en una transacción fallida'`),
    );
    expect(names).toEqual([{ n: 0 }]);
    expect(await asScope(t.dataSource, 'tenant', a.id, (em) => em.query(`SELECT count(*)::int AS n FROM procedures`))).toEqual(before);
    // the connection went back to the pool usable: the next unit of work on it works
    const [row] = (await db.run(Access.institution(systemActor(), a.id, 'prueba'), ({ em }) => em.query(`SELECT 2 AS two`))) as Array<{
      two: number;
    }>;
    expect(row.two).toBe(2);
  });

  it('two units of work that deadlock both complete: the one PostgreSQL aborts runs again, its first attempt undone', async () => {
    // Each takes one advisory lock, waits until the other holds its own, then asks for the other's: a deadlock, which
    // PostgreSQL breaks by aborting one of them (after deadlock_timeout, a second by default).
    const base = 0x5eed0000 + Math.floor(Math.random() * 100_000) * 2;
    const signal = () => {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      return { promise, resolve };
    };
    const holds = { a: signal(), b: signal() };
    const attempts = { a: 0, b: 0 };
    const unit = (name: 'a' | 'b', inst: TestInstitution, mine: number, theirs: number, other: 'a' | 'b') =>
      db.run(Access.institution(systemActor(), inst.id, 'prueba'), async ({ em }) => {
        attempts[name]++;
        await em.query(`SELECT pg_advisory_xact_lock($1)`, [mine]);
        // a write in every attempt: only the attempt that commits may leave it
        await em.query(`UPDATE procedures SET name = name || $2 WHERE institution_id = $1`, [inst.id, ` ·${name}`]);
        holds[name].resolve();
        await holds[other].promise;
        await em.query(`SELECT pg_advisory_xact_lock($1)`, [theirs]);
        return name;
      });
    const done = await Promise.all([unit('a', a, base, base + 1, 'b'), unit('b', b, base + 1, base, 'a')]);
    expect(done).toEqual(['a', 'b']);
    expect(attempts.a + attempts.b).toBe(3); // one of them ran twice
    for (const [inst, mark] of [
      [a, '·a'],
      [b, '·b'],
    ] as const) {
      const rows = (await asScope(t.dataSource, 'tenant', inst.id, (em) =>
        em.query(`SELECT name FROM procedures WHERE institution_id = $1`, [inst.id]),
      )) as Array<{ name: string }>;
      // written once: the aborted attempt left nothing
      for (const r of rows) expect(r.name.split(' ').filter((w) => w === mark)).toHaveLength(1);
      await asScope(t.dataSource, 'tenant', inst.id, (em) =>
        em.query(`UPDATE procedures SET name = replace(name, $2, '') WHERE institution_id = $1`, [inst.id, ` ${mark}`]),
      );
    }
  }, 30_000);

  it('a one-trip write that PostgreSQL aborts for a deadlock runs again', async () => {
    // A unit of work holds one advisory lock; the one-trip write takes the other and waits for the first; the unit of
    // work then asks for the second. The write waited first, so its deadlock check fires first: it is the one aborted.
    const mine = 0x5eee0000 + Math.floor(Math.random() * 100_000) * 2;
    const other = mine + 1;
    let held!: () => void;
    const holding = new Promise<void>((r) => (held = r));
    const unit = db.run(Access.institution(systemActor(), a.id, 'prueba'), async ({ em }) => {
      await em.query(`SELECT pg_advisory_xact_lock($1)`, [mine]);
      held();
      await em.query(`SELECT pg_sleep(0.2)`);
      await em.query(`SELECT pg_advisory_xact_lock($1)`, [other]);
      return 'unidad';
    });
    await holding;
    const marker = `Escrito en un viaje ${mine}`;
    const trip = db.writeInOneTrip(
      Access.institution(systemActor(), b.id, 'prueba'),
      `SELECT pg_advisory_xact_lock(${other}); UPDATE procedures SET name = name || ' ' || ${sqlLiteral(marker)} WHERE institution_id = ${sqlLiteral(b.id)};
       SELECT pg_advisory_xact_lock(${mine})`,
    );
    await expect(Promise.all([unit, trip])).resolves.toEqual(['unidad', undefined]);
    // written once: the aborted attempt's update was rolled back with it
    const rows = (await asScope(t.dataSource, 'tenant', b.id, (em) =>
      em.query(`SELECT name FROM procedures WHERE institution_id = $1`, [b.id]),
    )) as Array<{ name: string }>;
    for (const r of rows) expect(r.name.split(marker)).toHaveLength(2);
    await asScope(t.dataSource, 'tenant', b.id, (em) =>
      em.query(`UPDATE procedures SET name = replace(name, $2, '') WHERE institution_id = $1`, [b.id, ` ${marker}`]),
    );
  }, 30_000);

  it('any other failure is not run again', async () => {
    let attempts = 0;
    await expect(
      db.run(Access.institution(systemActor(), a.id, 'prueba'), async ({ em }) => {
        attempts++;
        await em.query(`SELECT 1 / 0`);
      }),
    ).rejects.toThrow(/division by zero/);
    expect(attempts).toBe(1);
  });
});
