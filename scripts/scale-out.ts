/**
 * Scale-out on one machine: N API processes and M workers of the compiled build (dist/, `npm run build`) over the same
 * PostgreSQL and Redis, as a larger deployment runs them on several machines.
 *
 *   npm run scale-out                       2 APIs (PORT, PORT+1) and 2 workers, configured by .env; Ctrl+C stops them
 *   npm run scale-out -- --apis 3 --workers 4
 *
 * The chaos suite (test/chaos) starts its cluster through the same code (`Cluster.start`).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, WriteStream } from 'node:fs';
import { join, resolve } from 'node:path';

export type ProcessKind = 'api' | 'worker';

export interface ClusterProcess {
  name: string;
  kind: ProcessKind;
  /** API only. */
  port: number | null;
  child: ChildProcess;
  /** Everything the process printed (stdout and stderr), also written to `<logDir>/<name>.log`. */
  output: string;
}

export interface ClusterOptions {
  apis: number;
  workers: number;
  /** API i listens on basePort + i. */
  basePort: number;
  /** Added to this process's environment for every child (DATABASE_URL, REDIS_URL, QUEUE_PREFIX…). */
  env: Record<string, string>;
  logDir: string;
  /** Repository root (where dist/ is). */
  root?: string;
  /** Per-process readiness wait. */
  readyTimeoutMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const WORKER_READY = 'Simplifica worker listo';

export class Cluster {
  readonly processes = new Map<string, ClusterProcess>();
  private readonly logs: WriteStream[] = [];

  private constructor(private readonly opts: ClusterOptions & { root: string; readyTimeoutMs: number }) {}

  static async start(opts: ClusterOptions): Promise<Cluster> {
    const root = opts.root ?? resolve(__dirname, '..');
    if (!existsSync(join(root, 'dist/src/main.js'))) throw new Error('Falta la compilación: ejecute npm run build');
    mkdirSync(opts.logDir, { recursive: true });
    const cluster = new Cluster({ ...opts, root, readyTimeoutMs: opts.readyTimeoutMs ?? 60_000 });
    try {
      // Workers first (they register the schedules), then the APIs; each kind boots in parallel.
      await Promise.all(Array.from({ length: opts.workers }, (_, i) => cluster.startWorker(i + 1)));
      await Promise.all(Array.from({ length: opts.apis }, (_, i) => cluster.startApi(i + 1)));
    } catch (e) {
      await cluster.stop();
      throw e;
    }
    return cluster;
  }

  get apis(): ClusterProcess[] {
    return [...this.processes.values()].filter((p) => p.kind === 'api');
  }

  get workers(): ClusterProcess[] {
    return [...this.processes.values()].filter((p) => p.kind === 'worker');
  }

  /** Starts (or restarts) API n on basePort + n - 1 and waits for /health to answer 200. */
  async startApi(n: number): Promise<ClusterProcess> {
    const port = this.opts.basePort + n - 1;
    const p = this.spawn(`api-${n}`, 'api', 'dist/src/main.js', { PORT: String(port) }, port);
    await this.waitUntil(p, async () => (await fetch(`http://127.0.0.1:${port}/health`).catch(() => null))?.status === 200);
    return p;
  }

  /** Starts (or restarts) worker n and waits until it says it is ready (consumers and schedules registered). */
  async startWorker(n: number): Promise<ClusterProcess> {
    const p = this.spawn(`worker-${n}`, 'worker', 'dist/src/worker.js', {}, null);
    await this.waitUntil(p, async () => p.output.includes(WORKER_READY));
    return p;
  }

  /** Sends the signal and waits for the process to exit. */
  async kill(name: string, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const p = this.processes.get(name);
    if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return;
    const exited = new Promise((r) => p.child.once('exit', r));
    p.child.kill(signal);
    await exited;
  }

  /** SIGTERM to every process (graceful shutdown), SIGKILL to whatever is still up after 10 s. */
  async stop(): Promise<void> {
    await Promise.all(
      [...this.processes.keys()].map(async (name) => {
        const p = this.processes.get(name)!;
        if (p.child.exitCode !== null || p.child.signalCode !== null) return;
        const exited = new Promise((r) => p.child.once('exit', r));
        p.child.kill('SIGTERM');
        if ((await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)])) === false) await this.kill(name);
      }),
    );
    await Promise.all(this.logs.map((l) => new Promise((r) => l.end(r))));
  }

  private spawn(name: string, kind: ProcessKind, script: string, extra: Record<string, string>, port: number | null): ClusterProcess {
    const log = createWriteStream(join(this.opts.logDir, `${name}.log`), { flags: 'a' });
    this.logs.push(log);
    const child = spawn(process.execPath, [script], {
      cwd: this.opts.root,
      env: { ...process.env, ...this.opts.env, ...extra },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const p: ClusterProcess = { name, kind, port, child, output: '' };
    const collect = (chunk: Buffer) => {
      log.write(chunk);
      // Only the start matters for readiness; keep memory bounded however chatty the process is.
      if (p.output.length < 200_000) p.output += chunk.toString('utf8');
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    this.processes.set(name, p);
    return p;
  }

  private async waitUntil(p: ClusterProcess, ready: () => Promise<boolean>): Promise<void> {
    const until = Date.now() + this.opts.readyTimeoutMs;
    while (Date.now() < until) {
      if (p.child.exitCode !== null || p.child.signalCode !== null)
        throw new Error(`${p.name} terminó al arrancar:\n${p.output.slice(-3000)}`);
      if (await ready()) return;
      await sleep(200);
    }
    throw new Error(`${p.name} no quedó listo en ${this.opts.readyTimeoutMs} ms:\n${p.output.slice(-3000)}`);
  }
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 1 || v > 16) throw new Error(`--${name} debe ser un entero entre 1 y 16`);
  return v;
}

async function main(): Promise<void> {
  const { loadEnv } = await import('../src/config/load-env');
  const env = loadEnv();
  const apis = arg('apis', 2);
  const workers = arg('workers', 2);
  const logDir = resolve(__dirname, '..', '.data', 'scale-out');
  process.stdout.write(
    `Iniciando ${apis} API y ${workers} workers (dist/) sobre ${new URL(env.DATABASE_URL).host} y ${env.REDIS_URL}; registros en ${logDir}\n`,
  );
  const cluster = await Cluster.start({ apis, workers, basePort: env.PORT, env: {}, logDir });
  for (const p of cluster.processes.values()) {
    process.stdout.write(`  ${p.name.padEnd(9)} pid ${p.child.pid}${p.port ? `  http://127.0.0.1:${p.port}` : ''}\n`);
  }
  process.stdout.write('Ctrl+C detiene todo.\n');
  const stop = () => void cluster.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await new Promise<void>((resolveExit) => {
    for (const p of cluster.processes.values()) {
      p.child.once('exit', (code, signal) => {
        process.stderr.write(`${p.name} terminó (${signal ?? code}); deteniendo el resto\n`);
        resolveExit();
      });
    }
  });
  await cluster.stop();
  process.exit(1);
}

if (require.main === module) {
  main().catch((e: Error) => {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  });
}
