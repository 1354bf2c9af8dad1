import { ReminderEvaluator } from '../../src/modules/notifications/reminder-evaluator';
import { entries } from '../../src/common/glossary/glossary';
import { createMilestone, createPlan } from '../helpers/factories';
import { useWorld } from '../helpers/world';
import { pageClient } from '../helpers/workspace-client';

const noonGt = (date: string) => new Date(`${date}T18:00:00Z`);

describe('Workspace: Avisos (notifications and preferences)', () => {
  const w = useWorld({ label: 'de Avisos' });
  let noticeId: string;
  const target = `Hito de avisos ${Date.now()}`;

  beforeAll(async () => {
    const plan = await createPlan(w.t.dataSource, w.a.id, { title: 'Plan de avisos', periodStart: '2026-01-01', periodEnd: '2027-12-31' });
    await createMilestone(w.t.dataSource, plan, { target, dueDate: '2027-05-08' });
    await w.t.app.get(ReminderEvaluator).evaluate(noonGt('2027-05-01'), { enqueue: false });
    const mine = await w.t.http().get('/api/v1/notifications').set(w.as(w.liaisonA)).expect(200);
    noticeId = mine.body.items.find((n: { item: string }) => n.item === target).id;
  });

  it("lists the person's notices with unread ones marked, links to the subject's page, and marks one read", async () => {
    const c = pageClient(w.t, '10.81.0.1');
    await c.signIn(w.liaisonA.email);
    const list = await c.get('/app/avisos');
    expect(list.status).toBe(200);
    expect(list.text).toContain(target);
    expect(list.text).toContain('Sin leer');
    expect(list.text).toContain('href="/app/plan"');
    expect(list.text).toContain('A 30, 7 y 1 días del vencimiento de un hito del plan.');
    const read = await c.post(`/app/avisos/${noticeId}/leido`, { volver: '/app/avisos' });
    expect(read.status).toBe(303);
    expect(read.headers.location).toBe('/app/avisos');
    const after = await c.get('/app/avisos?solo=no-leidos');
    expect(after.text).not.toContain(target);
    const api = await w.t.http().get('/api/v1/notifications').set(w.as(w.liaisonA)).expect(200);
    expect(api.body.items.find((n: { id: string }) => n.id === noticeId).readAt).not.toBeNull();
  });

  it("another institution's user cannot mark the notice (404) and does not see it", async () => {
    const c = pageClient(w.t, '10.81.0.2');
    await c.signIn(w.liaisonB.email);
    expect((await c.get('/app/avisos')).text).not.toContain(target);
    const res = await c.post(`/app/avisos/${noticeId}/leido`, {});
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect((await c.post('/app/avisos/no-es-un-id/leido', {})).status).toBe(400);
  });

  it('preferences: each kind named and explained in Spanish; saves delivery and opt-outs; mandatory kinds stay', async () => {
    const c = pageClient(w.t, '10.81.0.3');
    await c.signIn(w.adminA.email);
    const page = await c.get('/app/avisos/preferencias');
    expect(page.status).toBe(200);
    for (const k of entries('notificationKind')) {
      expect(page.text).toContain(k.label);
      expect(page.text).toContain(k.description);
    }
    expect(page.text).toContain('(obligatorio)');
    const bad = await c.post('/app/avisos/preferencias', { entrega: 'cada-hora' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('id="entrega-error"');
    const ok = await c.post('/app/avisos/preferencias', { entrega: 'digest', recibir: 'milestone_due' });
    expect(ok.status).toBe(303);
    const prefs = (await w.t.http().get('/api/v1/notifications/preferences').set(w.as(w.adminA)).expect(200)).body;
    expect(prefs.delivery).toBe('digest');
    expect(prefs.optedOut).not.toContain('milestone_due');
    expect(prefs.optedOut).toContain('score_drop');
    for (const m of prefs.mandatoryKinds) expect(prefs.optedOut).not.toContain(m);
    const again = await c.get('/app/avisos/preferencias');
    expect(again.text).toMatch(/id="entrega-digest"[^>]*checked/);
    expect(again.text).toMatch(/id="recibir-milestone_due"[^>]*checked/);
    expect(again.text).not.toMatch(/id="recibir-score_drop"[^>]*checked/);
  });
});
