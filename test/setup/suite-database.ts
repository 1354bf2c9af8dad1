import { cloneTemplateDatabase, dropOwnDatabase } from '../helpers/test-databases';
import { TEST_DB } from './test-env';

// Runs around every test file (setupFilesAfterEnv): its own copy of the migrated template, dropped at the end.
beforeAll(() => cloneTemplateDatabase(TEST_DB));
afterAll(() => dropOwnDatabase());
