/**
 * PostgreSQL and Redis instances of the chaos suite's own, started from the Debian binaries on spare ports in a temp
 * directory, so the tests can kill and restart them without touching the shared services other people use.
 */
import { ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves once something accepts TCP connections on the port (or rejects after the timeout). */
export async function waitForPort(port: number, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const open = await new Promise<boolean>((resolve) => {
      const s = createConnection({ host: '127.0.0.1', port }, () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (open) return;
    await sleep(100);
  }
  throw new Error(`nada escucha en 127.0.0.1:${port} tras ${timeoutMs} ms`);
}

/** True when nothing listens on the port. */
export async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port }, () => {
      s.destroy();
      resolve(false);
    });
    s.on('error', () => resolve(true));
  });
}

/** The newest PostgreSQL of the Debian packages (/usr/lib/postgresql/<version>/bin). */
function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  if (!versions.length) throw new Error('No se encontró PostgreSQL en /usr/lib/postgresql (paquete Debian postgresql)');
  return join(root, versions.sort((a, b) => Number(a) - Number(b)).pop()!, 'bin');
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * PostgreSQL refuses to run as root: as root, its commands run as the `postgres` OS user. Asynchronous, so the test
 * process keeps serving its load generator and SMTP listener while the server stops or recovers.
 */
async function pgCommand(bin: string, args: string[]): Promise<void> {
  const cmd = join(postgresBin(), bin);
  if (isRoot()) await promisify(execFile)('runuser', ['-u', 'postgres', '--', cmd, ...args]);
  else await promisify(execFile)(cmd, args);
}

export class PrivatePostgres {
  readonly dataDir: string;
  readonly socketDir: string;

  constructor(
    readonly dir: string,
    readonly port: number,
  ) {
    this.dataDir = join(dir, 'pgdata');
    this.socketDir = join(dir, 'pgsock');
  }

  /** Superuser URL (trust authentication, local only). */
  get adminUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  async init(): Promise<void> {
    if (!(await portIsFree(this.port))) throw new Error(`El puerto ${this.port} (PostgreSQL privado de las pruebas de caos) está ocupado`);
    mkdirSync(this.socketDir, { recursive: true });
    if (isRoot()) {
      chmodSync(this.dir, 0o755);
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
      chownSync(this.socketDir, uid, gid);
      mkdirSync(this.dataDir, { recursive: true });
      chownSync(this.dataDir, uid, gid);
    }
    await pgCommand('initdb', [
      '-D',
      this.dataDir,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
      '--no-instructions',
    ]);
    await this.start();
  }

  async start(): Promise<void> {
    await pgCommand('pg_ctl', [
      '-D',
      this.dataDir,
      '-l',
      join(this.dataDir, 'server.log'),
      '-w',
      '-t',
      '30',
      '-o',
      `-p ${this.port} -k ${this.socketDir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=128MB`,
      'start',
    ]);
    await waitForPort(this.port);
  }

  /** `immediate`: what a crash or a failover does (no checkpoint; recovery at the next start). */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    await pgCommand('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', 'stop']);
  }

  async destroy(): Promise<void> {
    await this.stop('immediate').catch(() => undefined); // already stopped
  }
}

/**
 * Redis with the append-only file fsynced on every write (appendfsync always): what a queue that must not lose jobs
 * needs, and what the README asks of production. A restart reloads every job, lock and scheduler.
 */
export class PrivateRedis {
  private child: ChildProcess | null = null;

  constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (!(await portIsFree(this.port))) throw new Error(`El puerto ${this.port} (Redis privado de las pruebas de caos) está ocupado`);
    mkdirSync(this.dir, { recursive: true });
    this.child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--save',
        '',
        '--daemonize',
        'no',
        '--loglevel',
        'warning',
      ],
      { stdio: 'ignore' },
    );
    await waitForPort(this.port);
  }

  /** kill -9: whatever Redis acknowledged is in the append-only file. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }
}
