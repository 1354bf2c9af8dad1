/* Vendored from shared/baselines/sql/scoring.js (the reference harness), unchanged but for the module syntax. */
// Set-based recompute of methodology v1 (see shared/domain.md §4), written as a short script of statements run in
// one transaction: replace today's snapshots, then procedure rows, institution rows and the national row.
// oneInstitution = true adds "institution_id = $1" filters so that only that institution (and the national row) is
// recomputed. Components that need data this schema lacks (publication, user satisfaction, reporting) are left out
// and their weight is shared among the others, as the methodology does for missing ratings.
const W = { maturity: 35, legalBasis: 15, prohibited: 15, time: 10, freshness: 5 };
const WSUM = Object.values(W).reduce((a, b) => a + b, 0);

// components = false stores '{}' instead of the per-component JSON (to show what building the jsonb costs).
export function scoringScript(oneInstitution: boolean, components = true): Array<[string, string]> {
  const f = (alias: string) => (oneInstitution ? `AND ${alias}.institution_id = $1` : '');
  const today = 'current_date';
  return [
    [
      'delete today',
      `DELETE FROM score_snapshots s WHERE s.snapshot_date = ${today} AND s.methodology_version = 1
      ${oneInstitution ? "AND s.institution_id = $1 AND s.scope IN ('procedure', 'institution')" : ''}`,
    ],

    [
      'procedure rows',
      `
      WITH req AS (
        SELECT r.procedure_id,
               count(*) AS active,
               count(*) FILTER (WHERE r.legal_basis_type IN ('ley', 'acuerdo_gubernativo')) AS with_basis,
               count(*) FILTER (WHERE r.prohibited) AS prohibited
        FROM requirements r
        WHERE r.status = 'vigente' ${f('r')}
        GROUP BY r.procedure_id
      ), c AS (
        SELECT p.id, p.institution_id, p.level, p.target_level, p.legal_days, p.actual_days, p.last_reviewed,
               coalesce(p.annual_volume, 1) AS volume,
               coalesce(q.active, 0) AS active, coalesce(q.with_basis, 0) AS with_basis, coalesce(q.prohibited, 0) AS prohibited,
               least(1.0, p.level::float8 / p.target_level) AS maturity,
               CASE WHEN coalesce(q.active, 0) = 0 THEN 1.0 ELSE q.with_basis::float8 / q.active END AS legal_basis,
               greatest(0.0, 1.0 - 0.5 * coalesce(q.prohibited, 0)) AS no_prohibited,
               CASE WHEN p.legal_days IS NULL OR p.actual_days IS NULL OR p.actual_days = 0 THEN 0.5
                    ELSE least(1.0, p.legal_days::float8 / p.actual_days) END AS time_ratio,
               CASE WHEN p.last_reviewed IS NULL THEN 0.0
                    WHEN ${today} - p.last_reviewed <= 180 THEN 1.0
                    WHEN ${today} - p.last_reviewed >= 365 THEN 0.0
                    ELSE (365 - (${today} - p.last_reviewed))::float8 / 185 END AS freshness
        FROM procedures p LEFT JOIN req q ON q.procedure_id = p.id
        WHERE p.status = 'vigente' ${f('p')}
      )
      INSERT INTO score_snapshots (snapshot_date, methodology_version, scope, subject_id, institution_id, score, weight, components)
      SELECT ${today}, 1, 'procedure', c.id, c.institution_id,
             round((100 * (${W.maturity} * maturity + ${W.legalBasis} * legal_basis + ${W.prohibited} * no_prohibited
                           + ${W.time} * time_ratio + ${W.freshness} * freshness) / ${WSUM})::numeric, 2),
             c.volume,
             ${
               components
                 ? `jsonb_build_object(
               'maturity', jsonb_build_object('value', round(maturity::numeric, 4), 'weight', ${W.maturity}, 'level', level, 'target', target_level),
               'legalBasis', jsonb_build_object('value', round(legal_basis::numeric, 4), 'weight', ${W.legalBasis}, 'active', active, 'withBasis', with_basis),
               'prohibited', jsonb_build_object('value', no_prohibited, 'weight', ${W.prohibited}, 'count', prohibited),
               'resolutionTime', jsonb_build_object('value', round(time_ratio::numeric, 4), 'weight', ${W.time}, 'legalDays', legal_days, 'actualDays', actual_days),
               'freshness', jsonb_build_object('value', round(freshness::numeric, 4), 'weight', ${W.freshness}, 'lastReviewed', last_reviewed),
               'volume', volume)`
                 : "'{}'::jsonb"
             }
      FROM c`,
    ],

    [
      'institution rows',
      `
      WITH ps AS (
        SELECT s.institution_id, count(*) AS procedures,
               sum(s.score * s.weight::numeric) / nullif(sum(s.weight::numeric), 0) AS weighted_avg
        FROM score_snapshots s
        WHERE s.snapshot_date = ${today} AND s.methodology_version = 1 AND s.scope = 'procedure' ${f('s')}
        GROUP BY s.institution_id
      ), ms AS (
        SELECT m.institution_id,
               count(*) FILTER (WHERE m.due_date <= ${today}) AS due,
               count(*) FILTER (WHERE m.due_date <= ${today} AND m.completed_at <= m.due_date) AS on_time
        FROM milestones m
        WHERE true ${f('m')}
        GROUP BY m.institution_id
      ), x AS (
        SELECT i.id, coalesce(ps.procedures, 0) AS procedures, coalesce(ps.weighted_avg, 0) / 100 AS procedure_avg,
               coalesce(ms.due, 0) AS due, coalesce(ms.on_time, 0) AS on_time,
               CASE WHEN coalesce(ms.due, 0) = 0 THEN 1 ELSE ms.on_time::numeric / ms.due END AS plan_execution
        FROM institutions i LEFT JOIN ps ON ps.institution_id = i.id LEFT JOIN ms ON ms.institution_id = i.id
        ${oneInstitution ? 'WHERE i.id = $1' : ''}
      )
      INSERT INTO score_snapshots (snapshot_date, methodology_version, scope, subject_id, institution_id, score, weight, components)
      SELECT ${today}, 1, 'institution', x.id, x.id, round(100 * (60 * procedure_avg + 25 * plan_execution) / 85, 2), procedures,
             jsonb_build_object(
               'procedures', jsonb_build_object('value', round(procedure_avg, 4), 'weight', 60, 'count', procedures),
               'planExecution', jsonb_build_object('value', round(plan_execution, 4), 'weight', 25, 'due', due, 'onTime', on_time))
      FROM x`,
    ],

    [
      'national row',
      `
      DELETE FROM score_snapshots WHERE snapshot_date = ${today} AND methodology_version = 1 AND scope = 'national'`,
    ],
    [
      'national row',
      `
      INSERT INTO score_snapshots (snapshot_date, methodology_version, scope, subject_id, institution_id, score, weight, components)
      SELECT ${today}, 1, 'national', 0, NULL, round(avg(score), 2), count(*),
             jsonb_build_object('meanScore', round(avg(score), 2),
                                'meanScoreByProcedures', round(sum(score * weight::numeric) / nullif(sum(weight::numeric), 0), 2),
                                'institutions', count(*), 'procedures', sum(weight))
      FROM score_snapshots WHERE snapshot_date = ${today} AND methodology_version = 1 AND scope = 'institution'`,
    ],
  ];
}
