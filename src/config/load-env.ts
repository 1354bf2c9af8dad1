import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { EnvVars, validateEnv } from './env.validation';

let cached: EnvVars | undefined;

/**
 * Reads `.env` (when present; real environment variables win) and validates once per process.
 * The only place that reads process.env.
 */
export function loadEnv(): EnvVars {
  if (cached) return cached;
  const file = resolve(process.cwd(), process.env.ENV_FILE ?? '.env');
  if (existsSync(file)) loadDotenv({ path: file, override: false, quiet: true });
  cached = validateEnv(process.env);
  return cached;
}

/** For tests that change variables between app instances. */
export function resetEnvCache(): void {
  cached = undefined;
}
