/**
 * Fills the score history: computes today, then every day the retention keeps over the last N months (month ends, then
 * the last 90 days) that has no snapshot yet, from the dated records (requirements in force, levels validated, milestones
 * and reports as they stood). Days already computed are left as they are. Usage: npm run scores:backfill -- --months 12
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../src/app.module';
import { loadEnv } from '../src/config/load-env';
import { ScoringService } from '../src/modules/scoring/scoring.service';

function monthsArg(argv: readonly string[]): number {
  const i = argv.indexOf('--months');
  const raw = i >= 0 ? argv[i + 1] : (argv.find((a) => a.startsWith('--months='))?.slice('--months='.length) ?? '12');
  const months = Number(raw);
  if (!Number.isInteger(months) || months < 0 || months > 120) {
    throw new Error(`--months debe ser un número entero de meses entre 0 y 120 (se recibió «${raw}»)`);
  }
  return months;
}

async function main(): Promise<void> {
  const months = monthsArg(process.argv.slice(2));
  process.env.LOG_LEVEL ??= 'warn';
  loadEnv();
  const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
  try {
    const scoring = app.get(ScoringService);
    const today = await scoring.recomputeAll();
    const history = await scoring.backfill(months);
    process.stdout.write(
      `  · puntajes de hoy: ${today.institutions} instituciones, ${today.procedures} trámites (${(today.ms / 1000).toFixed(1)} s)\n` +
        `  · historia de ${months} meses: ${history.days} días, ${history.snapshots} mediciones nuevas (${(history.ms / 1000).toFixed(1)} s)\n`,
    );
  } finally {
    await app.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`No se pudo completar el historial de puntajes: ${(e as Error).message}\n`);
  process.exit(1);
});
