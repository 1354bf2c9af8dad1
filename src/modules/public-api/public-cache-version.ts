import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { PinoLogger } from 'nestjs-pino';
import { startOfDayInGuatemala, todayInGuatemala } from '../../common/time/guatemala-time';
import { AppConfig } from '../../config/app-config';
import { REDIS } from '../../redis/redis.module';
import { SignalChannel } from '../../redis/signal-channel';
import { EntityChanged, PartnerKeyRevoked } from '../../events/event-map';
import { OnEvent } from '../../events/on-event.decorator';

export interface DataVersion {
  /** Changes whenever public data may have changed; part of every ETag. */
  version: string;
  /** When it last changed (HTTP dates have second precision). */
  modifiedAt: Date;
}

/**
 * The version public readers see: the stored counter and the day in Guatemala, because public answers read "in force
 * today", "overdue" and "this month", which change at midnight with no write. Last-Modified is the later of the
 * counter's time and the start of the day, so If-Modified-Since sees the day change too. Pure, for the tests.
 */
export function versionOfTheDay(stored: DataVersion, now = new Date()): DataVersion {
  const day = todayInGuatemala(now);
  const dayStart = startOfDayInGuatemala(day);
  return { version: `${stored.version}-${day}`, modifiedAt: stored.modifiedAt > dayStart ? stored.modifiedAt : dayStart };
}

/** Whether version `a` (as versionOfTheDay writes it, or a bare counter) is older than `b`: the counter first, then the day. */
export function isOlderVersion(a: string, b: string): boolean {
  const [counterA, dayA = ''] = a.split(/-(.*)/s);
  const [counterB, dayB = ''] = b.split(/-(.*)/s);
  return Number(counterA) !== Number(counterB) ? Number(counterA) < Number(counterB) : dayA < dayB;
}

/** How long a revocation mark lives: well past the longest a replica reuses a key's verdict (30 s). */
const REVOKED_MARK_MS = 10 * 60_000;

/** How often a failed version bump is retried while Redis is unreachable. */
const BUMP_RETRY_MS = 1000;

/**
 * The public data's version, kept in Redis so every API replica agrees: bumped once after every committed
 * unit of work that changed public data, and after every score run (API and worker processes). A conditional request is answered from it alone.
 * The first value is the current time in ms, so a lost Redis key never brings back an old ETag.
 *
 * Each API process mirrors the version in memory while it is subscribed to the invalidation channel (SignalChannel;
 * every bump is published there), so a request costs no Redis round trip for it; whenever the subscription is not up
 * the mirror is dropped and the version is read from Redis per request. The same channel tells every replica at once
 * that a partner key was revoked.
 */
