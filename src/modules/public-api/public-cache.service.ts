import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { PinoLogger } from 'nestjs-pino';
import { AppConfig } from '../../config/app-config';
import { REDIS } from '../../redis/redis.module';
import { EntityChanged, PartnerKeyRevoked } from '../../events/event-map';
import { OnEvent } from '../../events/on-event.decorator';

export interface DataVersion {
  /** Changes whenever public data may have changed; part of every ETag. */
  version: string;
  /** When it last changed (HTTP dates have second precision). */
  modifiedAt: Date;
}

/** What travels on the invalidation channel between API replicas and workers. */
type Signal = { type: 'version'; v: string; at: number } | { type: 'key-revoked'; keyId: string };

/**
 * The public data's version, kept in Redis so every API replica agrees: bumped once after every committed
 * unit of work that changed public data, and after every score run (API and worker processes). A conditional request is answered from it alone.
 * The first value is the current time in ms, so a lost Redis key never brings back an old ETag.
 *
 * Each API process mirrors the version in memory while it is subscribed to the invalidation channel (every bump
 * is published there), so a request costs no Redis round trip for it; whenever the subscription is not up the
 * mirror is dropped and the version is read from Redis per request. The same channel tells every replica at once
 * that a partner key was revoked.
 */
@Injectable()
export class PublicCacheVersion implements OnApplicationShutdown {
  private readonly key: string;
  private readonly channel: string;
  private subscriber: Redis | null = null;
  /** Valid only while the subscriber is connected and subscribed. */
  private mirror: DataVersion | null = null;
  private readonly revokedListeners: Array<(keyId: string) => void> = [];
  /**
   * Counts (re)subscriptions. Signals sent while this process was not subscribed are lost, so whatever was cached on
   * the strength of "no signal came" (partner key verdicts) must be re-checked when this number changes.
   */
  subscriptionEpoch = 0;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    config: AppConfig,
    private readonly logger: PinoLogger,
  ) {
    this.key = `${config.redis.queuePrefix}:public:version`;
    this.channel = `${config.redis.queuePrefix}:public:signals`;
    this.logger.setContext(PublicCacheVersion.name);
  }

  /** Once per committed unit of work that changed public data (entity-effects.ts). */
  @OnEvent('entity.changed')
  async onEntityChanged(events: readonly EntityChanged[]): Promise<void> {
    if (events.some((e) => e.publicData)) await this.bumpQuietly();
  }

  @OnEvent('scores.recomputed')
  async onScoresRecomputed(): Promise<void> {
    await this.bumpQuietly();
  }

  @OnEvent('partner-key.revoked')
  async onPartnerKeyRevoked(events: readonly PartnerKeyRevoked[]): Promise<void> {
    for (const e of events) await this.announce({ type: 'key-revoked', keyId: e.keyId });
  }

  onApplicationShutdown(): void {
    this.subscriber?.disconnect();
    this.subscriber = null;
  }

  async current(): Promise<DataVersion> {
    if (this.mirror && this.subscriber?.status === 'ready') return this.mirror;
    this.subscribe();
    const [version, at] = await this.redis.hmget(this.key, 'v', 'at');
    if (version && at) return { version, modifiedAt: new Date(Number(at)) };
    return this.bump();
  }

  async bump(): Promise<DataVersion> {
    const now = Date.now();
    // HINCRBY on a missing field starts from 0: seed it with the clock first (no-op when present).
    const res = await this.redis.multi().hsetnx(this.key, 'v', String(now)).hincrby(this.key, 'v', 1).hset(this.key, 'at', String(now)).exec();
    const version = String(res?.[1]?.[1]);
    this.adopt(version, now);
    await this.announce({ type: 'version', v: version, at: now });
    return { version, modifiedAt: new Date(now) };
  }

  /** Listeners run in every process subscribed to the channel (the API replicas), including the one that revoked. */
  onKeyRevoked(listener: (keyId: string) => void): void {
    this.revokedListeners.push(listener);
  }

  private async announce(signal: Signal): Promise<void> {
    try {
      await this.redis.publish(this.channel, JSON.stringify(signal));
    } catch (e) {
      this.logger.error({ err: e, signal: signal.type }, 'public cache signal not published');
    }
  }

  /** Versions only move forward: a late message never replaces a newer value. */
  private adopt(version: string, at: number): void {
    if (this.mirror && Number(this.mirror.version) >= Number(version)) return;
    if (this.subscriber?.status === 'ready') this.mirror = { version, modifiedAt: new Date(at) };
  }

  /**
   * Lazily, on the first read (workers never read, so they never subscribe). The mirror is filled after the
   * subscription is confirmed, so no bump can fall between the read and the first message; it is dropped as soon as
   * the connection wavers, and refilled the same way when ioredis has reconnected and resubscribed.
   */
  private subscribe(): void {
    if (this.subscriber) return;
    const sub = this.redis.duplicate({ enableAutoPipelining: false, enableOfflineQueue: true, maxRetriesPerRequest: null });
    this.subscriber = sub;
    const drop = () => (this.mirror = null);
    sub.on('error', (e: Error) => this.logger.warn({ err: e }, 'public cache subscriber error'));
    sub.on('close', drop);
    sub.on('reconnecting', drop);
    sub.on('ready', () => void this.refill(sub));
    sub.on('message', (_channel: string, raw: string) => this.receive(raw));
  }

  private async refill(sub: Redis): Promise<void> {
    try {
      await sub.subscribe(this.channel);
      this.subscriptionEpoch++;
      const [version, at] = await this.redis.hmget(this.key, 'v', 'at');
      if (version && at && this.subscriber === sub) this.adopt(version, Number(at));
    } catch (e) {
      this.mirror = null;
      this.logger.warn({ err: e }, 'public cache subscription failed; reading the version from Redis per request');
    }
  }

  private receive(raw: string): void {
    let signal: Signal;
    try {
      signal = JSON.parse(raw) as Signal;
    } catch {
      return;
    }
    if (signal.type === 'version') this.adopt(signal.v, signal.at);
    if (signal.type === 'key-revoked') {
      for (const fn of this.revokedListeners) fn(signal.keyId);
    }
  }

  private async bumpQuietly(): Promise<void> {
    try {
      await this.bump();
    } catch (e) {
      this.logger.error({ err: e }, 'public cache version bump failed');
    }
  }
}
