/** Environment shared by every test file and by the global setup: a separate database and a quiet logger. */
export const TEST_DB = process.env.TEST_DATABASE_NAME ?? 'simplifica_test';

export function applyTestEnv(): void {
  const host = process.env.TEST_PG_HOST ?? '127.0.0.1:5432';
  process.env.NODE_ENV = 'test';
  process.env.ENV_FILE = '.env.test-does-not-exist';
  process.env.DATABASE_URL = `postgres://simplifica_app:simplifica_app@${host}/${TEST_DB}`;
  process.env.DATABASE_MIGRATION_URL = `postgres://simplifica_owner:simplifica_owner@${host}/${TEST_DB}`;
  process.env.DATABASE_ADMIN_URL ??= `postgres://postgres@${host}/postgres`;
  process.env.REDIS_URL ??= 'redis://127.0.0.1:6379';
  process.env.JWT_SECRET = 'test-secret-test-secret-test-secret-0123456789';
  process.env.DATA_ENCRYPTION_KEY = '7e57d47a7e57d47a7e57d47a7e57d47a7e57d47a7e57d47a7e57d47a7e57d47a';
  process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
  process.env.LOGIN_MAX_ATTEMPTS_PER_IP = '1000';
  process.env.TRUST_PROXY_HOPS = '1';
  process.env.APP_PUBLIC_URL = 'http://simplifica.test';
}
