import { DataSource, EntityManager } from 'typeorm';
import type { MaturityLevelDefinition } from '../../modules/inventory/maturity/entities/maturity-model.entity';
import { computeLevel } from '../../modules/inventory/maturity/maturity-level';

/**
 * Demo maturity assessments for a few demo procedures: a history of validated levels (2–4) reviewed by the demo
 * analyst, one submission awaiting review and one rejection with its reason. Written through the application's
 * role with the row-level-security settings, one transaction per procedure. Idempotent: a procedure that
 * already has assessments is left alone; missing procedures are skipped.
 */

export const DEMO_ANALYST_EMAIL = 'analista@demo.simplifica.gt';

interface DemoAssessment {
  level: number;
  daysAgo: number;
  status: 'submitted' | 'validated' | 'rejected';
  /** Criteria of the level above that the liaison also (wrongly, or partially) claims. */
  extra?: string[];
  evidencePath?: string;
  evidenceNote?: string;
  reviewedDaysAgo?: number;
  reviewComment?: string;
}

interface DemoPlan {
  institution: string;
  procedure: string;
  assessments: DemoAssessment[];
}

export const DEMO_MATURITY: DemoPlan[] = [
  {
    institution: 'MINECO', procedure: 'MINECO-001',
    assessments: [
      { level: 2, daysAgo: 240, status: 'validated', reviewedDaysAgo: 233, evidencePath: 'formularios', evidenceNote: 'Formulario de solicitud publicado en el portal, descarga gratuita.', reviewComment: 'Verificado en el portal institucional.' },
      { level: 3, daysAgo: 75, status: 'validated', reviewedDaysAgo: 70, evidencePath: 'solicitud-en-linea', evidenceNote: 'La solicitud se presenta en la ventanilla electrónica desde marzo; el pago sigue siendo en agencia bancaria.', reviewComment: 'Se presentó una solicitud de prueba con éxito.' },
    ],
  },
  {
    institution: 'MINECO', procedure: 'MINECO-002',
    assessments: [
      {
        level: 4, daysAgo: 40, status: 'validated', reviewedDaysAgo: 36, evidencePath: 'tramite-en-linea',
        evidenceNote: 'Solicitud, pago con tarjeta, notificaciones por correo y constancia con firma electrónica, sin visitas.',
        reviewComment: 'Comprobado de principio a fin con un expediente de prueba.',
      },
    ],
  },
  {
    institution: 'MINECO', procedure: 'MINECO-003',
    assessments: [
      { level: 2, daysAgo: 6, status: 'submitted', evidencePath: 'formularios', evidenceNote: 'Formularios actualizados y publicados en formato PDF editable, sin costo.' },
    ],
  },
  {
    institution: 'MAGA', procedure: 'MAGA-001',
    assessments: [
      { level: 2, daysAgo: 200, status: 'validated', reviewedDaysAgo: 190, evidencePath: 'requisitos', evidenceNote: 'Requisitos, costo y formulario publicados.', reviewComment: 'Conforme.' },
      {
        level: 3, daysAgo: 21, status: 'rejected', reviewedDaysAgo: 15, evidencePath: 'solicitud-en-linea',
        evidenceNote: 'Se habilitó la solicitud en línea.',
        reviewComment: 'El enlace lleva a un formulario que debe imprimirse y entregarse en ventanilla: la solicitud todavía no se presenta en línea. Corrija la respuesta online_filing y vuelva a enviar.',
      },
    ],
  },
  {
    institution: 'MSPAS', procedure: 'MSPAS-001',
    assessments: [
      { level: 2, daysAgo: 120, status: 'validated', reviewedDaysAgo: 110, evidencePath: 'licencias', evidenceNote: 'Guía de requisitos y formularios gratuitos en el sitio del Ministerio.', reviewComment: 'Verificado.' },
    ],
  },
  {
    institution: 'MUNIGUATE', procedure: 'MUNIGUATE-001',
    assessments: [
      {
        level: 3, daysAgo: 90, status: 'validated', reviewedDaysAgo: 84, extra: ['online_payment'], evidencePath: 'servicios-en-linea',
        evidenceNote: 'Solicitud y pago en línea; la licencia se recoge en las oficinas municipales.', reviewComment: 'Nivel 3: el resultado aún se entrega en persona.',
      },
    ],
  },
];

/** Answers reaching `level` on the model: every criterion of levels 1..level true, plus the listed extras. */
function answersFor(levels: MaturityLevelDefinition[], level: number, extra: string[] = []): Record<string, boolean> {
  return Object.fromEntries(levels.flatMap((l) => l.criteria.map((c) => [c.key, l.level <= level || extra.includes(c.key)] as const)));
}

async function inScope<T>(ds: DataSource, scope: 'tenant' | 'read_all', institutionId: string | null, work: (em: EntityManager) => Promise<T>): Promise<T> {
  return ds.transaction(async (em) => {
    await em.query(`SELECT set_config('app.scope', $1, true), set_config('app.institution_id', $2, true)`, [scope, institutionId ?? '']);
    return work(em);
  });
}

