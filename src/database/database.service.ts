import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { DataSource, EntityManager, EntityTarget, FindOptionsSelect, FindOptionsWhere } from 'typeorm';
import { Access } from '../common/auth/access';
import { Actor, isCommission } from '../common/auth/actor';
import { AppException } from '../common/errors/app.exception';
import { EventBus } from '../events/event-bus';
import { TenantOwnedEntity } from './tenant-owned.entity';
import { UnitOfWork } from './unit-of-work';

export type Work<T> = (em: EntityManager) => Promise<T>;

/**
 * The only way services reach PostgreSQL: `run(access, (tx) => …)`. Every unit of work is one transaction that first
 * tells the row-level-security policies who is acting and for which institution (the settings vanish at commit, so
 * pooled connections never carry a previous caller's scope), then runs the work with a `UnitOfWork` carrying that
 * access; the events it emitted are published after commit.
 */
@Injectable()
export class Database {
  /** Open units of work by entity manager (for the transitional em-based helpers). */
  private readonly open = new WeakMap<EntityManager, UnitOfWork>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventBus,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(Database.name);
  }

  async run<T>(access: Access, work: (tx: UnitOfWork) => Promise<T>): Promise<T> {
    const { actor, scope, purpose } = access;
    if (scope === 'read_all') this.logger.info({ scope, purpose, actorUserId: actor.userId, actorKind: actor.kind }, 'cross-institution read');
    if (scope === 'admin') this.logger.info({ scope, purpose, actorUserId: actor.userId }, 'administrative scope');
    let tx: UnitOfWork | null = null;
    const result = await this.dataSource.transaction(async (em) => {
      tx = new UnitOfWork(em, access);
      this.open.set(em, tx);
      await tx.applySettings();
      return work(tx);
    });
    await this.events.publish(tx!.emitted());
    return result;
  }

  /**
   * Where a write on this row must run. Institution users: their own institution (the row is then looked up inside it,
   * so another institution's row is a 404). Commission staff: the row's institution, found across institutions first,
   * because row-level security only lets them write inside it.
   */
  async accessToRow<T extends TenantOwnedEntity>(actor: Actor, target: EntityTarget<T>, id: string, what: string, purpose: string): Promise<Access> {
    if (!isCommission(actor)) return Access.forReading(actor, purpose);
    const row = await this.run(Access.acrossInstitutions(actor, purpose), (tx) =>
      tx.em.getRepository(target).findOne({ where: { id } as FindOptionsWhere<T>, select: { id: true, institutionId: true } as FindOptionsSelect<T> }),
    );
    if (!row) throw AppException.notFound(what);
    return Access.institution(actor, row.institutionId, purpose);
  }

  /** The unit of work that owns this entity manager (transitional, for helpers that still take `em`). */
  unitOfWork(em: EntityManager): UnitOfWork {
    const tx = this.open.get(em);
    if (!tx) throw new Error('No unit of work owns this entity manager');
    return tx;
  }

  /** Work limited to one institution's rows (reads and writes). */
  inInstitution<T>(actor: Actor, institutionId: string, work: Work<T>): Promise<T> {
    return this.run(Access.institution(actor, institutionId, 'in-institution'), (tx) => work(tx.em));
  }

  acrossInstitutions<T>(actor: Actor, purpose: string, work: Work<T>): Promise<T> {
    return this.run(Access.acrossInstitutions(actor, purpose), (tx) => work(tx.em));
  }

  forReading<T>(actor: Actor, purpose: string, work: Work<T>): Promise<T> {
    return isCommission(actor) ? this.acrossInstitutions(actor, purpose, work) : this.run({ actor, scope: 'tenant', institutionId: actor.institutionId ?? '', purpose }, (tx) => work(tx.em));
  }

  asAdministrator<T>(actor: Actor, purpose: string, work: Work<T>): Promise<T> {
    return this.run(Access.administrative(actor, purpose), (tx) => work(tx.em));
  }

  asSelf<T>(actor: Actor, work: Work<T>): Promise<T> {
    return this.run(Access.self(actor, 'self'), (tx) => work(tx.em));
  }

  global<T>(actor: Actor, work: Work<T>): Promise<T> {
    return this.run({ actor, scope: 'tenant', institutionId: null, purpose: 'global' }, (tx) => work(tx.em));
  }

  async bindSelf(em: EntityManager, actor: Actor): Promise<void> {
    await this.unitOfWork(em).actAs(actor);
  }
}
