import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadEnv } from '../config/load-env';
import { buildDataSourceOptions } from './data-source-options';

/** TypeORM CLI entry (migration:run / revert / generate): connects as the schema owner. */
const env = loadEnv();
export default new DataSource(buildDataSourceOptions(env.DATABASE_MIGRATION_URL, 2, 'simplifica-migrations'));
