import { getQueueToken } from '@nestjs/bullmq';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureHttpApp } from '../../src/common/http/configure-http-app';
import { resetEnvCache } from '../../src/config/load-env';
import { ALL_QUEUES } from '../../src/queue/queue-names';
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
        await q.obliterate({ force: true });
      }
      await app.close();
    },
  };
}
