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
 * Reminders store the subject of a notice as a path of the domain (`/planes/:plan/hitos/:id`, `/tramites`…) in their
 * payload; this maps it to the workspace page that shows that subject. A subject whose page does not exist yet lands
 * on its section (which says honestly what is coming).
 */
const SUBJECT_PAGES: Array<[RegExp, (m: RegExpMatchArray) => string]> = [
  [/^\/tramites(\/.*)?$/, () => '/app/inventario'],
  [/^\/hallazgos\/.+$/, () => '/app/inventario'],
  [/^\/planes\/([0-9a-f-]{36})\/hitos\/([0-9a-f-]{36})$/, (m) => `/app/plan/${m[1]}/hitos/${m[2]}`],
  [/^\/planes\/([0-9a-f-]{36})$/, (m) => `/app/plan/${m[1]}`],
  [/^\/planes(\/.*)?$/, () => '/app/plan'],
  [/^\/informes-de-avance(\/.*)?$/, () => '/app/informes'],
  [/^\/plazos-legales(\/.*)?$/, () => '/app'],
  [/^\/calificaciones(\/.*)?$/, () => '/app'],
  [/^\/app(\/.*)?$/, (m) => m[0]],
];

/** The workspace path for a notice's subject path (unknown or absent → the workspace's home). */
export function subjectPagePath(path: unknown): string {
  const p = typeof path === 'string' ? path.split('?')[0] : '';
  for (const [re, to] of SUBJECT_PAGES) {
    const m = p.match(re);
    if (m) return to(m);
  }
  return '/app';
}
