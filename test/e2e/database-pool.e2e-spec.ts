import { DataSource } from 'typeorm';
import { createTestApp, TestApp } from '../helpers/test-app';

/** pg-pool closes a connection idle for this long unless told otherwise. */
const PG_POOL_DEFAULT_IDLE_MS = 10_000;

/**
 * The long-running processes keep their idle connections (KEPT_CONNECTIONS): the worker's nightly score run starts on
 * backends whose catalog caches and prepared statements' plans are already there, instead of new ones (issue 17).
 */
describe('Database pool of the API and the worker', () => {
  let t: TestApp;
  let ds: DataSource;

  beforeAll(async () => {
    t = await createTestApp();
    ds = t.dataSource;
  }, 120_000);

  afterAll(() => t?.close());

  it("keeps idle connections past pg-pool's default idle timeout: the same backends answer afterwards", async () => {
    // three statements at once take three connections of the pool; each tells its backend
    const backends = async () =>
      (
        await Promise.all(
          [1, 2, 3].map(async () => ((await ds.query('SELECT pg_backend_pid() AS pid, pg_sleep(0.2)')) as Array<{ pid: number }>)[0].pid),
        )
      ).sort((a, b) => a - b);
    const before = await backends();
    expect(new Set(before).size).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, PG_POOL_DEFAULT_IDLE_MS + 1_000));
    expect(await backends()).toEqual(before);
  }, 30_000);
});
