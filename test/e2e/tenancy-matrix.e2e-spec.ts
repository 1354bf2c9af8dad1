import type { OpenAPIObject } from '@nestjs/swagger';
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import type { Response } from 'superagent';
import {
  asScope,
  createMilestone,
  createPlan,
  createProcedure,
  createProgressReport,
  createRequirement,
  createScoreSnapshots,
  createUser,
  TestUser,
} from '../helpers/factories';
import { ScoringService } from '../../src/modules/scoring/scoring.service';
import { ApiRoute, apiRoutes, collectionOf, fillPath, sampleBody } from '../helpers/route-table';
import { useWorld } from '../helpers/world';

/**
 * The cross-tenant matrix, generated from the route table (the OpenAPI document of the running app), so a new route
 * joins it by being declared. For every signed-in route under /api/v1:
 *  - with an id in the path: A's liaison and A's institution admin asking for B's resource get exactly what they get
 *    for an id that does not exist (404, or 403 where their role may not use the route at all), never B's data;
 *    B's own users reach the same resource (the id is real);
 *  - lists and exports: no B data, unfiltered or filtered by `institutionId` = B (which answers 404 or nothing);
 *  - afterwards B's rows in every tenant-owned table are exactly as they were.
 * A route whose path names a collection the tables below do not know fails the suite: say which B resource it
 * addresses, or why it holds no institution's data.
 */
