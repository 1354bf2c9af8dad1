/**
 * Loads the demo data (src/demo) through the application's own role, so the grants and row-level security are exercised,
 * not bypassed. Idempotent: rows are written once, by their natural keys.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadEnv } from '../src/config/load-env';
import { buildDataSourceOptions } from '../src/database/data-source-options';
import { seedDemo } from '../src/demo/seed-demo';

export async function seed(): Promise<void> {
  const env = loadEnv();
  const ds = await new DataSource(buildDataSourceOptions(env.DATABASE_URL, 2, 'simplifica-seed')).initialize();
  try {
    const started = Date.now();
    await seedDemo(ds, { log: (m) => process.stdout.write(`  · ${m}\n`) });
    process.stdout.write(`  · en ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
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
