import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { UnrecoverableError, type Job } from 'bullmq';
import { createHmac, randomBytes } from 'node:crypto';
import { PinoLogger } from 'nestjs-pino';
import { Access, assertRole } from '../../common/auth/access';
import { ADMIN_ROLES } from '../../common/auth/roles';
import { PartnerApiKey } from '../partner-api-keys/entities/partner-api-key.entity';
import { Actor, anonymousActor, systemActor } from '../../common/auth/actor';
import { decryptText, DecryptionError, encryptText, Keyring, keyIdOf, keyringFrom } from '../../common/crypto/data-encryption';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { AppConfig } from '../../config/app-config';
import { Database } from '../../database/database.service';
import { JobName } from '../../queue/job-names';
import { JobQueue } from '../../queue/job-queue';
import { OnEvent } from '../../events/on-event.decorator';
import { WebhookDelivery } from './entities/webhook-delivery.entity';
import { WEBHOOK_SECRET_PURPOSE, WebhookSubscription } from './entities/webhook-subscription.entity';
import { PublicApiService } from '../public-api/public-api.service';
import { assertPartnerScope } from '../public-api/partner-scope';
import { HostResolver } from './host-resolver';
import { TargetPolicy, TargetRefusedError, vetTarget, webhookUrlProblem } from './target-policy';
import { CreatedWebhookResponse } from './dto/created-webhook.response';
import { CreateWebhookDto } from './dto/create-webhook.dto';
import { WebhookDeliveryResponse } from './dto/webhook-delivery.response';
import { WebhookResponse } from './dto/webhook.response';
import { postWebhook } from './webhook-transport';
import {
  ADVANCE_FEED_CURSOR_SQL,
  CANCEL_PENDING_DELIVERIES_SQL,
  DeliveryIdRow,
  INSERT_DELIVERIES_SQL,
  REENCRYPT_SECRET_SQL,
  RECORD_ATTEMPT_SQL,
} from './webhooks.sql';

const ENTITY = 'webhook_subscription';
const DELIVERY_TIMEOUT_MS = 10_000;
export const SIGNATURE_HEADER = 'X-Simplifica-Signature';
export const TIMESTAMP_HEADER = 'X-Simplifica-Timestamp';

/** `sha256=<hex>` of HMAC-SHA256(secret, `${timestamp}.${rawBody}`); receivers reject timestamps outside their replay window. */
export const signWebhook = (secret: string, timestamp: number, rawBody: string): string =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;

/** The type of the events "send a test event" delivers; never in the feed. */
export const TEST_EVENT_TYPE = 'webhook_test';

const toDeliveryResponse = (d: WebhookDelivery): WebhookDeliveryResponse => ({
  id: d.id,
  eventType: d.eventType,
  eventCursor: d.eventCursor,
  status: d.status,
  attempts: d.attempts,
  lastStatusCode: d.lastStatusCode,
  lastError: d.lastError,
  createdAt: d.createdAt.toISOString(),
  deliveredAt: d.deliveredAt ? d.deliveredAt.toISOString() : null,
});

const toResponse = (s: WebhookSubscription): WebhookResponse => ({
  id: s.id,
  url: s.url,
  events: s.eventTypes,
  active: s.active,
  createdAt: s.createdAt.toISOString(),
});

export interface DeliverWebhookJob {
  deliveryId: string;
}

/**
 * Partner webhooks. After every committed write a (debounced) dispatch job reads the public change feed from each
 * subscription's cursor, logs one delivery per matching event (unique per subscription and event, so a retried
 * dispatch never sends twice) and queues it; each delivery job POSTs the signed event, retried with backoff.
 *
 * Targets must be public HTTPS (target-policy.ts), checked at subscription and again at every delivery against each
 * resolved address; the connection goes to the vetted addresses only. Secrets are stored encrypted (data-encryption.ts).
 */
@Injectable()
export class WebhooksService {
  private readonly keyring: Keyring;
  private readonly targets: TargetPolicy;

  constructor(
    config: AppConfig,
    private readonly db: Database,
    private readonly feed: PublicApiService,
    private readonly jobs: JobQueue,
    private readonly logger: PinoLogger,
    private readonly resolver: HostResolver,
  ) {
    this.logger.setContext(WebhooksService.name);
    this.keyring = keyringFrom(config.dataEncryption.key, config.dataEncryption.previousKey);
    this.targets = { allowPrivateTargets: config.publicApi.webhookAllowPrivateTargets, allowedPorts: config.publicApi.webhookAllowedPorts };
  }

