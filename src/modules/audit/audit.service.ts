import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Actor } from '../../common/auth/actor';
import { assertInstitutionAccess } from '../../common/auth/access';
import { offsetOf, Page, pageOf } from '../../common/pagination/page';
import { Database } from '../../database/database.service';
import { AuditEventQuery, AuditEventResponse } from './dto/audit-event.dto';
import { AuditEvent } from './entities/audit-event.entity';
import { redactAuditEvent } from './audit-redaction';

export interface AuditEntry {
  institutionId: string | null;
  entity: string;
  entityId: string;
  action: string;
  before?: object | null;
  after?: object | null;
}

/** Fields never copied into the trail. */
const SECRET_FIELDS = new Set(['passwordHash', 'tokenHash', 'keyHash', 'secret']);

/** A JSON-safe copy of an entity for before/after, without secrets. */
export function auditSnapshot(value: object | null | undefined): Record<string, unknown> | null {
  if (!value) return null;
  const plain = JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  for (const key of Object.keys(plain)) if (SECRET_FIELDS.has(key)) plain[key] = '[oculto]';
  return plain;
}

export type WriteListener = (entry: AuditEntry) => unknown;
export type TransactionListener = (entries: readonly AuditEntry[]) => unknown;

/**
 * Audited entities whose writes never change published data (identity, partner access, notification settings,
 * Commission-internal records). Anything else counts as public: a new entity forgotten here only costs a cache refresh.
 */
const PRIVATE_ENTITIES = new Set([
  'user', 'refresh_token_family', 'partner_api_key', 'webhook_subscription', 'reminder_rule', 'notification_preference', 'analyst_follow', 'legal_deadline',
]);

/** Whether an audited write can change what the public API and webhooks publish. */
export const touchesPublicData = (entries: readonly AuditEntry[]): boolean => entries.some((e) => !PRIVATE_ENTITIES.has(e.entity));

@Injectable()
export class AuditService {
  private readonly listeners: TransactionListener[] = [];
  /** The entries recorded in each open transaction, handed to the listeners once, after it commits. */
  private readonly pending = new WeakMap<EntityManager, AuditEntry[]>();

  constructor(private readonly db: Database) {}

  /** Be told, after commit, of every audited write (e.g. scoring recomputes the institution). */
  onCommittedWrite(listener: WriteListener): void {
    this.onCommittedTransaction((entries) => Promise.all(entries.map(listener)));
  }

  /** Be told once per committed transaction of all its audited writes (cache versions, webhook dispatch). */
  onCommittedTransaction(listener: TransactionListener): void {
    this.listeners.push(listener);
  }

  /**
   * Records one audit event inside the caller's transaction, so the write and its trail commit together.
   * No RETURNING (updateEntity(false)): PostgreSQL would check the SELECT policy on the returned row, and an
   * event with no institution (a Commission user's sign-in) is insertable in tenant scope but not readable there.
   */
  async record(em: EntityManager, actor: Actor, entry: AuditEntry): Promise<void> {
    await em.createQueryBuilder().insert().into(AuditEvent).updateEntity(false).values({
      actorKind: actor.kind,
      actorUserId: actor.userId,
      actorRole: actor.role,
      institutionId: entry.institutionId,
      entity: entry.entity,
      entityId: entry.entityId,
      action: entry.action,
      before: auditSnapshot(entry.before),
      after: auditSnapshot(entry.after),
      requestId: actor.requestId,
    } as QueryDeepPartialEntity<AuditEvent>).execute();
    if (!this.listeners.length) return;
    const batch = this.pending.get(em);
    if (batch) {
      batch.push(entry);
      return;
    }
    const entries = [entry];
    this.pending.set(em, entries);
    this.db.afterCommit(em, () => {
      this.pending.delete(em);
      return Promise.all(this.listeners.map((l) => l(entries)));
    });
  }

  async list(actor: Actor, query: AuditEventQuery): Promise<Page<AuditEventResponse>> {
    const institutionId = query.institutionId ?? actor.institutionId;
    const read = async (em: EntityManager) => {
      const qb = em.getRepository(AuditEvent).createQueryBuilder('a').orderBy('a.id', 'DESC');
      if (institutionId) qb.andWhere('a.institution_id = :institutionId', { institutionId });
      if (query.entity) qb.andWhere('a.entity = :entity', { entity: query.entity });
      if (query.entityId) qb.andWhere('a.entity_id = :entityId', { entityId: query.entityId });
      if (query.action) qb.andWhere('a.action = :action', { action: query.action });
      const [rows, total] = await qb.skip(offsetOf(query)).take(query.pageSize).getManyAndCount();
      return pageOf(rows.map((r) => redactAuditEvent(AuditEventResponse.from(r), actor.role)), total, query);
    };
    if (institutionId) {
      assertInstitutionAccess(actor, institutionId);
      return actor.institutionId === institutionId
        ? this.db.inInstitution(actor, institutionId, read)
        : this.db.acrossInstitutions(actor, 'audit.list', read);
    }
    return this.db.acrossInstitutions(actor, 'audit.list', read);
  }
}
