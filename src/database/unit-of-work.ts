import { DeepPartial, EntityManager, EntityTarget, FindOneOptions, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Access } from '../common/auth/access';
import { Actor } from '../common/auth/actor';
import { AppException } from '../common/errors/app.exception';
import { ErrorCode } from '../common/errors/error-code';
import { ENTITY_EFFECTS, AuditedEntity } from '../events/entity-effects';
import { AppEvent, AppEventName, AppEvents } from '../events/event-map';
import { PublicEvent, publicEventOf, storedPublicEvents } from '../events/public-events';
import { auditSnapshot } from '../modules/audit/audit-snapshot';
import { AuditEvent } from '../modules/audit/entities/audit-event.entity';
import { ChangeEntry } from '../modules/inventory/rules/change-log';
import { ProcedureChange } from '../modules/inventory/procedures/change-log/entities/procedure-change.entity';
import { DB_SETTINGS, DbScope } from './db-scope';
import { APPLY_SETTINGS_SQL, INSERT_PUBLIC_EVENTS_SQL } from './unit-of-work.sql';

export interface AuditEntry {
  entity: AuditedEntity;
  entityId: string;
  action: string;
  before?: object | null;
  after?: object | null;
  /** The institution the row belongs to; defaults to the unit of work's institution (null outside one). */
  institutionId?: string | null;
  /** Who is recorded as acting; defaults to the unit of work's actor. */
  actor?: Actor;
}

export interface VersionedChange<T> {
  before: T;
  after: T;
}

type Row = ObjectLiteral & { id: string };

/**
 * One transaction, as the code inside it sees it: who acts, where (the institution and RLS scope) and why (see
 * `Access`), plus the operations every write needs. Rows are always looked up within the unit of work's institution
 * when the table has one, so a service cannot forget the tenant filter; `audit` records the trail in the same
 * transaction and emits the entity's declared effects; `emit` queues any other event. Events reach their handlers only
 * after commit (Database.run), never on rollback.
 */
export class UnitOfWork {
  private readonly events: AppEvent[] = [];
  /** `public.changed` events not yet written to public_events (flushPublicEvents, before commit). */
  private unwrittenPublic: PublicEvent[] = [];

  constructor(
    readonly em: EntityManager,
    private current: Access,
  ) {}

  /** Who acts, where and why (see Access). */
  get access(): Access {
    return this.current;
  }

  get actor(): Actor {
    return this.current.actor;
  }

  /** The institution this unit of work is bound to. Only for units of work in one institution (a bug otherwise). */
  get institutionId(): string {
    if (!this.current.institutionId) throw new Error(`Unit of work "${this.current.purpose}" is not bound to an institution`);
    return this.current.institutionId;
  }

  /** Writes the row-level-security settings; Database.run calls it first. */
  async applySettings(): Promise<void> {
    const { actor, scope, institutionId } = this.current;
    await this.em.query(APPLY_SETTINGS_SQL, [
      DB_SETTINGS.institutionId,
      institutionId ?? '',
      DB_SETTINGS.scope,
      scope,
      DB_SETTINGS.userId,
      actor.userId ?? '',
      DB_SETTINGS.requestId,
      actor.requestId ?? '',
    ]);
  }

  /**
   * From here on, act as this actor (their user row and their institution). For token flows: the token names the user,
   * and only then may their row and their institution's audit trail be touched.
   */
  async actAs(actor: Actor, scope: DbScope = this.current.scope): Promise<void> {
    this.current = { ...this.current, actor, institutionId: actor.institutionId, scope };
    await this.applySettings();
  }

  /**
   * Records one audit event in this transaction (the write and its trail commit together) and emits `entity.changed`
   * with the entity's effects (entity-effects.ts). No RETURNING (updateEntity(false)): PostgreSQL would check the SELECT
   * policy on the returned row, and an event with no institution is insertable in tenant scope but not readable there.
   */
  async audit(entry: AuditEntry): Promise<void> {
    const actor = entry.actor ?? this.actor;
    const institutionId = entry.institutionId !== undefined ? entry.institutionId : this.access.institutionId;
    await this.em
      .createQueryBuilder()
      .insert()
      .into(AuditEvent)
      .updateEntity(false)
      .values({
        actorKind: actor.kind,
        actorUserId: actor.userId,
        actorRole: actor.role,
        institutionId,
        entity: entry.entity,
        entityId: entry.entityId,
        action: entry.action,
        before: auditSnapshot(entry.before),
        after: auditSnapshot(entry.after),
        requestId: actor.requestId,
      } as QueryDeepPartialEntity<AuditEvent>)
      .execute();
    this.emit('entity.changed', {
      entity: entry.entity,
      entityId: entry.entityId,
      action: entry.action,
      institutionId,
      ...ENTITY_EFFECTS[entry.entity],
    });
  }

