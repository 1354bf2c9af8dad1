import { openMilestoneSql } from '../inventory/rules/open-milestones';

/**
 * SQL conditions of the procedure indicators (procedure-indicators.ts holds their definitions and the same tests on a
 * procedure as it stood on a past day). Conditions on procedures aliased `p`: no rows of their own.
 */

/** Digitalised from this validated maturity level (0–5 scale). */
export const DIGITALISED_LEVEL = 4;

/** In progress: an open milestone (pending or in progress) of an approved plan, or a rationalisation action not yet implemented, on the procedure. */
export const IN_PROGRESS_SQL = (
  p: string,
) => `(EXISTS (SELECT 1 FROM milestones m JOIN simplification_plans sp ON sp.id = m.plan_id AND sp.status = 'approved'
     WHERE m.procedure_id = ${p}.id AND m.institution_id = ${p}.institution_id AND ${openMilestoneSql('m')})
  OR EXISTS (SELECT 1 FROM rationalisation_actions a WHERE a.procedure_id = ${p}.id AND a.institution_id = ${p}.institution_id AND a.implemented_on IS NULL))`;

/** Digitalised: the validated maturity level (current_level) is 4 or more on the 0–5 scale. */
export const DIGITALISED_SQL = (p: string) => `${p}.current_level >= ${DIGITALISED_LEVEL}`;
