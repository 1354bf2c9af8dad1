/**
 * Goal 1 of issue 17, shared by the public API and pages benchmarks: each route family of the product against a bare
 * node:http server sending the very same bytes (reference/bare-mirror.ts), loaded by wrk (a C load generator, not a
 * JavaScript process on the same cores), interleaved round by round, medians.
 */
import { ChildProcess, execSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchRaw } from './reference/bare-mirror';
import { loadNote, median } from './bench-env';

const say = (m: string) => process.stdout.write(`${m}\n`);

/** wrk from Debian's package, installed when missing (the machine's package manager, as root or through sudo). */
export function ensureWrk(): void {
  try {
    execSync('command -v wrk', { stdio: 'ignore', shell: '/bin/bash' });
    return;
  } catch {
    say('wrk no está instalado: apt-get install -y wrk');
  }
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  execSync(`${sudo}apt-get install -y -qq wrk || (${sudo}apt-get update -qq && ${sudo}apt-get install -y -qq wrk)`, {
    stdio: 'inherit',
    shell: '/bin/bash',
  });
}

export interface WrkResult {
  requests: number;
  perSecond: number;
  /** Latency percentiles in ms. */
  p50: number;
  p95: number;
  p99: number;
  /** Answers that were not 2xx/3xx, and socket errors (connect, read, write, timeout). */
  bad: number;
  errors: number;
}

let script: string | null = null;
const SCRIPT = `
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), e.status, e.connect + e.read + e.write + e.timeout))
end
`;

/** wrk -t2 -c<connections> -d<seconds>s with the given headers; percentiles from its own histogram (µs → ms). */
export function wrk(url: string, headers: Record<string, string>, connections: number, seconds: number): Promise<WrkResult> {
  if (!script) {
    script = join(mkdtempSync(join(tmpdir(), 'wrk-')), 'report.lua');
    writeFileSync(script, SCRIPT);
  }
  const args = ['-t2', `-c${connections}`, `-d${seconds}s`, '-s', script];
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}: ${v}`);
  args.push(url);
  return new Promise((resolve, reject) => {
    const p = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (c: Buffer) => (out += c.toString()));
    p.on('error', reject);
    p.on('exit', () => {
      const m = /RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)/.exec(out);
      if (!m) return reject(new Error(`wrk: ${out}`));
      const [requests, durationUs, p50, p95, p99, bad, errors] = m.slice(1).map(Number);
      resolve({
        requests,
        perSecond: Math.round(requests / (durationUs / 1e6)),
        p50: p50 / 1000,
        p95: p95 / 1000,
        p99: p99 / 1000,
        bad,
        errors,
      });
    });
  });
}

export interface Family {
  /** What the line says (Spanish: the bench prints for people). */
  name: string;
  path: string;
  /** Request headers of the 200 load (Accept-Encoding decides the bytes). */
  headers: Record<string, string>;
}

interface Mirror {
  base: string;
  child: ChildProcess;
}

/** The reference for one response: a child process serving the bytes the product sent for `url` with `headers`. */
async function startMirror(url: string, headers: Record<string, string>): Promise<Mirror> {
  // Compiled (npm run bench:*) next to this file; under the TypeScript runtime, through it.
  const compiled = __filename.endsWith('.js');
  const script = join(__dirname, 'reference', compiled ? 'bare-mirror.js' : 'bare-mirror.ts');
  const args = [...(compiled ? [] : ['-r', '@swc-node/register']), script, url, '0', JSON.stringify(headers)];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /ready \d+ (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`mirror exited (${code})`)));
  });
  return { base: `http://127.0.0.1:${port}`, child };
}

export interface FamilyFigures {
  name: string;
  bytes: number;
  encoding: string;
  ok200: number;
  ok304: number;
  product200: number;
  bare200: number;
  product304: number;
  bare304: number;
  p99_200: number;
  p99_304: number;
  p95_200: number;
}

/**
 * For each family: product and reference answer the same bytes (checked), then ROUNDS × (product 200, bare 200,
 * product 304, bare 304), each wrk run DURATION seconds; prints every round and the medians with the ratios.
 */
