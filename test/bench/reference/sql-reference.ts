/**
 * The hand-written set-based SQL recompute of shared/baselines (the "physical limit" of scoring on this machine), run in
 * its own database (`<bench database>_ref`, integer keys, no RLS) so a benchmark can time it in the same run as the
 * product, alternating with it. The dataset (500 institutions, 100,000 procedures, 1,000,000 requirements) is filled
 * once and kept between runs.
 */
import { Client } from 'pg';
import { fillSteps } from './fill';
import { REFERENCE_SCHEMA_SQL } from './schema';
import { scoringScript } from './scoring';

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

export class SqlReference {
  private constructor(
    private readonly c: Client,
    private readonly settle: () => Promise<void>,
  ) {}

  /**
   * Opens (creating and filling when missing) the reference database next to `benchDb`. `settle`: run just before each
   * timed run, untimed (the benchmark's checkpoint, the same before the product's rounds).
   */
  static async open(benchDb: string, log: (m: string) => void, settle: () => Promise<void>): Promise<SqlReference> {
    const name = `${benchDb}_ref`;
    const adminUrl = process.env.DATABASE_ADMIN_URL!;
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${name} OWNER simplifica_owner TEMPLATE template0`);
    await admin.end();
    const c = new Client({ connectionString: process.env.DATABASE_MIGRATION_URL!.replace(/\/[^/]+$/, `/${name}`) });
    await c.connect();
    await c.query("SET client_min_messages = 'warning'");
    const filled = await c.query(`SELECT 1 FROM pg_tables WHERE tablename = 'requirements' AND schemaname = 'public'`);
    const complete = filled.rowCount ? (await c.query(`SELECT count(*)::int AS n FROM procedures`)).rows[0].n === 100_000 : false;
    if (!complete) {
      log(`Llenando la base de referencia ${name} (SQL escrito a mano de shared/baselines)…`);
      await c.query(REFERENCE_SCHEMA_SQL);
      await c.query('SELECT setseed(0.42)');
      for (const [, sql] of fillSteps(1).steps) await c.query(sql);
    }
    const ref = new SqlReference(c, settle);
    await ref.run(false); // warm-up, as the baseline does
    return ref;
  }

  private async run(one: boolean, institution = 1): Promise<number> {
    await this.settle();
    const t0 = process.hrtime.bigint();
    await this.c.query('BEGIN');
    for (const [, sql] of scoringScript(one)) await this.c.query(sql, sql.includes('$1') ? [institution] : []);
    await this.c.query('COMMIT');
    return ms(t0);
  }

  /** The whole recompute (replaces today's snapshot), ms; VACUUM ANALYZE of the snapshot table first, untimed. */
  async full(): Promise<number> {
    await this.c.query('VACUUM ANALYZE score_snapshots');
    return this.run(false);
  }

  /** One institution of 200 procedures (and the national row), ms. */
  one(institution: number): Promise<number> {
    return this.run(true, institution);
  }

  close(): Promise<void> {
    return this.c.end();
  }
}
