import { DataSource, EntityManager } from 'typeorm';
import { todayInGuatemala } from '../../common/time/guatemala-time';
import { ReminderRule } from '../../modules/notifications/entities/reminder-rule.entity';
import { insertDueNotifications } from '../../modules/notifications/reminder-sql';

/** Demo people with a non-default choice: the MAGA liaison reads one daily digest instead of one e-mail per reminder. */
const DIGEST_USERS = ['enlace.maga@demo.simplifica.gt'];

async function asAdmin<T>(ds: DataSource, work: (em: EntityManager) => Promise<T>): Promise<T> {
  return ds.transaction(async (em) => {
    await em.query(`SELECT set_config('app.scope', 'admin', true), set_config('app.institution_id', '', true)`);
    return work(em);
  });
}

/**
 * Demo reminders: preferences for a few demo users, then today's evaluation of every enabled rule (the same SQL as the
 * daily job) so the in-app list and the outbox have content. Idempotent: the dedupe key makes a second run add nothing.
 * Delivery happens in the worker (its next evaluation queues what is pending; the demo's SMTP catcher prints it).
 */
export async function seedDemoNotifications(ds: DataSource, log: (m: string) => void): Promise<void> {
  const today = todayInGuatemala();
  const { prefs, created } = await asAdmin(ds, async (em) => {
    const users = (await em.query(`SELECT id FROM users WHERE email = ANY($1)`, [DIGEST_USERS])) as Array<{ id: string }>;
    for (const u of users) {
      await em.query(
        `INSERT INTO notification_preferences (user_id, delivery) VALUES ($1, 'digest') ON CONFLICT (user_id) DO NOTHING`,
        [u.id],
      );
    }
    const rules = await em.getRepository(ReminderRule).find({ where: { enabled: true }, order: { code: 'ASC' } });
    let n = 0;
    for (const rule of rules) n += await insertDueNotifications(em, rule, today);
    return { prefs: users.length, created: n };
  });
  log(`avisos: ${prefs} preferencia(s) de resumen diario; ${created} notificación(es) nuevas al ${today}`);
}
