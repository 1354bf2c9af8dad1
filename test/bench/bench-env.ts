/**
 * Benchmarks run against their own database (recreated) so they never touch demo or test data.
 * Import this first: it points the configuration at `simplifica_bench` before anything loads it.
 */
import { cpus, loadavg } from 'node:os';

export const BENCH_DB = process.env.BENCH_DATABASE_NAME ?? 'simplifica_bench';
const host = process.env.BENCH_PG_HOST ?? '127.0.0.1:5432';
process.env.DATABASE_URL = `postgres://simplifica_app:simplifica_app@${host}/${BENCH_DB}`;
process.env.DATABASE_MIGRATION_URL = `postgres://simplifica_owner:simplifica_owner@${host}/${BENCH_DB}`;
process.env.DATABASE_ADMIN_URL ??= `postgres://postgres@${host}/postgres`;
process.env.JWT_SECRET ??= 'bench-secret-bench-secret-bench-secret-0123';
process.env.DATA_ENCRYPTION_KEY ??= 'be4c4be4c4be4c4be4c4be4c4be4c4be4c4be4c4be4c4be4c4be4c4be4c4be4c';
process.env.LOG_LEVEL = 'silent';
process.env.QUEUE_PREFIX = `bench-${process.pid}`;
process.env.ENV_FILE = '.env.bench-does-not-exist';

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Samples the process RSS every 100 ms; returns the peak in MB when stopped. */
export function rssSampler(): { stop: () => number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  return {
    stop: () => {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      return Math.round(peak / 1024 / 1024);
    },
  };
}

/** The machine's load average (1, 5, 15 min) and core count, printed next to every figure: the machine is shared. */
export const loadNote = (): string => {
  return `carga ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ')} en ${cpus().length} núcleos`;
};

/** One goal's line: reference and product medians from the same run, and their ratio against the goal's bound. */
export function ratioLine(what: string, reference: number, product: number, maxRatio: number, unit = 'ms'): { line: string; ok: boolean } {
  const ratio = product / reference;
  const ok = ratio <= maxRatio;
  return {
    ok,
    line: `  ${what}: referencia ${reference.toFixed(0)} ${unit}, producto ${product.toFixed(0)} ${unit} → ×${ratio.toFixed(2)} (objetivo ≤ ×${maxRatio}) ${ok ? 'CUMPLE' : 'NO CUMPLE'}`,
  };
}
