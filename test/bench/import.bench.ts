/**
 * Benchmark of the inventory spreadsheet import (npm run bench:import).
 *
 * Generates an XLSX with 10,000 procedures and 100,000 requirements (10 each) in the import format, boots the
 * worker in-process (the WorkerModule graph, on its own BullMQ prefix so no other worker takes the jobs), and
 * for each run creates a fresh institution in the database of `.env` (the dev/bench database), then measures
 * wall time and peak RSS (sampled every 100 ms) of: a dry run, the real run (creates everything) and a second
 * real run of the same file (nothing changes). The scoring queue is paused during the measurements (each real import
 * queues a recompute of its institution; that is another job's cost). Each run's institution and its rows are removed afterwards
 * through the schema owner (DATABASE_MIGRATION_URL), since the runtime role cannot delete inventory rows;
 * audit events are append-only and stay. Options: BENCH_RUNS=3, BENCH_PROCEDURES=10000, BENCH_REQUIREMENTS_PER=10,
 * BENCH_KEEP=1 to keep the data, BENCH_INLINE_STRINGS=1 to write texts inline instead of Excel's shared-strings table.
 */
import 'reflect-metadata';
import './bench-env'; // the bench database (BENCH_DATABASE_NAME), never the one of .env
import { getQueueToken } from '@nestjs/bullmq';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import Redis from 'ioredis';
import { Client } from 'pg';
import { Actor, systemActor } from '../../src/common/auth/actor';
import { loadEnv } from '../../src/config/load-env';
import { Access } from '../../src/common/auth/access';
import { Database } from '../../src/database/database.service';
import { InventoryImportsService } from '../../src/modules/inventory/import-export/inventory-imports.service';
import {
  ExportProcedure,
  ExportRequirement,
  writeInventoryWorkbook,
} from '../../src/modules/inventory/import-export/spreadsheet/write-workbook';
import { ALL_QUEUES, QueueName } from '../../src/queue/queue-names';
import { redisOptionsFromUrl } from '../../src/redis/redis-options';
import { bootstrapDatabase } from '../../scripts/db-bootstrap';
import { runMigrations } from '../helpers/migrations';
import { loadNote } from './bench-env';
import { applyWorkerHeapPolicy } from '../../src/worker-heap-policy';

// The worker's code runs in this process: with the worker's heap policy, as in `node dist/src/worker.js`.
applyWorkerHeapPolicy();

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PROCEDURES = Number(process.env.BENCH_PROCEDURES ?? 10_000);
const PER = Number(process.env.BENCH_REQUIREMENTS_PER ?? 10);
const KEEP = process.env.BENCH_KEEP === '1';
/** Excel writes a shared-strings table; some tools write every text inline (heavier to read). */
const INLINE = process.env.BENCH_INLINE_STRINGS === '1';

process.env.QUEUE_PREFIX = `bench-${randomBytes(4).toString('hex')}`;
process.env.LOG_LEVEL ??= 'warn';

// Each phase starts from a collected heap, so its peak is its own and not the garbage of the previous one.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

const say = (m: string) => process.stdout.write(`${m}\n`);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

// ------------------------------------------------------------------ data

const CHANNELS = [['in_person'], ['in_person', 'online'], ['online'], ['in_person', 'phone']] as const;
const EVIDENCE = ['document', 'form', 'payment_receipt', 'certificate', 'identification', 'photo'] as const;
const NAMES = [
  'Documento Personal de Identificación (DPI) del solicitante',
  'Formulario de solicitud firmado',
  'Comprobante de pago del arancel',
  'Certificación de inscripción en el Registro Mercantil',
  'Constancia de inscripción en el RTU (SAT)',
  'Fotografía reciente tamaño cédula',
  'Plano de ubicación del establecimiento',
  'Licencia sanitaria vigente',
  'Estudio de impacto ambiental aprobado',
  'Fianza de cumplimiento',
  'Declaración jurada de veracidad de la información',
  'Copia legalizada de la patente de comercio',
];

