import { useScratchDatabase, withOwner } from '../helpers/migrations';

/** Every migration runs up and down: up all, down one by one to an empty schema, up all again. */
describe('Migrations', () => {
  const ownerUrl = useScratchDatabase('simplifica_migrations');

  const tables = (ds: { query: (q: string) => Promise<Array<{ tablename: string }>> }) =>
    ds
      .query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY tablename`)
      .then((r) => r.map((x) => x.tablename));

  it('runs up, down to nothing, and up again', async () => {
    await withOwner(async (ds) => {
      const applied = await ds.runMigrations({ transaction: 'each' });
      expect(applied.length).toBeGreaterThan(0);
      const full = await tables(ds);
      expect(full).toEqual(expect.arrayContaining(['audit_events', 'institutions', 'users']));
      for (let i = 0; i < applied.length; i++) await ds.undoLastMigration({ transaction: 'each' });
      expect(await tables(ds)).toEqual([]);
      const types = await ds.query(
        `SELECT typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public' AND t.typtype = 'e'`,
      );
      expect(types).toEqual([]);
      await ds.runMigrations({ transaction: 'each' });
      expect(await tables(ds)).toEqual(full);
    }, ownerUrl());
  });
});
