import type { Actor } from '../common/auth/actor';

declare module 'http' {
  interface IncomingMessage {
    actor?: Actor;
  }
}
