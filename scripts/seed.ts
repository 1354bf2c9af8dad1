/**
 * Loads the demo data through the application's own role (so the grants and row-level security are
 * exercised, not bypassed). Idempotent: rows are upserted by their natural keys.
 */
import 'reflect-metadata';
import { hash, Algorithm } from '@node-rs/argon2';
import { DataSource, EntityManager } from 'typeorm';
import { loadEnv } from '../src/config/load-env';
import { buildDataSourceOptions } from '../src/database/data-source-options';
import { DEMO_INSTITUTIONS, DEMO_PASSWORD, DEMO_USERS } from '../src/database/seeds/demo-institutions';
import { seedDemoMaturity } from '../src/database/seeds/demo-maturity';
import { seedDemoNotifications } from '../src/database/seeds/demo-notifications';
import { seedDemoPlans } from '../src/database/seeds/demo-plans';
import { seedDemoProcedures } from '../src/database/seeds/demo-procedures';

const say = (m: string) => process.stdout.write(`  · ${m}\n`);

async function inScope(ds: DataSource, scope: string, institutionId: string | null, work: (em: EntityManager) => Promise<void>) {
  await ds.transaction(async (em) => {
    await em.query(`SELECT set_config('app.scope', $1, true), set_config('app.institution_id', $2, true)`, [scope, institutionId ?? '']);
    await work(em);
  });
}

export async function seed(): Promise<void> {
  const env = loadEnv();
  const ds = await new DataSource(buildDataSourceOptions(env.DATABASE_URL, 2, 'simplifica-seed')).initialize();
  try {
    const ids = new Map<string, string>();
    await inScope(ds, 'admin', null, async (em) => {
      for (const i of DEMO_INSTITUTIONS) {
        const [row] = await em.query(
          `INSERT INTO institutions (code, name, type, coverage, sector, website, opted_in_at, adhesion_act)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, sector = EXCLUDED.sector, website = EXCLUDED.website
           RETURNING id`,
          [i.code, i.name, i.type, i.coverage, i.sector, i.website, i.optedInAt ?? null, i.adhesionAct ?? null],
        );
        ids.set(i.code, row.id);
      }
    });
    say(`${DEMO_INSTITUTIONS.length} instituciones (14 ministerios, 4 secretarías, 1 municipalidad adherida)`);

    const passwordHash = await hash(DEMO_PASSWORD, { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
    await inScope(ds, 'admin', null, async (em) => {
      for (const u of DEMO_USERS) {
        await em.query(
          `INSERT INTO users (email, name, role, institution_id, status, password_hash, password_changed_at)
           VALUES ($1, $2, $3, $4, 'active', $5, now())
           ON CONFLICT (email) DO NOTHING`,
          [u.email, u.name, u.role, u.institution ? ids.get(u.institution) : null, passwordHash],
        );
      }
    });
    say(`${DEMO_USERS.length} usuarios de demostración`);
    await seedDemoProcedures(ds, say);
    await seedDemoMaturity(ds, say);
    await seedDemoPlans(ds, say);
    await seedDemoNotifications(ds, say);
  } finally {
    await ds.destroy();
  }
}

if (require.main === module) {
  process.stdout.write('Cargando datos de demostración…\n');
  seed().then(
    () => process.stdout.write('Datos de demostración listos.\n'),
    (e: Error) => {
      process.stderr.write(`No se pudieron cargar los datos de demostración: ${e.message}\n`);
      process.exit(1);
    },
  );
}
