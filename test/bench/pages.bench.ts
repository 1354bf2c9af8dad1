/**
 * Public pages benchmark (npm run bench:pages). Needs the national-scale dataset of the scoring benchmark in the
 * bench database (500 institutions with scores, 100,000 procedures): `npm run bench:scoring` creates it; this only
 * reads it.
 *
 * The API (with the pages) runs in a child process; the load comes from wrk (C, installed from Debian when missing).
 * Measures: the home page with every institution in the ranking — its first render of a data version; then goal 1 of
 * issue 17 for the page families (home, institution, procedure; brotli as browsers ask), 200s and 304s against a bare
 * node:http server sending the very same bytes (side-by-side.ts, 5 interleaved rounds by default as in public.bench.ts, medians); goal 5: the home's
 * compressed weight (HTML + CSS + inline SVG) and its p95 at 50 connections; the weight of each page type.
 */
import './bench-env';
import { ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import { cpus, loadavg } from 'node:os';
import { DataSource } from 'typeorm';
import { BENCH_DB, loadNote, median } from './bench-env';
import { ensureWrk, sideBySide } from './side-by-side';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 5);
const ROUNDS = Math.max(3, Number(process.env.BENCH_ROUNDS ?? 5));
const say = (m: string) => process.stdout.write(`${m}\n`);

async function serve(): Promise<void> {
  // Far above what wrk sends in a minute (a million a minute was exhausted mid-run once 304s passed 16,000 req/s).
  process.env.PUBLIC_PAGES_RATE_LIMIT_PER_MINUTE = '1000000000';
  process.env.PUBLIC_API_RATE_LIMIT_PER_MINUTE = '1000000000';
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
  ensureWrk();

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

    const summary: { homeKb?: number } = {};
    const code = /href="\/transparencia\/instituciones\/([^"]+)"/.exec(home.body)?.[1] ?? '';
    const institutionPage = await fetchOnce(`${base}/transparencia/instituciones/${code}`);
    const procedurePath = /href="(\/transparencia\/tramites\/[^"]+)"/.exec(institutionPage.body)?.[1] ?? '';
    const br = { 'Accept-Encoding': 'br' };
    const figures = await sideBySide(
      base,
      [
        { name: 'Página de inicio (ranking completo), brotli', path: '/transparencia', headers: br },
        { name: 'Página de institución, brotli', path: `/transparencia/instituciones/${code}`, headers: br },
        { name: 'Página de trámite, brotli', path: procedurePath, headers: br },
      ],
      { rounds: ROUNDS, seconds: DURATION_S, connections: CONNECTIONS },
    );
    const homeFigures = figures[0];

    // Page weights, compressed as a browser receives them: HTML (with its inline SVG charts) + the stylesheet.
    const css = /href="(\/assets\/site\.[0-9a-f]+\.css)"/.exec(home.body)?.[1] ?? '';
    const [cssBr, cssGz] = await Promise.all([
      fetchOnce(`${base}${css}`, { 'Accept-Encoding': 'br' }),
      fetchOnce(`${base}${css}`, { 'Accept-Encoding': 'gzip' }),
    ]);
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
    const timeOk = homeFigures.p95_200 < 100;
    say(`\nObjetivo 5 — inicio de /transparencia con ${rows} instituciones (compilado; ${loadNote()}):`);
    say(`  peso comprimido (HTML brotli + CSS): ${summary.homeKb!.toFixed(1)} KB (objetivo < 100 KB) ${weightOk ? 'CUMPLE' : 'NO CUMPLE'}`);
    say(
      `  latencia a ${CONNECTIONS} conexiones (wrk, mediana de ${ROUNDS} rondas): p95 ${homeFigures.p95_200.toFixed(1)} ms, p99 ${homeFigures.p99_200.toFixed(1)} ms (objetivo p95 < 100 ms) ${timeOk ? 'CUMPLE' : 'NO CUMPLE'}`,
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