  /** A committed unit of work wrote public events (single edits, imports, Commission actions and score runs alike). */
  @OnEvent('public.changed')
  async onPublicChanged(): Promise<void> {
    await this.requestDispatch();
  }

  requestDispatch(): Promise<Job> {
    // Debounced (job-options.ts): the window closes before the job runs, so a write committed after it read the feed queues another.
    return this.jobs.enqueue(JobName.DispatchWebhooks, {}, { deduplicationId: 'webhooks:dispatch' });
  }

  /**
   * The partner key whose subscriptions a call manages: the calling key, which must hold webhooks:manage (checked here
   * too, whatever route led here); or, for a Commission administrator (the configuration pages), the key named by
   * `forKey`. Any other caller naming a key is refused.
   */
  private partnerOf(actor: Actor, forKey?: string): string {
    if (forKey !== undefined) {
      assertRole(actor, ADMIN_ROLES);
      return forKey;
    }
    assertPartnerScope(actor, { scope: 'webhooks:manage', anonymous: false });
    if (!actor.partnerKeyId) throw AppException.unauthenticated('Se necesita una llave de API (X-API-Key) con el permiso webhooks:manage.');
    return actor.partnerKeyId;
  }

  /**
   * Every subscription with the name of its key, newest first (Commission administrators: the configuration pages),
   * a page at a time.
   */
  async listAll(
    actor: Actor,
    page: { offset: number; limit: number },
  ): Promise<{ items: Array<WebhookResponse & { partnerKeyId: string; partnerKeyName: string; keyRevoked: boolean }>; total: number }> {
    assertRole(actor, ADMIN_ROLES);
    return this.db.run(Access.self(actor, 'webhooks.list-all'), async ({ em }) => {
      const [rows, total] = await em
        .getRepository(WebhookSubscription)
        .findAndCount({ relations: { partnerKey: true }, order: { createdAt: 'DESC' }, skip: page.offset, take: page.limit });
      return {
        total,
        items: rows.map((s) => ({
          ...toResponse(s),
          partnerKeyId: s.partnerKeyId,
          partnerKeyName: s.partnerKey?.name ?? '',
          keyRevoked: !!s.partnerKey?.revokedAt,
        })),
      };
    });
  }

  /** One subscription and its key (Commission administrators), or 404. */
  async getForAdmin(
    actor: Actor,
    id: string,
  ): Promise<WebhookResponse & { partnerKeyId: string; partnerKeyName: string; keyRevoked: boolean }> {
    assertRole(actor, ADMIN_ROLES);
    const sub = await this.db.run(Access.self(actor, 'webhooks.get'), ({ em }) =>
      em.getRepository(WebhookSubscription).findOne({ where: { id }, relations: { partnerKey: true } }),
    );
    if (!sub) throw AppException.notFound('La suscripción');
    return {
      ...toResponse(sub),
      partnerKeyId: sub.partnerKeyId,
      partnerKeyName: sub.partnerKey?.name ?? '',
      keyRevoked: !!sub.partnerKey?.revokedAt,
    };
  }

  async create(actor: Actor, dto: CreateWebhookDto, forKey?: string): Promise<CreatedWebhookResponse> {
    const partnerKeyId = this.partnerOf(actor, forKey);
    if (forKey !== undefined) await this.assertLiveKey(actor, forKey);
    const problem = webhookUrlProblem(dto.url, this.targets);
    if (problem) throw AppException.badRequest(problem, [{ field: 'url', messages: [problem] }], ErrorCode.ValidationFailed);
    await this.assertResolvable(dto.url);
    // Start at the head of the feed: a new subscription receives the changes made from now on.
    let head = (await this.feed.changes(anonymousActor(), { limit: 500 })).nextCursor;
    for (;;) {
      const page = await this.feed.changes(anonymousActor(), { since: head, limit: 500 });
      head = page.nextCursor;
      if (!page.hasMore) break;
    }
    const secret = `whsec_${randomBytes(24).toString('base64url')}`;
    // Partner-level rows and their audit entries belong to no institution: administrative scope.
    return this.db.run(Access.administrative(actor, 'webhooks.create'), async (tx) => {
      const repo = tx.em.getRepository(WebhookSubscription);
      const secretEncrypted = encryptText(this.keyring, secret, WEBHOOK_SECRET_PURPOSE);
      const saved = await repo.save(repo.create({ partnerKeyId, url: dto.url, secretEncrypted, eventTypes: dto.events, feedCursor: head }));
      await tx.audit({ entity: ENTITY, entityId: saved.id, action: 'create', after: toResponse(saved) });
      return { ...toResponse(saved), secret };
    });
  }

