import { SetMetadata } from '@nestjs/common';
import { AppEventName, AppEvents } from './event-map';

export const EVENT_HANDLER = 'simplifica:eventHandler';

/** The signature of a handler: every event of that name one committed unit of work emitted, in order. */
export type EventHandlerFn<K extends AppEventName> = (events: readonly AppEvents[K][]) => unknown;

/**
 * Marks a provider method as a handler of one event, called once per committed unit of work that emitted it (with all
 * of them). Handler failures are logged, never thrown: the write has already committed. The method's parameter is
 * checked against the event's payload type.
 */
export const OnEvent =
  <K extends AppEventName>(name: K) =>
  <F extends EventHandlerFn<K>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<F>): void => {
    SetMetadata(EVENT_HANDLER, name)(target, key, descriptor);
  };
