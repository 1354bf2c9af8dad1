import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { Job } from 'bullmq';
import { JOB_HANDLER } from './job-handler.decorator';
import { JOB_QUEUE, JobName } from './job-names';

export type JobFn = (data: unknown, job: Job) => Promise<unknown>;
export interface FoundHandler {
  name: string;
  owner: string;
  fn: JobFn;
}

export class JobRegistryError extends Error {}

/**
 * Pure check behind the registry: every declared job has exactly one handler, and no handler names
 * an undeclared job. Returns the name → handler map.
 */
export function buildHandlerMap(declared: readonly string[], found: readonly FoundHandler[]): Map<string, FoundHandler> {
  const problems: string[] = [];
  const byName = new Map<string, FoundHandler[]>();
  for (const h of found) byName.set(h.name, [...(byName.get(h.name) ?? []), h]);
  for (const name of declared) {
    const hs = byName.get(name) ?? [];
    if (hs.length === 0) problems.push(`el trabajo "${name}" no tiene procesador`);
    if (hs.length > 1) problems.push(`el trabajo "${name}" tiene ${hs.length} procesadores (${hs.map((h) => h.owner).join(', ')})`);
  }
  for (const name of byName.keys()) if (!declared.includes(name)) problems.push(`"${name}" no es un trabajo declarado en job-names.ts`);
  if (problems.length) throw new JobRegistryError(`Registro de trabajos inválido: ${problems.join('; ')}`);
  return new Map([...byName].map(([name, hs]) => [name, hs[0]]));
}

/** Worker only: discovers @JobHandler methods at boot and dispatches jobs to them. */
@Injectable()
export class JobRegistry implements OnModuleInit {
  private handlers: Map<string, FoundHandler> | null = null;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    this.build();
  }

  private build(): Map<string, FoundHandler> {
    if (this.handlers) return this.handlers;
    const found: FoundHandler[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const proto = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(proto)) {
        const fn = instance[method] as JobFn;
        const name = this.reflector.get<string | undefined>(JOB_HANDLER, fn);
        if (name) found.push({ name, owner: `${instance.constructor.name}.${method}`, fn: fn.bind(instance) });
      }
    }
    this.handlers = buildHandlerMap(Object.values(JobName), found);
    return this.handlers;
  }

  dispatch(job: Job): Promise<unknown> {
    const handler = this.build().get(job.name);
    if (!handler) throw new JobRegistryError(`Trabajo desconocido "${job.name}" en la cola ${job.queueName}`);
    if (JOB_QUEUE[job.name as JobName] !== job.queueName) {
      throw new JobRegistryError(`El trabajo "${job.name}" llegó por la cola ${job.queueName}, no por ${JOB_QUEUE[job.name as JobName]}`);
    }
    return handler.fn(job.data, job);
  }
}
