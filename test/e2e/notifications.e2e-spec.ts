import { NestFactory } from '@nestjs/core';
import { JobName } from '../../src/queue/job-names';
import { QueueName } from '../../src/queue/queue-names';
import { ReminderEvaluator } from '../../src/modules/notifications/reminder-evaluator';
import { ScoringService } from '../../src/modules/scoring/scoring.service';
import { WorkerModule } from '../../src/worker.module';
import {
  asScope,
  auditTrail,
  bearer,
  createInstitution,
  createMilestone,
  createPlan,
  createProcedure,
  createScoreSnapshots,
  createTwoTenants,
  createUser,
  tokenFor,
  TestInstitution,
  TestUser,
} from '../helpers/factories';
import { SmtpListener, startSmtpListener } from '../helpers/smtp-listener';
import { createTestApp, TestApp } from '../helpers/test-app';

const PUBLIC_URL = 'https://simplifica.test';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** An instant at noon in Guatemala (18:00 UTC) on the given date. */
const noonGt = (date: string) => new Date(`${date}T18:00:00Z`);

describe('Reminders and notifications (real SMTP)', () => {
  let t: TestApp;
  let smtp: SmtpListener;
  let evaluator: ReminderEvaluator;
  let analyst: TestUser;
  let admin: TestUser;
  let seq = 0;

  const as = (u: TestUser) => bearer(tokenFor(t, u));
  /** Real institution snapshots (a score run per day, indicators and all), then the institution score set to the given values. */
  const institutionScores = (institutionId: string, scores: Record<string, string>) => createScoreSnapshots(t, institutionId, scores);

  /**
   * An institution with its liaisons and admin. Reports are owed from the methodology's 2026-01-01 whatever the day the
   * institution was registered (the score's rule), so by default it has submitted every quarterly report of 2026–2027 on
   * time and owes none; `reportsOwed` leaves them all to be submitted.
   */
  const setup = async (liaisons = 1, opts: { reportsOwed?: boolean } = {}) => {
    const inst = await createInstitution(t.dataSource, 'Ministerio de Recordatorios');
    const ls: TestUser[] = [];
    for (let i = 0; i < liaisons; i++) ls.push(await createUser(t.dataSource, 'liaison', inst.id));
    const instAdmin = await createUser(t.dataSource, 'institution_admin', inst.id);
    if (!opts.reportsOwed) {
      await asScope(t.dataSource, 'tenant', inst.id, (em) =>
        em.query(
          `INSERT INTO progress_reports (institution_id, year, quarter, content, submitted_at, submitted_by)
         SELECT $1, y, q, 'Informe al día', make_date(y, q * 3, 28), $2 FROM generate_series(2026, 2027) y, generate_series(1, 4) q`,
          [inst.id, instAdmin.id],
        ),
      );
    }
    return { inst, liaisons: ls, instAdmin };
  };

  /** A plan with milestones (unique targets, so mails of other tests never match). */
  const milestones = async (inst: TestInstitution, dueDates: string[]) => {
    const plan = await createPlan(t.dataSource, inst.id, { title: 'Plan 2026', periodStart: '2026-01-01', periodEnd: '2026-12-31' });
    const out: Array<{ id: string; target: string; dueDate: string }> = [];
    for (const due of dueDates) {
      const m = await createMilestone(t.dataSource, plan, { target: `Hito ${++seq} de ${inst.code}`, dueDate: due });
      out.push({ id: m.id, target: m.target, dueDate: m.dueDate });
    }
    return out;
  };

  const outbox = (where: string, params: unknown[]) =>
    asScope(t.dataSource, 'admin', null, (em) =>
      em.query(
        `SELECT id, stage, status, attempts, last_error, skip_reason, recipient_id, reason, escalation, delivery, evaluated_on::text AS evaluated_on,
                       days_until_due, sent_at FROM notifications WHERE ${where} ORDER BY created_at, stage`,
        params,
      ),
    ) as Promise<Array<Record<string, unknown>>>;

  const mailsAbout = (target: string) => smtp.mails.filter((m) => m.subject.includes(target) || m.text.includes(target));
  const waitFor = async <T>(
    fn: () => T | undefined | false | Promise<T | undefined | false>,
    what: string,
    timeoutMs = 30000,
  ): Promise<T> => {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const v = await fn();
      if (v) return v;
      await sleep(50);
    }
    throw new Error(`Tiempo agotado esperando: ${what} (correos: ${smtp.mails.map((m) => m.subject).join(' | ')})`);
  };
  const settled = async (where: string, params: unknown[]) =>
    waitFor(async () => {
      const rows = await outbox(where, params);
      return rows.length > 0 && rows.every((r) => r.status !== 'pending') && rows;
    }, 'envíos terminados');

  beforeAll(async () => {
    smtp = await startSmtpListener();
    t = await createTestApp({
      worker: true,
      env: { SMTP_URL: smtp.url, APP_PUBLIC_URL: PUBLIC_URL, REMINDERS_RETRY_DELAY_MS: '100', REMINDERS_MAX_ATTEMPTS: '3' },
    });
    evaluator = t.app.get(ReminderEvaluator);
    analyst = await createUser(t.dataSource, 'analyst', null);
    admin = await createUser(t.dataSource, 'admin', null);
    // Every bound test institution scored today has missed the 2022 deadlines (a finding): its monthly reminder is
    // tested on its own below and kept out of the other tests' mailboxes.
    await legalDeadlineMissedRule(false);
  });

  const legalDeadlineMissedRule = (enabled: boolean) =>
    asScope(t.dataSource, 'admin', null, (em) =>
      em.query(`UPDATE reminder_rules SET enabled = $1 WHERE code = 'legal-deadline-missed'`, [enabled]),
    );

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('registers the daily evaluation as a job scheduler in Guatemala time', async () => {
    const schedulers = await t.queue(QueueName.Reminders).getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toContain('reminders:daily-evaluation');
    expect(schedulers.find((s) => s.key === 'reminders:daily-evaluation')).toMatchObject({ pattern: '0 6 * * *', tz: 'America/Guatemala' });
  });

  it('milestones due in 30, 7 and 1 days → one e-mail per liaison, Spanish date, HTML + text, unsubscribe headers', async () => {
    const { inst, liaisons, instAdmin } = await setup(2);
    const [m30, m7, m1, m12] = await milestones(inst, ['2026-04-14', '2026-03-22', '2026-03-16', '2026-03-27']);
    const result = await evaluator.evaluate(noonGt('2026-03-15'));
    expect(result.today).toBe('2026-03-15');

    for (const m of [m30, m7, m1]) await waitFor(() => mailsAbout(m.target).length === 2, `2 correos de ${m.target}`);
    const mail30 = mailsAbout(m30.target);
    expect(mail30.flatMap((m) => m.to).sort()).toEqual(liaisons.map((l) => l.email.toLowerCase()).sort());
    expect(smtp.mails.some((m) => m.to.includes(instAdmin.email.toLowerCase()) && m.subject.includes(inst.code))).toBe(false);
    const m = mail30[0];
    expect(m.subject).toBe(`Recordatorio: el hito «${m30.target}» vence el 14 de abril de 2026 — ${inst.name}`);
    expect(m.text).toContain('Fecha límite: 14 de abril de 2026');
    expect(m.text).toContain('Faltan 30 días');
    expect(m.text).toContain(`Institución: ${inst.name}`);
    // The subject (the milestone's plan) is a workspace page (src/common/http/page-links.ts).
    expect(m.text).toContain(`${PUBLIC_URL}/app/plan`);
    expect(m.html).toContain('<html lang="es">');
    expect(m.html).toContain('Seguimiento del Decreto 5-2021');
    expect(m.html).toContain('14 de abril de 2026');
    expect(m.headers).toMatch(new RegExp(`List-Unsubscribe: <${PUBLIC_URL}/api/v1/notifications/unsubscribe\\?token=[^>]+>`));
    expect(m.headers).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(mailsAbout(m1.target)[0].text).toContain('Vence mañana');
    expect(mailsAbout(m7.target)[0].subject).toContain('vence el 22 de marzo de 2026');
    // 12 days left: inside the 30-day window already sent for other items, but this milestone's stage is before-30 too
    const rows = await outbox('subject_id = ANY($1)', [[m30.id, m7.id, m1.id, m12.id]]);
    expect(rows.map((r) => r.stage).sort()).toEqual([
      'before-1',
      'before-1',
      'before-30',
      'before-30',
      'before-30',
      'before-30',
      'before-7',
      'before-7',
    ]);
    const sent = await settled('subject_id = ANY($1)', [[m30.id, m7.id, m1.id]]);
    expect(sent.every((r) => r.status === 'sent' && r.attempts === 1 && r.sent_at)).toBe(true);

    // the next day nothing repeats; 7 days later the 7-day stage of the milestone due on the 27th fires
    const before = smtp.mails.length;
    await evaluator.evaluate(noonGt('2026-03-16'));
    await sleep(300);
    expect(mailsAbout(m30.target)).toHaveLength(2);
    await evaluator.evaluate(noonGt('2026-03-20'));
    await waitFor(() => mailsAbout(m12.target).length === 4, 'etapa de 7 días');
    expect(mailsAbout(m12.target).filter((x) => x.text.includes('Faltan 7 días'))).toHaveLength(2);
    expect(smtp.mails.length).toBeGreaterThan(before);

    // one-click unsubscribe from the header: the liaison no longer gets this kind; the other still does
    const link = /List-Unsubscribe: <([^>]+)>/.exec(mail30.find((x) => x.to[0] === liaisons[0].email.toLowerCase())!.headers)![1];
    const path = link.slice(PUBLIC_URL.length);
    const page = await t.http().get(path).expect(200);
    expect(page.text).toContain('Confirmar la baja');
    const res = await t.http().post(path).type('form').send('List-Unsubscribe=One-Click').expect(200);
    expect(res.body.optedOut).toEqual(['milestone_due']);
    await t
      .http()
      .post(`${path.slice(0, -3)}xyz`)
      .expect(400);
    const prefs = await t.http().get('/api/v1/notifications/preferences').set(as(liaisons[0])).expect(200);
    expect(prefs.body).toMatchObject({ delivery: 'immediate', optedOut: ['milestone_due'] });
    const [late] = await milestones(inst, ['2026-04-20']);
    await evaluator.evaluate(noonGt('2026-04-13'));
    await waitFor(() => mailsAbout(late.target).length >= 1, 'aviso al otro enlace');
    await sleep(300);
    expect(mailsAbout(late.target).flatMap((x) => x.to)).toEqual([liaisons[1].email.toLowerCase()]);
  });

  it('overdue: day 1, then weekly; from 14 days escalates to the institution admin and analysts (no opt-out)', async () => {
    const { inst, liaisons, instAdmin } = await setup(1);
    const [m] = await milestones(inst, ['2026-03-01']);
    const liaison = liaisons[0].email.toLowerCase();
    const to = (who: string) => mailsAbout(m.target).filter((x) => x.to.includes(who));

    await evaluator.evaluate(noonGt('2026-03-02'));
    await waitFor(() => to(liaison).length === 1, 'día 1');
    expect(to(liaison)[0].subject).toBe(`Hito vencido: «${m.target}» (Venció hace 1 día) — ${inst.name}`);
    expect(to(liaison)[0].text).toContain('1 de marzo de 2026');

    await evaluator.evaluate(noonGt('2026-03-05'));
    await evaluator.evaluate(noonGt('2026-03-09'));
    await waitFor(() => to(liaison).length === 2, 'día 8');
    expect(to(liaison)[1].text).toContain('Venció hace 8 días');

    await evaluator.evaluate(noonGt('2026-03-14'));
    await sleep(300);
    expect(to(instAdmin.email.toLowerCase())).toHaveLength(0);

    await evaluator.evaluate(noonGt('2026-03-15'));
    await waitFor(
      () => to(instAdmin.email.toLowerCase()).length === 1 && to(analyst.email.toLowerCase()).length === 1,
      'escalamiento a los 14 días',
    );
    const escalation = to(analyst.email.toLowerCase())[0];
    expect(escalation.text).toContain('Venció hace 14 días');
    expect(escalation.text).toContain('analista de la Comisión (la institución no tiene analista asignado)');
    expect(escalation.headers).not.toContain('List-Unsubscribe');
    expect(to(liaison)).toHaveLength(2);

    await evaluator.evaluate(noonGt('2026-03-16'));
    await waitFor(() => to(liaison).length === 3, 'día 15');
    // Nobody follows this institution, so every active analyst is escalated to; other suites sharing this database
    // create analysts of their own, so look only at this test's analyst (plus the institution's own recipients).
    const allRows = await outbox('subject_id = $1', [m.id]);
    const rows = allRows.filter((r) => !String(r.reason).startsWith('analyst') || r.recipient_id === analyst.id);
    expect(rows.map((r) => `${r.stage}:${r.reason}`).sort()).toEqual(
      [
        'escalation-14:analyst_unassigned',
        'escalation-14:institution_admin',
        'overdue-1:liaison',
        'overdue-15:liaison',
        'overdue-8:liaison',
      ].sort(),
    );
    expect(rows.filter((r) => r.escalation).every((r) => r.reason !== 'liaison')).toBe(true);

    // the outbox explains it to the institution admin; a liaison may not see it
    const ob = await t.http().get(`/api/v1/notifications/outbox?subjectId=${m.id}`).set(as(instAdmin)).expect(200);
    expect(ob.body.total).toBe(allRows.length);
    const esc = ob.body.items.find(
      (i: { stage: string; recipientId: string }) => i.stage === 'escalation-14' && i.recipientId === instAdmin.id,
    );
    expect(esc).toMatchObject({ status: 'sent', ruleCode: 'milestone-overdue', recipientEmail: instAdmin.email, escalation: true });
    expect(esc.why).toContain('venció el 1 de marzo de 2026');
    expect(esc.why).toContain('escalamiento obligatorio');
    await t.http().get('/api/v1/notifications/outbox').set(as(liaisons[0])).expect(403);
    const other = await setup(0);
    const foreign = await t.http().get(`/api/v1/notifications/outbox?institutionId=${inst.id}`).set(as(other.instAdmin));
    expect(foreign.status).toBe(404);
    const byAnalyst = await t.http().get(`/api/v1/notifications/outbox?institutionId=${inst.id}&pageSize=200`).set(as(analyst)).expect(200);
    expect(byAnalyst.body.items.every((i: { institutionId: string }) => i.institutionId === inst.id)).toBe(true);
  });

  it('digest preference: one e-mail per recipient bundling the day’s items; in-app list with read/unread', async () => {
    const { inst, liaisons } = await setup(1);
    const liaison = liaisons[0];
    await t.http().put('/api/v1/notifications/preferences').set(as(liaison)).send({ delivery: 'digest' }).expect(200);
    await t
      .http()
      .put('/api/v1/notifications/preferences')
      .set(as(liaison))
      .send({ optedOut: ['legal_deadline'] })
      .expect(400);
    const [a, b] = await milestones(inst, ['2026-06-07', '2026-06-01']);
    await evaluator.evaluate(noonGt('2026-05-31'));
    const digest = await waitFor(() => smtp.mails.find((x) => x.to.includes(liaison.email.toLowerCase())), 'resumen diario');
    await sleep(300);
    expect(smtp.mails.filter((x) => x.to.includes(liaison.email.toLowerCase()))).toHaveLength(1);
    expect(digest.subject).toBe('Resumen diario de Simplifica — 31 de mayo de 2026 (2 avisos)');
    for (const x of [a, b]) {
      expect(digest.text).toContain(x.target);
      expect(digest.html).toContain(x.target);
    }
    expect(digest.text).toContain('Fecha límite: 7 de junio de 2026');
    expect(digest.text).toContain('Vence mañana');
    expect(digest.headers).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const rows = await settled('recipient_id = $1', [liaison.id]);
    expect(rows.map((r) => [r.delivery, r.status])).toEqual([
      ['digest', 'sent'],
      ['digest', 'sent'],
    ]);

    const list = await t.http().get('/api/v1/notifications').set(as(liaison)).expect(200);
    expect(list.body.total).toBe(2);
    expect(list.body.items[0]).toMatchObject({ institutionId: inst.id, institutionName: inst.name, readAt: null, status: 'sent' });
    const read = await t.http().post(`/api/v1/notifications/${list.body.items[0].id}/read`).set(as(liaison)).expect(200);
    expect(read.body.readAt).not.toBeNull();
    const unread = await t.http().get('/api/v1/notifications?unread=true').set(as(liaison)).expect(200);
    expect(unread.body.total).toBe(1);
    // someone else's notification: not found
    await t.http().post(`/api/v1/notifications/${list.body.items[1].id}/read`).set(as(analyst)).expect(404);
  });

  it('evaluation run again and on two workers at once → exactly one notification (and one e-mail) per key', async () => {
    const { inst, liaisons } = await setup(2);
    const ms = await milestones(inst, ['2026-07-08', '2026-07-02', '2026-06-15', '2026-06-20', '2026-07-31']);
    const at = noonGt('2026-07-01');
    // a second worker process (same module graph as src/worker.ts) evaluating at the same time as this one
    const other = await NestFactory.createApplicationContext(WorkerModule, { logger: false }).then((w) => w.init());
    try {
      await Promise.all([
        evaluator.evaluate(at),
        other.get(ReminderEvaluator).evaluate(at),
        evaluator.evaluate(at),
        t.queue(QueueName.Reminders).add(JobName.EvaluateReminders, { at: at.toISOString() }),
      ]);
      await other.get(ReminderEvaluator).evaluate(at);
    } finally {
      await other.close();
    }
    const ids = ms.map((x) => x.id);
    const rows = await settled('subject_id = ANY($1)', [ids]);
    // 5 milestones × 2 liaisons: due in 7, 1 and 30 days; overdue 16 and 11 days (+ escalations to admin/analysts for the 16-day one)
    const liaisonRows = rows.filter((r) => r.reason === 'liaison');
    expect(liaisonRows).toHaveLength(10);
    await sleep(500);
    const mails = ms.flatMap((x) => mailsAbout(x.target)).filter((x) => liaisons.some((l) => x.to.includes(l.email.toLowerCase())));
    expect(mails).toHaveLength(10);
    const [dups] = await asScope(t.dataSource, 'admin', null, (em) =>
      em.query(
        `SELECT count(*)::int AS n FROM (SELECT 1 FROM notifications GROUP BY rule_id, subject_id, due_date, stage, recipient_id HAVING count(*) > 1) d`,
      ),
    );
    expect(dups.n).toBe(0);
  });

  it('SMTP failing transiently (451) is retried and then delivered; a permanent 550 fails after one attempt', async () => {
    const { inst, liaisons } = await setup(2);
    const [okLater, bounced] = liaisons;
    smtp.failOnce.add(okLater.email.toLowerCase());
    smtp.reject.add(bounced.email.toLowerCase());
    const [m] = await milestones(inst, ['2026-08-08']);
    await evaluator.evaluate(noonGt('2026-08-01'));
    await waitFor(() => mailsAbout(m.target).length === 1, 'entrega tras el reintento');
    const rows = await settled('subject_id = $1', [m.id]);
    const byUser = Object.fromEntries(rows.map((r) => [r.recipient_id as string, r]));
    expect(byUser[okLater.id]).toMatchObject({ status: 'sent', attempts: 2 });
    expect(byUser[okLater.id].last_error).toBeNull();
    expect(byUser[bounced.id]).toMatchObject({ status: 'failed', attempts: 1 });
    expect(String(byUser[bounced.id].last_error)).toContain('550');
    await sleep(800); // longer than the retry backoff: no further attempt
    expect(smtp.rcptAttempts.get(bounced.email.toLowerCase())).toBe(1);
    expect((await outbox('id = $1', [byUser[bounced.id].id]))[0].attempts).toBe(1);
    expect(smtp.rcptAttempts.get(okLater.email.toLowerCase())).toBe(2);
  });

  it('a recipient without e-mail is skipped with a reason; a milestone deleted or completed before sending sends nothing', async () => {
    const { inst, liaisons } = await setup(2);
    await asScope(t.dataSource, 'admin', null, (em) => em.query(`UPDATE users SET email = '' WHERE id = $1`, [liaisons[0].id]));
    const [keep, removed, done] = await milestones(inst, ['2026-09-08', '2026-09-08', '2026-09-08']);
    await evaluator.evaluate(noonGt('2026-09-01'), { enqueue: false });
    await asScope(t.dataSource, 'tenant', inst.id, async (em) => {
      await em.query(`DELETE FROM milestones WHERE id = $1`, [removed.id]);
      await em.query(`UPDATE milestones SET status = 'completed', completed_on = '2026-09-01' WHERE id = $1`, [done.id]);
    });
    await evaluator.enqueuePending('2026-09-01');
    await waitFor(() => mailsAbout(keep.target).length === 1, 'aviso del hito vigente');
    const rows = await settled('institution_id = $1', [inst.id]);
    const noMail = rows.filter((r) => r.recipient_id === liaisons[0].id);
    expect(noMail).toHaveLength(3);
    expect(
      noMail.every((r) => r.status === 'skipped' && r.skip_reason === 'El destinatario no tiene correo electrónico' && r.attempts === 0),
    ).toBe(true);
    const second = rows.filter((r) => r.recipient_id === liaisons[1].id);
    expect(second.map((r) => r.status).sort()).toEqual(['cancelled', 'cancelled', 'sent']);
    await sleep(300);
    expect(mailsAbout(removed.target)).toHaveLength(0);
    expect(mailsAbout(done.target)).toHaveLength(0);
    // the in-app list still shows the person without e-mail their notifications
    const list = await t.http().get('/api/v1/notifications').set(as(liaisons[0])).expect(200);
    expect(list.body.total).toBe(3);
  });

  it('"today" is the Guatemala calendar day: 05:59 UTC on 15 March is still 14 March', async () => {
    const { inst, liaisons } = await setup(1);
    const [week, tomorrow] = await milestones(inst, ['2026-03-21', '2026-03-15']);
    const r1 = await evaluator.evaluate(new Date('2026-03-15T05:59:00Z'));
    expect(r1.today).toBe('2026-03-14');
    await waitFor(() => mailsAbout(week.target).length === 1 && mailsAbout(tomorrow.target).length === 1, 'avisos de la víspera');
    expect(mailsAbout(week.target)[0].text).toContain('Faltan 7 días');
    expect(mailsAbout(tomorrow.target)[0].text).toContain('Vence mañana');
    const rows = await outbox('recipient_id = $1', [liaisons[0].id]);
    expect(rows.map((r) => [r.stage, r.evaluated_on, r.days_until_due]).sort()).toEqual([
      ['before-1', '2026-03-14', 1],
      ['before-7', '2026-03-14', 7],
    ]);
    // one minute later it is 15 March in Guatemala: the same stages, nothing new
    const r2 = await evaluator.evaluate(new Date('2026-03-15T06:00:00Z'));
    expect(r2.today).toBe('2026-03-15');
    await sleep(300);
    expect(await outbox('recipient_id = $1', [liaisons[0].id])).toHaveLength(2);
  });

  it('quarterly report due (14 and 3 days), legal deadline by coverage, and score drop of ≥ 10 points', async () => {
    const { inst, liaisons, instAdmin } = await setup(1, { reportsOwed: true });
    const liaison = liaisons[0].email.toLowerCase();
    // Q4 2026 report is due 10 January 2027 (10 days after the quarter ends)
    await evaluator.evaluate(noonGt('2026-12-27'));
    const report = await waitFor(
      () => smtp.mails.find((x) => x.to.includes(liaison) && x.subject.includes('Informe de avance del trimestre 4 de 2026')),
      'informe',
    );
    expect(report.subject).toBe(`Recordatorio: Informe de avance del trimestre 4 de 2026 vence el 10 de enero de 2027 — ${inst.name}`);
    expect(report.text).toContain('Faltan 14 días');

    const code = `RMD-LEGAL-${inst.code}`;
    const [deadline] = await asScope(t.dataSource, 'admin', null, (em) =>
      em.query(`INSERT INTO legal_deadlines (code, name, coverage, due_date) VALUES ($1, $2, 'opted_in', '2027-03-01') RETURNING id`, [
        code,
        `Plazo ${code}`,
      ]),
    );
    await asScope(t.dataSource, 'admin', null, (em) =>
      em.query(`UPDATE institutions SET coverage = 'opted_in', opted_in_at = '2026-01-01', adhesion_act = 'Acta 1-2026' WHERE id = $1`, [
        inst.id,
      ]),
    );
    await institutionScores(inst.id, { '2026-12-30': '71.50', '2026-12-31': '60.00' });
    await evaluator.evaluate(noonGt('2026-12-31'));
    const legal = await waitFor(
      () => smtp.mails.find((x) => x.to.includes(instAdmin.email.toLowerCase()) && x.subject.includes(`Plazo ${code}`)),
      'plazo legal',
    );
    expect(legal.subject).toBe(`Plazo legal: Plazo ${code} vence el 1 de marzo de 2027 — ${inst.name}`);
    expect(legal.headers).not.toContain('List-Unsubscribe'); // mandatory kind
    const drop = await waitFor(
      () =>
        smtp.mails.find((x) => x.to.includes(analyst.email.toLowerCase()) && x.subject.includes(inst.name) && x.subject.includes('bajó')),
      'caída',
    );
    expect(drop.subject).toBe(`La calificación del ${inst.name} bajó 11.50 puntos`);
    expect(drop.text).toContain('pasó de 71.50 a 60.00');
    // (institutions of other suites with this coverage get it too: count this one's)
    expect(await outbox('subject_id = $1 AND stage = $2 AND institution_id = $3', [deadline.id, 'before-60', inst.id])).toHaveLength(2);
    // report due in 10 days: still the 14-day stage, nothing new; three days before: the 3-day stage
    await evaluator.evaluate(noonGt('2027-01-07'));
    await waitFor(
      () => smtp.mails.filter((x) => x.to.includes(liaison) && x.subject.includes('trimestre 4 de 2026')).length === 2,
      'informe a 3 días',
    );
    // legal deadlines are global: leave none behind for other suites
    await asScope(t.dataSource, 'admin', null, (em) => em.query(`DELETE FROM legal_deadlines WHERE id = $1`, [deadline.id]));
  });

  it('reports owed: one rule with the score (from the later of reportingSince and adhesion); several quarters owed → one reminder listing them', async () => {
    const { inst, liaisons } = await setup(1, { reportsOwed: true });
    const liaison = liaisons[0].email.toLowerCase();
    // registered today, bound: it owes every quarter since 2026-01-01; on 2026-10-20, Q1–Q3 are overdue → one reminder
    await asScope(t.dataSource, 'tenant', inst.id, (em) =>
      em.query(
        `INSERT INTO progress_reports (institution_id, year, quarter, content, submitted_at, submitted_by) VALUES ($1, 2026, 2, 'Informe', '2026-07-05', $2)`,
        [inst.id, liaisons[0].id],
      ),
    );
    await evaluator.evaluate(noonGt('2026-10-20'));
    const mail = await waitFor(
      () => smtp.mails.find((x) => x.to.includes(liaison) && x.subject.startsWith('Informes pendientes')),
      'informes vencidos',
    );
    expect(mail.subject).toBe(
      `Informes pendientes: Informes de avance de 2 trimestres (trimestre 1 de 2026, trimestre 3 de 2026) (Venció hace 193 días) — ${inst.name}`,
    );
    expect(mail.text).toContain('El más antiguo debía presentarse el 10 de abril de 2026');
    const rows = await outbox(`institution_id = $1 AND recipient_id = $2 AND stage LIKE 'overdue-%'`, [inst.id, liaisons[0].id]);
    expect(rows).toHaveLength(1);
    // the score counts the same quarters
    const { reportingStart, owedQuarters } = await import('../../src/modules/inventory/rules/reports-owed');
    expect(owedQuarters(reportingStart('2026-01-01', null), '2026-10-20').map((q) => q.quarter)).toEqual([1, 2, 3]);
    // an institution that adhered on 2026-08-15 owes nothing before Q3 2026: on 2026-10-20 only Q3
    const adhered = await setup(1, { reportsOwed: true });
    await asScope(t.dataSource, 'admin', null, (em) =>
      em.query(`UPDATE institutions SET coverage = 'opted_in', opted_in_at = '2026-08-15', adhesion_act = 'Acta 7-2026' WHERE id = $1`, [
        adhered.inst.id,
      ]),
    );
    await evaluator.evaluate(noonGt('2026-10-20'));
    const one = await waitFor(
      () => smtp.mails.find((x) => x.to.includes(adhered.liaisons[0].email.toLowerCase()) && x.subject.startsWith('Informes pendientes')),
      'informe del adherido',
    );
    expect(one.subject).toContain('Informe de avance del trimestre 3 de 2026 (Venció hace 10 días)');
  });

  it('nobody is left unreminded: an institution with no active liaison or admin escalates to the analysts following it', async () => {
    const lonely = await createInstitution(t.dataSource, 'Secretaría sin enlace');
    const invited = await createUser(t.dataSource, 'liaison', lonely.id, { status: 'invited' });
    const follower = await createUser(t.dataSource, 'analyst', null);
    await t.http().post('/api/v1/analyst-follows').set(as(admin)).send({ userId: follower.id, institutionId: lonely.id }).expect(201);
    const [m] = await milestones(lonely, ['2026-04-10']);
    await evaluator.evaluate(noonGt('2026-04-03'));
    const rows = await settled('subject_id = $1', [m.id]);
    expect(rows.map((r) => [r.recipient_id, r.reason, r.escalation]).sort()).toEqual(
      [
        [follower.id, 'no_active_liaison', true],
        [invited.id, 'liaison', false],
      ].sort(),
    );
    const mail = await waitFor(
      () => smtp.mails.find((x) => x.to.includes(follower.email.toLowerCase()) && x.subject.includes(m.target)),
      'escalamiento',
    );
    expect(mail.text).toContain('no tiene ningún enlace ni administrador activo');
    expect(mail.headers).not.toContain('List-Unsubscribe'); // an escalation cannot be switched off
    await retire(follower, lonely);
  });

  /** Leave no extra analyst or orphan institution behind: every later evaluation would escalate to or for them. */
  const retire = (analystUser: TestUser, institution?: TestInstitution) =>
    asScope(t.dataSource, 'admin', null, async (em) => {
      await em.query(`UPDATE users SET status = 'disabled' WHERE id = $1`, [analystUser.id]);
      if (institution) await em.query(`UPDATE institutions SET active = false WHERE id = $1`, [institution.id]);
    });

  it('a legal deadline missed and still unmet is reminded monthly to the institution, escalating to the analysts after 30 days', async () => {
    const { inst, liaisons, instAdmin } = await setup(1);
    const follower = await createUser(t.dataSource, 'analyst', null);
    await t.http().post('/api/v1/analyst-follows').set(as(admin)).send({ userId: follower.id, institutionId: inst.id }).expect(201);
    await t.app.get(ScoringService).recomputeInstitution(inst.id); // today's run raises the findings (no plan, no procedures at level)
    const [finding] = await asScope(t.dataSource, 'tenant', inst.id, (em) =>
      em.query(
        `SELECT id FROM findings WHERE institution_id = $1 AND kind = 'legal_deadline_missed' AND code = 'free_forms_and_plan' AND status = 'open'`,
        [inst.id],
      ),
    );
    expect(finding).toBeDefined();
    await legalDeadlineMissedRule(true);
    try {
      await evaluator.evaluate(noonGt('2026-12-01'));
      const rows = await settled('subject_id = $1', [finding.id]);
      // due 2022-02-28, 1737 days before: the monthly stage and, past 30 days, the escalation to the analyst following it
      expect(rows.map((r) => [r.recipient_id, r.stage, r.escalation]).sort()).toEqual(
        [
          [follower.id, 'escalation-1710', true],
          [instAdmin.id, 'overdue-1711', false],
          [liaisons[0].id, 'overdue-1711', false],
        ].sort(),
      );
      const mail = await waitFor(
        () => smtp.mails.find((x) => x.to.includes(instAdmin.email.toLowerCase()) && x.subject.startsWith('Plazo legal incumplido')),
        'plazo incumplido',
      );
      expect(mail.subject).toBe(
        `Plazo legal incumplido: Formularios gratuitos publicados en línea y plan de simplificación aprobado (con presupuesto) — ${inst.name}`,
      );
      expect(mail.text).toContain('venció el 28 de febrero de 2022');
      expect(mail.headers).not.toContain('List-Unsubscribe'); // mandatory
    } finally {
      await legalDeadlineMissedRule(false);
      await retire(follower);
    }
  });

  it('rules are data: listed for the Commission, edited by administrators with version checks', async () => {
    const { liaisons } = await setup(1);
    const list = await t.http().get('/api/v1/reminder-rules').set(as(analyst)).expect(200);
    expect(list.body.map((r: { code: string }) => r.code)).toEqual([
      'citizen-report-due',
      'citizen-report-overdue',
      'citizen-report-received',
      'legal-deadline',
      'legal-deadline-missed',
      'milestone-due',
      'milestone-overdue',
      'report-due',
      'report-overdue',
      'review-outcome',
      'review-waiting',
      'score-drop',
      'stale-inventory-monthly',
    ]);
    const rule = list.body.find((r: { code: string }) => r.code === 'milestone-due');
    expect(rule).toMatchObject({ offsets: [30, 7, 1], recipients: ['liaison'], template: 'reminder-milestone-due', mandatory: false });
    await t.http().get('/api/v1/reminder-rules').set(as(liaisons[0])).expect(403);
    await t
      .http()
      .patch(`/api/v1/reminder-rules/${rule.id}`)
      .set(as(analyst))
      .send({ version: rule.version, offsets: [15] })
      .expect(403);
    await t
      .http()
      .patch(`/api/v1/reminder-rules/${rule.id}`)
      .set(as(admin))
      .send({ version: rule.version, template: 'no-existe' })
      .expect(400);
    const edited = await t
      .http()
      .patch(`/api/v1/reminder-rules/${rule.id}`)
      .set(as(admin))
      .send({ version: rule.version, offsets: [30, 15, 7, 1] })
      .expect(200);
    expect(edited.body).toMatchObject({ offsets: [30, 15, 7, 1], version: rule.version + 1 });
    const stale = await t
      .http()
      .patch(`/api/v1/reminder-rules/${rule.id}`)
      .set(as(admin))
      .send({ version: rule.version, offsets: [1] });
    expect(stale.status).toBe(409);
    await t
      .http()
      .patch(`/api/v1/reminder-rules/${rule.id}`)
      .set(as(admin))
      .send({ version: edited.body.version, offsets: [30, 7, 1] })
      .expect(200);
    const counts = () => t.queue(QueueName.Reminders).getJobCounts('active', 'wait', 'completed');
    const done = (await counts()).completed;
    await t.http().post('/api/v1/notifications/evaluate').set(as(admin)).expect(202);
    await t.http().post('/api/v1/notifications/evaluate').set(as(analyst)).expect(403);
    await waitFor(async () => {
      const c = await counts();
      return c.active + c.wait === 0 && c.completed === done + 1;
    }, 'evaluación encolada');
  });

  it('PATCH refuses what POST refuses: a name under 3 characters, an empty recipient list (400 naming the field, nothing written)', async () => {
    const list = await t.http().get('/api/v1/reminder-rules').set(as(admin)).expect(200);
    const rule = list.body.find((r: { code: string }) => r.code === 'review-waiting');
    const patch = (body: Record<string, unknown>) =>
      t
        .http()
        .patch(`/api/v1/reminder-rules/${rule.id}`)
        .set(as(admin))
        .send({ version: rule.version, ...body });
    const fieldsOf = (res: { body: { details?: Array<{ field: string }> } }) => (res.body.details ?? []).map((d) => d.field);
    const shortName = await patch({ name: 'ab' });
    expect(shortName.status).toBe(400);
    expect(fieldsOf(shortName)).toEqual(['name']);
    const noRecipients = await patch({ recipients: [] });
    expect(noRecipients.status).toBe(400);
    expect(fieldsOf(noRecipients)).toEqual(['recipients']);
    const after = await t.http().get('/api/v1/reminder-rules').set(as(admin)).expect(200);
    expect(after.body.find((r: { id: string }) => r.id === rule.id)).toMatchObject({
      name: rule.name,
      recipients: rule.recipients,
      version: rule.version,
    });
    // What POST accepts, PATCH still does.
    await patch({ name: 'abc', recipients: rule.recipients }).expect(200);
    await patch({ name: rule.name, version: rule.version + 1 }).expect(200);
  });

  // --- analysts following institutions ---

  const follow = (who: TestUser, body: Record<string, unknown>) => t.http().post('/api/v1/analyst-follows').set(as(who)).send(body);
  const auditOf = (entityId: string) =>
    asScope(t.dataSource, 'admin', null, (em) =>
      em.query(
        `SELECT action, institution_id, actor_user_id FROM audit_events WHERE entity = 'analyst_follow' AND entity_id = $1 ORDER BY id`,
        [entityId],
      ),
    ) as Promise<Array<{ action: string; institution_id: string; actor_user_id: string }>>;

  it('analyst follows: analysts follow in their own name, admins assign active analysts; idempotent, audited, paginated, tenant-safe', async () => {
    const { a, b, liaisonA, adminA, liaisonB, analyst: me, admin: boss } = await createTwoTenants(t.dataSource, 'Seguimiento');
    const colleague = await createUser(t.dataSource, 'analyst', null);
    const gone = await createUser(t.dataSource, 'analyst', null, { status: 'disabled' });

    const first = await follow(me, { institutionId: a.id }).expect(201);
    expect(first.body).toMatchObject({
      userId: me.id,
      userEmail: me.email,
      institutionId: a.id,
      institutionCode: a.code,
      institutionName: a.name,
      createdBy: me.id,
    });
    const again = await follow(me, { institutionId: a.id, userId: me.id }).expect(200);
    expect(again.body.id).toBe(first.body.id);
    expect(await auditOf(first.body.id)).toEqual([{ action: 'follow', institution_id: a.id, actor_user_id: me.id }]);

    // an analyst cannot assign someone else; an administrator can, but only active analysts
    await follow(me, { institutionId: a.id, userId: colleague.id }).expect(403);
    const assigned = await follow(boss, { institutionId: a.id, userId: colleague.id }).expect(201);
    expect(assigned.body).toMatchObject({ userId: colleague.id, createdBy: boss.id });
    for (const who of [liaisonA.id, gone.id, boss.id]) {
      const res = await follow(boss, { institutionId: a.id, userId: who }).expect(400);
      expect(res.body.message).toBe('La persona indicada no es un analista activo de la Comisión.');
    }
    await follow(boss, { institutionId: a.id }).expect(400); // the administrator is not an analyst
    const unknown = await follow(me, { institutionId: '00000000-0000-4000-8000-000000000000' }).expect(404);
    expect(unknown.body.message).toBe('La institución no existe o no está a su alcance.');
    await follow(me, { institutionId: 'MINECO' }).expect(400);
    await follow(me, { institutionId: b.id }).expect(201);

    // institution people may neither read nor write follows, not even their own institution's
    await follow(liaisonA, { institutionId: a.id }).expect(403);
    await follow(adminA, { institutionId: a.id }).expect(403);
    await t.http().get(`/api/v1/analyst-follows?institutionId=${a.id}`).set(as(adminA)).expect(403);
    await t.http().get(`/api/v1/analyst-follows?institutionId=${a.id}`).set(as(liaisonB)).expect(403);
    await t.http().delete(`/api/v1/analyst-follows/${first.body.id}`).set(as(liaisonA)).expect(403);

    // lists: by institution, by analyst, paginated
    const ofA = await t.http().get(`/api/v1/analyst-follows?institutionId=${a.id}`).set(as(me)).expect(200);
    expect(ofA.body.total).toBe(2);
    expect(ofA.body.items.map((f: { userId: string }) => f.userId).sort()).toEqual([me.id, colleague.id].sort());
    const page1 = await t.http().get(`/api/v1/analyst-follows?userId=${me.id}&pageSize=1`).set(as(boss)).expect(200);
    const page2 = await t.http().get(`/api/v1/analyst-follows?userId=${me.id}&pageSize=1&page=2`).set(as(boss)).expect(200);
    expect([page1.body.total, page1.body.items.length, page2.body.items.length]).toEqual([2, 1, 1]);
    expect([page1.body.items[0].institutionId, page2.body.items[0].institutionId].sort()).toEqual([a.id, b.id].sort());

    // row-level security: B's scope does not see A's follows; an institution's scope cannot write them
    const seen = (scope: 'tenant' | 'read_all', inst: string | null) =>
      asScope(t.dataSource, scope, inst, (em) => em.query(`SELECT user_id FROM analyst_follows WHERE institution_id = $1`, [a.id]));
    expect(await seen('tenant', b.id)).toHaveLength(0);
    expect(await seen('tenant', a.id)).toHaveLength(2);
    expect(await seen('read_all', null)).toHaveLength(2);
    await expect(
      asScope(t.dataSource, 'tenant', b.id, (em) =>
        em.query(`INSERT INTO analyst_follows (user_id, institution_id) VALUES ($1, $2)`, [colleague.id, b.id]),
      ),
    ).rejects.toThrow(/row-level security/);

    // unfollow: an analyst only their own; an administrator any; unknown → 404
    await t.http().delete(`/api/v1/analyst-follows/${assigned.body.id}`).set(as(me)).expect(403);
    await t.http().delete(`/api/v1/analyst-follows/${first.body.id}`).set(as(me)).expect(204);
    await t.http().delete(`/api/v1/analyst-follows/${first.body.id}`).set(as(me)).expect(404);
    await t.http().delete(`/api/v1/analyst-follows/${assigned.body.id}`).set(as(boss)).expect(204);
    await t.http().delete('/api/v1/analyst-follows/no-es-un-uuid').set(as(boss)).expect(400);
    expect((await auditOf(first.body.id)).map((e) => [e.action, e.institution_id])).toEqual([
      ['follow', a.id],
      ['unfollow', a.id],
    ]);
    expect((await auditOf(assigned.body.id)).map((e) => [e.action, e.actor_user_id])).toEqual([
      ['follow', boss.id],
      ['unfollow', boss.id],
    ]);
    expect(await auditTrail(t, boss, first.body.id)).toEqual(['follow', 'unfollow']);
    const left = await t.http().get(`/api/v1/analyst-follows?institutionId=${a.id}`).set(as(boss)).expect(200);
    expect(left.body.total).toBe(0);
  });

  it('escalation at 14 days goes to the analysts following the institution; nobody (active) following → every analyst', async () => {
    const follower = await createUser(t.dataSource, 'analyst', null);
    const bystander = await createUser(t.dataSource, 'analyst', null);
    const retired = await createUser(t.dataSource, 'analyst', null);
    const followed = await setup(1);
    const orphan = await setup(1);
    const leftBehind = await setup(1); // followed only by an analyst who was disabled since
    await follow(follower, { institutionId: followed.inst.id }).expect(201);
    await follow(retired, { institutionId: leftBehind.inst.id }).expect(201);
    await asScope(t.dataSource, 'admin', null, (em) => em.query(`UPDATE users SET status = 'disabled' WHERE id = $1`, [retired.id]));
    const [mf] = await milestones(followed.inst, ['2026-10-01']);
    const [mo] = await milestones(orphan.inst, ['2026-10-01']);
    const [ml] = await milestones(leftBehind.inst, ['2026-10-01']);

    await evaluator.evaluate(noonGt('2026-10-15'));
    const mine = [follower.id, bystander.id, retired.id];
    const analystsOf = async (subjectId: string) =>
      (await outbox(`subject_id = $1 AND reason LIKE 'analyst%' AND recipient_id = ANY($2)`, [subjectId, mine]))
        .map(
          (r) =>
            `${r.stage}:${r.reason}:${r.recipient_id === follower.id ? 'follower' : r.recipient_id === bystander.id ? 'bystander' : 'retired'}`,
        )
        .sort();
    expect(await analystsOf(mf.id)).toEqual(['escalation-14:analyst:follower']);
    expect(await analystsOf(mo.id)).toEqual(['escalation-14:analyst_unassigned:bystander', 'escalation-14:analyst_unassigned:follower']);
    expect(await analystsOf(ml.id)).toEqual(['escalation-14:analyst_unassigned:bystander', 'escalation-14:analyst_unassigned:follower']);

    const toWho = (target: string, u: TestUser) => mailsAbout(target).filter((x) => x.to.includes(u.email.toLowerCase()));
    await waitFor(() => toWho(mf.target, follower).length === 1 && toWho(mo.target, bystander).length === 1, 'escalamientos a analistas');
    expect(toWho(mf.target, follower)[0].text).toContain('Recibe este aviso como analista que da seguimiento a la institución.');
    expect(toWho(mo.target, bystander)[0].text).toContain(
      'Recibe este aviso como analista de la Comisión (la institución no tiene analista asignado).',
    );
    await settled('subject_id = ANY($1)', [[mf.id, mo.id, ml.id]]);
    expect(toWho(mf.target, bystander)).toHaveLength(0);
    expect(smtp.mails.some((x) => x.to.includes(retired.email.toLowerCase()))).toBe(false);
    // the outbox explains why
    const ob = await t.http().get(`/api/v1/notifications/outbox?subjectId=${mf.id}`).set(as(follower)).expect(200);
    const esc = ob.body.items.find((i: { recipientId: string }) => i.recipientId === follower.id);
    expect(esc.why).toContain('destinatario como analista que da seguimiento a la institución (escalamiento obligatorio)');
  });

  it('score drop goes to the analysts following the institution; nobody following → every analyst', async () => {
    const follower = await createUser(t.dataSource, 'analyst', null);
    const bystander = await createUser(t.dataSource, 'analyst', null);
    const followed = await setup(1);
    const orphan = await setup(1);
    await follow(admin, { institutionId: followed.inst.id, userId: follower.id }).expect(201);
    for (const { inst } of [followed, orphan]) {
      await institutionScores(inst.id, { '2026-10-20': '80.00', '2026-10-21': '65.25' });
    }
    await evaluator.evaluate(noonGt('2026-10-21'));
    const recipients = async (instId: string) =>
      (
        await outbox(`kind = 'score_drop' AND subject_id = $1 AND (reason NOT LIKE 'analyst%' OR recipient_id = ANY($2))`, [
          instId,
          [follower.id, bystander.id],
        ])
      )
        .map(
          (r) => `${r.reason}:${r.recipient_id === follower.id ? 'follower' : r.recipient_id === bystander.id ? 'bystander' : 'liaison'}`,
        )
        .sort();
    expect(await recipients(followed.inst.id)).toEqual(['analyst:follower', 'liaison:liaison']);
    expect(await recipients(orphan.inst.id)).toEqual(['analyst_unassigned:bystander', 'analyst_unassigned:follower', 'liaison:liaison']);
    const drop = await waitFor(
      () =>
        smtp.mails.find(
          (x) => x.to.includes(follower.email.toLowerCase()) && x.subject === `La calificación del ${followed.inst.name} bajó 14.75 puntos`,
        ),
      'caída al analista que da seguimiento',
    );
    expect(drop.text).toContain('analista que da seguimiento a la institución');
    await settled(`kind = 'score_drop' AND subject_id = ANY($1)`, [[followed.inst.id, orphan.inst.id]]);
    expect(smtp.mails.some((x) => x.to.includes(bystander.email.toLowerCase()) && x.subject.includes(followed.inst.name))).toBe(false);
    expect(smtp.mails.some((x) => x.to.includes(bystander.email.toLowerCase()) && x.subject.includes(orphan.inst.name))).toBe(true);
  });

  // --- procedures not reviewed for 180 days: one reminder per institution and month ---

  /** A procedure whose last review (or, never reviewed, registration) lies in the past. */
  const staleProcedure = async (
    instId: string,
    name: string,
    fields: { reviewed: string | null; registered?: string; status?: string },
  ) => {
    const p = await createProcedure(t.dataSource, instId, { name });
    await asScope(t.dataSource, 'tenant', instId, (em) =>
      em.query(
        `UPDATE procedures SET last_reviewed_at = $2, created_at = COALESCE($3::timestamptz, created_at), status = COALESCE($4, status) WHERE id = $1`,
        [p.id, fields.reviewed, fields.registered ?? null, fields.status ?? null],
      ),
    );
    return { ...p, name };
  };
  const staleRows = (instId: string) => outbox(`kind = 'stale_inventory' AND institution_id = $1`, [instId]);
  /** Stale-inventory e-mails to someone (new institutions also get quarterly report reminders: leave those aside). */
  const staleMailsTo = (u: TestUser) =>
    smtp.mails.filter((x) => x.to.includes(u.email.toLowerCase()) && x.subject.startsWith('Inventario de trámites:'));

  it('stale inventory: one reminder per institution and month listing the procedures (oldest first), immediate or in the digest', async () => {
    const { inst, liaisons } = await setup(3);
    const [immediate, digested, optedOut] = liaisons;
    await t.http().put('/api/v1/notifications/preferences').set(as(digested)).send({ delivery: 'digest' }).expect(200);
    await t
      .http()
      .put('/api/v1/notifications/preferences')
      .set(as(optedOut))
      .send({ optedOut: ['stale_inventory'] })
      .expect(200);
    const old = await staleProcedure(inst.id, `Licencia antigua ${inst.code}`, { reviewed: '2025-03-01' });
    const never = await staleProcedure(inst.id, `Permiso jamás revisado ${inst.code}`, {
      reviewed: null,
      registered: '2025-01-10T12:00:00-06:00',
    });
    const fresh = await staleProcedure(inst.id, `Constancia al día ${inst.code}`, { reviewed: '2026-09-01' });
    const eliminated = await staleProcedure(inst.id, `Trámite eliminado ${inst.code}`, { reviewed: '2024-01-01', status: 'eliminated' });

    // the worker was down on 1 December: the evaluation of the 3rd still covers December
    await evaluator.evaluate(noonGt('2026-12-03'));
    const rows = await staleRows(inst.id);
    expect(rows.map((r) => [r.recipient_id, r.stage, r.delivery]).sort()).toEqual(
      [
        [immediate.id, 'month-2026-12', 'immediate'],
        [digested.id, 'month-2026-12', 'digest'],
      ].sort(),
    );
    const [payloadRow] = await asScope(t.dataSource, 'admin', null, (em) =>
      em.query(`SELECT due_date::text AS due_date, subject_id, payload FROM notifications WHERE id = $1`, [rows[0].id]),
    );
    expect(payloadRow).toMatchObject({ due_date: '2026-12-01', subject_id: inst.id });
    expect(payloadRow.payload).toMatchObject({
      institutionName: inst.name,
      count: 2,
      days: 180,
      reviewedBefore: '2026-06-04',
      path: '/app/inventario',
    });
    expect(payloadRow.payload.procedures.map((p: { code: string }) => p.code)).toEqual([never.code, old.code]);

    const mail = await waitFor(() => staleMailsTo(immediate)[0], 'aviso mensual');
    expect(mail.subject).toBe(`Inventario de trámites: 2 trámites sin revisión en más de 180 días — ${inst.name}`);
    expect(mail.text).toContain('Al 1 de diciembre de 2026, el inventario de');
    expect(mail.text).toContain(`· ${old.code} — ${old.name}: última revisión el 1 de marzo de 2025`);
    expect(mail.text).toContain(`· ${never.code} — ${never.name}: sin revisión registrada (inscrito el 10 de enero de 2025)`);
    expect(mail.text).toContain('(última revisión anterior al 4 de junio de 2026)');
    expect(mail.text.indexOf(never.code)).toBeLessThan(mail.text.indexOf(old.code));
    for (const p of [fresh, eliminated]) {
      expect(mail.text).not.toContain(p.code);
      expect(mail.html).not.toContain(p.code);
    }
    expect(mail.html).toContain(`<td style="padding: 4px 12px 4px 0;">${old.code}</td>`);
    expect(mail.text).toContain(`${PUBLIC_URL}/app/inventario`);
    expect(mail.headers).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const digest = await waitFor(() => smtp.mails.find((x) => x.to.includes(digested.email.toLowerCase())), 'resumen con el aviso mensual');
    expect(digest.subject).toBe('Resumen diario de Simplifica — 3 de diciembre de 2026 (1 aviso)');
    expect(digest.text).toContain('- Trámites sin revisión reciente');
    expect(digest.text).toContain(`· ${old.code} — ${old.name}: última revisión el 1 de marzo de 2025`);
    expect(digest.html).toContain(old.code);
    await settled(`kind = 'stale_inventory' AND institution_id = $1`, [inst.id]);

    // later in the month: the same key, nothing new
    await evaluator.evaluate(noonGt('2026-12-20'));
    await evaluator.evaluate(noonGt('2026-12-31'));
    expect(await staleRows(inst.id)).toHaveLength(2);
    // reviewed meanwhile: January lists only what is still stale
    await asScope(t.dataSource, 'tenant', inst.id, (em) =>
      em.query(`UPDATE procedures SET last_reviewed_at = '2026-12-10' WHERE id = $1`, [old.id]),
    );
    await evaluator.evaluate(noonGt('2027-01-04'));
    const january = (await staleRows(inst.id)).filter((r) => r.stage === 'month-2027-01');
    expect(january.map((r) => r.recipient_id).sort()).toEqual([immediate.id, digested.id].sort());
    // it queues behind the ~370 escalations the earlier tests' overdue milestones produce by January: give it time
    const next = await waitFor(
      () =>
        staleMailsTo(immediate).find(
          (x) => x.subject === `Inventario de trámites: 1 trámite sin revisión en más de 180 días — ${inst.name}`,
        ),
      'aviso de enero',
      30_000,
    );
    expect(next.text).toContain('Al 1 de enero de 2027');
    expect(next.text).toContain(never.code);
    expect(next.text).not.toContain(old.code);
    await settled(`kind = 'stale_inventory' AND institution_id = $1`, [inst.id]);
    expect(staleMailsTo(immediate)).toHaveLength(2);
    expect(staleMailsTo(optedOut)).toHaveLength(0);
    // an institution whose procedures are all reviewed gets nothing
    const tidy = await setup(1);
    await staleProcedure(tidy.inst.id, `Trámite revisado ${tidy.inst.code}`, { reviewed: '2026-11-15' });
    await evaluator.evaluate(noonGt('2027-01-05'));
    expect(await staleRows(tidy.inst.id)).toHaveLength(0);
  }, 60_000);

  it('stale inventory: cancelled at send time when the procedures were reviewed meanwhile; sent while one is still stale', async () => {
    const reviewed = await setup(1);
    const partly = await setup(1);
    const a = await staleProcedure(reviewed.inst.id, `Registro A ${reviewed.inst.code}`, { reviewed: '2025-06-30' });
    const b = await staleProcedure(reviewed.inst.id, `Registro B ${reviewed.inst.code}`, { reviewed: '2025-07-01' });
    const c = await staleProcedure(partly.inst.id, `Registro C ${partly.inst.code}`, { reviewed: '2025-01-01' });
    const d = await staleProcedure(partly.inst.id, `Registro D ${partly.inst.code}`, { reviewed: '2025-02-01' });
    await evaluator.evaluate(noonGt('2027-02-02'), { enqueue: false });
    for (const i of [reviewed.inst, partly.inst])
      expect((await staleRows(i.id)).map((r) => [r.stage, r.status])).toEqual([['month-2027-02', 'pending']]);
    // before sending: one institution reviews one and eliminates the other; the other reviews only one of two
    await asScope(t.dataSource, 'tenant', reviewed.inst.id, async (em) => {
      await em.query(`UPDATE procedures SET last_reviewed_at = '2027-02-01' WHERE id = $1`, [a.id]);
      await em.query(`UPDATE procedures SET status = 'eliminated' WHERE id = $1`, [b.id]);
    });
    await asScope(t.dataSource, 'tenant', partly.inst.id, (em) =>
      em.query(`UPDATE procedures SET last_reviewed_at = '2027-02-02' WHERE id = $1`, [c.id]),
    );
    await evaluator.enqueuePending('2027-02-02');
    const [cancelled] = await settled(`kind = 'stale_inventory' AND institution_id = $1`, [reviewed.inst.id]);
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      attempts: 0,
      skip_reason: 'Los trámites señalados ya fueron revisados o dados de baja: no queda ninguno sin revisión',
    });
    const [sent] = await settled(`kind = 'stale_inventory' AND institution_id = $1`, [partly.inst.id]);
    expect(sent).toMatchObject({ status: 'sent', attempts: 1 });
    const mail = await waitFor(() => staleMailsTo(partly.liaisons[0])[0], 'aviso con un trámite aún sin revisar');
    expect(mail.text).toContain(`${d.code} — ${d.name}: última revisión el 1 de febrero de 2025`);
    await sleep(300);
    expect(staleMailsTo(reviewed.liaisons[0])).toHaveLength(0);
  });

  it('stale inventory is a rule like the others: listed, editable by administrators (one number of days), optional', async () => {
    const list = await t.http().get('/api/v1/reminder-rules').set(as(analyst)).expect(200);
    const rule = list.body.find((r: { code: string }) => r.code === 'stale-inventory-monthly');
    expect(rule).toMatchObject({
      kind: 'stale_inventory',
      offsets: [180],
      recipients: ['liaison'],
      template: 'reminder-stale-inventory',
      mandatory: false,
      enabled: true,
    });
    const bad = await t
      .http()
      .patch(`/api/v1/reminder-rules/${rule.id}`)
      .set(as(admin))
      .send({ version: rule.version, offsets: [90, 180] })
      .expect(400);
    expect(bad.body.message).toContain('exactamente un número de días');
    await t
      .http()
      .patch(`/api/v1/reminder-rules/${rule.id}`)
      .set(as(admin))
      .send({ version: rule.version, offsets: [0] })
      .expect(400);
    const edited = await t
      .http()
      .patch(`/api/v1/reminder-rules/${rule.id}`)
      .set(as(admin))
      .send({ version: rule.version, offsets: [90], recipients: ['liaison', 'institution_admin'] })
      .expect(200);
    expect(edited.body).toMatchObject({ offsets: [90], recipients: ['liaison', 'institution_admin'] });
    // with 90 days a procedure reviewed 100 days before the month is stale, and the institution admin is told too
    const { inst, liaisons, instAdmin } = await setup(1);
    await staleProcedure(inst.id, `Trámite de 100 días ${inst.code}`, { reviewed: '2027-02-19' });
    try {
      await evaluator.evaluate(noonGt('2027-06-10'), { enqueue: false });
      expect((await staleRows(inst.id)).map((r) => r.recipient_id).sort()).toEqual([liaisons[0].id, instAdmin.id].sort());
    } finally {
      await t
        .http()
        .patch(`/api/v1/reminder-rules/${rule.id}`)
        .set(as(admin))
        .send({ version: edited.body.version, offsets: [180], recipients: ['liaison'] })
        .expect(200);
    }
    const prefs = await t
      .http()
      .put('/api/v1/notifications/preferences')
      .set(as(liaisons[0]))
      .send({ optedOut: ['stale_inventory'] })
      .expect(200);
    expect(prefs.body.mandatoryKinds).not.toContain('stale_inventory');
  });
});
