import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { escapeLiteral } from 'pg';
import { DataSource, EntityTarget, FindOptionsSelect, FindOptionsWhere } from 'typeorm';
import { Access, NO_INSTITUTION } from '../common/auth/access';
import { Actor, isCommission } from '../common/auth/actor';
import { AppException } from '../common/errors/app.exception';
import { EventBus } from '../events/event-bus';
import { AppEvent } from '../events/event-map';
import { TenantOwnedEntity } from './tenant-owned.entity';
import { UnitOfWork } from './unit-of-work';
import { DB_SETTINGS } from './db-scope';
import { settingsThenSql } from './unit-of-work.sql';
import { isConcurrencyFailure } from './sql-helpers';

/**
 * Attempts of a unit of work PostgreSQL aborts for a concurrent one (`isConcurrencyFailure`); after the last, the error
 * goes to the caller (an HTTP client gets 503 with Retry-After; a job is retried by its queue).
 */
const CONCURRENCY_ATTEMPTS = 3;

/** A string as an SQL literal (for `writeInOneTrip`, whose statement takes no parameters). */
export const sqlLiteral = (value: string): string => escapeLiteral(value);

/**
 * The only way services reach PostgreSQL: `run(access, (tx) => …)`. Every unit of work is one transaction that first
 * tells the row-level-security policies who is acting and for which institution (the settings vanish at commit, so
 * pooled connections never carry a previous caller's scope), then runs the work with a `UnitOfWork` carrying that
 * access; the events it emitted are published after commit. A unit of work PostgreSQL aborts for a concurrent one
 * (deadlock, serialization failure) runs again, so the work must have no effect outside its transaction but its events
 * (enqueue jobs and call other services after `run` returns).
 */
@Injectable()
export class Database {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventBus,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(Database.name);
  }

  async run<T>(access: Access, work: (tx: UnitOfWork) => Promise<T>): Promise<T> {
    const { actor, scope, purpose } = access;
    if (scope === 'read_all')
      this.logger.info({ scope, purpose, actorUserId: actor.userId, actorKind: actor.kind }, 'cross-institution read');
    if (scope === 'admin') this.logger.info({ scope, purpose, actorUserId: actor.userId }, 'administrative scope');
    return this.again(purpose, () => this.runOnce(access, work));
  }

  /**
   * A transaction PostgreSQL aborted for a concurrent one (a deadlock, a serialization failure) wrote nothing and its
   * events were dropped: it runs again from the start, after a short random pause that lets the other one finish, up to
   * CONCURRENCY_ATTEMPTS attempts. Any other failure is thrown at once.
   */
  private async again<T>(purpose: string, attemptOnce: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await attemptOnce();
      } catch (e) {
        if (attempt >= CONCURRENCY_ATTEMPTS || !isConcurrencyFailure(e)) throw e;
        this.logger.warn({ purpose, attempt, err: e }, 'unit of work aborted by a concurrent one; running it again');
        await new Promise((resolve) => setTimeout(resolve, attempt * (10 + Math.random() * 40)));
      }
    }
  }

  /** One attempt of `run`: one transaction, the settings, the work, its public events; its other events after commit. */
  private async runOnce<T>(access: Access, work: (tx: UnitOfWork) => Promise<T>): Promise<T> {
    const emitted: AppEvent[] = [];
    const result = await this.dataSource.transaction(async (em) => {
      const tx = new UnitOfWork(em, access);
      // Sent, not awaited: the settings travel with the work's first statement and run before it, in order, without a
      // round trip of their own (the connection pipelines: data-source-options). Awaited after the work, so that their
      // failure, if any, is the one reported (the work's statements then fail in the aborted transaction).
      const settings = tx.applySettings();
      settings.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
      let out: T;
      try {
        out = await work(tx);
      } finally {
        await settings;
      }
      await tx.flushPublicEvents();
      emitted.push(...tx.emitted());
      return out;
    });
    // Only after commit: a rolled-back unit of work never reaches here, so its events are dropped with it.
    await this.events.publish(emitted);
    return result;
  }

  /**
   * One statement and the access settings in a single round trip, for hot paths that write many rows at a time (the
   * reminders' sent marks): both travel as one simple-protocol message, which PostgreSQL runs as one implicit
   * transaction — the settings are local to it, and the statement commits or fails as a whole, as in `run`. The
   * statement takes no parameters: every value in it must be a literal made by `sqlLiteral`. No audit and no events:
   * anything that has them uses `run`. Aborted for a concurrent transaction, it runs again as `run` does (the statement
   * must give the same result when it does).
   */
  async writeInOneTrip(access: Access, statement: string): Promise<void> {
    const { actor, scope, institutionId } = access;
    if (scope === 'admin') this.logger.info({ scope, purpose: access.purpose, actorUserId: actor.userId }, 'administrative scope');
    const settings: Array<[string, string]> = [
      [DB_SETTINGS.institutionId, institutionId ?? ''],
      [DB_SETTINGS.scope, scope],
      [DB_SETTINGS.userId, actor.userId ?? ''],
      [DB_SETTINGS.requestId, actor.requestId ?? ''],
    ];
    const sql = settingsThenSql(
      settings.map(([k, v]) => [sqlLiteral(k), sqlLiteral(v)]),
      statement,
    );
    await this.again(access.purpose, () => this.dataSource.query(sql));
  }

  /**
   * Where a write on this row must run. Institution users: their own institution (the row is then looked up inside it,
   * so another institution's row is a 404). Commission staff: the row's institution, found across institutions first,
   * because row-level security only lets them write inside it.
   */
  async accessToRow<T extends TenantOwnedEntity>(
    actor: Actor,
    target: EntityTarget<T>,
    id: string,
    what: string,
    purpose: string,
  ): Promise<Access> {
    if (!isCommission(actor)) return Access.institution(actor, actor.institutionId ?? NO_INSTITUTION, purpose);
    const row = await this.run(Access.acrossInstitutions(actor, purpose), (tx) =>
      tx.em
        .getRepository(target)
        .findOne({ where: { id } as FindOptionsWhere<T>, select: { id: true, institutionId: true } as FindOptionsSelect<T> }),
    );
    if (!row) throw AppException.notFound(what);
    return Access.institution(actor, row.institutionId, purpose);
  }
}
