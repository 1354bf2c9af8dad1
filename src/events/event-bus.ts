import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { PinoLogger } from 'nestjs-pino';
import { APP_EVENT_NAMES, AppEvent, AppEventName } from './event-map';
import { EVENT_HANDLER } from './on-event.decorator';

type BatchFn = (payloads: readonly unknown[]) => unknown;
export interface FoundEventHandler {
  name: string;
  owner: string;
  fn: BatchFn;
}

export class EventRegistryError extends Error {}

/**
 * Pure check behind the bus: every declared event has at least one handler (an event nobody handles is a forgotten
 * effect), and no handler names an undeclared event. Returns the name → handlers map.
 */
export function buildEventHandlerMap(declared: readonly string[], found: readonly FoundEventHandler[]): Map<string, FoundEventHandler[]> {
  const problems: string[] = [];
  const byName = new Map<string, FoundEventHandler[]>(declared.map((name) => [name, []]));
  for (const h of found) {
    const list = byName.get(h.name);
    if (list) list.push(h);
    else problems.push(`"${h.name}" (${h.owner}) no es un evento declarado en event-map.ts`);
  }
  for (const [name, hs] of byName) if (!hs.length) problems.push(`el evento "${name}" no tiene quien lo atienda`);
  if (problems.length) throw new EventRegistryError(`Registro de eventos inválido: ${problems.join('; ')}`);
  return byName;
}

/** Groups a unit of work's events by name, keeping their order. */
export function batchByName(events: readonly AppEvent[]): Map<AppEventName, unknown[]> {
  const batches = new Map<AppEventName, unknown[]>();
  for (const e of events) batches.set(e.name, [...(batches.get(e.name) ?? []), e.payload]);
  return batches;
}

/** How long a write waits for its effects before it answers anyway (they go on in the background). */
export const EFFECTS_WAIT_MS = 3000;

/** Whether `work` settled within `ms`; it is not cancelled either way. */
export async function settledWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([work.then(() => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Hands committed units of work's events to the `@OnEvent` methods found at boot (API and worker alike), once per
 * unit of work and event name. Waited for before the write returns, so a client that wrote can count on the effects
 * having been queued (a new cache version, a queued recompute) when it gets its answer — for at most EFFECTS_WAIT_MS:
 * while Redis is unreachable the effects wait for it (ioredis queues the commands), and the committed write must not
 * hang with them. They finish in the background when Redis is back; a process that dies first loses them, and the
 * nightly recompute and the next write's version bump catch up.
 */
@Injectable()
export class EventBus implements OnModuleInit {
  private handlers: Map<string, FoundEventHandler[]> | null = null;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(EventBus.name);
  }

  onModuleInit(): void {
    this.build();
  }

  async publish(events: readonly AppEvent[], waitMs = EFFECTS_WAIT_MS): Promise<void> {
    if (!events.length) return;
    const handlers = this.build();
    const batches = batchByName(events);
    const work = (async () => {
      for (const [name, payloads] of batches) {
        const results = await Promise.allSettled((handlers.get(name) ?? []).map(async (h) => h.fn(payloads)));
        results.forEach((r, i) => {
          if (r.status === 'rejected')
            this.logger.error({ err: r.reason, event: name, handler: handlers.get(name)![i].owner }, 'event handler failed');
        });
      }
    })();
    if (!(await settledWithin(work, waitMs)))
      this.logger.warn({ events: [...batches.keys()], waitMs }, 'effects still pending (Redis unreachable?): answering now, they go on');
  }

  private build(): Map<string, FoundEventHandler[]> {
    if (this.handlers) return this.handlers;
    const found: FoundEventHandler[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const proto = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(proto)) {
        const fn = instance[method] as BatchFn;
        const name = this.reflector.get<string | undefined>(EVENT_HANDLER, fn);
        if (name) found.push({ name, owner: `${instance.constructor.name}.${method}`, fn: fn.bind(instance) });
      }
    }
    this.handlers = buildEventHandlerMap(APP_EVENT_NAMES, found);
    return this.handlers;
  }
}