function* procedures(n: number): Generator<ExportProcedure> {
  for (let i = 0; i < n; i++) {
    yield {
      code: `BEN-${String(i).padStart(5, '0')}`,
      name: `Trámite de referencia número ${i}: autorización de funcionamiento de establecimiento`,
      description: `Procedimiento ${i} para obtener la autorización administrativa; incluye revisión documental, inspección y emisión de la resolución.`,
      legalBasis: 'Decreto 5-2021, Ley para la Simplificación de Requisitos y Trámites Administrativos',
      channels: [...CHANNELS[i % CHANNELS.length]],
      onlineUrl: i % 3 === 0 ? `https://tramites.ejemplo.gob.gt/t/${i}` : null,
      formsUrl: i % 4 === 0 ? `https://tramites.ejemplo.gob.gt/formularios/${i}.pdf` : null,
      formsFree: i % 5 === 0 ? null : i % 2 === 0,
      feeGtq: `${(i % 500) * 5}.${String(i % 100).padStart(2, '0')}`,
      legalMaxDays: 30 + (i % 60),
      actualMedianDays: 20 + (i % 90),
      annualVolume: 100 + i * 3,
      inPersonVisits: i % 4,
      declaredLevel: i % 6,
      foreignTrade: i % 7 === 0,
      prioritized: i % 11 === 0,
      category: ['Comercio', 'Salud', 'Ambiente', 'Agricultura', 'Finanzas'][i % 5],
      audience: (['person', 'business', 'both'] as const)[i % 3],
      output: 'Autorización de funcionamiento',
      lifeEvent: null,
      targetLevel: 4,
      targetDate: '2027-12-31',
      lastReviewedAt: '2026-06-30',
    };
  }
}

function* requirements(n: number, per: number): Generator<ExportRequirement> {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < per; j++) {
      const other = j % 4 === 0;
      yield {
        procedureCode: `BEN-${String(i).padStart(5, '0')}`,
        name: `${NAMES[j % NAMES.length]}${j >= NAMES.length ? ` (${j})` : ''}`,
        evidenceType: EVIDENCE[j % EVIDENCE.length],
        issuer: other ? 'other_institution' : j % 4 === 1 ? 'same_institution' : 'applicant',
        issuerInstitution: other ? ['RENAP', 'SAT', 'MSPAS', 'MARN'][i % 4] : null,
        legalBasisType: (['law', 'government_agreement', 'other_rule', 'none'] as const)[j % 4],
        legalBasisReference: j % 4 === 3 ? null : `Acuerdo Gubernativo ${100 + j}-2019, artículo ${j + 1}`,
        obtainableByInteroperability: other,
        prohibitedKind: j === 10 ? 'sworn_declaration' : null,
        effectiveFrom: '2021-09-01',
        effectiveTo: null,
      };
    }
  }
}

// ------------------------------------------------------------------ measurement

class RssSampler {
  private timer: NodeJS.Timeout | null = null;
  peak = 0;

  start(): void {
    this.peak = process.memoryUsage().rss;
    this.timer = setInterval(() => {
      this.peak = Math.max(this.peak, process.memoryUsage().rss);
    }, 100);
  }

  stop(): number {
    if (this.timer) clearInterval(this.timer);
    this.peak = Math.max(this.peak, process.memoryUsage().rss);
    return this.peak;
  }
}

interface Measure {
  ms: number;
  rss: number;
  rssBefore: number;
  counts: Record<string, number> | null;
  status: string;
}

