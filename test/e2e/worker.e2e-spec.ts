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
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { asScope, createInstitution, createUser } from '../helpers/factories';

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
    for (let i = 0; i < 2; i++)
      workers.push(await NestFactory.createApplicationContext(WorkerModule, { logger: false, abortOnError: false }).then((w) => w.init()));
    events = new QueueEvents(QueueName.Maintenance, {
      connection: redisOptionsFromUrl(process.env.REDIS_URL!),
      prefix: process.env.QUEUE_PREFIX,
    });
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
    expect((await scoring.getJobSchedulers()).map((s) => s.key).sort()).toEqual([
      'scoring:nightly-recompute',
      'scoring:snapshot-retention',
    ]);
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

describe('Worker boot: pending reminders are queued again', () => {
  it('queues delivery of a pending outbox row whose job was lost, once, without evaluating the rules', async () => {
    const first = await NestFactory.createApplicationContext(WorkerModule, { logger: false, abortOnError: false }).then((w) => w.init());
    const mail = first.get<Queue>(getQueueToken(QueueName.Mail), { strict: false });
    let second: INestApplicationContext | null = null;
    try {
      const ds = first.get<DataSource>(getDataSourceToken());
      const inst = await createInstitution(ds, 'Ministerio de Reinicios');
      const liaison = await createUser(ds, 'liaison', inst.id);
      const [row] = await asScope(ds, 'admin', null, (em) =>
        em.query(
          `INSERT INTO notifications (institution_id, rule_id, kind, subject_type, subject_id, due_date, stage, recipient_id, reason, delivery,
                                      days_until_due, evaluated_on, payload)
           SELECT $1, r.id, r.kind, 'milestone', gen_random_uuid(), CURRENT_DATE + 7, 'before-7', $2, 'liaison', 'immediate', 7, CURRENT_DATE, '{}'
             FROM reminder_rules r WHERE r.code = 'milestone-due' RETURNING id`,
          [inst.id, liaison.id],
        ),
      );
      const jobsFor = async (id: string) =>
        (await mail.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed'])).filter(
          (j) => j.name === JobName.DeliverNotifications && (j.data as { ids: string[] }).ids.includes(id),
        );
      expect(await jobsFor(row.id)).toEqual([]); // as if Redis had lost it
      const before = await asScope(ds, 'admin', null, (em) => em.query(`SELECT count(*)::int AS n FROM notifications`));

      second = await NestFactory.createApplicationContext(WorkerModule, { logger: false, abortOnError: false }).then((w) => w.init());
      const jobs = await jobsFor(row.id);
      expect(jobs).toHaveLength(1);
      const after = await asScope(ds, 'admin', null, (em) => em.query(`SELECT count(*)::int AS n FROM notifications`));
      expect(after[0].n).toBe(before[0].n); // no evaluation at boot
    } finally {
      if (second) await second.close();
      await mail.obliterate({ force: true }).catch(() => undefined);
      await first.close();
    }
  });
});
