import { DataSource, EntityManager } from 'typeorm';
import type { ActionType, MilestoneKind, PlanStatus, ReviewStatus } from '../../modules/inventory/inventory.enums';

/**
 * Demo simplification plans for 2026 (MINECO, MAGA, MSPAS, MUNIGUATE): approved, submitted and returned plans with
 * milestones completed on time, late, pending and overdue; rationalisation actions on demo procedures; and the
 * progress reports of Q1–Q3 2026 (one returned with a comment). Written through the application's role with the
 * row-level-security settings, one transaction per institution. Idempotent: an institution that already has plans
 * is left alone; missing institutions, procedures or users are skipped.
 */

const DEMO_ANALYST_EMAIL = 'analista@demo.simplifica.gt';

interface DemoMilestone {
  kind: MilestoneKind;
  procedure?: string;
  target: string;
  due: string;
  /** Completion date (late when after `due`) and its evidence. */
  done?: { on: string; evidence: string };
  inProgress?: boolean;
}

interface DemoAction {
  procedure: string;
  type: ActionType;
  description: string;
  benefit: string;
  implementedOn: string | null;
  steps?: [number, number];
  requirements?: [number, number];
  days?: [number, number];
  fee?: [string, string];
}

interface DemoReport {
  quarter: number;
  submittedAt: string;
  content: string;
  status: ReviewStatus;
  reviewedAt?: string;
  comment?: string;
}

interface DemoInstitutionPlan {
  institution: string;
  title: string;
  budgetGtq: string;
  status: PlanStatus;
  submittedAt: string | null;
  approval?: { act: string; at: string };
  reviewComment?: string;
  milestones: DemoMilestone[];
  actions: DemoAction[];
  reports: DemoReport[];
}

const PERIOD = { start: '2026-01-01', end: '2026-12-31' };
const YEAR = 2026;