  /** The per-procedure change log (who, when, old → new), one INSERT for all entries; institution defaults to this one. */
  async changeLog(entries: ChangeEntry | readonly ChangeEntry[]): Promise<void> {
    const list = Array.isArray(entries) ? (entries as readonly ChangeEntry[]) : [entries as ChangeEntry];
    const rows = list.flatMap((entry): object[] => {
      const base = {
        institutionId: entry.institutionId ?? this.institutionId,
        procedureId: entry.procedureId,
        subject: entry.subject,
        subjectId: entry.subjectId,
        action: entry.action,
        isPublic: entry.isPublic ?? true,
        changedBy: this.actor.userId,
      };
      return entry.changes?.length
        ? entry.changes.map((c) => ({ ...base, field: c.field, oldValue: c.oldValue, newValue: c.newValue }))
        : [{ ...base, field: null, oldValue: null, newValue: null }];
    });
    if (rows.length) await this.em.insert(ProcedureChange, rows as QueryDeepPartialEntity<ProcedureChange>[]);
    // The same entries are the public change feed's procedure and requirement events (public-events.ts).
    for (const entry of list) {
      const event = publicEventOf({ ...entry, institutionId: entry.institutionId ?? this.institutionId });
      if (event) this.emit('public.changed', event);
    }
  }

  /** Queues an event for after commit (see event-map.ts). */
  emit<K extends AppEventName>(name: K, payload: AppEvents[K]): void {
    this.events.push({ name, payload } as AppEvent);
    if (name === 'public.changed') this.unwrittenPublic.push(payload as PublicEvent);
  }

  /**
   * Writes the public events emitted so far to public_events, in this transaction (Database.run calls it before commit):
   * a change and its event commit together or not at all. Bulk writers (imports) emit thousands: one INSERT per 5,000.
   */
  async flushPublicEvents(): Promise<void> {
    const events = storedPublicEvents(this.unwrittenPublic);
    this.unwrittenPublic = [];
    for (let i = 0; i < events.length; i += 5000) {
      await this.em.query(INSERT_PUBLIC_EVENTS_SQL, [
        JSON.stringify(
          events.slice(i, i + 5000).map((e) => ({
            type: e.type,
            institution_id: e.institutionId,
            procedure_id: e.procedureId,
            subject: e.subject,
            subject_id: e.subjectId,
            changes: e.changes,
          })),
        ),
      ]);
    }
  }

  /** The events of this unit of work, for Database.run to publish after commit. */
  emitted(): readonly AppEvent[] {
    return this.events;
  }

  /**
   * The filter that finds row `id` of this table within this unit of work: also by institution when the unit of work is
   * bound to one and the table has an institution column (the tenant filter no service has to remember).
   */
  rowWhere<T extends Row>(target: EntityTarget<T>, id: string): FindOptionsWhere<T> {
    const tenantOwned = this.em.connection.getMetadata(target).findColumnWithPropertyName('institutionId');
    return (this.access.institutionId && tenantOwned ? { id, institutionId: this.access.institutionId } : { id }) as FindOptionsWhere<T>;
  }

  /** Loads a row to change it, locked until commit (a shared lock with `lock: 'read'`); 404 naming `what` otherwise. */
  async findForWrite<T extends Row>(target: EntityTarget<T>, id: string, what: string, opts: { lock?: 'write' | 'read' } = {}): Promise<T> {
    const found = await this.em.getRepository(target).findOne({
      where: this.rowWhere(target, id),
      lock: { mode: opts.lock === 'read' ? 'pessimistic_read' : 'pessimistic_write' },
    });
    if (!found) throw AppException.notFound(what);
    return found;
  }

  /**
   * A row within this unit of work's reach: its institution's (institution users, or Commission staff writing in one
   * institution), any institution's in a cross-institution read; 404 naming `what` otherwise.
   */
  async find<T extends Row>(target: EntityTarget<T>, id: string, what: string, options: Omit<FindOneOptions<T>, 'where'> = {}): Promise<T> {
    const found = await this.em.getRepository(target).findOne({ ...options, where: this.rowWhere(target, id) });
    if (!found) throw AppException.notFound(what);
    return found;
  }

  /**
   * Optimistic concurrency for every editable entity: lock the row, compare the version the client read, apply the
   * changes (undefined fields are left alone) and let TypeORM bump `version`. A stale version is a 409 carrying the
   * current row, so the second of two editors can merge instead of silently overwriting the first.
   */
  async updateVersioned<T extends Row & { version: number }>(
    target: EntityTarget<T>,
    id: string,
    expectedVersion: number,
    changes: Partial<T>,
    what: string,
    /** Rules on the merged row (cross-field checks, allowed transitions from `current`); throw an AppException to refuse. */
    check?: (merged: T, current: T) => void,
  ): Promise<VersionedChange<T>> {
    const repo = this.em.getRepository(target);
    const current = await this.findForWrite(target, id, what);
    if (current.version !== expectedVersion) {
      throw AppException.conflict(
        `${what} fue modificado por otra persona (versión actual ${current.version}, usted envió ${expectedVersion}). Recargue y vuelva a aplicar sus cambios.`,
        { currentVersion: current.version, current },
        ErrorCode.VersionConflict,
      );
    }
    const before = { ...current };
    const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as DeepPartial<T>;
    const merged = repo.merge(repo.create({ ...current }), defined);
    check?.(merged, before);
    const after = await repo.save(merged);
    return { before, after };
  }
}
