/**
 * Public API benchmark (run: node -r @swc-node/register test/bench/public.bench.ts).
 * Needs the national-scale dataset of the scoring benchmark in `simplifica_bench` (500 institutions, 100,000
 * procedures, 1,000,000 requirements, with scores): `npm run bench:scoring` creates it. It only reads that database.
 *
 * The API runs in a child process (one API process, as in production); this process generates the load, with
 * autocannon. Measures (several rounds, medians):
 * GET /institutions req/s and p99 with 50 connections (warm, and each first request of a data version), conditional
 * requests answered 304, and the procedures CSV export in rows/s with the API's RSS growth.
 */
import './bench-env';
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import http from 'node:http';
import { DataSource } from 'typeorm';
import { BENCH_DB, median } from './bench-env';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const say = (m: string) => process.stdout.write(`${m}\n`);

async function serve(): Promise<void> {
  process.env.PUBLIC_API_RATE_LIMIT_PER_MINUTE = '1000000';
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

/** CPU seconds (user + system) the process has used so far. */
const cpuSeconds = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

interface LoadResult {
  tool: string;
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  statuses: Record<string, number>;
}

/** autocannon for DURATION_S seconds with CONNECTIONS connections; latencies in ms. */
async function load(url: string, headers: Record<string, string> = {}): Promise<LoadResult> {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, headers });
  const statuses: Record<string, number> = {};
  for (const k of ['1xx', '2xx', '3xx', '4xx', '5xx'] as const) if (r[k]) statuses[k] = r[k];
  return {
    tool: 'autocannon',
    requests: r.requests.total,
    perSecond: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    statuses,
  };
}

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

    const warm = await fetchOnce(`${base}/institutions`);
    const apiCpu = async (run: () => Promise<LoadResult>): Promise<[LoadResult, number]> => {
      const c0 = cpuSeconds(child.pid!);
      const t0 = Date.now();
      const r = await run();
      return [r, Math.round(((cpuSeconds(child.pid!) - c0) / ((Date.now() - t0) / 1000)) * 100)];
    };
    // Several rounds of each load; the medians are what to quote (the load generator shares the machine's two cores).
    const rounds = async (label: string, headers: Record<string, string>): Promise<void> => {
      const results: Array<[LoadResult, number]> = [];
      for (let i = 0; i < ROUNDS; i++) {
        const [r, cpu] = await apiCpu(() => load(`${base}/institutions`, headers));
        results.push([r, cpu]);
        say(
          `  [${r.tool}] ${label} round ${i + 1}: ${r.perSecond} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, statuses ${JSON.stringify(r.statuses)}; API CPU ${cpu}% of one core`,
        );
      }
      const m = (f: (x: [LoadResult, number]) => number) => median(results.map(f));
      // CPU time per request is the figure least moved by the machine's noise (neighbours slow both req/s and p99).
      const cpuPerRequest = m(([r, cpu]) => Math.round((cpu * 10_000) / Math.max(1, r.perSecond)));
      say(
        `${label}, ${CONNECTIONS} connections, ${DURATION_S}s × ${ROUNDS}: median ${m(([r]) => r.perSecond)} req/s, p50 ${m(([r]) => r.p50)} ms, p99 ${m(([r]) => r.p99)} ms, ${cpuPerRequest} µs of API CPU per request (targets ≥ 2000 req/s, p99 < 50 ms)`,
      );
    };
    await rounds(`GET /institutions (${warm.body.length} bytes)`, {});
    await rounds('GET /institutions If-None-Match (304)', { 'If-None-Match': String(warm.headers.etag) });

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
