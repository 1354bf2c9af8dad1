import { getQueueToken } from '@nestjs/bullmq';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Job, Queue } from 'bullmq';
import { QueueEvents } from 'bullmq';
import { resetEnvCache } from '../../src/config/load-env';
import { JobName } from '../../src/queue/job-names';
import { QueueName } from '../../src/queue/queue-names';
import { redisOptionsFromUrl } from '../../src/redis/redis-options';
import { WorkerModule } from '../../src/worker.module';

/**
 * Two real worker application contexts (the same module graph as src/worker.ts) compete for the same
 * queues. A job scheduler upserted by both still yields one job per tick, and each job runs once.
 */
describe('Worker: schedules run once across several workers', () => {
  const workers: INestApplicationContext[] = [];
  let events: QueueEvents;
  const completed: Array<{ id: string; name: string }> = [];

  beforeAll(async () => {
    // every second, so the test sees several ticks quickly
    process.env.MAINTENANCE_CRON = '* * * * * *';
    resetEnvCache();
    for (let i = 0; i < 2; i++) workers.push(await NestFactory.createApplicationContext(WorkerModule, { logger: false, abortOnError: false }).then((w) => w.init()));
    events = new QueueEvents(QueueName.Maintenance, { connection: redisOptionsFromUrl(process.env.REDIS_URL!), prefix: process.env.QUEUE_PREFIX });
    events.on('completed', ({ jobId }) => completed.push({ id: jobId, name: 'completed' }));
    await events.waitUntilReady();
  });

  afterAll(async () => {
    const queue = workers[0].get<Queue>(getQueueToken(QueueName.Maintenance), { strict: false });
    await queue.removeJobScheduler('maintenance:purge-expired-tokens');
    const scoring = workers[0].get<Queue>(getQueueToken(QueueName.Scoring), { strict: false });
    await scoring.removeJobScheduler('scoring:nightly-recompute');
    await events.close();
    for (const w of workers) await w.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await scoring.obliterate({ force: true }).catch(() => undefined);
  });

  it('both workers registered the same single scheduler', async () => {
    const queue = workers[1].get<Queue>(getQueueToken(QueueName.Maintenance), { strict: false });
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toEqual(['maintenance:purge-expired-tokens']);
    expect(schedulers[0]).toMatchObject({ pattern: '* * * * * *', tz: 'America/Guatemala' });
    const scoring = workers[1].get<Queue>(getQueueToken(QueueName.Scoring), { strict: false });
    expect((await scoring.getJobSchedulers()).map((s) => s.key)).toEqual(['scoring:nightly-recompute']);
  });

  it('each tick produces one job, processed exactly once', async () => {
    await new Promise((r) => setTimeout(r, 3500));
    const queue = workers[0].get<Queue>(getQueueToken(QueueName.Maintenance), { strict: false });
    const done: Job[] = await queue.getJobs(['completed']);
    expect(done.length).toBeGreaterThanOrEqual(2);
    // one job per scheduled instant: no two jobs share a timestamp
    const instants = done.map((j) => j.opts.prevMillis ?? j.timestamp);
    expect(new Set(instants).size).toBe(done.length);
    expect(done.every((j) => j.name === JobName.PurgeExpiredTokens && j.attemptsMade <= 1)).toBe(true);
    // each completion reported once
    const ids = completed.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(done.every((j) => j.returnvalue && typeof j.returnvalue.refreshTokens === 'number')).toBe(true);
  });
});
