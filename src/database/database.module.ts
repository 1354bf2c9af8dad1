import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { buildDataSourceOptions, KEPT_CONNECTIONS } from './data-source-options';
import { Database } from './database.service';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        buildDataSourceOptions(config.database.url, config.database.poolSize, 'simplifica', KEPT_CONNECTIONS),
    }),
  ],
  providers: [Database],
  exports: [Database],
})
export class DatabaseModule {}
