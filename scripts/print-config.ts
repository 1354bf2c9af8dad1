/** Prints a few validated settings as shell assignments for scripts/start.sh (the app's loader, not bash, parses .env). */
import { loadEnv } from '../src/config/load-env';

const env = loadEnv();
const quote = (v: string | number) => `'${String(v).replace(/'/g, `'\\''`)}'`;
const out = {
  PORT: env.PORT,
  APP_PUBLIC_URL: env.APP_PUBLIC_URL.replace(/\/+$/, ''),
  SMTP_URL: env.SMTP_URL,
  DATABASE_NAME: new URL(env.DATABASE_URL).pathname.slice(1),
};
process.stdout.write(
  Object.entries(out)
    .map(([k, v]) => `${k}=${quote(v)}`)
    .join('\n') + '\n',
);