  /** A key an administrator subscribes for must exist and not be revoked (a revoked key's subscriptions would never be managed). */
  private async assertLiveKey(actor: Actor, keyId: string): Promise<void> {
    const key = await this.db.run(Access.self(actor, 'webhooks.key'), ({ em }) =>
      em.getRepository(PartnerApiKey).findOne({ where: { id: keyId } }),
    );
    if (!key) throw AppException.notFound('La llave');
    if (key.revokedAt) {
      const message = 'La llave está revocada; cree la suscripción para una llave vigente.';
      throw AppException.badRequest(message, [{ field: 'partnerKeyId', messages: [message] }], ErrorCode.ValidationFailed);
    }
  }

  /** A target whose host does not resolve (or resolves only to refused addresses) is refused now, not at every delivery. */
  private async assertResolvable(raw: string): Promise<void> {
    const url = new URL(raw);
    let problem: string | null = null;
    try {
      await vetTarget(url, this.targets, (host) => this.resolver.lookupAll(host));
    } catch (e) {
      problem =
        e instanceof TargetRefusedError ? e.message : `El nombre ${url.hostname} no se pudo resolver (DNS); verifique la URL del webhook.`;
    }
    if (problem) throw AppException.badRequest(problem, [{ field: 'url', messages: [problem] }], ErrorCode.ValidationFailed);
  }

  async list(actor: Actor, forKey?: string): Promise<WebhookResponse[]> {
    const partnerKeyId = this.partnerOf(actor, forKey);
    const rows = await this.db.run(Access.self(actor, 'webhooks.list'), ({ em }) =>
      em.getRepository(WebhookSubscription).find({ where: { partnerKeyId }, order: { createdAt: 'ASC' } }),
    );
    return rows.map(toResponse);
  }

  async deactivate(actor: Actor, id: string, forKey?: string): Promise<WebhookResponse> {
    const partnerKeyId = this.partnerOf(actor, forKey);
    return this.db.run(Access.administrative(actor, 'webhooks.deactivate'), async (tx) => {
      const repo = tx.em.getRepository(WebhookSubscription);
      const sub = await repo.findOne({ where: { id, partnerKeyId } });
      if (!sub) throw AppException.notFound('La suscripción');
      sub.active = false;
      const saved = await repo.save(sub);
      const cancelled = await this.cancelPending(tx.em, id);
      await tx.audit({
        entity: ENTITY,
        entityId: id,
        action: 'deactivate',
        after: { ...toResponse(saved), cancelledDeliveries: cancelled },
      });
      return toResponse(saved);
    });
  }

  /** Deletes a subscription; its pending deliveries are cancelled first (the log goes with the subscription). */
  async remove(actor: Actor, id: string): Promise<void> {
    const partnerKeyId = this.partnerOf(actor);
    await this.db.run(Access.administrative(actor, 'webhooks.delete'), async (tx) => {
      const repo = tx.em.getRepository(WebhookSubscription);
      const sub = await repo.findOne({ where: { id, partnerKeyId }, lock: { mode: 'pessimistic_write' } });
      if (!sub) throw AppException.notFound('La suscripción');
      const cancelled = await this.cancelPending(tx.em, id);
      await repo.delete({ id });
      await tx.audit({
        entity: ENTITY,
        entityId: id,
        action: 'delete',
        before: toResponse(sub),
        after: { cancelledDeliveries: cancelled },
      });
    });
  }

  /** Pending deliveries of a subscription that will no longer send: cancelled (the delivery job then does nothing). */
  private async cancelPending(em: EntityManager, subscriptionId: string): Promise<number> {
    const [, count] = (await em.query(CANCEL_PENDING_DELIVERIES_SQL, [subscriptionId])) as [unknown, number];
    return count;
  }

  /** The subscription of this partner, or 404. */
  private async ownSubscription(em: EntityManager, partnerKeyId: string, id: string): Promise<WebhookSubscription> {
    const sub = await em.getRepository(WebhookSubscription).findOne({ where: { id, partnerKeyId } });
    if (!sub) throw AppException.notFound('La suscripción');
    return sub;
  }