async function main(): Promise<void> {
  await bootstrapDatabase({ recreate: false, log: () => undefined });
  await runMigrations();
  const env = loadEnv();
  say(
    `Benchmark de importación: ${PROCEDURES.toLocaleString('es-GT')} trámites × ${PER} requisitos, ${RUNS} corrida(s); base de datos ${env.DATABASE_URL.replace(/.*\//, '')}; prefijo de colas ${env.QUEUE_PREFIX}`,
  );

  // The file is generated in a child process, so generating it does not raise this process's memory high-water mark.
  const t0 = Date.now();
  const path = join(tmpdir(), `simplifica-bench-${process.pid}.xlsx`);
  execFileSync(process.execPath, ['-r', '@swc-node/register', __filename, '--generate', path], { stdio: 'inherit', env: process.env });
  const content = readFileSync(path);
  unlinkSync(path);
  say(
    `Archivo XLSX${INLINE ? ' (textos en línea, sin tabla de cadenas compartidas)' : ' (con tabla de cadenas compartidas, como lo guarda Excel)'} generado en ${((Date.now() - t0) / 1000).toFixed(1)} s: ${mb(content.length)} (${content.length.toLocaleString('es-GT')} bytes; límite de carga 20 MB)`,
  );

  const app: INestApplicationContext = await NestFactory.createApplicationContext((await import('../../src/worker.module')).WorkerModule, {
    logger: ['error'],
  });
  await app.init();
  const db = app.get(Database);
  const imports = app.get(InventoryImportsService);
  const queue = (name: string) => app.get<Queue>(getQueueToken(name), { strict: false });
  // Scoring: let the boot-time catch-up finish, then pause the queue so the recompute each real import triggers
  // (on the audit row) does not run inside the measurements; it is discarded with the bench's queues at the end.
  await drain(queue(QueueName.Scoring));
  await queue(QueueName.Scoring).pause();
  collect();
  say(`Worker en marcha (WorkerModule en este proceso): RSS ${mb(process.memoryUsage().rss)} antes de importar`);

  const results: Array<{ dry: Measure; real: Measure; again: Measure }> = [];
  try {
    for (let run = 1; run <= RUNS; run++) {
      const { institutionId, actor } = await freshInstitution(db, run);
      say(`\nCorrida ${run}: institución ${institutionId}`);
      const measure = async (label: string, dryRun: boolean): Promise<Measure> => {
        collect();
        const sampler = new RssSampler();
        const rssBefore = process.memoryUsage().rss;
        sampler.start();
        const started = Date.now();
        const created = await imports.create(
          actor,
          { file: [{ buffer: content, size: content.length, originalname: 'bench.xlsx' } as Express.Multer.File] },
          {},
          { dryRun: dryRun ? 'true' : 'false' },
        );
        const row = await waitFor(db, actor, institutionId, created.id);
        const m = { ms: Date.now() - started, rss: sampler.stop(), rssBefore, counts: row.counts, status: row.status };
        say(
          `  ${label.padEnd(34)} ${(m.ms / 1000).toFixed(1).padStart(6)} s   RSS máx. ${mb(m.rss).padStart(7)} (al empezar ${mb(m.rssBefore)})   ${m.status} ${JSON.stringify(m.counts)}`,
        );
        return m;
      };
      const dry = await measure('simulación (dryRun, todo nuevo)', true);
      const real = await measure('importación real (crea todo)', false);
      const again = await measure('importación real sin cambios', false);
      results.push({ dry, real, again });
      if (!KEEP) await cleanUp(env.DATABASE_MIGRATION_URL, institutionId);
    }
  } finally {
    for (const name of ALL_QUEUES)
      await queue(name)
        .obliterate({ force: true })
        .catch(() => undefined);
    await app.close();
    await forgetPrefix(env.REDIS_URL, env.QUEUE_PREFIX);
  }

  const line = (label: string, pick: (r: (typeof results)[number]) => Measure, targetS?: number) => {
    const ms = median(results.map((r) => pick(r).ms));
    const rss = median(results.map((r) => pick(r).rss));
    const ok = targetS === undefined ? '' : ms < targetS * 1000 && rss < 400 * 1024 * 1024 ? '  ✔ objetivo' : '  ✘ fuera del objetivo';
    say(`  ${label.padEnd(34)} ${(ms / 1000).toFixed(1).padStart(6)} s   RSS máx. ${mb(rss).padStart(7)}${ok}`);
  };
  say(
    `\nMedianas de ${results.length} corrida(s) (${PROCEDURES.toLocaleString('es-GT')} trámites, ${(PROCEDURES * PER).toLocaleString('es-GT')} requisitos; compilado; ${loadNote()})`,
  );
  say('Objetivo 4 — importación: simulación y corrida real < 10 s cada una, RSS < 400 MB');
  line('simulación (dryRun)', (r) => r.dry, 10);
  line('importación real (crea todo)', (r) => r.real, 10);
  line('importación real sin cambios', (r) => r.again, 10);
  say(
    KEEP
      ? 'Datos conservados (BENCH_KEEP=1).'
      : 'Datos de las instituciones de prueba eliminados (quedan sus eventos de auditoría, que son de solo inserción).',
  );
}