export async function sideBySide(
  productBase: string,
  families: Family[],
  opts: { rounds: number; seconds: number; connections: number },
): Promise<FamilyFigures[]> {
  const figures: FamilyFigures[] = [];
  for (const f of families) {
    const url = `${productBase}${f.path}`;
    const first = await fetchRaw(url, f.headers);
    if (first.status !== 200) throw new Error(`${f.path}: ${first.status}`);
    const etag = String(first.headers.etag);
    const mirror = await startMirror(url, f.headers);
    try {
      const [p, b] = await Promise.all([fetchRaw(url, f.headers), fetchRaw(`${mirror.base}${f.path}`, f.headers)]);
      if (!p.body.equals(b.body) || p.headers['content-encoding'] !== b.headers['content-encoding'])
        throw new Error(`${f.path}: the reference does not send the product's bytes`);
      const [p304, b304] = await Promise.all([
        fetchRaw(url, { ...f.headers, 'If-None-Match': etag }),
        fetchRaw(`${mirror.base}${f.path}`, { ...f.headers, 'If-None-Match': etag }),
      ]);
      if (p304.status !== 304 || b304.status !== 304) throw new Error(`${f.path}: 304 expected (${p304.status}, ${b304.status})`);
      // Warm-up, discarded (JIT, compressed forms, connection set-up).
      await wrk(url, f.headers, opts.connections, 2);
      await wrk(`${mirror.base}${f.path}`, f.headers, opts.connections, 2);
      const runs: Record<'p200' | 'b200' | 'p304' | 'b304', WrkResult[]> = { p200: [], b200: [], p304: [], b304: [] };
      const cond = { ...f.headers, 'If-None-Match': etag };
      for (let r = 0; r < opts.rounds; r++) {
        runs.p200.push(await wrk(url, f.headers, opts.connections, opts.seconds));
        runs.b200.push(await wrk(`${mirror.base}${f.path}`, f.headers, opts.connections, opts.seconds));
        runs.p304.push(await wrk(url, cond, opts.connections, opts.seconds));
        runs.b304.push(await wrk(`${mirror.base}${f.path}`, cond, opts.connections, opts.seconds));
        const line = (k: keyof typeof runs, label: string) => {
          const x = runs[k][r];
          return `${label} ${x.perSecond} req/s p99 ${x.p99.toFixed(1)} ms${x.bad || x.errors ? ` (${x.bad} no 2xx/3xx, ${x.errors} errores)` : ''}`;
        };
        say(
          `  ${f.name} ronda ${r + 1}: ${line('p200', 'producto 200')}; ${line('b200', 'base 200')}; ${line('p304', 'producto 304')}; ${line('b304', 'base 304')}`,
        );
      }
      const m = (k: keyof typeof runs, pick: (x: WrkResult) => number) => median(runs[k].map(pick));
      const bad = [...runs.p200, ...runs.p304].reduce((n, x) => n + x.bad + x.errors, 0);
      if (bad) say(`  ¡${f.name}: ${bad} respuestas del producto no fueron 200/304 o fallaron!`);
      figures.push({
        name: f.name,
        bytes: first.body.length,
        encoding: String(first.headers['content-encoding'] ?? 'identity'),
        ok200: m('p200', (x) => x.perSecond) / m('b200', (x) => x.perSecond),
        ok304: m('p304', (x) => x.perSecond) / m('b304', (x) => x.perSecond),
        product200: m('p200', (x) => x.perSecond),
        bare200: m('b200', (x) => x.perSecond),
        product304: m('p304', (x) => x.perSecond),
        bare304: m('b304', (x) => x.perSecond),
        p99_200: m('p200', (x) => x.p99),
        p99_304: m('p304', (x) => x.p99),
        p95_200: m('p200', (x) => x.p95),
      });
    } finally {
      mirror.child.kill('SIGTERM');
    }
  }
  say(
    `\nObjetivo 1 — lecturas públicas frente a node:http desnudo con los mismos bytes (wrk, ${opts.connections} conexiones, ${opts.rounds} rondas intercaladas de ${opts.seconds} s, medianas; ${loadNote()}):`,
  );
  for (const x of figures) {
    const pass = (ok: boolean) => (ok ? 'CUMPLE' : 'NO CUMPLE');
    const p99 = Math.max(x.p99_200, x.p99_304);
    say(
      `  ${x.name} (${(x.bytes / 1024).toFixed(1)} KB ${x.encoding}): 200 ${x.product200} / ${x.bare200} req/s = ${(x.ok200 * 100).toFixed(0)} % (objetivo ≥ 50 %) ${pass(x.ok200 >= 0.5)}; ` +
        `304 ${x.product304} / ${x.bare304} req/s = ${(x.ok304 * 100).toFixed(0)} % (objetivo ≥ 50 %) ${pass(x.ok304 >= 0.5)}; ` +
        `p99 200 ${x.p99_200.toFixed(1)} ms, 304 ${x.p99_304.toFixed(1)} ms (objetivo < 50 ms) ${pass(p99 < 50)}`,
    );
  }
  return figures;
}