  /**
   * Sends a test event to an active subscription now (signed like any delivery, logged, retried): type `webhook_test`,
   * with no change behind it, so a partner can check its receiver and its signature check.
   */
  async sendTest(actor: Actor, id: string, forKey?: string): Promise<WebhookDeliveryResponse> {
    const partnerKeyId = this.partnerOf(actor, forKey);
    const delivery = await this.db.run(Access.administrative(actor, 'webhooks.test'), async (tx) => {
      const sub = await this.ownSubscription(tx.em, partnerKeyId, id);
      if (!sub.active) throw AppException.conflict('La suscripción está desactivada; no se le envían eventos.');
      const eventId = `test-${randomBytes(9).toString('base64url')}`;
      const occurredAt = new Date().toISOString();
      const repo = tx.em.getRepository(WebhookDelivery);
      const saved = await repo.save(
        repo.create({
          subscriptionId: id,
          eventType: TEST_EVENT_TYPE,
          eventCursor: eventId,
          payload: {
            id: eventId,
            type: TEST_EVENT_TYPE,
            occurredAt,
            data: { message: 'Evento de prueba de Simplifica: su receptor y la verificación de la firma funcionan.' },
          },
        }),
      );
      await tx.audit({ entity: ENTITY, entityId: id, action: 'send_test', after: { deliveryId: saved.id } });
      return saved;
    });
    await this.jobs.enqueue(JobName.DeliverWebhook, { deliveryId: delivery.id }, { jobId: `webhook-delivery-${delivery.id}` });
    return toDeliveryResponse(delivery);
  }

  /**
   * Sends one logged delivery again (same event id and body, new timestamp and signature), whatever its state: a partner
   * that lost or rejected an event asks for it by the delivery id in the log. The attempts start over.
   */
  async replay(actor: Actor, id: string, deliveryId: string, forKey?: string): Promise<WebhookDeliveryResponse> {
    const partnerKeyId = this.partnerOf(actor, forKey);
    if (!/^[0-9]{1,18}$/.test(deliveryId)) throw AppException.notFound('La entrega');
    const delivery = await this.db.run(Access.administrative(actor, 'webhooks.replay'), async (tx) => {
      const sub = await this.ownSubscription(tx.em, partnerKeyId, id);
      if (!sub.active) throw AppException.conflict('La suscripción está desactivada; reactive o cree otra para recibir entregas.');
      const repo = tx.em.getRepository(WebhookDelivery);
      const found = await repo.findOne({ where: { id: deliveryId, subscriptionId: id }, lock: { mode: 'pessimistic_write' } });
      if (!found) throw AppException.notFound('La entrega');
      await repo.update({ id: deliveryId }, { status: 'pending', attempts: 0, lastError: null, lastStatusCode: null, deliveredAt: null });
      await tx.audit({ entity: ENTITY, entityId: id, action: 'replay', after: { deliveryId, previousStatus: found.status } });
      return { ...found, status: 'pending' as const, attempts: 0, lastError: null, lastStatusCode: null, deliveredAt: null };
    });
    await this.jobs.enqueue(JobName.DeliverWebhook, { deliveryId }, { jobId: `webhook-delivery-${deliveryId}-replay-${Date.now()}` });
    return toDeliveryResponse(delivery);
  }

  async deliveries(actor: Actor, id: string, forKey?: string): Promise<WebhookDeliveryResponse[]> {
    const partnerKeyId = this.partnerOf(actor, forKey);
    return this.db.run(Access.self(actor, 'webhooks.deliveries'), async ({ em }) => {
      const sub = await em.getRepository(WebhookSubscription).findOne({ where: { id, partnerKeyId } });
      if (!sub) throw AppException.notFound('La suscripción');
      const rows = await em.getRepository(WebhookDelivery).find({ where: { subscriptionId: id }, order: { id: 'DESC' }, take: 200 });
      return rows.map(toDeliveryResponse);
    });
  }

  /** Logs and queues the deliveries of every subscription's new feed events (the DispatchWebhooks job, webhooks.jobs.ts). */
  async dispatch(): Promise<{ queued: number }> {
    const actor = systemActor();
    const subs = await this.db.run(Access.self(actor, 'webhooks.dispatch'), ({ em }) =>
      em.getRepository(WebhookSubscription).find({ where: { active: true } }),
    );
    let queued = 0;
    let withheld = false;
    for (const sub of subs) {
      let cursor = sub.feedCursor;
      for (;;) {
        const { feed: page, withheld: held } = await this.feed.changesWithState(anonymousActor(), { since: cursor, limit: 500 });
        withheld ||= held;
        const wanted = page.items.filter((e) => sub.eventTypes.includes(e.type));
        const ids: string[] = await this.db.run(Access.self(actor, 'webhooks.dispatch'), async ({ em }) => {
          // One statement for the whole page; the unique (subscription, event) key makes a re-run insert nothing twice.
          const rows: DeliveryIdRow[] = wanted.length
            ? await em.query(INSERT_DELIVERIES_SQL, [
                sub.id,
                JSON.stringify(
                  wanted.map((e) => ({
                    type: e.type,
                    cursor: e.cursor,
                    payload: { id: e.cursor, type: e.type, occurredAt: e.occurredAt, data: e },
                  })),
                ),
              ])
            : [];
          await em.query(ADVANCE_FEED_CURSOR_SQL, [sub.id, page.nextCursor]);
          return rows.map((r) => String(r.id));
        });
        if (ids.length) {
          await this.jobs.enqueueMany(
            JobName.DeliverWebhook,
            ids.map((deliveryId) => ({ payload: { deliveryId }, jobId: `webhook-delivery-${deliveryId}` })),
          );
          queued += ids.length;
        }
        cursor = page.nextCursor;
        if (!page.hasMore) break;
      }
    }
    // Changes held back behind a still-open transaction: look again shortly (no later write may come to trigger it).
    if (withheld && subs.length)
      await this.jobs.enqueue(
        JobName.DispatchWebhooks,
        {},
        { delay: 1000, deduplicationId: 'webhooks:dispatch-again', deduplicationTtl: 1000 },
      );
    return { queued };
  }

