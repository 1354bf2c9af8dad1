import { bearer, createTwoTenants, tokenFor, TestUser, TwoTenants } from './factories';
import { createTestApp, TestApp } from './test-app';

/** What most suites start from: the real app and the usual cast of two institutions (see createTwoTenants). */
export interface World extends TwoTenants {
  t: TestApp;
  /** Authorization headers with a fresh access token of the user. */
  as: (user: TestUser) => { Authorization: string };
}

export interface WorldOptions {
  /** Options of createTestApp (worker, environment). */
  app?: Parameters<typeof createTestApp>[0];
  /** Added to the institutions' names (Ministerio A <label>), to tell suites apart in logs. */
  label?: string;
}

/**
 * The shared set-up of a suite, instead of a preamble copied into each: registers beforeAll (the app, institutions A
 * and B, A's liaison and institution admin, B's liaison, an analyst and an admin) and afterAll (the app closed). The
 * returned object is filled in before the suite's own beforeAll hooks run; read its fields inside hooks and tests.
 *
 *   const w = useWorld({ label: 'de Planes' });
 *   it('…', () => w.t.http().get(`/api/v1/institutions/${w.a.id}`).set(w.as(w.liaisonA)).expect(200));
 */
export function useWorld(opts: WorldOptions = {}): World {
  const world = { as: (user: TestUser) => bearer(tokenFor(world.t, user)) } as World;
  beforeAll(async () => {
    world.t = await createTestApp(opts.app);
    Object.assign(world, await createTwoTenants(world.t.dataSource, opts.label));
  });
  afterAll(() => world.t?.close());
  return world;
}