@Injectable()
export class PublicCacheVersion implements OnApplicationShutdown {
  private readonly key: string;
  /** The stored counter and its time; valid only while the channel is subscribed. */
  private mirror: DataVersion | null = null;
  /** versionOfTheDay(mirror), made again when the mirror moves or the day ends (mirrored() runs on every public read). */
  private seen: { of: DataVersion; until: number; view: DataVersion } | null = null;
  private readonly revokedListeners: Array<(keyId: string) => void> = [];

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    config: AppConfig,
    private readonly signals: SignalChannel,
    private readonly logger: PinoLogger,
  ) {
    this.key = `${config.redis.queuePrefix}:public:version`;
    this.logger.setContext(PublicCacheVersion.name);
    this.signals.onDown(() => (this.mirror = null));
    // The mirror is filled after the subscription is confirmed, so no bump can fall between the read and the first message.
    this.signals.onUp(async () => {
      const [version, at] = await this.redis.hmget(this.key, 'v', 'at');
      if (version && at) this.adopt(version, Number(at));
    });
    this.signals.on('version', (s) => this.adopt(s.v, s.at));
    this.signals.on('key-revoked', (s) => this.revokedListeners.forEach((fn) => fn(s.keyId)));
  }

  /**
   * Counts (re)subscriptions. Signals sent while this process was not subscribed are lost, so whatever was cached on
   * the strength of "no signal came" (partner key verdicts) must be re-checked when this number changes.
   */
  get subscriptionEpoch(): number {
    return this.signals.epoch;
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

  /**
   * A revoked key is marked in Redis before the revocation is answered, and every replica checks the mark in the same
   * round trip as the rate limit: the signal alone races the next request (a replica may serve it before reading the
   * message), the mark does not. The signal still drops the cached verdicts everywhere.
   */
  @OnEvent('partner-key.revoked')
  async onPartnerKeyRevoked(events: readonly PartnerKeyRevoked[]): Promise<void> {
    for (const e of events) {
      await this.redis
        .set(this.revokedKey(e.keyId), '1', 'PX', REVOKED_MARK_MS)
        .catch((err: unknown) => this.logger.error({ err, keyId: e.keyId }, 'revocation mark not written'));
      await this.signals.publish({ type: 'key-revoked', keyId: e.keyId });
    }
  }

  /** Whether the key was revoked within the mark's lifetime (longer than any cached verdict lives). */
  async wasRevoked(keyId: string): Promise<boolean> {
    return (await this.redis.exists(this.revokedKey(keyId))) === 1;
  }

  private revokedKey(keyId: string): string {
    return `${this.key}:revoked:${keyId}`;
  }

  /**
   * The version without waiting: the in-memory mirror while the channel is subscribed, else null (the caller then
   * takes the path that reads it from Redis). The public read cache in front of the router keys on it.
   */
  mirrored(): DataVersion | null {
    const stored = this.mirror && this.signals.ready ? this.mirror : null;
    if (!stored) return null;
    const now = Date.now();
    if (this.seen?.of !== stored || now >= this.seen.until) {
      const at = new Date(now);
      const until = startOfDayInGuatemala(todayInGuatemala(at)).getTime() + 86_400_000;
      this.seen = { of: stored, until, view: versionOfTheDay(stored, at) };
    }
    return this.seen.view;
  }

  async current(): Promise<DataVersion> {
    const mirrored = this.mirrored();
    if (mirrored) return mirrored;
    this.signals.ensure();
    const [version, at] = await this.redis.hmget(this.key, 'v', 'at');
    if (version && at) return versionOfTheDay({ version, modifiedAt: new Date(Number(at)) });
    return this.bump();
  }

  async bump(): Promise<DataVersion> {
    const now = Date.now();
    // HINCRBY on a missing field starts from 0: seed it with the clock first (no-op when present).
    const res = await this.redis
      .multi()
      .hsetnx(this.key, 'v', String(now))
      .hincrby(this.key, 'v', 1)
      .hset(this.key, 'at', String(now))
      .exec();
    const version = String(res?.[1]?.[1]);
    this.adopt(version, now);
    await this.signals.publish({ type: 'version', v: version, at: now });
    return versionOfTheDay({ version, modifiedAt: new Date(now) });
  }

  /** Listeners run in every process subscribed to the channel (the API replicas), including the one that revoked. */
  onKeyRevoked(listener: (keyId: string) => void): void {
    this.revokedListeners.push(listener);
  }

  /** Versions only move forward: a late message never replaces a newer value. */
  private adopt(version: string, at: number): void {
    if (this.mirror && Number(this.mirror.version) >= Number(version)) return;
    if (this.signals.ready) this.mirror = { version, modifiedAt: new Date(at) };
  }

  /** The bump on its way to Redis, and the one that follows it for the callers that came meanwhile. */
  private bumping: Promise<void> | null = null;
  private nextBump: Promise<void> | null = null;

  /**
   * One bump after the caller's commit, shared: a caller that comes while a bump is on its way cannot count on it (its
   * increment may have been sent before the caller's commit), so it waits for the next one, which every caller that
   * came meanwhile shares. A national run's institutions, committing a few at a time, then move the version (and drop
   * every replica's cached bodies) about once per bump's round trip instead of once each (issue 17).
   */
  private bumpQuietly(): Promise<void> {
    if (!this.bumping) {
      this.bumping = this.bumpOrRetry().finally(() => (this.bumping = null));
      return this.bumping;
    }
    this.nextBump ??= this.bumping.then(() => {
      this.nextBump = null;
      return this.bumpQuietly();
    });
    return this.nextBump;
  }

  /**
   * A bump that fails (Redis down) is retried until it lands: otherwise every replica would keep serving the bodies and
   * ETags of the data as it was before the write, after Redis came back, until the next write.
   */
  private async bumpOrRetry(): Promise<void> {
    try {
      await this.bump();
    } catch (e) {
      this.logger.warn({ err: e }, 'public cache version bump failed; retrying until Redis answers');
      this.retryBumpLater();
    }
  }

  private retryTimer: NodeJS.Timeout | null = null;

  private retryBumpLater(): void {
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.bump().catch(() => this.retryBumpLater());
    }, BUMP_RETRY_MS);
    this.retryTimer.unref();
  }

  onApplicationShutdown(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }
}
