/**
 * Public API benchmark (run: node -r @swc-node/register test/bench/public.bench.ts).
 * Needs the national-scale dataset of the scoring benchmark in `simplifica_bench` (500 institutions, 100,000
 * procedures, 1,000,000 requirements, with scores): `npm run bench:scoring` creates it. It only reads that database.
 *
 * The API runs in a child process (one API process, as in production); the load comes from wrk (C, installed from
 * Debian when missing). Goal 1 of issue 17 (side-by-side.ts): per route family (the list of 500 institutions, identity
 * and brotli, an institution, a procedure), the product's 200s and 304s against a bare node:http server sending the
 * very same bytes, interleaved rounds (5 by default, BENCH_ROUNDS ≥ 3: on two shared cores a round now and then runs at
 * half speed for either server, and the median of three moved by ±15 % from run to run), medians, with the load average. Also the first request of 200 URLs (no
 * cache) and the procedures CSV export in rows/s with the API's RSS growth.
 */
import './bench-env';
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { DataSource } from 'typeorm';
import { BENCH_DB } from './bench-env';
import { ensureWrk, sideBySide } from './side-by-side';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 5);
const ROUNDS = Math.max(3, Number(process.env.BENCH_ROUNDS ?? 5));
const say = (m: string) => process.stdout.write(`${m}\n`);

async function serve(): Promise<void> {
  // Far above what wrk sends in a minute: 304s reach 90,000 req/s on a quiet machine, so a million a minute was
  // exhausted mid-run (429s counted as failures). The limit is still counted: RateLeases.
  process.env.PUBLIC_API_RATE_LIMIT_PER_MINUTE = '1000000000';
  process.env.PUBLIC_PAGES_RATE_LIMIT_PER_MINUTE = '1000000000';
  const { NestFactory } = await import('@nestjs/core');
  const { AppModule } = await import('../../src/app.module');
  const { configureHttpApp } = await import('../../src/common/http/configure-http-app');
  const { loadEnv } = await import('../../src/config/load-env');
  loadEnv();
  const app = await NestFactory.create(AppModule as never, { bodyParser: false, logger: false });
  configureHttpApp(app as never);
  await app.listen(0, '127.0.0.1');
  // Exit on SIGTERM so that --cpu-prof (BENCH_CPU_PROF) writes its profile.
  process.on('SIGTERM', () => void app.close().finally(() => process.exit(0)));
  const address = app.getHttpServer().address() as { port: number };
  process.stdout.write(`PORT ${address.port}\n`);
}

const rssMb = (pid: number): number => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : 0;
};

function fetchOnce(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    http
      .get(url, { headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, ms: Number(process.hrtime.bigint() - t0) / 1e6 }),
        );
      })
      .on('error', reject);
  });
}

async function main(): Promise<void> {
  const ds = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
  let counts: { procedures: number; snapshots: number } | null = null;
  try {
    await ds.initialize();
    const [row] = await ds.transaction(async (em) => {
      await em.query(`SELECT set_config('app.scope', 'read_all', true)`);
      return em.query(
        `SELECT (SELECT count(*) FROM procedures)::int AS procedures, (SELECT count(*) FROM score_snapshots WHERE scope = 'institution')::int AS snapshots`,
      );
    });
    counts = row;
  } catch {
    counts = null;
  } finally {
    if (ds.isInitialized) await ds.destroy();
  }
  if (!counts || counts.procedures < 1000) {
    say(`The dataset is missing in ${BENCH_DB}: run \`npm run bench:scoring\` first (it creates 100,000 procedures with scores).`);
    process.exit(1);
  }
  say(`Dataset ${BENCH_DB}: ${counts.procedures} procedures, ${counts.snapshots} institution snapshots.`);
  ensureWrk();

  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child: ChildProcess = spawn(
    process.execPath,
    [...profile, ...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean), '-r', '@swc-node/register', __filename, '--serve'],
    { env: process.env, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /PORT (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`API exited (${code})`)));
  });
  const base = `http://127.0.0.1:${port}/api/public/v1`;
  try {
    // Cold path: each distinct URL's first request of a data version reaches PostgreSQL.
    const cold: number[] = [];
    for (const dataset of ['procedures.csv', 'requirements.csv']) {
      const t0 = Date.now();
      const n = await new Promise<number>((resolve, reject) => {
        let lines = 0;
        http
          .get(`${base}/export/${dataset}`, (res) => {
            res.on('data', (c: Buffer) => {
              for (let i = 0; i < c.length; i++) if (c[i] === 10) lines++;
            });
            res.on('end', () => resolve(lines - 1));
          })
          .on('error', reject);
      });
      say(`warm-up ${dataset}: ${n} rows in ${((Date.now() - t0) / 1000).toFixed(2)} s`);
    }
    for (let limit = 1; limit <= 200; limit++) cold.push((await fetchOnce(`${base}/institutions?limit=${limit}`)).ms);
    cold.sort((a, b) => a - b);
    say(
      `GET /institutions uncached (first request of 200 URLs, sequential): median ${cold[100].toFixed(1)} ms, p99 ${cold[197].toFixed(1)} ms`,
    );

    await sideBySide(
      `http://127.0.0.1:${port}`,
      [
        { name: 'API lista de 500 instituciones', path: '/api/public/v1/institutions?limit=500', headers: {} },
        {
          name: 'API lista de 500 instituciones, brotli',
          path: '/api/public/v1/institutions?limit=500',
          headers: { 'Accept-Encoding': 'br' },
        },
        { name: 'API detalle de institución', path: '/api/public/v1/institutions/BENCH0001', headers: {} },
        { name: 'API detalle de trámite', path: '/api/public/v1/procedures/BENCH0001/P-1', headers: {} },
      ],
      { rounds: ROUNDS, seconds: DURATION_S, connections: CONNECTIONS },
    );

    const rssBefore = rssMb(child.pid!);
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(child.pid!))), 50);
    const started = Date.now();
    const rows = await new Promise<number>((resolve, reject) => {
      let lines = 0;
      http
        .get(`${base}/export/procedures.csv`, (res) => {
          res.on('data', (c: Buffer) => {
            for (let i = 0; i < c.length; i++) if (c[i] === 10) lines++;
          });
          res.on('end', () => resolve(lines - 1));
        })
        .on('error', reject);
    });
    const seconds = (Date.now() - started) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, rssMb(child.pid!));
    say(
      `GET /export/procedures.csv: ${rows} rows in ${seconds.toFixed(2)} s = ${Math.round(rows / seconds)} rows/s; API RSS ${rssBefore} MB → peak ${peak} MB (growth ${peak - rssBefore} MB)`,
    );
  } finally {
    child.kill('SIGTERM');
  }
}

if (process.argv.includes('--serve')) {
  serve().catch((e: unknown) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  });
} else {
  main().catch((e: unknown) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  });
}
