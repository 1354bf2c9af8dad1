import { randomBytes } from 'node:crypto';
import { applyTestEnv, SUITE_DB_PREFIX } from './test-env';

// Each test file gets its own database (a copy of the migrated template, made by suite-database.ts before its tests)
// and its own Redis namespace (queues, rate limits), so files never see each other's rows or jobs.
applyTestEnv(`${SUITE_DB_PREFIX}${randomBytes(4).toString('hex')}`);
process.env.QUEUE_PREFIX = `test-${randomBytes(4).toString('hex')}`;