  /** POSTs one signed delivery (the DeliverWebhook job, webhooks.jobs.ts); throws to have BullMQ retry. */
  async deliver(data: DeliverWebhookJob, job: Job): Promise<{ status: number }> {
    const actor = systemActor();
    const found = await this.db.run(Access.self(actor, 'webhooks.deliver'), async ({ em }) => {
      const delivery = await em.getRepository(WebhookDelivery).findOne({ where: { id: data.deliveryId } });
      const sub = delivery
        ? await em
            .getRepository(WebhookSubscription)
            .createQueryBuilder('s')
            .addSelect('s.secretEncrypted')
            .where('s.id = :id', { id: delivery.subscriptionId })
            .getOne()
        : null;
      return delivery && sub ? { delivery, sub } : null;
    });
    if (!found || found.delivery.status === 'delivered' || found.delivery.status === 'cancelled' || !found.sub.active) return { status: 0 };
    const { delivery, sub } = found;
    const body = JSON.stringify(delivery.payload);
    const timestamp = Math.floor(Date.now() / 1000);
    let status = 0;
    let error: string | null = null;
    let permanent = false;
    try {
      const secret = this.secretOf(sub);
      status = await postWebhook(
        sub.url,
        {
          'Content-Type': 'application/json',
          'User-Agent': 'Simplifica-Webhooks/1',
          'X-Simplifica-Event': delivery.eventType,
          'X-Simplifica-Delivery': delivery.id,
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body),
        },
        body,
        { ...this.targets, timeoutMs: DELIVERY_TIMEOUT_MS },
      );
      if (status < 200 || status >= 300) error = `El receptor respondió ${status}`;
    } catch (e) {
      // A refused target or an unreadable secret will not get better by retrying.
      permanent = e instanceof TargetRefusedError || e instanceof DecryptionError;
      error =
        e instanceof TargetRefusedError
          ? `Destino rechazado: ${e.message}`
          : e instanceof DecryptionError
            ? `No se pudo descifrar el secreto de la suscripción (${e.message}); revise DATA_ENCRYPTION_KEY o cree la suscripción de nuevo.`
            : `No se pudo entregar: ${(e as Error).message}`;
      error = error.slice(0, 500);
    }
    const lastAttempt = permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    await this.db.run(Access.self(actor, 'webhooks.deliver'), ({ em }) =>
      em.query(RECORD_ATTEMPT_SQL, [delivery.id, status || null, error, error ? (lastAttempt ? 'failed' : 'pending') : 'delivered']),
    );
    if (error) {
      this.logger.warn({ deliveryId: delivery.id, status, attempt: job.attemptsMade + 1, permanent }, 'webhook delivery failed');
      throw permanent ? new UnrecoverableError(error) : new Error(error);
    }
    return { status };
  }

  /** The plaintext signing secret; one still under a previous key is re-encrypted with the current one (key rotation). */
  private secretOf(sub: WebhookSubscription): string {
    const secret = decryptText(this.keyring, sub.secretEncrypted, WEBHOOK_SECRET_PURPOSE);
    if (keyIdOf(sub.secretEncrypted) !== this.keyring.current.id) {
      const reencrypted = encryptText(this.keyring, secret, WEBHOOK_SECRET_PURPOSE);
      void this.db
        .run(Access.self(systemActor(), 'webhooks.re-encrypt-secret'), ({ em }) =>
          em.query(REENCRYPT_SECRET_SQL, [sub.id, reencrypted, sub.secretEncrypted]),
        )
        .catch((e: Error) => this.logger.warn({ subscriptionId: sub.id, err: e.message }, 'webhook secret re-encryption failed'));
    }
    return secret;
  }
}
