import { Client } from 'pg';
import { anonymousActor, systemActor } from '../../src/common/auth/actor';
import { addBusinessDays } from '../../src/common/time/business-days';
import { todayInGuatemala } from '../../src/common/time/guatemala-time';
import { addDays } from '../../src/modules/notifications/reminder-format';
import { ReminderEvaluator } from '../../src/modules/notifications/reminder-evaluator';
import { CitizenReportsService } from '../../src/modules/citizen-reports/citizen-reports.service';
import { FileCitizenReportDto } from '../../src/modules/citizen-reports/dto/citizen-report.dto';
import { asScope, createProcedure, createRequirement, TestProcedure } from '../helpers/factories';
import { SmtpListener, startSmtpListener } from '../helpers/smtp-listener';
import { pageClient } from '../helpers/workspace-client';
import { useWorld } from '../helpers/world';

const PUBLIC_URL = 'https://simplifica.test';

/** As the schema owner (reference data the runtime role may only read: holidays). */
async function asOwner<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: process.env.DATABASE_MIGRATION_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** The hidden fields of the first form of a page (anonymous form token, honeypot, others), as a browser would send them. */
const formOf = (html: string): Record<string, string> => {
  const form = html.slice(html.indexOf('<form method="post"'));
  const out: Record<string, string> = {};
  for (const m of form
    .slice(0, form.indexOf('</form>'))
    .matchAll(/<input type="(?:hidden|text)" (?:id="[^"]*" )?name="([^"]+)" value="([^"]*)"/g))
    out[m[1]] = m[2];
  return out;
};

const dto = (fields: Partial<FileCitizenReportDto>): FileCitizenReportDto =>
  Object.assign(new FileCitizenReportDto(), {
    kind: 'not_listed',
    whatAsked: 'Una declaración jurada de ingresos autenticada por notario',
    askedOn: todayInGuatemala(),
    channel: 'in_person',
    place: 'Ventanilla 3, zona 1',
    ...fields,
  });

describe('Citizen reports (denuncias): "¿Me pueden pedir esto?", the loop and its counts', () => {
  let smtp: SmtpListener;
  // before the world's app, which reads SMTP_URL when it starts
  beforeAll(async () => {
    smtp = await startSmtpListener();
  }, 10_000);
  const w = useWorld({
    label: 'de Denuncias',
    app: {
      worker: true,
      get env() {
        return { SMTP_URL: smtp.url, APP_PUBLIC_URL: PUBLIC_URL };
      },
    } as never,
  });
  let procedure: TestProcedure;
  let unfounded: { id: string };
  let service: CitizenReportsService;

  beforeAll(async () => {
    service = w.t.app.get(CitizenReportsService);
    procedure = await createProcedure(w.t.dataSource, w.a.id, { name: 'Licencia de denuncias de prueba' });
    await createRequirement(w.t.dataSource, procedure, { name: 'Documento personal de identificación', effectiveFrom: '2021-09-01' });
    unfounded = await createRequirement(w.t.dataSource, procedure, {
      name: 'Constancia de carencia de antecedentes',
      legalBasisType: 'none',
      effectiveFrom: '2021-09-01',
    });
    const ended = await createRequirement(w.t.dataSource, procedure, {
      name: 'Fotocopia legalizada de la escritura',
      effectiveFrom: '2021-09-01',
      effectiveTo: '2024-01-15',
      status: 'eliminated',
    });
    await asScope(w.t.dataSource, 'tenant', w.a.id, (em) =>
      em.query(`UPDATE requirements SET ended_by_act = 'Acuerdo Gubernativo 12-2023' WHERE id = $1`, [ended.id]),
    );
    await createRequirement(w.t.dataSource, procedure, { name: 'Formulario electrónico de solicitud', effectiveFrom: '2025-06-01' });
  });

  afterAll(() => smtp?.close());

  const storedContact = async (code: string): Promise<string | null> =>
    (
      (await asScope(w.t.dataSource, 'read_all', null, (em) =>
        em.query(`SELECT contact_email_encrypted AS c FROM citizen_reports WHERE tracking_code = $1`, [code]),
      )) as Array<{ c: string | null }>
    )[0].c;

  const page = (query = '') => w.t.http().get(`/transparencia/tramites/${w.a.code}/${procedure.code}${query}`);

  describe('the procedure page: requirements in force on the day the person applied', () => {
    it('today by default: what applies, its basis, issuer and prohibited flag; what ended, with date and act', async () => {
      const res = await page().expect(200);
      const section = res.text.slice(res.text.indexOf('id="me-pueden-pedir"'));
      expect(section).toContain('Requisitos que le pueden pedir hoy');
      expect(section).toContain('Documento personal de identificación');
      expect(section).toContain('Formulario electrónico de solicitud');
      expect(section).toContain('No es ley ni acuerdo gubernativo');
      expect(section).toMatch(
        /Fotocopia legalizada de la escritura<\/strong>: dejó de exigirse el 15 de enero de 2024 \(Acuerdo Gubernativo 12-2023\)/,
      );
      expect(section).toContain(`/transparencia/tramites/${w.a.code}/${procedure.code}/denunciar?fecha`);
    });

    it('a past day: the requirements of that day (the one ended later applied then; the later one did not)', async () => {
      const res = await page('?fecha=2023-06-15').expect(200);
      const section = res.text.slice(res.text.indexOf('id="me-pueden-pedir"'));
      const inForce = section.slice(0, section.indexOf('Requisitos que empezaron a exigirse después'));
      expect(inForce).toContain('Requisitos que le podían pedir el 15 de junio de 2023');
      expect(inForce).toContain('Fotocopia legalizada de la escritura');
      expect(inForce).not.toContain('Formulario electrónico de solicitud');
      expect(section).toMatch(/Formulario electrónico de solicitud<\/strong>: vigente desde el 1 de junio de 2025/);
      expect(res.text).toContain('value="2023-06-15"');
    });

    it("a future day or nonsense: the message beside the field, today's requirements", async () => {
      const future = await page('?fecha=2099-01-01').expect(200);
      expect(future.text).toContain('La fecha no puede ser posterior a hoy');
      expect(future.text).toContain('Requisitos que le pueden pedir hoy');
      const bad = await page('?fecha=2026-02-30').expect(200);
      expect(bad.text).toContain('govuk-error-message');
      expect(bad.text).toContain('Requisitos que le pueden pedir hoy');
    });
  });

  describe('a report', () => {
    let code: string;
    let id: string;
    const email = `persona.${Date.now()}@correo.example`;

    beforeAll(async () => {
      ({ trackingCode: code } = await service.file(anonymousActor(), w.a.code, procedure.code, dto({ email })));
      const [row] = await asScope(w.t.dataSource, 'read_all', null, (em) =>
        em.query(`SELECT id FROM citizen_reports WHERE tracking_code = $1`, [code]),
      );
      id = row.id;
    });

    it('gets a short readable tracking code; the e-mail is stored encrypted only (no plaintext anywhere in the database)', async () => {
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      const rows = await asOwner(async (c) => {
        await c.query(`SELECT set_config('app.scope', 'admin', false)`);
        return (await c.query(`SELECT r::text AS t FROM citizen_reports r WHERE tracking_code = $1`, [code])).rows as Array<{ t: string }>;
      });
      expect(rows[0].t).not.toContain(email);
      expect(rows[0].t).toMatch(/v1:[0-9a-f]{8}:/);
      const elsewhere = await asOwner(async (c) => {
        await c.query(`SELECT set_config('app.scope', 'admin', false)`);
        const audit = (await c.query(`SELECT count(*)::int AS n FROM audit_events a WHERE a::text LIKE $1`, [`%${email}%`])).rows[0].n;
        const notes = (await c.query(`SELECT count(*)::int AS n FROM notifications n WHERE n::text LIKE $1`, [`%${email}%`])).rows[0].n;
        return audit + notes;
      });
      expect(elsewhere).toBe(0);
    });

    it('the status page shows the steps and no personal data', async () => {
      const res = await w.t.http().get(`/transparencia/denuncias/${code}`).expect(200);
      expect(res.text).toContain(`Denuncia ${code}`);
      expect(res.text).toContain('Denuncia recibida');
      expect(res.text).toContain('Respuesta de la institución');
      // revalidated on every visit (the person comes back to see the next step), still answered 304 while unchanged
      expect(res.headers['cache-control']).toBe('public, no-cache');
      const again = await w.t.http().get(`/transparencia/denuncias/${code}`).set('If-None-Match', res.headers.etag).expect(304);
      expect(again.headers['cache-control']).toBe('public, no-cache');
      expect(res.text).not.toContain(email);
      expect(res.text).not.toContain('Una declaración jurada de ingresos');
      expect(res.text).not.toContain('Ventanilla 3');
      // typed in lower case without the dash: the page of the code
      const typed = await w.t
        .http()
        .get(`/transparencia/denuncias?codigo=${code.replace('-', '').toLowerCase()}`)
        .expect(303);
      expect(typed.headers.location).toBe(`/transparencia/denuncias/${code}`);
      await w.t.http().get('/transparencia/denuncias/ZZZZ-ZZZZ').expect(404);
    });

    it('the citizen gets the code by e-mail with a deletion link that lands on a working page and deletes the address', async () => {
      const mail = await smtp.waitFor((m) => m.to.includes(email), 15_000);
      expect(mail.subject).toContain(code);
      const link = /https:\/\/simplifica\.test(\/transparencia\/denuncias\/[^\s"]+\/correo\?clave=[^\s"&]+)/.exec(mail.text)?.[1];
      expect(link).toBeDefined();
      // a wrong key is a 404, nothing deleted
      await w.t.http().get(`/transparencia/denuncias/${code}/correo?clave=nope`).expect(404);
      const confirm = await w.t.http().get(link!).expect(200);
      expect(confirm.text).toContain('Borrar mi correo');
      const form = formOf(confirm.text);
      // without the site's origin: refused, the e-mail stays
      await w.t.http().post(`/transparencia/denuncias/${code}/correo`).type('form').send(form).expect(403);
      expect(await storedContact(code)).not.toBeNull();
      const done = await w.t
        .http()
        .post(`/transparencia/denuncias/${code}/correo`)
        .set('Origin', PUBLIC_URL)
        .type('form')
        .send(form)
        .expect(200);
      expect(done.text).toContain('Borramos su correo');
      expect(await storedContact(code)).toBeNull();
      expect((await w.t.http().get(link!).expect(200)).text).toContain('ya no tiene un correo guardado');
    });

    it('the liaisons, the institution admin and the analysts are told (outbox, in-app and e-mail)', async () => {
      const kinds = await asScope(w.t.dataSource, 'admin', null, (em) =>
        em.query(`SELECT recipient_id, kind FROM notifications WHERE subject_id = $1 ORDER BY kind`, [id]),
      );
      const who = (kinds as Array<{ recipient_id: string; kind: string }>).map((k) => k.recipient_id);
      expect(who).toEqual(expect.arrayContaining([w.liaisonA.id, w.adminA.id, w.analyst.id]));
      expect(who).not.toContain(w.liaisonB.id);
      await smtp.waitFor((m) => m.to.includes(w.liaisonA.email) && m.subject.includes(code), 15_000);
    });

    it('another institution cannot see it nor answer it (404); the liaison answers; then the analyst rules', async () => {
      const b = pageClient(w.t, '10.90.0.2');
      await b.signIn(w.liaisonB.email);
      expect((await b.get('/app/denuncias')).text).not.toContain(code);
      expect((await b.get(`/app/denuncias/${id}`)).status).toBe(404);
      expect(
        (await b.post(`/app/denuncias/${id}/respuesta`, { answer: 'Respuesta de otra institución, no debe quedar', version: '1' })).status,
      ).toBe(404);

      const a = pageClient(w.t, '10.90.0.1');
      await a.signIn(w.liaisonA.email);
      expect((await a.get('/app/denuncias')).text).toContain(code);
      const detail = await a.get(`/app/denuncias/${id}`);
      const version = /name="version" value="(\d+)"/.exec(detail.text)![1];
      expect(detail.text).toContain('Una declaración jurada de ingresos');
      const short = await a.post(`/app/denuncias/${id}/respuesta`, { answer: 'corto', version });
      expect(short.status).toBe(400);
      expect(short.text).toContain('de 10 a 4,000 caracteres');
      const ok = await a.post(`/app/denuncias/${id}/respuesta`, {
        answer: 'La declaración jurada ya no se exige; se instruyó a la ventanilla.',
        version,
      });
      expect(ok.status).toBe(303);
      const status = await w.t.http().get(`/transparencia/denuncias/${code}`).expect(200);
      expect(status.text).toContain('La institución respondió');
      expect(status.text).toContain('En plazo');
      expect(status.text).toContain('se instruyó a la ventanilla');

      const analyst = pageClient(w.t, '10.90.0.3');
      await analyst.signIn(w.analyst.email);
      const toRule = await analyst.get(`/app/denuncias/${id}`);
      expect(toRule.text).toContain('Decisión de la Comisión');
      const ruled = await analyst.post(`/app/denuncias/${id}/resolucion`, {
        founded: 'true',
        reason: 'No hay ley ni acuerdo gubernativo que permita pedir una declaración jurada (art. 12).',
        version: /name="version" value="(\d+)"/.exec(toRule.text)![1],
      });
      expect([
        ruled.status,
        ruled.status === 303 ? '' : ruled.text.slice(ruled.text.indexOf('<main'), ruled.text.indexOf('<main') + 1500),
      ]).toEqual([303, '']);
      const final = await w.t.http().get(`/transparencia/denuncias/${code}`).expect(200);
      expect(final.text).toContain('La Comisión declaró fundada la denuncia');
      expect(final.text).toContain('Quedó registrada como hallazgo en el trámite.');
      const findings = await asScope(w.t.dataSource, 'read_all', null, (em) =>
        em.query(`SELECT kind::text, procedure_id, status::text, message FROM findings WHERE code = $1`, [code]),
      );
      expect(findings).toEqual([expect.objectContaining({ kind: 'citizen_report', procedure_id: procedure.id, status: 'open' })]);
      // the citizen deleted the e-mail above: the later steps reach nobody (the browser journey follows the e-mails of each step)
      expect(await service.contactEmail(systemActor(), id)).toBeNull();
      await new Promise((r) => setTimeout(r, 1500));
      expect(smtp.mails.filter((m) => m.to.includes(email)).map((m) => m.subject)).toEqual([
        expect.stringContaining('recibimos su denuncia'),
      ]);
    });
  });

  describe('the deadline: business days without weekends or holidays, as data', () => {
    it('10 business days by default; a holiday in the window moves it one business day; the setting changes it', async () => {
      const today = todayInGuatemala();
      const holidays = await asScope(w.t.dataSource, 'admin', null, (em) => em.query(`SELECT day::text AS day FROM public_holidays`));
      const known = new Set((holidays as Array<{ day: string }>).map((h) => h.day));
      const first = await service.file(anonymousActor(), w.a.code, procedure.code, dto({}));
      const due = async (c: string) =>
        (
          (await asScope(w.t.dataSource, 'read_all', null, (em) =>
            em.query(`SELECT answer_due_on::text AS d FROM citizen_reports WHERE tracking_code = $1`, [c]),
          )) as Array<{ d: string }>
        )[0].d;
      expect(await due(first.trackingCode)).toBe(addBusinessDays(today, 10, known));

      const holiday = addBusinessDays(today, 2, known);
      await asOwner((c) => c.query(`INSERT INTO public_holidays (day, name) VALUES ($1, 'Feriado de prueba')`, [holiday]));
      const second = await service.file(anonymousActor(), w.a.code, procedure.code, dto({}));
      expect(await due(second.trackingCode)).toBe(addBusinessDays(today, 10, new Set([...known, holiday])));
      expect(await due(second.trackingCode)).toBe(addBusinessDays(addBusinessDays(today, 10, known), 1, new Set([...known, holiday])));

      await asOwner((c) => c.query(`UPDATE citizen_report_settings SET answer_business_days = 3`));
      const third = await service.file(anonymousActor(), w.a.code, procedure.code, dto({}));
      expect(await due(third.trackingCode)).toBe(addBusinessDays(today, 3, new Set([...known, holiday])));
      await asOwner((c) =>
        c.query(
          `UPDATE citizen_report_settings SET answer_business_days = 10; DELETE FROM public_holidays WHERE name = 'Feriado de prueba'`,
        ),
      );
    });

    it('reminders before the deadline to the institution, and once overdue escalated to the analysts (existing rules)', async () => {
      const { trackingCode } = await service.file(anonymousActor(), w.a.code, procedure.code, dto({}));
      const [r] = (await asScope(w.t.dataSource, 'read_all', null, (em) =>
        em.query(`SELECT id, answer_due_on::text AS due FROM citizen_reports WHERE tracking_code = $1`, [trackingCode]),
      )) as Array<{ id: string; due: string }>;
      const noon = (d: string) => new Date(`${d}T18:00:00Z`);
      const evaluator = w.t.app.get(ReminderEvaluator);
      const notices = async () =>
        (await asScope(w.t.dataSource, 'admin', null, (em) =>
          em.query(
            `SELECT kind, stage, recipient_id, escalation FROM notifications WHERE subject_id = $1 ORDER BY kind, stage, recipient_id`,
            [r.id],
          ),
        )) as Array<{ kind: string; stage: string; recipient_id: string; escalation: boolean }>;
      await evaluator.evaluate(noon(addDays(r.due, -1)), { enqueue: false });
      const before = (await notices()).filter((n) => n.kind === 'citizen_report_due');
      expect(before.map((n) => `${n.stage} ${n.recipient_id}`).sort()).toEqual(
        [`before-1 ${w.liaisonA.id}`, `before-1 ${w.adminA.id}`].sort(),
      );
      await evaluator.evaluate(noon(addDays(r.due, 1)), { enqueue: false });
      const overdue = (await notices()).filter((n) => n.kind === 'citizen_report_overdue');
      expect(
        overdue
          .filter((n) => n.stage === 'overdue-1')
          .map((n) => n.recipient_id)
          .sort(),
      ).toEqual([w.liaisonA.id, w.adminA.id].sort());
      expect(overdue.filter((n) => n.stage === 'escalation-1').map((n) => [n.recipient_id, n.escalation])).toEqual([[w.analyst.id, true]]);
      // a report answered or ruled gets no more reminders
      const answered = (await asScope(w.t.dataSource, 'admin', null, (em) =>
        em.query(
          `SELECT count(*)::int AS n FROM notifications n JOIN citizen_reports c ON c.id = n.subject_id WHERE c.status <> 'received' AND n.kind <> 'citizen_report_received'`,
        ),
      )) as Array<{ n: number }>;
      expect(answered[0].n).toBe(0);
    });

    it("a report of a registered requirement with no legal basis must name one of the procedure's requirements", async () => {
      await expect(service.file(anonymousActor(), w.a.code, procedure.code, dto({ kind: 'prohibited' }))).rejects.toMatchObject({
        status: 400,
      });
      const other = await createProcedure(w.t.dataSource, w.b.id);
      const foreign = await createRequirement(w.t.dataSource, other, {});
      await expect(
        service.file(anonymousActor(), w.a.code, procedure.code, dto({ kind: 'prohibited', requirementId: foreign.id })),
      ).rejects.toMatchObject({ status: 400 });
      const ok = await service.file(anonymousActor(), w.a.code, procedure.code, dto({ kind: 'prohibited', requirementId: unfounded.id }));
      expect(ok.trackingCode).toBeTruthy();
    });
  });

  describe('the public form (no account): same origin, form token, honeypot, limits, messages beside the fields', () => {
    const formPath = () => `/transparencia/tramites/${w.a.code}/${procedure.code}/denunciar`;
    const count = async () =>
      (
        (await asScope(w.t.dataSource, 'read_all', null, (em) =>
          em.query(`SELECT count(*)::int AS n FROM citizen_reports WHERE procedure_id = $1`, [procedure.id]),
        )) as Array<{ n: number }>
      )[0].n;
    const fields = {
      kind: 'not_listed',
      whatAsked: 'Me pidieron una constancia de ingresos',
      askedOn: todayInGuatemala(),
      channel: 'in_person',
      place: '',
      email: '',
    };
    const post = (form: Record<string, string>, ip: string, origin: string | null = PUBLIC_URL) => {
      const req = w.t.http().post(formPath()).set('X-Forwarded-For', ip).type('form');
      return (origin ? req.set('Origin', origin) : req).send(form);
    };

    it('a valid report lands on its status page with the code; bad input is answered beside the fields and stores nothing', async () => {
      const page = await w.t.http().get(`${formPath()}?tipo=prohibited&requisito=${unfounded.id}&fecha=2024-02-01`).expect(200);
      expect(page.text).toContain('Describa lo que le pidieron');
      expect(page.text).toMatch(/value="prohibited" checked/);
      expect(page.text).toContain('value="2024-02-01"');
      const protection = formOf(page.text);
      const before = await count();
      const bad = await post({ ...protection, ...fields, kind: '', whatAsked: 'x', askedOn: '2099-01-01' }, '10.91.0.1');
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('govuk-error-summary');
      expect(bad.text).toContain('de 3 a 500 caracteres');
      const future = await post({ ...protection, ...fields, askedOn: '2099-01-01' }, '10.91.0.1');
      expect(future.status).toBe(400);
      expect(future.text).toContain('no puede ser posterior a hoy');
      expect(await count()).toBe(before);
      const ok = await post({ ...protection, ...fields }, '10.91.0.1');
      expect(ok.status).toBe(303);
      expect(ok.headers.location).toMatch(/^\/transparencia\/denuncias\/[0-9A-Z]{4}-[0-9A-Z]{4}\?nueva=1$/);
      const status = await w.t.http().get(ok.headers.location).expect(200);
      expect(status.text).toContain('Recibimos su denuncia');
      expect(await count()).toBe(before + 1);
    });

    it('refuses another origin or a missing token (403); a filled honeypot gets a confirmation and nothing is stored', async () => {
      const protection = formOf((await w.t.http().get(formPath()).expect(200)).text);
      const before = await count();
      await post({ ...protection, ...fields }, '10.91.0.2', null).expect(403);
      await post({ ...protection, ...fields }, '10.91.0.2', 'https://otro-sitio.example').expect(403);
      await post({ ...fields }, '10.91.0.2').expect(403);
      const robot = await post({ ...protection, ...fields, sitio_web: 'http://spam.example' }, '10.91.0.2');
      expect(robot.status).toBe(200);
      expect(robot.text).toContain('Recibimos su denuncia');
      expect(await count()).toBe(before);
    });

    it('a burst from one network is limited (429, Retry-After) after five reports an hour', async () => {
      const protection = formOf((await w.t.http().get(formPath()).expect(200)).text);
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await post({ ...protection, ...fields }, '10.91.0.9')).status);
      expect(statuses).toEqual([303, 303, 303, 303, 303, 429]);
    });
  });

  describe('counts on the institution page and in the open data (no personal data)', () => {
    it('received, answered on time, founded', async () => {
      const api = await w.t.http().get(`/api/public/v1/institutions/${w.a.code}`).expect(200);
      expect(api.body.citizenReports).toEqual({
        // 6 filed through the service above, 1 through the form, 5 in the burst (the sixth refused)
        received: 12,
        answeredOnTime: 1,
        answeredLate: 0,
        overdueUnanswered: 0,
        founded: 1,
        unfounded: 0,
      });
      const other = await w.t.http().get(`/api/public/v1/institutions/${w.b.code}`).expect(200);
      expect(other.body.citizenReports.received).toBe(0);
      const page = await w.t.http().get(`/transparencia/instituciones/${w.a.code}`).expect(200);
      const section = page.text.slice(page.text.indexOf('id="denuncias"'));
      expect(section).toMatch(/Denuncias recibidas<\/dt><dd class="govuk-summary-list__value">12</);
      expect(section).toMatch(/Respondidas dentro del plazo<\/dt><dd class="govuk-summary-list__value">1 de 1</);
      expect(section).toMatch(/Declaradas fundadas por la Comisión<\/dt><dd class="govuk-summary-list__value">1</);
      const csv = await w.t.http().get('/api/public/v1/export/institutions.csv').expect(200);
      const lines = csv.text
        .replace(/^\uFEFF/, '')
        .trim()
        .split(/\r?\n/);
      const header = lines[0].split(',');
      const row = lines.find((l) => l.startsWith(`${w.a.code},`))!.split(',');
      const col = (name: string) => row[header.indexOf(name)];
      expect([col('citizen_reports_received'), col('citizen_reports_answered_on_time'), col('citizen_reports_founded')]).toEqual([
        '12',
        '1',
        '1',
      ]);
      expect(csv.text).not.toContain('@correo.example');
    });
  });
});
