/**
 * Where the links a person receives (e-mails, in-app notices) land: the workspace pages under /app. One table, so
 * e-mails, notices and pages cannot disagree; the test that follows every link of every captured e-mail
 * (test/browser/mail-links.browser-spec.ts) checks each lands on a page answering 200 for its recipient.
 */
export const ACCOUNT_PATHS = {
  signIn: '/app/ingresar',
  activate: '/app/activar-cuenta',
  resetPassword: '/app/restablecer-contrasena',
  changePassword: '/app/cuenta/contrasena',
  signOut: '/app/salir',
} as const;

/**
 * Reminders store the page of a notice's subject in its payload (`/app/plan/:plan/hitos/:id`, `/app/informes`…), written
 * by the reminder rules themselves (reminder.sql.ts). A link is built only from a workspace path; anything else (a notice
 * stored before the workspace existed, a tampered payload) lands on the workspace's home.
 */
export function subjectPagePath(path: unknown): string {
  const p = typeof path === 'string' ? path.split('?')[0] : '';
  return /^\/app(\/[A-Za-z0-9/_-]*)?$/.test(p) ? p : '/app';
}
