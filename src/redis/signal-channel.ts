import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { PinoLogger } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';
import { REDIS } from './redis-token';

/** What travels between API replicas and workers. */
export type Signal =
  { type: 'version'; v: string; at: number } | { type: 'key-revoked'; keyId: string } | { type: 'user-session'; userId: string };

type Listener<T extends Signal['type']> = (signal: Extract<Signal, { type: T }>) => void;

/**
 * The one invalidation channel between processes (Redis pub/sub): public data versions, revoked partner keys, users
 * whose sessions changed. Each process subscribes lazily, on the first `ensure()` (workers that never read never do).
 *
 * Pub/sub is at-most-once: whatever a process caches on the strength of "no signal came" is valid only while `ready`,
 * must be dropped on `onDown` and re-checked when `epoch` (the count of confirmed subscriptions) changes.
 */
@Injectable()
export class SignalChannel implements OnApplicationShutdown {
  private readonly channel: string;
  private subscriber: Redis | null = null;
  private readonly listeners = new Map<Signal['type'], Array<(s: Signal) => void>>();
  private readonly downListeners: Array<() => void> = [];
  private readonly upListeners: Array<() => Promise<void> | void> = [];
  epoch = 0;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    config: AppConfig,
    private readonly logger: PinoLogger,
  ) {
    this.channel = `${config.redis.queuePrefix}:public:signals`;
    this.logger.setContext(SignalChannel.name);
  }

  /** Subscribed and confirmed since the last time the connection wavered. */
  get ready(): boolean {
    return this.subscribed && this.subscriber?.status === 'ready';
  }

  private subscribed = false;

  on<T extends Signal['type']>(type: T, listener: Listener<T>): void {
    const list = this.listeners.get(type) ?? [];
    list.push(listener as (s: Signal) => void);
    this.listeners.set(type, list);
  }

  /** Called whenever the subscription may have missed messages (connection closed or reconnecting). */
  onDown(listener: () => void): void {
    this.downListeners.push(listener);
  }

  /** Called after every confirmed (re)subscription. */
  onUp(listener: () => Promise<void> | void): void {
    this.upListeners.push(listener);
  }

  async publish(signal: Signal): Promise<void> {
    try {
      await this.redis.publish(this.channel, JSON.stringify(signal));
    } catch (e) {
      this.logger.error({ err: e, signal: signal.type }, 'signal not published');
    }
  }

  /** Starts the subscription once; later calls are free. */
  ensure(): void {
    if (this.subscriber) return;
    const sub = this.redis.duplicate({ enableAutoPipelining: false, enableOfflineQueue: true, maxRetriesPerRequest: null });
    this.subscriber = sub;
    const down = () => {
      this.subscribed = false;
      this.downListeners.forEach((fn) => fn());
    };
    sub.on('error', (e: Error) => this.logger.warn({ err: e }, 'signal subscriber error'));
    sub.on('close', down);
    sub.on('reconnecting', down);
    sub.on('ready', () => void this.confirm(sub));
    sub.on('message', (_channel: string, raw: string) => this.receive(raw));
  }

  onApplicationShutdown(): void {
    this.subscriber?.disconnect();
    this.subscriber = null;
  }

  private async confirm(sub: Redis): Promise<void> {
    try {
      await sub.subscribe(this.channel);
      this.subscribed = true;
      this.epoch++;
      for (const fn of this.upListeners) if (this.subscriber === sub) await fn();
    } catch (e) {
      this.subscribed = false;
      this.downListeners.forEach((fn) => fn());
      this.logger.warn({ err: e }, 'signal subscription failed; callers read from their sources per request');
    }
  }

  private receive(raw: string): void {
    let signal: Signal;
    try {
      signal = JSON.parse(raw) as Signal;
    } catch {
      return;
    }
    for (const fn of this.listeners.get(signal.type) ?? []) fn(signal);
  }
}