const DEMO_PLANS: DemoInstitutionPlan[] = [
  {
    institution: 'MINECO',
    title: 'Plan de simplificación de trámites 2026 — Ministerio de Economía',
    budgetGtq: '480000.00',
    status: 'approved',
    submittedAt: '2026-02-06T10:15:00-06:00',
    approval: { act: 'Resolución Ministerial 045-2026', at: '2026-02-20T16:40:00-06:00' },
    milestones: [
      { kind: 'raise_level', procedure: 'MINECO-001', target: 'Inscripción de empresa mercantil individual en línea, con pago electrónico (nivel 4)', due: '2026-03-31', done: { on: '2026-03-27', evidence: 'Servicio publicado en el portal del Registro Mercantil; informe técnico DTI-014-2026' } },
      { kind: 'publish_form', procedure: 'MINECO-002', target: 'Formulario gratuito de calificación de empresa exportadora publicado en el portal', due: '2026-04-30', done: { on: '2026-05-18', evidence: 'Formulario PDF y en línea publicado; enlace en la sección de trámites' } },
      { kind: 'eliminate_requirement', procedure: 'MINECO-003', target: 'Eliminar la fotocopia autenticada de la factura comercial en el certificado de origen', due: '2026-06-30', done: { on: '2026-06-24', evidence: 'Acuerdo Ministerial 210-2026 que reforma el procedimiento' } },
      { kind: 'interoperate', procedure: 'MINECO-001', target: 'Consulta del NIT a la SAT por interoperabilidad, sin constancia impresa', due: '2026-08-31', inProgress: true },
      { kind: 'reduce_time', procedure: 'MINECO-004', target: 'Reducir de 15 a 5 días hábiles la emisión de licencias de importación bajo contingente', due: '2026-09-30' },
      { kind: 'raise_level', procedure: 'MINECO-005', target: 'Registro de marca con notificación electrónica (nivel 4)', due: '2026-12-15' },
    ],
    actions: [
      { procedure: 'MINECO-001', type: 'technological', description: 'Pago en línea de los aranceles de inscripción mediante la pasarela de pagos del Estado', benefit: 'El solicitante ya no visita una agencia bancaria ni presenta la boleta de pago', implementedOn: '2026-03-27', steps: [6, 3], days: [5, 2], fee: ['100.00', '100.00'] },
      { procedure: 'MINECO-003', type: 'regulatory', description: 'Reforma del procedimiento para eliminar la fotocopia autenticada de la factura comercial', benefit: 'Se ahorran los honorarios notariales de la autenticación', implementedOn: '2026-06-24', requirements: [7, 5], fee: ['50.00', '0.00'] },
      { procedure: 'MINECO-004', type: 'administrative', description: 'Revisión en paralelo de las solicitudes de licencia por la Dirección de Administración del Comercio Exterior', benefit: 'Menos días de espera para los importadores', implementedOn: null, steps: [8, 5], days: [15, 5] },
    ],
    reports: [
      { quarter: 1, submittedAt: '2026-04-08T11:00:00-06:00', status: 'accepted', reviewedAt: '2026-04-20T09:30:00-06:00', comment: 'Conforme; buen avance en el Registro Mercantil.', content: 'Primer trimestre: se habilitó la inscripción en línea de empresas individuales con pago electrónico (hito 1 cumplido el 27 de marzo). Se inició el diseño del formulario de calificación de exportadoras.' },
      { quarter: 2, submittedAt: '2026-07-09T15:20:00-06:00', status: 'accepted', reviewedAt: '2026-07-22T10:00:00-06:00', content: 'Segundo trimestre: formulario de calificación de exportadoras publicado el 18 de mayo (con retraso por la revisión jurídica). Se eliminó la fotocopia autenticada de la factura en el certificado de origen.' },
      { quarter: 3, submittedAt: '2026-10-07T12:45:00-06:00', status: 'submitted', content: 'Tercer trimestre: la interoperabilidad con la SAT está en pruebas; la reducción del plazo de licencias de importación se aplaza por cambio de sistema.' },
    ],
  },
  {
    institution: 'MAGA',
    title: 'Plan de simplificación 2026 — Ministerio de Agricultura, Ganadería y Alimentación',
    budgetGtq: '275000.00',
    status: 'approved',
    submittedAt: '2026-02-12T09:00:00-06:00',
    approval: { act: 'Acuerdo Ministerial 112-2026', at: '2026-03-02T11:15:00-06:00' },
    milestones: [
      { kind: 'raise_level', procedure: 'MAGA-001', target: 'Certificado fitosanitario de exportación con solicitud y pago en línea (nivel 3)', due: '2026-04-30', done: { on: '2026-04-29', evidence: 'Módulo de solicitudes en línea del VISAR habilitado; circular VISAR-07-2026' } },
      { kind: 'eliminate_requirement', procedure: 'MAGA-002', target: 'Eliminar la constancia de inscripción del importador, que el MAGA ya tiene en su registro', due: '2026-05-31', done: { on: '2026-07-03', evidence: 'Resolución VISAR-DFI-033-2026' } },
      { kind: 'reduce_time', procedure: 'MAGA-003', target: 'Reducir de 10 a 4 días hábiles el certificado zoosanitario de exportación', due: '2026-08-31' },
      { kind: 'publish_form', procedure: 'MAGA-002', target: 'Formulario gratuito del permiso fitosanitario de importación en línea', due: '2026-10-31', inProgress: true },
      { kind: 'interoperate', target: 'Intercambio electrónico de certificados fitosanitarios (ePhyto) con los principales socios comerciales', due: '2026-12-15' },
    ],
    actions: [
      { procedure: 'MAGA-002', type: 'administrative', description: 'Se dejó de pedir la constancia de inscripción del importador; se verifica en el registro interno', benefit: 'Un requisito menos y una visita menos a ventanilla', implementedOn: '2026-07-03', requirements: [6, 5], days: [8, 6] },
      { procedure: 'MAGA-001', type: 'technological', description: 'Solicitud en línea del certificado fitosanitario con carga de documentos digitales', benefit: 'Los exportadores tramitan desde sus oficinas', implementedOn: '2026-04-29', steps: [5, 3], days: [3, 2] },
    ],
    reports: [
      { quarter: 1, submittedAt: '2026-04-10T16:50:00-06:00', status: 'accepted', reviewedAt: '2026-04-24T10:10:00-06:00', content: 'Primer trimestre: aprobación del plan y preparación del módulo de solicitudes en línea del VISAR.' },
      { quarter: 2, submittedAt: '2026-07-15T10:30:00-06:00', status: 'returned', reviewedAt: '2026-07-28T14:00:00-06:00', comment: 'El informe no explica el retraso del hito de la constancia del importador ni indica la nueva fecha. Complételo y reenvíelo.', content: 'Segundo trimestre: certificado fitosanitario en línea desde el 29 de abril.' },
      { quarter: 3, submittedAt: '2026-10-12T08:40:00-06:00', status: 'submitted', content: 'Tercer trimestre: se eliminó la constancia de inscripción del importador (3 de julio). El certificado zoosanitario sigue en 10 días por falta de personal de inspección.' },
    ],
  },
  {
    institution: 'MSPAS',
    title: 'Plan de simplificación 2026 — Ministerio de Salud Pública y Asistencia Social',
    budgetGtq: '620000.00',
    status: 'submitted',
    submittedAt: '2026-10-30T14:00:00-06:00',
    milestones: [
      { kind: 'raise_level', procedure: 'MSPAS-001', target: 'Licencia sanitaria para establecimientos de alimentos con solicitud en línea (nivel 3)', due: '2026-06-30', done: { on: '2026-08-14', evidence: 'Ventanilla electrónica del Departamento de Regulación y Control de Alimentos; nota DRCA-552-2026' } },
      { kind: 'reduce_time', procedure: 'MSPAS-002', target: 'Reducir de 30 a 15 días hábiles el registro sanitario de alimentos procesados', due: '2026-09-30' },
      { kind: 'publish_form', procedure: 'MSPAS-001', target: 'Formularios gratuitos de licencia sanitaria publicados en línea', due: '2026-03-31', done: { on: '2026-03-20', evidence: 'Formularios publicados en el portal del MSPAS' } },
      { kind: 'eliminate_requirement', procedure: 'MSPAS-002', target: 'Eliminar la declaración jurada del representante legal (prohibida por la ley)', due: '2026-12-31' },
    ],
    actions: [
      { procedure: 'MSPAS-002', type: 'regulatory', description: 'Propuesta de reforma del reglamento para eliminar la declaración jurada del representante legal', benefit: 'Elimina un requisito prohibido y el costo notarial', implementedOn: null, requirements: [11, 10], fee: ['350.00', '350.00'] },
      { procedure: 'MSPAS-001', type: 'technological', description: 'Ventanilla electrónica para solicitar la licencia sanitaria', benefit: 'Menos visitas a las áreas de salud', implementedOn: '2026-08-14', steps: [7, 4], days: [20, 12] },
    ],
    reports: [
      { quarter: 1, submittedAt: '2026-04-16T09:20:00-06:00', status: 'accepted', reviewedAt: '2026-04-30T11:00:00-06:00', content: 'Primer trimestre: formularios de licencia sanitaria publicados en línea el 20 de marzo.' },
      { quarter: 2, submittedAt: '2026-07-10T17:30:00-06:00', status: 'accepted', reviewedAt: '2026-07-21T09:45:00-06:00', content: 'Segundo trimestre: la ventanilla electrónica de licencias sanitarias se retrasó por la migración de servidores.' },
      { quarter: 3, submittedAt: '2026-10-09T10:05:00-06:00', status: 'submitted', content: 'Tercer trimestre: ventanilla electrónica en funcionamiento desde el 14 de agosto; el registro sanitario sigue en 30 días.' },
    ],
  },
  {
    institution: 'MUNIGUATE',
    title: 'Plan de simplificación 2026 — Municipalidad de Guatemala',
    budgetGtq: '150000.00',
    status: 'draft',
    submittedAt: '2026-03-05T10:00:00-06:00',
    reviewComment: 'Indique fechas límite para la licencia de construcción y el presupuesto desglosado de software y equipo.',
    milestones: [
      { kind: 'raise_level', procedure: 'MUNIGUATE-001', target: 'Licencia de construcción con pago y resolución en línea (nivel 4)', due: '2026-09-30', inProgress: true },
      { kind: 'raise_level', procedure: 'MUNIGUATE-002', target: 'Boleto de ornato en línea con comprobante electrónico', due: '2026-02-28', done: { on: '2026-02-25', evidence: 'Servicio en línea publicado en el portal municipal' } },
      { kind: 'reduce_time', procedure: 'MUNIGUATE-001', target: 'Reducir de 60 a 30 días la licencia de construcción para vivienda unifamiliar', due: '2026-11-30' },
      { kind: 'other', target: 'Capacitar al personal de ventanilla en atención de trámites electrónicos', due: '2026-12-15' },
    ],
    actions: [
      { procedure: 'MUNIGUATE-002', type: 'technological', description: 'Pago del boleto de ornato en línea con comprobante electrónico', benefit: 'Sin filas en la agencia municipal', implementedOn: '2026-02-25', steps: [3, 1], days: [1, 0], fee: ['15.00', '15.00'] },
      { procedure: 'MUNIGUATE-001', type: 'administrative', description: 'Revisión simultánea de planos por las direcciones de Control Territorial y de Obras', benefit: 'Menos días de espera para la licencia', implementedOn: null, steps: [12, 8], days: [60, 30] },
    ],
    reports: [
      { quarter: 1, submittedAt: '2026-04-09T13:00:00-06:00', status: 'accepted', reviewedAt: '2026-04-22T15:10:00-06:00', content: 'Primer trimestre: boleto de ornato en línea desde el 25 de febrero.' },
      { quarter: 2, submittedAt: '2026-07-08T11:35:00-06:00', status: 'accepted', reviewedAt: '2026-07-20T08:50:00-06:00', content: 'Segundo trimestre: diseño del expediente electrónico de la licencia de construcción.' },
      { quarter: 3, submittedAt: '2026-10-20T09:15:00-06:00', status: 'submitted', content: 'Tercer trimestre: pruebas del expediente electrónico con un grupo de arquitectos colegiados.' },
    ],
  },
];