async function freshInstitution(db: Database, run: number): Promise<{ institutionId: string; actor: Actor }> {
  const code = `IMP${randomBytes(3).toString('hex').toUpperCase()}`;
  return db.run(Access.administrative(systemActor(), 'bench.import'), async ({ em }) => {
    const [inst] = (await em.query(
      `INSERT INTO institutions (code, name, type, coverage, sector) VALUES ($1, $2, 'other', 'bound', 'Benchmark') RETURNING id`,
      [code, `Institución de referencia para el benchmark de importación ${run} (${code})`],
    )) as Array<{ id: string }>;
    const [user] = (await em.query(
      `INSERT INTO users (email, name, role, institution_id, status) VALUES ($1, 'Enlace de benchmark', 'liaison', $2, 'disabled') RETURNING id`,
      [`bench.${code.toLowerCase()}@benchmark.invalid`, inst.id],
    )) as Array<{ id: string }>;
    return {
      institutionId: inst.id,
      actor: { kind: 'user', userId: user.id, role: 'liaison', institutionId: inst.id, requestId: `bench-${code}` },
    };
  });
}

async function waitFor(
  db: Database,
  actor: Actor,
  institutionId: string,
  id: string,
): Promise<{ status: string; counts: Record<string, number> | null }> {
  for (;;) {
    const [row] = (await db.run(Access.institution(actor, institutionId, 'bench.import'), ({ em }) =>
      em.query(`SELECT status, counts FROM inventory_imports WHERE id = $1`, [id]),
    )) as Array<{ status: string; counts: Record<string, number> | null }>;
    if (row.status === 'completed' || row.status === 'failed') return row;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until a queue has nothing waiting, running or delayed, except the next tick of its schedulers (bounded). */
async function drain(queue: Queue, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const c = await queue.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children');
    const delayed = (await queue.getDelayed()).filter((j) => !j.repeatJobKey);
    if (Object.values(c).every((n) => n === 0) && delayed.length === 0) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
  const [failed] = await queue.getFailed(0, 0);
  say(
    `  (la cola ${queue.name} no quedó vacía en ${timeoutMs / 1000} s; se continúa: ${JSON.stringify(counts)}${failed ? `; último fallo: ${failed.failedReason}` : ''})`,
  );
}

/** Deletes what is left under this run's own (random) Redis prefix. */
async function forgetPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(redisOptionsFromUrl(url));
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Removes a bench institution's rows as the schema owner, inside that institution's RLS scope. */
async function cleanUp(ownerUrl: string, institutionId: string): Promise<void> {
  const client = new Client({ connectionString: ownerUrl, application_name: 'simplifica-bench-cleanup' });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT set_config('app.institution_id', $1, true), set_config('app.scope', 'admin', true)`, [institutionId]);
    for (const table of ['procedure_changes', 'score_snapshots', 'requirements', 'procedures', 'inventory_imports', 'users']) {
      await client.query(`DELETE FROM ${table} WHERE institution_id = $1`, [institutionId]);
    }
    await client.query(`DELETE FROM institutions WHERE id = $1`, [institutionId]);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    say(`  (no se pudieron borrar los datos de ${institutionId}: ${(e as Error).message}; bórrelos a mano o ignore la institución BENCH…)`);
  } finally {
    await client.end();
  }
}

async function generate(path: string): Promise<void> {
  const content = await writeInventoryWorkbook({
    procedures: procedures(PROCEDURES),
    requirements: requirements(PROCEDURES, PER),
    levels: [0, 1, 2, 3, 4, 5],
    sharedStrings: !INLINE,
  });
  writeFileSync(path, content);
}

const generating = process.argv.indexOf('--generate');
(generating > 0 ? generate(process.argv[generating + 1]) : main()).catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
