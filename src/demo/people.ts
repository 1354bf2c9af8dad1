import type { Role } from '../common/auth/roles';

export const DEMO_PASSWORD = 'Simplifica-Demo-2026';

export interface DemoUser {
  email: string;
  name: string;
  role: Role;
  institution: string | null;
  /** invited: never accepted the invitation (no password); disabled: left the institution this many days ago. */
  status?: 'active' | 'invited';
  disabledDaysAgo?: number;
  /** Joined this many days ago (by default, two weeks before the institution's inventory was registered). */
  joinedDaysAgo?: number;
}

const commission = (email: string, name: string, role: 'admin' | 'analyst'): DemoUser => ({
  email: `${email}@demo.simplifica.gt`,
  name,
  role,
  institution: null,
});
const liaison = (code: string, name: string, extra: Partial<DemoUser> = {}): DemoUser => ({
  email: `enlace.${code.toLowerCase()}@demo.simplifica.gt`,
  name,
  role: 'liaison',
  institution: code,
  ...extra,
});
const instAdmin = (code: string, name: string): DemoUser => ({
  email: `admin.${code.toLowerCase()}@demo.simplifica.gt`,
  name,
  role: 'institution_admin',
  institution: code,
});

/**
 * The demo's people. Most rich institutions have an active liaison and many an institution admin; MEM's liaison left
 * (disabled) and MINEDUC's never accepted the invitation, so neither has an active liaison — their reminders escalate.
 * MIDES and SEGEPLAN (short inventories registered by the Commission) got a liaison months later.
 */
export const DEMO_USERS: DemoUser[] = [
  commission('admin', 'Ana Lucía Morales', 'admin'),
  commission('analista', 'Carlos Enrique Ajú', 'analyst'),
  commission('analista2', 'María José Tzul', 'analyst'),
  instAdmin('MINECO', 'Sofía Hernández'),
  liaison('MINECO', 'José Miguel Castillo'),
  liaison('MAGA', 'Rosa María Xicará'),
  instAdmin('MAGA', 'Héctor Rolando Cifuentes'),
  liaison('MSPAS', 'Ana Gabriela Chen'),
  instAdmin('MSPAS', 'Mariela Bautista'),
  liaison('MUNIGUATE', 'Luis Fernando Pop'),
  instAdmin('MUNIGUATE', 'Andrea Lucía Sandoval'),
  liaison('MARN', 'Juan Pablo Coyoy'),
  liaison('MINGOB', 'Karla Patricia Monzón'),
  instAdmin('MINGOB', 'Edgar Estuardo Barrios'),
  liaison('MINFIN', 'Diego Alejandro Orellana'),
  instAdmin('MINFIN', 'Claudia Ixchel Pérez'),
  liaison('MINTRAB', 'Byron Estuardo Tzoc'),
  liaison('CIV', 'Oscar Rolando Gálvez'),
  instAdmin('CIV', 'Ingrid Paola Morán'),
  liaison('MINEX', 'Gabriela Alejandra Rivas'),
  liaison('SAT', 'Fernando José Mazariegos'),
  instAdmin('SAT', 'Lourdes Maribel Cabrera'),
  liaison('MEM', 'Silvia Marisol Ochoa', { disabledDaysAgo: 150 }),
  liaison('MINEDUC', 'Walter Gerardo Chacón', { status: 'invited' }),
  // Two short inventories the Commission registered got a liaison months later, who took them up.
  liaison('MIDES', 'Heidy Carolina Sical', { joinedDaysAgo: 270 }),
  liaison('SEGEPLAN', 'Mynor Alfredo Cux', { joinedDaysAgo: 230 }),
];

/** Which analyst follows which institutions (escalations and score drops go to them; the rest, to every analyst). */
export const DEMO_FOLLOWS: Record<string, readonly string[]> = {
  'analista@demo.simplifica.gt': ['MINECO', 'MAGA', 'MSPAS', 'MARN', 'MINFIN', 'MINTRAB', 'SAT'],
  'analista2@demo.simplifica.gt': ['MINGOB', 'MUNIGUATE', 'CIV', 'MINEX', 'MEM'],
};

/** People who chose one daily digest instead of one e-mail per reminder. */
export const DIGEST_USERS: readonly string[] = ['enlace.maga@demo.simplifica.gt', 'admin.mingob@demo.simplifica.gt'];

const isActive = (u: DemoUser) => u.status !== 'invited' && u.disabledDaysAgo === undefined;
const COMMISSION_ROLES: Record<string, string> = { admin: 'administración de la Comisión', analyst: 'analista de la Comisión' };

/**
 * The accounts a person can sign in with, as the start banner prints them (generated from DEMO_USERS, so the banner
 * never drifts from the data): the Commission's, one line per institution, and the institutions left without a liaison.
 */
export function demoAccountLines(): string[] {
  const commission = DEMO_USERS.filter((u) => !u.institution && isActive(u));
  const width = Math.max(...commission.map((u) => u.email.length)) + 2;
  const lines = commission.map((u) => `${u.email.padEnd(width)}${COMMISSION_ROLES[u.role]}`);
  const codes = [...new Set(DEMO_USERS.flatMap((u) => (u.institution ? [u.institution] : [])))];
  const codeWidth = Math.max(...codes.map((c) => c.length)) + 2;
  lines.push('Instituciones (enlace.<código>@… es enlace; admin.<código>@…, administración institucional):');
  for (const code of codes) {
    const active = DEMO_USERS.filter((u) => u.institution === code && isActive(u)).sort(
      (a, b) => Number(b.role === 'liaison') - Number(a.role === 'liaison'),
    );
    if (active.length) lines.push(`  ${code.padEnd(codeWidth)}${active.map((u) => u.email).join(', ')}`);
  }
  const without = codes.filter((code) => !DEMO_USERS.some((u) => u.institution === code && isActive(u)));
  if (without.length) {
    const why = (code: string) =>
      DEMO_USERS.some((u) => u.institution === code && u.disabledDaysAgo !== undefined)
        ? 'su enlace dejó el cargo'
        : 'invitación sin aceptar';
    lines.push(`Sin enlace activo: ${without.map((c) => `${c} (${why(c)})`).join(', ')}`);
  }
  return lines;
}

/** The account the banner's example signs in with: the first active liaison. */
export const exampleLogin = (): string => DEMO_USERS.find((u) => u.role === 'liaison' && isActive(u))!.email;
