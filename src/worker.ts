import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { ConfigValidationError } from './config/env.validation';
import { loadEnv } from './config/load-env';
import { WorkerModule } from './worker.module';
import { applyWorkerHeapPolicy } from './worker-heap-policy';

async function bootstrap(): Promise<void> {
  applyWorkerHeapPolicy();
  loadEnv();
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.get(Logger).log('Simplifica worker listo: colas y tareas programadas activas');
}

bootstrap().catch((e: unknown) => {
  process.stderr.write(`${e instanceof ConfigValidationError ? e.message : ((e as Error).stack ?? String(e))}\n`);
  process.exit(1);
});
