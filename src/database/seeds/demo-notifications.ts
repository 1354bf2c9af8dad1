import { DataSource, EntityManager } from 'typeorm';
import { todayInGuatemala } from '../../common/time/guatemala-time';
import { ReminderRule } from '../../modules/notifications/entities/reminder-rule.entity';
import { evaluationContext, insertDueNotifications } from '../../modules/notifications/reminder-sql';

/** Demo people with a non-default choice: the MAGA liaison reads one daily digest instead of one e-mail per reminder. */
const DIGEST_USERS = ['enlace.maga@demo.simplifica.gt'];

/** The demo analyst follows a few institutions: their escalations and score drops go to them (the others', to every analyst). */
const DEMO_FOLLOWS: Record<string, string[]> = { 'analista@demo.simplifica.gt': ['MINECO', 'MAGA', 'MSPAS'] };

async function asAdmin<T>(ds: DataSource, work: (em: EntityManager) => Promise<T>): Promise<T> {
  return ds.transaction(async (em) => {
    await em.query(`SELECT set_config('app.scope', 'admin', true), set_config('app.institution_id', '', true)`);
    return work(em);
  });
}

/**
 * Demo reminders: preferences for a few demo users, the demo analyst's follows, then today's evaluation of every enabled rule (the same SQL as the
 * daily job) so the in-app list and the outbox have content. Idempotent: the dedupe key makes a second run add nothing.
 * Delivery happens in the worker (at boot it queues what is pending; the demo's SMTP catcher prints it).
 */
export async function seedDemoNotifications(ds: DataSource, log: (m: string) => void): Promise<void> {
  const today = todayInGuatemala();
  const { prefs, follows, created } = await asAdmin(ds, async (em) => {
    const users = (await em.query(`SELECT id FROM users WHERE email = ANY($1)`, [DIGEST_USERS])) as Array<{ id: string }>;
    for (const u of users) {
      await em.query(
        `INSERT INTO notification_preferences (user_id, delivery) VALUES ($1, 'digest') ON CONFLICT (user_id) DO NOTHING`,
        [u.id],
      );
    }
    let follows = 0;
    for (const [email, codes] of Object.entries(DEMO_FOLLOWS)) {
      const rows = (await em.query(
        `INSERT INTO analyst_follows (user_id, institution_id, created_by)
         SELECT u.id, i.id, u.id FROM users u JOIN institutions i ON i.code = ANY ($2) WHERE u.email = $1 AND u.role = 'analyst'
         ON CONFLICT (user_id, institution_id) DO NOTHING RETURNING id`,
        [email, codes],
      )) as unknown[];
      follows += rows.length;
    }
    const rules = await em.getRepository(ReminderRule).find({ where: { enabled: true }, order: { code: 'ASC' } });
    let n = 0;
    const ctx = await evaluationContext(em);
    for (const rule of rules) n += await insertDueNotifications(em, rule, today, ctx);
    return { prefs: users.length, follows, created: n };
  });
  log(`avisos: ${prefs} preferencia(s) de resumen diario; ${follows} seguimiento(s) de analista nuevos; ${created} notificación(es) nuevas al ${today}`);
}