const daysAgo = (days: number): Date => new Date(Date.now() - days * 86_400_000);

interface Target {
  institutionId: string;
  website: string | null;
  procedureId: string;
  currentLevel: number;
  submitterId: string | null;
}

export async function seedDemoMaturity(ds: DataSource, log: (m: string) => void): Promise<void> {
  const lookup = await inScope(ds, 'read_all', null, async (em) => {
    const [model] = (await em.query(`SELECT id, version, levels FROM maturity_models WHERE active ORDER BY version DESC LIMIT 1`)) as Array<{ id: string; version: number; levels: MaturityLevelDefinition[] }>;
    const [analyst] = (await em.query(`SELECT id FROM users WHERE email = $1`, [DEMO_ANALYST_EMAIL])) as Array<{ id: string }>;
    const targets = new Map<string, Target>();
    for (const plan of DEMO_MATURITY) {
      const [row] = (await em.query(
        `SELECT p.id AS "procedureId", p.institution_id AS "institutionId", p.current_level AS "currentLevel", i.website,
           (SELECT u.id FROM users u WHERE u.institution_id = i.id AND u.status = 'active'
             ORDER BY (u.role = 'liaison') DESC, u.created_at LIMIT 1) AS "submitterId"
         FROM procedures p JOIN institutions i ON i.id = p.institution_id
         WHERE i.code = $1 AND p.code = $2`,
        [plan.institution, plan.procedure],
      )) as Target[];
      if (row) targets.set(plan.procedure, row);
    }
    return { model, analyst, targets };
  });

  if (!lookup.model) return log('evaluaciones de madurez: no hay un modelo de madurez vigente; se omiten');
  if (!lookup.analyst) return log(`evaluaciones de madurez: no existe el usuario ${DEMO_ANALYST_EMAIL}; se omiten`);
  const { model, analyst } = lookup;
  const maxLevel = Math.max(...model.levels.map((l) => l.level));

  let created = 0;
  const skipped: string[] = [];
  for (const plan of DEMO_MATURITY) {
    const target = lookup.targets.get(plan.procedure);
    if (!target) { skipped.push(`${plan.procedure} (no existe)`); continue; }
    if (!target.submitterId) { skipped.push(`${plan.procedure} (la institución no tiene usuarios)`); continue; }

    const wrote = await inScope(ds, 'tenant', target.institutionId, async (em) => {
      const [{ count }] = (await em.query(`SELECT count(*)::int AS count FROM maturity_assessments WHERE procedure_id = $1`, [target.procedureId])) as Array<{ count: number }>;
      if (count > 0) return 0;
      let running = target.currentLevel;
      for (const a of plan.assessments) {
        const answers = answersFor(model.levels, Math.min(a.level, maxLevel), a.extra);
        const level = computeLevel(model.levels, answers);
        const reviewed = a.status !== 'submitted';
        const reviewedDaysAgo = a.reviewedDaysAgo ?? a.daysAgo;
        const base = (target.website ?? 'https://www.ejemplo.gob.gt').replace(/\/+$/, '');
        await em.query(
          `INSERT INTO maturity_assessments (institution_id, procedure_id, model_id, answers, resulting_level, evidence_url, evidence_note, status,
             submitted_by, reviewed_by, reviewed_at, review_comment, created_at, updated_at, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::timestamptz, $12, $13::timestamptz, COALESCE($11::timestamptz, $13::timestamptz), $14)`,
          [
            target.institutionId, target.procedureId, model.id, JSON.stringify(answers), level,
            a.evidencePath ? `${base}/${a.evidencePath}` : null, a.evidenceNote ?? null, a.status, target.submitterId,
            reviewed ? analyst.id : null, reviewed ? daysAgo(reviewedDaysAgo) : null, reviewed ? (a.reviewComment ?? null) : null,
            daysAgo(a.daysAgo), reviewed ? 2 : 1,
          ],
        );
        // Plans list submissions oldest first, so each validation in turn is the most recently submitted validated one.
        if (a.status === 'validated' && level !== running) {
          await em.query(
            `INSERT INTO procedure_changes (institution_id, procedure_id, subject, subject_id, action, field, old_value, new_value, is_public, changed_by, changed_at)
             VALUES ($1, $2, 'procedure', $2, 'level_validated', 'currentLevel', $3, $4, true, $5, $6)`,
            [target.institutionId, target.procedureId, JSON.stringify(running), JSON.stringify(level), analyst.id, daysAgo(reviewedDaysAgo)],
          );
          running = level;
        }
      }
      if (running !== target.currentLevel) {
        await em.query(`UPDATE procedures SET current_level = $2, version = version + 1, updated_at = now() WHERE id = $1`, [target.procedureId, running]);
      }
      return plan.assessments.length;
    });
    if (wrote === 0) skipped.push(`${plan.procedure} (ya tiene evaluaciones)`);
    created += wrote;
  }
  log(`${created} evaluaciones de madurez de demostración (modelo v${model.version})${skipped.length ? `; omitidos: ${skipped.join(', ')}` : ''}`);
}
