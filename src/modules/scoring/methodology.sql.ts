import { preparedStatement } from '../../database/prepared-statement';
import type { MethodologyParameters } from './methodology';

/** The active methodology version as stored (its parameters as saved: fields a version predates are filled in code). */
export interface ActiveMethodologyRow {
  id: string;
  version: number;
  name: string;
  parameters: Partial<MethodologyParameters>;
}

export const ACTIVE_METHODOLOGY_SQL = preparedStatement(
  'scoring-active-methodology',
  `SELECT id, version, name, parameters FROM methodologies WHERE active LIMIT 1`,
);
