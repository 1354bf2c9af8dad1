import { Algorithm, hash } from '@node-rs/argon2';
import { DataSource } from 'typeorm';
import { todayInGuatemala } from '../common/time/guatemala-time';
import { buildDemoWorld } from './build-world';
import { DEMO_PASSWORD } from './people';
import { SeedCounts, writeDemoWorld } from './write-world';

export interface SeedOptions {
  /** The day the demo is anchored on (YYYY-MM-DD); by default today in Guatemala. */
  today?: string;
  log?: (message: string) => void;
}

/**
 * Loads the demo into the database behind `ds` (a connection as the application's runtime role): builds the dated world
 * for today and writes what is missing. Running it again writes nothing new but the day's reminders.
 */
export async function seedDemo(ds: DataSource, options: SeedOptions = {}): Promise<SeedCounts> {
  const log = options.log ?? (() => undefined);
  const world = buildDemoWorld(options.today ?? todayInGuatemala());
  const passwordHash = await hash(DEMO_PASSWORD, { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
  const counts = await writeDemoWorld(ds, world, passwordHash);
  for (const line of describe(counts, world.today)) log(line);
  return counts;
}

function describe(c: SeedCounts, today: string): string[] {
  const lines = [
    `${c.institutions} instituciones nuevas, ${c.users} usuarios nuevos, ${c.follows} seguimientos de analista nuevos`,
    `${c.procedures} trámites nuevos con ${c.requirements} requisitos, ${c.changes} cambios fechados y ${c.assessments} evaluaciones de madurez`,
    `${c.plans} planes de simplificación con ${c.milestones} hitos, ${c.actions} acciones de racionalización y ${c.reports} informes trimestrales nuevos`,
    `${c.notifications} avisos nuevos al ${today}`,
  ];
  const zeros = Object.entries(c.unknownAsZero);
  if (zeros.length) {
    lines.push(
      `valores desconocidos guardados como 0 porque la columna aún no admite vacío: ${zeros.map(([column, n]) => `${column} ${n}`).join(', ')}`,
    );
  }
  return lines;
}
