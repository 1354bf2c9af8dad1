import { JwtService } from '@nestjs/jwt';
import { Algorithm, hash } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Role } from '../../src/common/auth/actor';
import { TestApp } from './test-app';

export const TEST_PASSWORD = 'Contraseña-de-prueba-2026';
let passwordHash: Promise<string> | undefined;

const unique = () => randomBytes(3).toString('hex').toUpperCase();

/** A transaction with the given RLS settings, through the application's role. */
export async function asScope<T>(ds: DataSource, scope: 'tenant' | 'read_all' | 'admin', institutionId: string | null, fn: (em: EntityManager) => Promise<T>): Promise<T> {
  return ds.transaction(async (em) => {
    await em.query(`SELECT set_config('app.scope', $1, true), set_config('app.institution_id', $2, true)`, [scope, institutionId ?? '']);
    return fn(em);
  });
}

export interface TestInstitution {
  id: string;
  code: string;
  name: string;
}

export async function createInstitution(ds: DataSource, name = 'Ministerio de Pruebas'): Promise<TestInstitution> {
  const code = `T${unique()}`;
  return asScope(ds, 'admin', null, async (em) => {
    const [row] = await em.query(
      `INSERT INTO institutions (code, name, type, coverage, sector) VALUES ($1, $2, 'ministry', 'bound', 'Pruebas') RETURNING id, code, name`,
      [code, `${name} ${code}`],
    );
    return row as TestInstitution;
  });
}

export interface TestUser {
  id: string;
  email: string;
  role: Role;
  institutionId: string | null;
}

export async function createUser(ds: DataSource, role: Role, institutionId: string | null, opts: { status?: string } = {}): Promise<TestUser> {
  passwordHash ??= hash(TEST_PASSWORD, { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
  const email = `${role}.${unique().toLowerCase()}@prueba.gob.gt`;
  return asScope(ds, 'admin', null, async (em) => {
    const [row] = await em.query(
      `INSERT INTO users (email, name, role, institution_id, status, password_hash) VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING id, email, role, institution_id AS "institutionId"`,
      [email, `Usuario ${role}`, role, institutionId, opts.status ?? 'active', await passwordHash],
    );
    return row as TestUser;
  });
}

/** A signed access token, as the login would issue it, without spending an argon2 verification per test. */
export function tokenFor(t: TestApp, user: TestUser, expiresIn = 900): string {
  return t.app.get(JwtService).sign({ sub: user.id, role: user.role, inst: user.institutionId, typ: 'access' }, { expiresIn });
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