async function inScope<T>(ds: DataSource, scope: 'tenant' | 'read_all', institutionId: string | null, work: (em: EntityManager) => Promise<T>): Promise<T> {
  return ds.transaction(async (em) => {
    await em.query(`SELECT set_config('app.scope', $1, true), set_config('app.institution_id', $2, true)`, [scope, institutionId ?? '']);
    return work(em);
  });
}

interface Target {
  institutionId: string;
  submitterId: string | null;
}

export async function seedDemoPlans(ds: DataSource, log: (m: string) => void): Promise<void> {
  const codes = DEMO_PLANS.map((p) => p.institution);
  const lookup = await inScope(ds, 'read_all', null, async (em) => {
    const [analyst] = (await em.query(`SELECT id FROM users WHERE email = $1`, [DEMO_ANALYST_EMAIL])) as Array<{ id: string }>;
    const rows = (await em.query(
      `SELECT i.code, i.id AS "institutionId",
         (SELECT u.id FROM users u WHERE u.institution_id = i.id AND u.status = 'active'
           ORDER BY (u.role = 'liaison') DESC, u.created_at LIMIT 1) AS "submitterId"
       FROM institutions i WHERE i.code = ANY($1)`,
      [codes],
    )) as Array<Target & { code: string }>;
    return { analystId: analyst?.id ?? null, targets: new Map(rows.map((r) => [r.code, r])) };
  });

  let plans = 0;
  let milestones = 0;
  let actions = 0;
  let reports = 0;
  for (const demo of DEMO_PLANS) {
    const target = lookup.targets.get(demo.institution);
    if (!target) {
      log(`planes: no existe la institución ${demo.institution}; se omite`);
      continue;
    }
    const created = await inScope(ds, 'tenant', target.institutionId, async (em) => {
      const [existing] = (await em.query(`SELECT 1 FROM simplification_plans WHERE institution_id = $1 LIMIT 1`, [target.institutionId])) as unknown[];
      if (existing) return null;
      const procedureCodes = [...new Set([...demo.milestones.flatMap((m) => (m.procedure ? [m.procedure] : [])), ...demo.actions.map((a) => a.procedure)])];
      const procRows = (await em.query(`SELECT id, code FROM procedures WHERE institution_id = $1 AND code = ANY($2)`, [target.institutionId, procedureCodes])) as Array<{ id: string; code: string }>;
      const procedures = new Map(procRows.map((p) => [p.code, p.id]));
      const approved = demo.status === 'approved' && demo.approval;
      const [plan] = (await em.query(
        `INSERT INTO simplification_plans (institution_id, title, period_start, period_end, revision, status, budget_gtq, approval_act,
           submitted_at, approved_by, approved_at, review_comment, created_at, updated_at)
         VALUES ($1, $2, $3, $4, 1, $5, $6, $7, $8::timestamptz, $9, $10::timestamptz, $11, $12::timestamptz, COALESCE($10::timestamptz, $8::timestamptz, now()))
         RETURNING id`,
        [target.institutionId, demo.title, PERIOD.start, PERIOD.end, demo.status, demo.budgetGtq, approved ? demo.approval!.act : null,
          demo.submittedAt, approved ? lookup.analystId : null, approved ? demo.approval!.at : null, demo.reviewComment ?? null, '2026-01-20T09:00:00-06:00'],
      )) as Array<{ id: string }>;

      let m = 0;
      for (const ms of demo.milestones) {
        const status = ms.done ? 'completed' : ms.inProgress ? 'in_progress' : 'pending';
        await em.query(
          `INSERT INTO milestones (institution_id, plan_id, procedure_id, kind, target, due_date, status, completed_on, completed_late, evidence)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [target.institutionId, plan.id, ms.procedure ? (procedures.get(ms.procedure) ?? null) : null, ms.kind, ms.target, ms.due, status,
            ms.done?.on ?? null, ms.done ? ms.done.on > ms.due : null, ms.done?.evidence ?? null],
        );
        m += 1;
      }

      let a = 0;
      for (const action of demo.actions) {
        const procedureId = procedures.get(action.procedure);
        if (!procedureId) continue;
        await em.query(
          `INSERT INTO rationalisation_actions (institution_id, procedure_id, type, description, benefit, implemented_on, steps_before, steps_after,
             requirements_before, requirements_after, days_before, days_after, fee_before_gtq, fee_after_gtq)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
          [target.institutionId, procedureId, action.type, action.description, action.benefit, action.implementedOn,
            action.steps?.[0] ?? null, action.steps?.[1] ?? null, action.requirements?.[0] ?? null, action.requirements?.[1] ?? null,
            action.days?.[0] ?? null, action.days?.[1] ?? null, action.fee?.[0] ?? null, action.fee?.[1] ?? null],
        );
        a += 1;
      }

      let r = 0;
      if (target.submitterId) {
        for (const report of demo.reports) {
          const reviewed = report.status !== 'submitted';
          const inserted = (await em.query(
            `INSERT INTO progress_reports (institution_id, year, quarter, content, submitted_at, submitted_by, status, reviewed_by, reviewed_at, review_comment,
               created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5::timestamptz, $6, $7, $8, $9::timestamptz, $10, $5::timestamptz, COALESCE($9::timestamptz, $5::timestamptz))
             ON CONFLICT (institution_id, year, quarter) DO NOTHING
             RETURNING id`,
            [target.institutionId, YEAR, report.quarter, report.content, report.submittedAt, target.submitterId, report.status,
              reviewed ? lookup.analystId : null, reviewed ? (report.reviewedAt ?? null) : null, report.comment ?? null],
          )) as unknown[];
          r += inserted.length;
        }
      }
      const missing = procedureCodes.filter((c) => !procedures.has(c));
      return { milestones: m, actions: a, reports: r, missing, noSubmitter: !target.submitterId };
    });
    if (!created) {
      log(`planes: ${demo.institution} ya tiene planes; se deja como está`);
      continue;
    }
    plans += 1;
    milestones += created.milestones;
    actions += created.actions;
    reports += created.reports;
    if (created.missing.length) log(`planes: ${demo.institution} sin los trámites ${created.missing.join(', ')} (hitos sin trámite, acciones omitidas)`);
    if (created.noSubmitter) log(`planes: ${demo.institution} no tiene usuarios activos; se omiten sus informes de avance`);
  }
  log(`${plans} planes de simplificación 2026, ${milestones} hitos, ${actions} acciones de racionalización, ${reports} informes trimestrales`);
}
