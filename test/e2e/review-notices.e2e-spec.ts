import type { ReviewChanged } from '../../src/events/event-map';
import { ReviewNotifier } from '../../src/modules/notifications/review-notifier';
import {
  asScope,
  bearer,
  createInstitution,
  createPlan,
  createProcedure,
  createUser,
  tokenFor,
  TestInstitution,
  TestUser,
} from '../helpers/factories';
import { SmtpListener, startSmtpListener } from '../helpers/smtp-listener';
import { createTestApp, TestApp } from '../helpers/test-app';

const PUBLIC_URL = 'https://simplifica.test';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The active model's criteria up to a level (all true), the rest false. */
const LEVELS: Record<number, string[]> = {
  1: ['info_published'],
  2: ['forms_online_free'],
  3: ['online_filing'],
  4: ['online_payment', 'electronic_notification', 'electronic_result', 'no_visit'],
  5: ['interoperability', 'advanced_e_signature', 'online_tracking'],
};
const answersUpTo = (level: number) =>
  Object.fromEntries(Object.entries(LEVELS).flatMap(([l, keys]) => keys.map((k) => [k, Number(l) <= level] as const)));

describe('Review loop notices (e-mail + in-app, through the outbox)', () => {
  let t: TestApp;
  let smtp: SmtpListener;
  let analyst: TestUser;
  let otherAnalyst: TestUser;
  const as = (u: TestUser) => bearer(tokenFor(t, u));

  const setup = async (opts: { followed?: boolean } = {}) => {
    const inst = await createInstitution(t.dataSource, 'Ministerio de Revisiones');
    const liaison = await createUser(t.dataSource, 'liaison', inst.id);
    const instAdmin = await createUser(t.dataSource, 'institution_admin', inst.id);
    if (opts.followed !== false) {
      await t.http().post('/api/v1/analyst-follows').set(as(analyst)).send({ userId: analyst.id, institutionId: inst.id }).expect(201);
    }
    return { inst, liaison, instAdmin };
  };

  const outbox = (subjectId: string) =>
    asScope(t.dataSource, 'admin', null, (em) =>
      em.query(
        `SELECT n.id, n.kind, n.stage, n.status, n.reason, n.delivery, n.recipient_id, n.payload FROM notifications n
          WHERE n.subject_id = $1 ORDER BY n.created_at, n.recipient_id`,
        [subjectId],
      ),
    ) as Promise<
      Array<{ id: string; kind: string; stage: string; status: string; reason: string; delivery: string; recipient_id: string }>
    >;

  const mailsTo = (u: TestUser, about: string) => smtp.mails.filter((m) => m.to.includes(u.email.toLowerCase()) && m.text.includes(about));
  const waitFor = async <T>(fn: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 10000) => {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const v = await fn();
      if (v) return v;
      await sleep(50);
    }
    throw new Error(`Tiempo agotado esperando: ${what} (correos: ${smtp.mails.map((m) => `${m.to.join(',')}: ${m.subject}`).join(' | ')})`);
  };

  const submitAssessment = async (liaison: TestUser, inst: TestInstitution, level = 4) => {
    const proc = await createProcedure(t.dataSource, inst.id, { name: 'Registro de importadores', inPersonVisits: 2 });
    const res = await t
      .http()
      .post(`/api/v1/procedures/${proc.id}/assessments`)
      .set(as(liaison))
      .send({ answers: answersUpTo(level), evidenceUrl: 'https://www.ejemplo.gob.gt/tramite' })
      .expect(201);
    return { proc, assessment: res.body as { id: string; version: number } };
  };

  beforeAll(async () => {
    smtp = await startSmtpListener();
    t = await createTestApp({ worker: true, env: { SMTP_URL: smtp.url, APP_PUBLIC_URL: PUBLIC_URL } });
    analyst = await createUser(t.dataSource, 'analyst', null);
    otherAnalyst = await createUser(t.dataSource, 'analyst', null);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('a submitted assessment → the analyst following the institution (not other analysts), naming it with its article and linking to Revisión', async () => {
    const { inst, liaison, instAdmin } = await setup();
    const { proc, assessment } = await submitAssessment(liaison, inst);
    const mail = await waitFor(() => mailsTo(analyst, proc.code)[0], 'aviso a la analista');
    expect(mail.subject).toBe(`Por revisar: evaluación de madurez del ${inst.name} (${proc.code} · Registro de importadores)`);
    expect(mail.text).toContain(`Usuario liaison, del ${inst.name}, envió la evaluación de madurez del trámite ${proc.code}`);
    expect(mail.text).not.toMatch(/ de Ministerio/);
    expect(mail.text).toContain(`${PUBLIC_URL}/app/revision/evaluaciones/${assessment.id}`);
    // whom to contact at the institution
    expect(mail.text).toContain(`A quién contactar en el ${inst.name}:`);
    expect(mail.text).toContain(liaison.email);
    expect(mail.text).toContain('Recibe este aviso como analista que da seguimiento a la institución');
    const rows = await outbox(assessment.id);
    expect(rows.map((r) => [r.kind, r.reason, r.recipient_id])).toEqual([['review_waiting', 'analyst', analyst.id]]);
    expect(mailsTo(otherAnalyst, proc.code)).toHaveLength(0);
    expect(mailsTo(liaison, proc.code)).toHaveLength(0);
    expect(mailsTo(instAdmin, proc.code)).toHaveLength(0);
    // the in-app notice
    const mine = await t.http().get('/api/v1/notifications').set(as(analyst)).expect(200);
    const notice = (mine.body.items as Array<Record<string, unknown>>).find((n) => n.subjectId === assessment.id)!;
    expect(notice).toMatchObject({
      kind: 'review_waiting',
      title: 'Pendiente de revisión',
      subjectType: 'assessment_review',
      link: `${PUBLIC_URL}/app/revision/evaluaciones/${assessment.id}`,
      comment: null,
    });
    expect(notice.message).toContain(`del ${inst.name}`);
  });

  it('a rejection → the liaisons and administrators, with the comment and a link to their Madurez page; replaying the step sends nothing twice', async () => {
    const { inst, liaison, instAdmin } = await setup();
    const { proc, assessment } = await submitAssessment(liaison, inst);
    await waitFor(() => mailsTo(analyst, proc.code)[0], 'aviso de envío');
    const comment = 'El trámite aún exige 2 visitas presenciales: el nivel 4 no se sostiene.';
    const rejected = await t.http().post(`/api/v1/assessments/${assessment.id}/reject`).set(as(analyst)).send({ comment }).expect(200);
    for (const who of [liaison, instAdmin]) {
      const mail = await waitFor(() => mailsTo(who, 'rechazó')[0], 'aviso de rechazo');
      expect(mail.subject).toBe(`Evaluación de madurez rechazada: ${proc.code} · Registro de importadores — ${inst.name}`);
      expect(mail.text).toContain(`Comentario de la Comisión:\n${comment}`);
      expect(mail.text).toContain(`${PUBLIC_URL}/app/madurez/evaluaciones/${assessment.id}`);
      expect(mail.text).toContain(
        `rechazó la evaluación de madurez del trámite ${proc.code} · Registro de importadores (nivel 4) del ${inst.name}`,
      );
      expect(mail.text).not.toContain('A quién contactar');
    }
    // the analyst who decided is not told of their own decision
    expect(mailsTo(analyst, 'rechazó')).toHaveLength(0);
    const notice = (await t.http().get('/api/v1/notifications').set(as(liaison)).expect(200)).body.items.find(
      (n: { subjectId: string; kind: string }) => n.subjectId === assessment.id && n.kind === 'review_outcome',
    );
    expect(notice).toMatchObject({
      title: 'Resultado de la revisión',
      comment,
      link: `${PUBLIC_URL}/app/madurez/evaluaciones/${assessment.id}`,
    });
    // the same step again (a replayed event): the outbox key keeps it to one notice per person
    const before = (await outbox(assessment.id)).length;
    const again: ReviewChanged = {
      subject: 'assessment',
      subjectId: assessment.id,
      institutionId: inst.id,
      outcome: 'rejected',
      occurrence: rejected.body.version,
      comment,
      actorUserId: analyst.id,
      at: new Date().toISOString(),
      title: `${proc.code} · Registro de importadores`,
      level: 4,
    };
    expect(await t.app.get(ReviewNotifier).record([again])).toEqual([]);
    expect(await outbox(assessment.id)).toHaveLength(before);
    await sleep(300);
    expect(mailsTo(liaison, 'rechazó')).toHaveLength(1);
  });

  it('preferences: an opted-out liaison gets no outcome notice; a digest reader gets it in the daily digest, not at once', async () => {
    const { inst, liaison, instAdmin } = await setup();
    await t
      .http()
      .put('/api/v1/notifications/preferences')
      .set(as(liaison))
      .send({ optedOut: ['review_outcome'] })
      .expect(200);
    await t.http().put('/api/v1/notifications/preferences').set(as(instAdmin)).send({ delivery: 'digest' }).expect(200);
    const { assessment } = await submitAssessment(liaison, inst, 2);
    await t
      .http()
      .post(`/api/v1/assessments/${assessment.id}/validate`)
      .set(as(analyst))
      .send({ comment: 'Verificado en el portal.' })
      .expect(200);
    const rows = (await outbox(assessment.id)).filter((r) => r.kind === 'review_outcome');
    expect(rows.map((r) => [r.recipient_id, r.delivery, r.status])).toEqual([[instAdmin.id, 'digest', 'pending']]);
    await sleep(300);
    expect(mailsTo(liaison, 'validó')).toHaveLength(0);
    expect(mailsTo(instAdmin, 'validó')).toHaveLength(0);
  });

  it('an institution nobody follows → every analyst, as unassigned', async () => {
    const { inst, liaison } = await setup({ followed: false });
    const { assessment } = await submitAssessment(liaison, inst, 1);
    const rows = await outbox(assessment.id);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(new Set(rows.map((r) => r.reason))).toEqual(new Set(['analyst_unassigned']));
    expect(rows.map((r) => r.recipient_id)).toEqual(expect.arrayContaining([analyst.id, otherAnalyst.id]));
  });

  it('a plan submitted, returned, submitted again and approved: a notice per step, the second submission not taken for the first', async () => {
    const { inst, liaison } = await setup();
    const plan = await createPlan(t.dataSource, inst.id, { title: `Plan de revisión ${inst.code}` });
    await t.http().post(`/api/v1/plans/${plan.id}/submit`).set(as(liaison)).expect(200);
    // The analyst reviews once told (a waiting notice still unsent when its item is reviewed is cancelled, by design).
    await waitFor(() => mailsTo(analyst, plan.title).length === 1, 'primer aviso de envío');
    const returnComment = 'Agregue fechas a los hitos de comercio exterior.';
    await t.http().post(`/api/v1/plans/${plan.id}/return`).set(as(analyst)).send({ comment: returnComment }).expect(200);
    const returned = await waitFor(() => mailsTo(liaison, returnComment)[0], 'plan devuelto');
    expect(returned.subject).toBe(`Plan de simplificación devuelto: «${plan.title}» (revisión 1) — ${inst.name}`);
    expect(returned.text).toContain(`${PUBLIC_URL}/app/plan/${plan.id}`);
    await t.http().post(`/api/v1/plans/${plan.id}/submit`).set(as(liaison)).expect(200);
    await waitFor(() => mailsTo(analyst, plan.title).length === 2, 'dos avisos de envío');
    await t.http().post(`/api/v1/plans/${plan.id}/approve`).set(as(analyst)).send({ approvalAct: 'Resolución 1-2026' }).expect(200);
    const rows = (await outbox(plan.id)).filter((r) => r.reason !== 'institution_admin');
    expect(rows.map((r) => `${r.kind}:${r.stage.replace(/\d+$/, 'n')}:${r.reason}`)).toEqual([
      'review_waiting:submitted-n:analyst',
      'review_outcome:returned-n:liaison',
      'review_waiting:submitted-n:analyst',
      'review_outcome:approved-n:liaison',
    ]);
    expect(new Set(rows.map((r) => r.stage)).size).toBe(4);
    const approved = await waitFor(() => mailsTo(liaison, 'aprobó')[0], 'plan aprobado');
    expect(approved.text).toContain('La Comisión no dejó comentario.');
  });

  it('a quarterly report submitted then returned: the analyst, then the liaison with the comment and a link to Informes', async () => {
    const { inst, liaison } = await setup();
    const created = await t
      .http()
      .post('/api/v1/progress-reports')
      .set(as(liaison))
      .send({ year: 2026, quarter: 1, content: 'Formularios publicados en línea.' })
      .expect(201);
    const waiting = await waitFor(() => mailsTo(analyst, 'trimestre 1 de 2026').find((m) => m.text.includes(inst.name)), 'informe enviado');
    expect(waiting.text).toContain(`${PUBLIC_URL}/app/revision/informes/${created.body.id}`);
    await t
      .http()
      .post(`/api/v1/progress-reports/${created.body.id}/review`)
      .set(as(analyst))
      .send({ decision: 'returned', comment: 'Falta el avance de los hitos del trimestre.' })
      .expect(200);
    const mail = await waitFor(() => mailsTo(liaison, 'Falta el avance de los hitos')[0], 'informe devuelto');
    expect(mail.subject).toBe(`Informe de avance devuelto: trimestre 1 de 2026 — ${inst.name}`);
    expect(mail.text).toContain(`${PUBLIC_URL}/app/informes/${created.body.id}`);
  });

  it('a notice waiting in a digest is cancelled if the item was reviewed meanwhile', async () => {
    const { inst, liaison } = await setup();
    await t.http().put('/api/v1/notifications/preferences').set(as(analyst)).send({ delivery: 'digest' }).expect(200);
    try {
      const { assessment } = await submitAssessment(liaison, inst, 1);
      await t.http().post(`/api/v1/assessments/${assessment.id}/validate`).set(as(otherAnalyst)).send({}).expect(200);
      const { NotificationDelivery } = await import('../../src/modules/notifications/notification-delivery');
      await t.app.get(NotificationDelivery).digest({ recipientId: analyst.id, date: '2100-01-01' });
      const [row] = (await outbox(assessment.id)).filter((r) => r.recipient_id === analyst.id);
      expect(row.status).toBe('cancelled');
    } finally {
      await t.http().put('/api/v1/notifications/preferences').set(as(analyst)).send({ delivery: 'immediate' }).expect(200);
    }
  });
});
