/**
 * Public pages benchmark (npm run bench:pages). Needs the national-scale dataset of the scoring benchmark in the
 * bench database (500 institutions with scores, 100,000 procedures): `npm run bench:scoring` creates it; this only
 * reads it.
 *
 * The API (with the pages) runs in a child process; this process loads it with autocannon on the same machine.
 * Measures (medians of rounds): the home page with every institution in the ranking — its first render of a data
 * version, then warm at 50 connections (pages/s, latency percentiles), conditional requests answered 304 (no
 * PostgreSQL: the e2e suite proves it), and the compressed weight of each page type (HTML + CSS + inline SVG).
 */
import './bench-env';
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { cpus, loadavg } from 'node:os';
import autocannon from 'autocannon';
import { DataSource } from 'typeorm';
import { BENCH_DB, loadNote, median } from './bench-env';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const say = (m: string) => process.stdout.write(`${m}\n`);

async function serve(): Promise<void> {
  process.env.PUBLIC_PAGES_RATE_LIMIT_PER_MINUTE = '1000000';
  process.env.PUBLIC_API_RATE_LIMIT_PER_MINUTE = '1000000';
  const { NestFactory } = await import('@nestjs/core');
  const { AppModule } = await import('../../src/app.module');
  const { configureHttpApp } = await import('../../src/common/http/configure-http-app');
  const { loadEnv } = await import('../../src/config/load-env');
  const { PublicCacheVersion } = await import('../../src/modules/public-api/public-cache-version');
  loadEnv();
  const app = await NestFactory.create(AppModule as never, { bodyParser: false, logger: false });
  configureHttpApp(app as never);
  await app.listen(0, '127.0.0.1');
  process.on('SIGTERM', () => void app.close().finally(() => process.exit(0)));
  // The parent asks for a new data version (as a write would) to time the first render of a page.
  process.on('message', (m) => {
    if (m === 'bump')
      void app
        .get(PublicCacheVersion)
        .bump()
        .then(() => process.send?.('bumped'));
  });
  const address = app.getHttpServer().address() as { port: number };
  process.stdout.write(`PORT ${address.port}\n`);
}

/** CPU seconds (user + system) the process has used so far. */
const cpuSeconds = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

interface Fetched {
  status: number;
  headers: http.IncomingHttpHeaders;
  bytes: number;
  body: string;
  ms: number;
}

function fetchOnce(url: string, headers: Record<string, string> = {}): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            bytes: body.length,
            body: body.toString('utf8'),
            ms: Number(process.hrtime.bigint() - t0) / 1e6,
          });
        });
      })
      .on('error', reject);
  });
}

