import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { configureHttpApp } from './common/http/configure-http-app';
import { startBanner } from './common/http/start-banner';
import { AppConfig } from './config/app-config';
import { ConfigValidationError } from './config/env.validation';
import { loadEnv } from './config/load-env';

async function bootstrap(): Promise<void> {
  loadEnv(); // fail fast, before Nest starts, with every bad variable named
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bodyParser: false, bufferLogs: true });
  configureHttpApp(app);
  const config = app.get(AppConfig);
  await app.listen(config.http.port);
  process.stdout.write(`${startBanner(config)}\n`);
}

bootstrap().catch((e: unknown) => {
  process.stderr.write(`${e instanceof ConfigValidationError ? e.message : ((e as Error).stack ?? String(e))}\n`);
  process.exit(1);
});
