import type { OpenAPIObject } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import {
  asScope,
  createMilestone,
  createPlan,
  createProcedure,
  createProgressReport,
  createRequirement,
  TestUser,
} from '../helpers/factories';
import { ApiRoute, apiRoutes, collectionOf, fillPath } from '../helpers/route-table';
import { useWorld } from '../helpers/world';

type Schema = { $ref?: string; allOf?: Schema[]; properties?: Record<string, Schema & { nullable?: boolean }> };

/**
 * Every PATCH route, every field of its body, generated from the route table (a new PATCH route joins by being declared):
 *  - a field the body does not declare nullable, sent as null → 400 naming that field ("no puede ser nulo"), never the
 *    500 of a NOT NULL violation (issue #11: PATCH /procedures/:id with "name": null was a 500);
 *  - a field declared nullable (a nullable column: "sin dato"), sent as null on a real row → never 5xx, and when
 *    accepted the field reads back as null.
 */
describe('PATCH with null, every route and field (generated from the OpenAPI route table)', () => {
  const w = useWorld({ label: 'de nulos' });
  let doc: OpenAPIObject;
  let patches: ApiRoute[];
  const ids: Record<string, string> = {};

  /** Path collection → its table (for the version a PATCH must send). */
  const TABLES: Record<string, string> = {
    institutions: 'institutions',
    users: 'users',
    'reminder-rules': 'reminder_rules',
    milestones: 'milestones',
    plans: 'simplification_plans',
    'rationalisation-actions': 'rationalisation_actions',
    requirements: 'requirements',
    'progress-reports': 'progress_reports',
    procedures: 'procedures',
    'legal-deadlines': 'legal_deadlines',
  };

  /** Nullable fields whose null the API documents as "the default", not "unknown", and why. */
  const NULL_MEANS_DEFAULT: Record<string, string> = {
    'PATCH /api/v1/procedures/{id} lastReviewedAt': 'editar es revisar: null u omitido es la fecha de hoy',
  };

  const propertiesOf = (schema: Schema): Record<string, Schema & { nullable?: boolean }> => {
    const s = schema.$ref ? (doc.components?.schemas?.[schema.$ref.split('/').pop() as string] as Schema) : schema;
    return Object.assign({}, ...(s.allOf ?? []).map(propertiesOf), s.properties ?? {});
  };
  const nullableFields = (r: ApiRoute) =>
    Object.entries(propertiesOf(r.requestBody as Schema))
      .filter(([, p]) => p.nullable === true)
      .map(([n]) => n);
  const requiredFields = (r: ApiRoute) =>
    Object.entries(propertiesOf(r.requestBody as Schema))
      .filter(([n, p]) => p.nullable !== true && n !== 'version')
      .map(([n]) => n);
  /** The first of the cast whose role may use the route (guards answer before validation). */
  const userFor = async (route: ApiRoute): Promise<TestUser> => {
    for (const user of [w.admin, w.liaisonA, w.adminA, w.analyst]) {
      const res = await w.t
        .http()
        .patch(fillPath(route, () => randomUUID()))
        .set(w.as(user))
        .send({});
      if (res.status !== 403) return user;
    }
    throw new Error(`${route.path}: no user of the cast may use it`);
  };
  const versionOf = async (collection: string, id: string): Promise<number> => {
    const [row] = await asScope(w.t.dataSource, 'read_all', null, (em) =>
      em.query(`SELECT version FROM "${TABLES[collection]}" WHERE id = $1`, [id]),
    );
    return row.version as number;
  };

  beforeAll(async () => {
    ({ doc } = apiRoutes(w.t.app));
    patches = apiRoutes(w.t.app).routes.filter((r) => r.method === 'patch' && r.path.startsWith('/api/v1/'));
    const ds = w.t.dataSource;
    const procedure = await createProcedure(ds, w.a.id, { name: 'Trámite para nulos' });
    const requirement = await createRequirement(ds, procedure, { name: 'Requisito para nulos' });
    const plan = await createPlan(ds, w.a.id, { title: 'Plan para nulos' });
    const milestone = await createMilestone(ds, plan, { target: 'Hito para nulos' });
    const report = await createProgressReport(ds, w.liaisonA, { content: 'Informe para nulos', status: 'returned' });
    Object.assign(ids, {
      procedures: procedure.id,
      requirements: requirement.id,
      plans: plan.id,
      milestones: milestone.id,
      'progress-reports': report.id,
      institutions: w.a.id,
      users: w.liaisonA.id,
    });
    await asScope(ds, 'tenant', w.a.id, async (em) => {
      [{ id: ids['rationalisation-actions'] }] = await em.query(
        `INSERT INTO rationalisation_actions (institution_id, procedure_id, type, description, benefit) VALUES ($1, $2, 'administrative', 'Acción para nulos', 'Menos visitas') RETURNING id`,
        [w.a.id, procedure.id],
      );
    });
    await asScope(ds, 'admin', null, async (em) => {
      [{ id: ids['reminder-rules'] }] = await em.query(`SELECT id FROM reminder_rules WHERE kind = 'milestone_due'`);
    });
    const deadline = await w.t
      .http()
      .post('/api/v1/legal-deadlines')
      .set(w.as(w.admin))
      .send({
        code: 'plazo_nulos',
        name: 'Plazo para nulos',
        coverage: 'bound',
        dueDate: '2027-01-31',
        description: 'Algo',
        requiredLevel: 2,
      })
      .expect(201);
    ids['legal-deadlines'] = deadline.body.id;
  });

  it('finds every PATCH route, and knows the rows they address', () => {
    expect(patches.length).toBeGreaterThanOrEqual(10);
    expect(patches.map((r) => collectionOf(r)).filter((c) => !TABLES[c])).toEqual([]);
  });

  it('a field not declared nullable, sent as null: 400 naming it, for every route', async () => {
    const problems: string[] = [];
    let checked = 0;
    for (const route of patches) {
      const user = await userFor(route);
      const path = fillPath(route, (p) => ids[collectionOf(route, p)]);
      const version = await versionOf(collectionOf(route), ids[collectionOf(route)]);
      for (const field of requiredFields(route)) {
        const res = await w.t
          .http()
          .patch(path)
          .set(w.as(user))
          .send({ version, [field]: null });
        checked += 1;
        const named = (res.body.details ?? []) as Array<{ field: string; messages: string[] }>;
        if (res.status !== 400 || !named.some((d) => d.field === field && d.messages.some((m) => /no puede ser nulo/.test(m)))) {
          problems.push(`PATCH ${route.path} ${field}: null → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
        }
      }
      expect(await versionOf(collectionOf(route), ids[collectionOf(route)])).toBe(version);
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(40);
  });

  it('a field declared nullable, sent as null on a real row: never 5xx; accepted means stored as null', async () => {
    const problems: string[] = [];
    let accepted = 0;
    for (const route of patches) {
      const user = await userFor(route);
      const collection = collectionOf(route);
      const path = fillPath(route, (p) => ids[collectionOf(route, p)]);
      for (const field of nullableFields(route)) {
        const res = await w.t
          .http()
          .patch(path)
          .set(w.as(user))
          .send({ version: await versionOf(collection, ids[collection]), [field]: null });
        if (res.status >= 500)
          problems.push(`PATCH ${route.path} ${field}: null → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
        else if (res.status === 200) {
          accepted += 1;
          if (res.body[field] !== null && res.body[field] !== undefined && !NULL_MEANS_DEFAULT[`PATCH ${route.path} ${field}`])
            problems.push(`PATCH ${route.path} ${field}: 200 but answered ${JSON.stringify(res.body[field])}`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(accepted).toBeGreaterThanOrEqual(20);
  });
});
