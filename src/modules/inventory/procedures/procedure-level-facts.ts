import { EntityManager } from 'typeorm';
import { levelWarnings } from '../../findings/finding-rules';
import { activeMethodologyOf } from '../../scoring/methodology';
import { LevelWarning } from './dto/procedure.dto';
import { Procedure } from './entities/procedure.entity';
import { LATEST_ASSESSMENTS_SQL, LatestAssessmentRow } from './procedure-level-facts.sql';

type AssessmentState = { status: 'submitted' | 'validated' | 'rejected' };

/** The latest maturity assessment of each procedure (for the status of its declared level), in the caller's transaction. */
export async function latestAssessments(em: EntityManager, procedureIds: readonly string[]): Promise<Map<string, AssessmentState>> {
  if (!procedureIds.length) return new Map();
  const rows = (await em.query(LATEST_ASSESSMENTS_SQL, [procedureIds])) as LatestAssessmentRow[];
  return new Map(rows.map((r) => [r.procedureId, { status: r.status }]));
}

/** What the declared level needs that the record lacks, under the active methodology's consistency rules. */
async function declaredLevelWarnings(em: EntityManager, p: Procedure): Promise<LevelWarning[]> {
  if (p.declaredLevel === null) return [];
  return levelWarnings(p, p.declaredLevel, (await activeMethodologyOf(em)).parameters.levelConsistency);
}

/** A procedure as the API returns it one at a time: with its declared level's status and its warnings. */
export async function procedureDetails(
  em: EntityManager,
  p: Procedure,
): Promise<{ latestAssessment: AssessmentState | null; warnings: LevelWarning[] }> {
  return { latestAssessment: (await latestAssessments(em, [p.id])).get(p.id) ?? null, warnings: await declaredLevelWarnings(em, p) };
}
