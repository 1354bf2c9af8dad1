import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, isCommission } from '../common/auth/actor';
import { DB_SETTINGS, DbScope } from './db-scope';

export type Work<T> = (em: EntityManager) => Promise<T>;

/**
 * The only way services reach PostgreSQL. Every unit of work is one transaction that first tells the
 * row-level-security policies who is acting and for which institution; the settings vanish at commit,
 * so pooled connections never carry a previous caller's scope.
 */
@Injectable()
export class Database {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(Database.name);
  }

  /** Work limited to one institution's rows (reads and writes). */
  inInstitution<T>(actor: Actor, institutionId: string, work: Work<T>): Promise<T> {
    return this.run(actor, 'tenant', institutionId, work);
  }

  /**
   * Explicit cross-institution read scope (analysts, admins, public aggregates). The policies allow
   * SELECT on every institution's rows but no writes; each use is logged with its purpose.
   */
  acrossInstitutions<T>(actor: Actor, purpose: string, work: Work<T>): Promise<T> {
    this.logger.info({ scope: 'read_all', purpose, actorUserId: actor.userId, actorKind: actor.kind }, 'cross-institution read');
    return this.run(actor, 'read_all', null, work);
  }

  /**
   * Reads for any role: an institution-bound caller reads only its own institution (in tenant scope); Commission
   * staff read across institutions (read_all scope). Services still filter by institution in their queries.
   */
  forReading<T>(actor: Actor, purpose: string, work: Work<T>): Promise<T> {
    return isCommission(actor) ? this.acrossInstitutions(actor, purpose, work) : this.inInstitution(actor, actor.institutionId ?? '', work);
  }

  /** Management of rows that belong to no institution (Commission users); admin-only by the callers' checks. */
  asAdministrator<T>(actor: Actor, purpose: string, work: Work<T>): Promise<T> {
    this.logger.info({ scope: 'admin', purpose, actorUserId: actor.userId }, 'administrative scope');
    return this.run(actor, 'admin', null, work);
  }

  /** The caller's own rows: their institution (if any) and their own user row. */
  asSelf<T>(actor: Actor, work: Work<T>): Promise<T> {
    return this.run(actor, 'tenant', actor.institutionId, work);
  }

  /** Work on tables that are not tenant-owned (identity tokens, API keys, institutions). */
  global<T>(actor: Actor, work: Work<T>): Promise<T> {
    return this.run(actor, 'tenant', null, work);
  }

  /**
   * Inside a transaction, switch to acting as a user found along the way (token flows: the token names
   * the user, and only then may their row and their institution's audit trail be touched).
   */
  async bindSelf(em: EntityManager, actor: Actor, scope: 'tenant' | 'admin' = 'tenant'): Promise<void> {
    await applySettings(em, actor, scope, actor.institutionId);
  }

  /**
   * Runs `fn` once the transaction that owns `em` has committed (never if it rolls back). For side effects
   * that must not see uncommitted data: queueing a recompute, notifying. Outside a unit of work it runs at once.
   */
  afterCommit(em: EntityManager, fn: () => unknown): void {
    const pending = this.pendingAfterCommit.get(em);
    if (pending) pending.push(fn);
    else void Promise.resolve().then(fn);
  }

  private readonly pendingAfterCommit = new WeakMap<EntityManager, Array<() => unknown>>();

  private async run<T>(actor: Actor, scope: DbScope, institutionId: string | null, work: Work<T>): Promise<T> {
    const callbacks: Array<() => unknown> = [];
    const result = await this.dataSource.transaction(async (em) => {
      this.pendingAfterCommit.set(em, callbacks);
      await applySettings(em, actor, scope, institutionId);
      return work(em);
    });
    for (const fn of callbacks) {
      try {
        await fn();
      } catch (e) {
        this.logger.error({ err: e }, 'after-commit callback failed');
      }
    }
    return result;
  }
}

async function applySettings(em: EntityManager, actor: Actor, scope: DbScope, institutionId: string | null): Promise<void> {
  await em.query(
    `SELECT set_config($1, $2, true), set_config($3, $4, true), set_config($5, $6, true), set_config($7, $8, true)`,
    [
      DB_SETTINGS.institutionId, institutionId ?? '',
      DB_SETTINGS.scope, scope,
      DB_SETTINGS.userId, actor.userId ?? '',
      DB_SETTINGS.requestId, actor.requestId ?? '',
    ],
  );
}
