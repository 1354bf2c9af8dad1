import { getQueueToken } from '@nestjs/bullmq';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureHttpApp } from '../../src/common/http/configure-http-app';
import { resetEnvCache } from '../../src/config/load-env';
import { ALL_QUEUES } from '../../src/queue/queue-names';
import { redisOptionsFromUrl } from '../../src/redis/redis-options';
import { WorkerQueueModule } from '../../src/queue/worker/worker-queue.module';

export interface TestApp {
  app: NestExpressApplication;
  http: () => ReturnType<typeof request>;
  /** A connection as the application's role (RLS applies). */
  dataSource: DataSource;
  queue: (name: string) => Queue;
  close: () => Promise<void>;
}

/**
 * The real app — same modules, pipes, filters and HTTP set-up as main.ts — on the test database and Redis.
 * With `worker: true` the BullMQ consumers run in the same process, so e-mails and jobs really flow.
 */
export async function createTestApp(opts: { worker?: boolean; env?: Record<string, string> } = {}): Promise<TestApp> {
  Object.assign(process.env, opts.env ?? {});
  resetEnvCache();
  const moduleRef = await Test.createTestingModule({ imports: [AppModule, ...(opts.worker ? [WorkerQueueModule] : [])] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
  configureHttpApp(app);
  await app.init();
  const queue = (name: string) => app.get<Queue>(getQueueToken(name), { strict: false });
  return {
    app,
    http: () => request(app.getHttpServer()),
    dataSource: app.get(getDataSourceToken()),
    queue,
    close: async () => {
      for (const name of ALL_QUEUES) {
        const q = queue(name);
        for (const s of await q.getJobSchedulers()) if (s.key) await q.removeJobScheduler(s.key);
      }
      // Stop the workers before wiping the queues, so no job finishes against keys that are gone.
      await app.close();
      const connection = redisOptionsFromUrl(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
      for (const name of ALL_QUEUES) {
        const q = new Queue(name, { connection, prefix: process.env.QUEUE_PREFIX });
        await q.obliterate({ force: true });
        await q.close();
      }
    },
  };
}
