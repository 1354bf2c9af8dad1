/**
 * Environment shared by every test file and by the global setup: separate databases and a quiet logger.
 *
 * TEST_DATABASE_NAME (default simplifica_test) names the template: the global setup migrates it once; every test file
 * then works in its own copy, `<template>__<random>`, created before its first test and dropped after its last, so no
 * suite sees another's rows (national figures, name lookups, counts).
 */
export const TEST_DB = process.env.TEST_DATABASE_NAME ?? 'simplifica_test';

/** Prefix of the per-file copies of the template (the global setup drops leftovers of interrupted runs). */
export const SUITE_DB_PREFIX = `${TEST_DB}__`;

export function applyTestEnv(database = TEST_DB): void {
  const host = process.env.TEST_PG_HOST ?? '127.0.0.1:5432';
  process.env.NODE_ENV = 'test';
  process.env.ENV_FILE = '.env.test-does-not-exist';
  process.env.DATABASE_URL = `postgres://simplifica_app:simplifica_app@${host}/${database}`;
  process.env.DATABASE_MIGRATION_URL = `postgres://simplifica_owner:simplifica_owner@${host}/${database}`;
  process.env.DATABASE_ADMIN_URL ??= `postgres://postgres@${host}/postgres`;
  process.env.REDIS_URL ??= 'redis://127.0.0.1:6379';
  process.env.JWT_SECRET = 'test-secret-test-secret-test-secret-0123456789';
  process.env.DATA_ENCRYPTION_KEY = '7e57d47a7e57d47a7e57d47a7e57d47a7e57d47a7e57d47a7e57d47a7e57d47a';
  process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
  process.env.LOGIN_MAX_ATTEMPTS_PER_IP = '1000';
  process.env.TRUST_PROXY_HOPS = '1';
  process.env.APP_PUBLIC_URL = 'http://simplifica.test';
}
