import { EntityManager } from 'typeorm';
import { MaturityModel } from '../maturity/entities/maturity-model.entity';

/** The active model version, or null when none is active, inside the caller's transaction (any scope: the table is global). */
export function findActiveModel(em: EntityManager): Promise<MaturityModel | null> {
  return em.getRepository(MaturityModel).findOne({ where: { active: true }, order: { version: 'DESC' } });
}

/** The level numbers of the active model (null when none is active): what a procedure may declare or target. */
export async function activeModelLevels(em: EntityManager): Promise<number[] | null> {
  const model = await findActiveModel(em);
  return model ? model.levels.map((l) => l.level) : null;
}