async function main(): Promise<void> {
  const ds = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
  let institutions = 0;
  try {
    await ds.initialize();
    const [row] = await ds.transaction(async (em) => {
      await em.query(`SELECT set_config('app.scope', 'read_all', true)`);
      return em.query(`SELECT count(DISTINCT subject_id)::int AS n FROM score_snapshots WHERE scope = 'institution'`);
    });
    institutions = row.n;
  } catch {
    institutions = 0;
  } finally {
    if (ds.isInitialized) await ds.destroy();
  }
  if (institutions < 100) {
    say(`The dataset is missing in ${BENCH_DB}: run \`npm run bench:scoring\` first (500 institutions with scores).`);
    process.exit(1);
  }
  say(`Dataset ${BENCH_DB}: ${institutions} institutions with scores.`);

  const child: ChildProcess = spawn(process.execPath, ['-r', '@swc-node/register', __filename, '--serve'], {
    env: process.env,
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /PORT (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`API exited (${code})`)));
  });
  const base = `http://127.0.0.1:${port}`;
  const bump = () =>
    new Promise<void>((resolve) => {
      child.once('message', () => resolve());
      child.send('bump');
    });
  try {
    // First render of the home page for a new data version (ranking of every institution, figures, charts).
    const firsts: number[] = [];
    for (let i = 0; i < 5; i++) {
      await bump();
      firsts.push((await fetchOnce(`${base}/transparencia`, { 'Accept-Encoding': 'br' })).ms);
    }
    say(
      `Home page, first render of a data version (queries + render + brotli): median ${median(firsts).toFixed(1)} ms of ${firsts.map((x) => x.toFixed(0)).join(', ')} ms`,
    );

    const home = await fetchOnce(`${base}/transparencia`);
    const rows = (home.body.match(/<tr><td class="n">/g) ?? []).length;
    say(
      `Home page ranking rows: ${rows}; load average now ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')} on ${cpus().length} cores`,
    );

    const summary: { p97_5?: number; p90?: number; homeKb?: number } = {};
    const rounds = async (label: string, headers: Record<string, string>): Promise<void> => {
      const results: autocannon.Result[] = [];
      const cpuPerPage: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const c0 = cpuSeconds(child.pid!);
        const r = await autocannon({ url: `${base}/transparencia`, connections: CONNECTIONS, duration: DURATION_S, headers });
        results.push(r);
        cpuPerPage.push(Math.round(((cpuSeconds(child.pid!) - c0) * 1e6) / Math.max(1, r.requests.total)));
        const statuses = Object.fromEntries((['2xx', '3xx', '4xx', '5xx'] as const).filter((k) => r[k]).map((k) => [k, r[k]]));
        say(
          `  ${label} round ${i + 1}: ${Math.round(r.requests.average)} pages/s, p50 ${r.latency.p50} ms, p90 ${r.latency.p90} ms, p97.5 ${r.latency.p97_5} ms, p99 ${r.latency.p99} ms, ${JSON.stringify(statuses)}`,
        );
      }
      const m = (f: (r: autocannon.Result) => number) => median(results.map(f));
      if (summary.p97_5 === undefined) Object.assign(summary, { p97_5: m((r) => r.latency.p97_5), p90: m((r) => r.latency.p90) });
      say(
        `${label}, ${CONNECTIONS} connections, ${DURATION_S}s × ${ROUNDS}: median ${m((r) => Math.round(r.requests.average))} pages/s, p90 ${m((r) => r.latency.p90)} ms, p97.5 ${m((r) => r.latency.p97_5)} ms (p95 lies between), p99 ${m((r) => r.latency.p99)} ms, ${median(cpuPerPage)} µs of server CPU per page (targets ≥ 1,000 pages/s, p95 < 100 ms)`,
      );
    };
    await rounds('GET /transparencia warm (brotli)', { 'Accept-Encoding': 'br' });
    await rounds('GET /transparencia If-None-Match (304)', { 'If-None-Match': String(home.headers.etag) });

    // Page weights, compressed as a browser receives them: HTML (with its inline SVG charts) + the stylesheet.
    const css = /href="(\/assets\/site\.[0-9a-f]+\.css)"/.exec(home.body)?.[1] ?? '';
    const [cssBr, cssGz] = await Promise.all([
      fetchOnce(`${base}${css}`, { 'Accept-Encoding': 'br' }),
      fetchOnce(`${base}${css}`, { 'Accept-Encoding': 'gzip' }),
    ]);
    const code = /href="\/transparencia\/instituciones\/([^"]+)"/.exec((await fetchOnce(`${base}/transparencia`)).body)?.[1] ?? '';
    const institutionPage = await fetchOnce(`${base}/transparencia/instituciones/${code}`);
    const procedurePath = /href="(\/transparencia\/tramites\/[^"]+)"/.exec(institutionPage.body)?.[1] ?? '';
    const pages: Array<[string, string]> = [
      ['Inicio (ranking completo)', '/transparencia'],
      ['Institución', `/transparencia/instituciones/${code}`],
      ['Trámite', procedurePath],
      ['Buscar', '/transparencia/buscar?q=tramite'],
      ['Metodología', '/transparencia/metodologia'],
      ['Datos abiertos', '/transparencia/datos-abiertos'],
    ];
    say(`Stylesheet: ${(cssBr.bytes / 1024).toFixed(1)} KB brotli, ${(cssGz.bytes / 1024).toFixed(1)} KB gzip`);
    for (const [name, path] of pages) {
      const [raw, br, gz] = await Promise.all([
        fetchOnce(`${base}${path}`),
        fetchOnce(`${base}${path}`, { 'Accept-Encoding': 'br' }),
        fetchOnce(`${base}${path}`, { 'Accept-Encoding': 'gzip' }),
      ]);
      if (path === '/transparencia') summary.homeKb = (br.bytes + cssBr.bytes) / 1024;
      say(
        `Page weight ${name}: HTML ${(raw.bytes / 1024).toFixed(1)} KB raw, ${(br.bytes / 1024).toFixed(1)} KB brotli, ${(gz.bytes / 1024).toFixed(1)} KB gzip; with CSS ${((br.bytes + cssBr.bytes) / 1024).toFixed(1)} KB brotli, ${((gz.bytes + cssGz.bytes) / 1024).toFixed(1)} KB gzip (target < 100 KB)`,
      );
    }
    const weightOk = summary.homeKb! < 100;
    const timeOk = summary.p97_5! < 100;
    say(`\nObjetivo 5 — inicio de /transparencia con ${rows} instituciones (compilado; ${loadNote()}):`);
    say(`  peso comprimido (HTML brotli + CSS): ${summary.homeKb!.toFixed(1)} KB (objetivo < 100 KB) ${weightOk ? 'CUMPLE' : 'NO CUMPLE'}`);
    say(
      `  latencia a ${CONNECTIONS} conexiones: p90 ${summary.p90} ms, p97,5 ${summary.p97_5} ms (p95 entre ambos; objetivo p95 < 100 ms) ${timeOk ? 'CUMPLE' : 'NO CUMPLE'}`,
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
