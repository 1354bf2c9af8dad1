import { DataSource } from 'typeorm';
import { decryptText, keyringFrom } from '../../src/common/crypto/data-encryption';
import { asScope, createInstitution, createProcedure } from '../helpers/factories';
import { useScratchDatabase, withOwner } from '../helpers/migrations';

const FIRST = 'AddChangeFeedTxid1795476500000';
const PURPOSE = 'webhook_subscriptions.secret';

/**
 * The data side of the public-api hardening migrations, on rows written before them: change-log rows get a 64-bit
 * `txid` equal to their `xmin` (at epoch 0, so cursors already handed out stay valid); plaintext webhook secrets are
 * encrypted, and decrypted back by `down`.
 */
describe('Public API migrations: existing data', () => {
  const ownerUrl = useScratchDatabase('simplifica_pubmig');

  const executed = async (ds: DataSource) =>
    (await ds.query(`SELECT name FROM schema_migrations`)).map((r: { name: string }) => r.name) as string[];
  /** Down to just before the first of these migrations (and whatever came after them). */
  const undoToBefore = async (ds: DataSource) => {
    while ((await executed(ds)).includes(FIRST)) await ds.undoLastMigration({ transaction: 'each' });
  };
  const columns = async (ds: DataSource, table: string) =>
    (await ds.query(`SELECT column_name FROM information_schema.columns WHERE table_name = $1`, [table])).map(
      (r: { column_name: string }) => r.column_name,
    );

  it('back-fills txid from xmin, encrypts existing secrets, and decrypts them back on the way down', async () => {
    await withOwner(async (ds) => {
      await ds.runMigrations({ transaction: 'each' });
      await undoToBefore(ds);
      expect(await columns(ds, 'procedure_changes')).not.toContain('txid');
      expect(await columns(ds, 'webhook_subscriptions')).toContain('secret');

      // Data written by the previous version: two change rows (two transactions) and a subscription with a plaintext secret.
      const inst = await createInstitution(ds, 'Ministerio Migrado', { schemaHasArticle: false });
      const proc = await createProcedure(ds, inst.id);
      const insertChange = () =>
        asScope(ds, 'tenant', inst.id, (em) =>
          em.query(
            `INSERT INTO procedure_changes (institution_id, procedure_id, subject, subject_id, action) VALUES ($1, $2, 'procedure', $2, 'create') RETURNING id`,
            [inst.id, proc.id],
          ),
        );
      const [[a], [b]] = [await insertChange(), await insertChange()];
      const [key] = await ds.query(
        `INSERT INTO partner_api_keys (name, prefix, key_hash, scopes, rate_limit_per_minute) VALUES ('Socio', 'smp_mig01', repeat('0', 64), '{webhooks:manage}', 60) RETURNING id`,
      );
      const [sub] = await ds.query(
        `INSERT INTO webhook_subscriptions (partner_key_id, url, secret, event_types, feed_cursor) VALUES ($1, 'https://hooks.example.com/x', 'whsec_plaintext_of_old', '{procedure_created}', 'WzAsMF0') RETURNING id`,
        [key.id],
      );
      const before = await asScope(ds, 'read_all', null, (em) =>
        em.query(`SELECT id, xmin::text::bigint AS xmin FROM procedure_changes WHERE id IN ($1, $2) ORDER BY id`, [a.id, b.id]),
      );

      await ds.runMigrations({ transaction: 'each' });
      const [{ epoch0 }] = await ds.query(`SELECT pg_current_xact_id()::text::bigint < 4294967296 AS epoch0`);
      expect(epoch0).toBe(true); // a fresh test cluster; the back-fill equals xmin only at epoch 0
      const after = await asScope(ds, 'read_all', null, (em) =>
        em.query(`SELECT id, txid FROM procedure_changes WHERE id IN ($1, $2) ORDER BY id`, [a.id, b.id]),
      );
      expect(after.map((r: { txid: string }) => Number(r.txid))).toEqual(before.map((r: { xmin: string }) => Number(r.xmin)));
      expect(Number(after[1].txid)).toBeGreaterThan(Number(after[0].txid));

      // New rows get the writing transaction's top-level id, also under a savepoint (where xmin is the subtransaction's).
      const [row] = await asScope(ds, 'tenant', inst.id, async (em) => {
        await em.query('SAVEPOINT s1');
        const [top] = await em.query(`SELECT pg_current_xact_id()::text::bigint AS top`);
        const [ins] = await em.query(
          `INSERT INTO procedure_changes (institution_id, procedure_id, subject, subject_id, action) VALUES ($1, $2, 'procedure', $2, 'update') RETURNING txid, xmin::text::bigint AS xmin`,
          [inst.id, proc.id],
        );
        await em.query('RELEASE SAVEPOINT s1');
        return [{ ...ins, top: top.top }];
      });
      expect(row.txid).toBe(row.top);
      expect(row.xmin).not.toBe(row.top);

      expect(await columns(ds, 'webhook_subscriptions')).not.toContain('secret');
      const [enc] = await ds.query(`SELECT secret_encrypted, to_jsonb(s)::text AS all_columns FROM webhook_subscriptions s WHERE id = $1`, [
        sub.id,
      ]);
      expect(enc.all_columns).not.toContain('whsec_plaintext_of_old');
      const ring = keyringFrom(process.env.DATA_ENCRYPTION_KEY!);
      expect(decryptText(ring, enc.secret_encrypted, PURPOSE)).toBe('whsec_plaintext_of_old');

      await undoToBefore(ds);
      expect(await columns(ds, 'procedure_changes')).not.toContain('txid');
      const [plain] = await ds.query(`SELECT secret FROM webhook_subscriptions WHERE id = $1`, [sub.id]);
      expect(plain.secret).toBe('whsec_plaintext_of_old');
      await ds.runMigrations({ transaction: 'each' });
    }, ownerUrl());
  });
});
