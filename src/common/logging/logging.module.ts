import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../../config/app-config';
import { requestIdOf } from '../http/request-id';

/** Structured JSON logs; every request line carries its request id (taken from X-Request-Id when sane) and, once known, the user and institution. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.logLevel,
          genReqId: requestIdOf,
          customProps: (req) => ({ requestId: req.id }),
          redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]'],
          autoLogging: { ignore: (req) => req.url === '/health' },
          serializers: { req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }) },
        },
        assignResponse: true,
      }),
    }),
  ],
})
export class LoggingModule {}
