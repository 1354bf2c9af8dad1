import { randomBytes } from 'node:crypto';
import { applyTestEnv } from './test-env';

applyTestEnv();
// Each test file gets its own Redis namespace (queues, rate limits), so files never see each other's jobs.
process.env.QUEUE_PREFIX = `test-${randomBytes(4).toString('hex')}`;