describe('Tenant isolation, every route (generated from the OpenAPI route table)', () => {
  const w = useWorld({ label: 'de la matriz' });
  let doc: OpenAPIObject;
  let routes: ApiRoute[];
  let adminB: TestUser;
  const idsB: Record<string, string> = {};
  /** Text that only B's data contains: if a response to A shows any of it, B leaked. */
  const markersB: string[] = [];

  /** Path collection → the B resource a route addresses through it. */
  const B_RESOURCES: Record<string, () => string> = {
    institutions: () => w.b.id,
    users: () => w.liaisonB.id,
    procedures: () => idsB.procedure,
    requirements: () => idsB.requirement,
    plans: () => idsB.plan,
    milestones: () => idsB.milestone,
    'progress-reports': () => idsB.report,
    assessments: () => idsB.assessment,
    'rationalisation-actions': () => idsB.action,
    imports: () => idsB.import,
    notifications: () => idsB.notification,
    'analyst-follows': () => idsB.follow,
    findings: () => idsB.finding,
    'evidence-files': () => idsB.evidenceFile,
  };
  /** Path collections that hold no institution's data, and why. */
  const NOT_TENANT_OWNED: Record<string, string> = {
    'legal-deadlines': 'plazos legales de la ley: iguales para todas las instituciones, los edita la Comisión',
    'maturity-models': 'modelo de madurez: uno para todo el país, versionado por la Comisión',
    methodologies: 'metodología de puntuación: una para todo el país',
    'reminder-rules': 'reglas de recordatorio: configuración de la Comisión',
    'partner-api-keys': 'claves de socios (AGEXPORT): de la Comisión, no de una institución',
  };
  /**
   * Signed-in lists that serve only what the transparency site publishes about every institution, and why: showing B's
   * name or score there is not a leak.
   */
  const PUBLIC_DATA_LISTS: Record<string, string> = {
    '/api/v1/scores/national':
      'cifras nacionales: el mismo modelo que publica GET /public/v1/indicators (puntaje, código y nombre de cada institución son públicos)',
  };
  /** Bodies the schema alone cannot make valid (validation would answer 400 before the tenant check). */
  const BODY_OVERRIDES: Record<string, () => object> = {};

  const tenantRoutes = () => routes.filter((r) => r.security === 'bearer' && r.path.startsWith('/api/v1/'));
  const idRoutes = () => tenantRoutes().filter((r) => r.pathParams.length > 0 && !NOT_TENANT_OWNED[collectionOf(r)]);
  const listRoutes = () => tenantRoutes().filter((r) => r.method === 'get' && r.pathParams.length === 0);
  const usersOfA = () =>
    [
      ['liaison of A', w.liaisonA],
      ['institution admin of A', w.adminA],
    ] as const;

  const send = (route: ApiRoute, path: string, user: TestUser): Promise<Response> => {
    const req = w.t.http()[route.method](path).set(w.as(user)).buffer(true).parse(binary);
    const body = BODY_OVERRIDES[route.operationId]?.() ?? (route.requestBody ? sampleBody(doc, route.requestBody) : undefined);
    return body === undefined ? req : req.send(body as object);
  };
  /** The response as text (spreadsheets: every cell of every sheet). */
  const textOf = async (res: Response): Promise<string> => {
    const raw = res.body as Buffer;
    if (!String(res.headers['content-type'] ?? '').includes('spreadsheetml')) return raw.toString('utf8');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(raw as unknown as ArrayBuffer);
    const cells: string[] = [];
    book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.text)))));
    return cells.join('\n');
  };
  /** B's markers in the response, except what the request itself carried (an id echoed in an error message). */
  const leaks = async (res: Response, requested: string): Promise<string[]> => {
    const text = await textOf(res);
    return markersB.filter((m) => !requested.includes(m) && text.includes(m));
  };

  /** B's rows in every tenant-owned table, as one fingerprint per table. */
  const fingerprintB = () =>
    asScope(w.t.dataSource, 'read_all', null, async (em) => {
      const tables = (await em.query(
        `SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'institution_id' ORDER BY table_name`,
      )) as Array<{ table_name: string }>;
      const out: Record<string, string> = {};
      for (const { table_name: table } of tables) {
        const [row] = await em.query(
          `SELECT count(*)::int AS n, md5(COALESCE(string_agg(t::text, '|' ORDER BY t::text), '')) AS h FROM "${table}" t WHERE institution_id = $1`,
          [w.b.id],
        );
        out[table] = `${row.n}:${row.h}`;
      }
      return out;
    });

  beforeAll(async () => {
    ({ doc, routes } = apiRoutes(w.t.app));
    const ds = w.t.dataSource;
    adminB = await createUser(ds, 'institution_admin', w.b.id);
    const procedure = await createProcedure(ds, w.b.id, { name: 'Trámite reservado de la matriz B' });
    const requirement = await createRequirement(ds, procedure, { name: 'Requisito reservado de la matriz B' });
    const plan = await createPlan(ds, w.b.id, { title: 'Plan reservado de la matriz B' });
    const milestone = await createMilestone(ds, plan, { target: 'Hito reservado de la matriz B' });
    const report = await createProgressReport(ds, w.liaisonB, { content: 'Informe reservado de la matriz B' });
    await createScoreSnapshots(w.t, w.b.id, { '2026-01-15': '61.50' });
    await w.t.app.get(ScoringService).recomputeNational('2026-01-15');
    // scores are as of a day: on 2026-01-15 B's procedure (registered today) did not exist yet; today's run scores it
    await w.t.app.get(ScoringService).recomputeInstitution(w.b.id);
    Object.assign(idsB, {
      procedure: procedure.id,
      requirement: requirement.id,
      plan: plan.id,
      milestone: milestone.id,
      report: report.id,
    });
    await asScope(ds, 'tenant', w.b.id, async (em) => {
      const [model] = await em.query(`SELECT id FROM maturity_models WHERE active`);
      [{ id: idsB.assessment }] = await em.query(
        `INSERT INTO maturity_assessments (institution_id, procedure_id, model_id, answers, resulting_level, submitted_by, evidence_note)
         VALUES ($1, $2, $3, '{}', 1, $4, 'Evidencia reservada de la matriz B') RETURNING id`,
        [w.b.id, procedure.id, model.id, w.liaisonB.id],
      );
      [{ id: idsB.action }] = await em.query(
        `INSERT INTO rationalisation_actions (institution_id, procedure_id, type, description) VALUES ($1, $2, 'administrative', 'Acción reservada de la matriz B') RETURNING id`,
        [w.b.id, procedure.id],
      );
      [{ id: idsB.finding }] = await em.query(
        `INSERT INTO findings (institution_id, kind, code, subject_type, subject_id, procedure_id, source, message, since, counts_in_score, first_detected_on, last_detected_on)
         VALUES ($1, 'prohibited_practice', 'sworn_declaration', 'requirement', $2, $3, 'text', 'Hallazgo reservado de la matriz B', '2026-01-01', true, '2026-01-01', '2026-01-01')
         ON CONFLICT (institution_id, subject_id, kind, code) DO UPDATE SET message = EXCLUDED.message RETURNING id`,
        [w.b.id, requirement.id, procedure.id],
      );
      [{ id: idsB.evidenceFile }] = await em.query(
        `INSERT INTO evidence_files (institution_id, file_name, content_type, size_bytes, sha256, content, created_by)
         VALUES ($1, 'evidencia-reservada-B.pdf', 'application/pdf', 40, repeat('0', 64), convert_to('%PDF-1.4 Evidencia reservada de la matriz B', 'UTF8'), $2) RETURNING id`,
        [w.b.id, w.liaisonB.id],
      );
      [{ id: idsB.import }] = await em.query(
        `INSERT INTO inventory_imports (institution_id, file_name, format, content, dry_run, created_by) VALUES ($1, 'inventario-reservado-B.xlsx', 'xlsx', '\\x00', true, $2) RETURNING id`,
        [w.b.id, w.liaisonB.id],
      );
    });
    await asScope(ds, 'admin', null, async (em) => {
      const [rule] = await em.query(`SELECT id FROM reminder_rules WHERE kind = 'milestone_due'`);
      [{ id: idsB.notification }] = await em.query(
        `INSERT INTO notifications (institution_id, rule_id, kind, subject_type, subject_id, due_date, stage, recipient_id, reason, delivery, days_until_due, evaluated_on, payload)
         VALUES ($1, $2, 'milestone_due', 'milestone', $3, '2026-06-30', 'before_7', $4, 'liaison', 'immediate', 7, '2026-06-23', '{"item": "Aviso reservado de la matriz B"}') RETURNING id`,
        [w.b.id, rule.id, milestone.id, w.liaisonB.id],
      );
      [{ id: idsB.follow }] = await em.query(`INSERT INTO analyst_follows (user_id, institution_id) VALUES ($1, $2) RETURNING id`, [
        w.analyst.id,
        w.b.id,
      ]);
    });
    markersB.push(
      w.b.id,
      w.b.code,
      w.b.name,
      w.liaisonB.id,
      w.liaisonB.email,
      adminB.id,
      adminB.email,
      procedure.code,
      ...Object.values(idsB),
      'reservad',
    ); // every B text above says "reservado/reservada"
  });

  it('classifies every collection a signed-in route addresses by id', () => {
    const collections = new Set(
      tenantRoutes()
        .filter((r) => r.pathParams.length)
        .map((r) => collectionOf(r)),
    );
    const unknown = [...collections].filter((c) => !B_RESOURCES[c] && !NOT_TENANT_OWNED[c]);
    expect(unknown).toEqual([]);
    // the tables name only collections that exist, so they cannot rot unnoticed
    expect([...Object.keys(B_RESOURCES), ...Object.keys(NOT_TENANT_OWNED)].filter((c) => !collections.has(c))).toEqual([]);
    expect(Object.keys(PUBLIC_DATA_LISTS).filter((p) => !listRoutes().some((r) => r.path === p))).toEqual([]);
    expect(idRoutes().length).toBeGreaterThanOrEqual(40);
    expect(listRoutes().length).toBeGreaterThanOrEqual(20);
  });

  describe('routes with an id: B’s resource answers A exactly as a resource that does not exist', () => {
    let before: Record<string, string>;
    beforeAll(async () => (before = await fingerprintB()));

    it('for every route, method and user of A', async () => {
      const problems: string[] = [];
      for (const route of idRoutes()) {
        const pathB = fillPath(route, (p) => B_RESOURCES[collectionOf(route, p)]());
        const pathGhost = fillPath(route, () => randomUUID());
        for (const [who, user] of usersOfA()) {
          const ghost = await send(route, pathGhost, user);
          const cross = await send(route, pathB, user);
          const name = `${route.method.toUpperCase()} ${route.path} as ${who}`;
          const codeOf = (res: Response) => JSON.parse((res.body as Buffer).toString('utf8') || '{}').code;
          if (![403, 404].includes(cross.status))
            problems.push(`${name}: ${cross.status} ${(cross.body as Buffer).toString('utf8').slice(0, 200)}`);
          else if (cross.status !== ghost.status || codeOf(cross) !== codeOf(ghost))
            problems.push(`${name}: ${cross.status} for B, ${ghost.status} for a missing id`);
          const leaked = await leaks(cross, pathB);
          if (leaked.length) problems.push(`${name}: shows B data (${leaked.join(', ')})`);
        }
      }
      expect(problems).toEqual([]);
    });

    it('B’s own users reach every one of those resources (the ids are real)', async () => {
      const problems: string[] = [];
      for (const route of idRoutes().filter((r) => r.method === 'get')) {
        const pathB = fillPath(route, (p) => B_RESOURCES[collectionOf(route, p)]());
        const statuses = await Promise.all([w.liaisonB, adminB].map(async (u) => (await send(route, pathB, u)).status));
        if (!statuses.includes(200)) problems.push(`GET ${route.path}: B's users got ${statuses.join(' and ')}`);
      }
      expect(problems).toEqual([]);
    });

    it('left every row of B as it was', async () => {
      const after = await fingerprintB();
      expect(Object.keys(after).length).toBeGreaterThanOrEqual(10);
      expect(after).toEqual(before);
    });
  });

  it('lists and exports show A’s users nothing of B, unfiltered or filtered by B’s institutionId', async () => {
    const problems: string[] = [];
    let answered = 0;
    for (const route of listRoutes()) {
      const filters = route.queryParams.some((q) => q.name === 'institutionId') ? ['', `?institutionId=${w.b.id}`] : [''];
      for (const filter of filters) {
        for (const [who, user] of usersOfA()) {
          const res = await send(route, `${route.path}${filter}`, user);
          const name = `GET ${route.path}${filter ? ' filtered by B' : ''} as ${who}`;
          const allowed = filter ? [200, 403, 404] : [200, 403, ...(route.queryParams.some((q) => q.required) ? [400] : [])];
          if (!allowed.includes(res.status)) problems.push(`${name}: ${res.status} ${(res.body as Buffer).toString('utf8').slice(0, 200)}`);
          if (res.status === 200) answered += 1;
          const leaked = PUBLIC_DATA_LISTS[route.path] ? [] : await leaks(res, filter);
          if (leaked.length) problems.push(`${name}: shows B data (${leaked.join(', ')})`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(answered).toBeGreaterThanOrEqual(20);
  });
});

/** supertest: keep every body as raw bytes (JSON, CSV, HTML and spreadsheets alike). */
function binary(res: Response, done: (err: Error | null, body: Buffer) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}
