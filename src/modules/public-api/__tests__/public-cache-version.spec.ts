import type Redis from 'ioredis';
import type { PinoLogger } from 'nestjs-pino';
import type { AppConfig } from '../../../config/app-config';
import type { SignalChannel } from '../../../redis/signal-channel';
import { PublicCacheVersion } from '../public-cache-version';

/**
 * The version bump after committed work, with a Redis whose MULTI answers when the test says: what matters is when each
 * caller's promise settles relative to the bumps sent (the e2e suites run it against the real Redis).
 */
function versionWithSlowRedis() {
  const sent: Array<{ at: number; answer: () => void }> = [];
  let counter = 0;
  let clock = 0;
  const redis = {
    multi: () => {
      const chain = {
        hsetnx: () => chain,
        hincrby: () => chain,
        hset: () => chain,
        exec: () =>
          new Promise((resolve) => {
            sent.push({
              at: ++clock,
              answer: () =>
                resolve([
                  [null, 0],
                  [null, ++counter],
                  [null, 0],
                ]),
            });
          }),
      };
      return chain;
    },
  } as unknown as Redis;
  const signals = {
    onDown: () => undefined,
    onUp: () => undefined,
    on: () => undefined,
    publish: async () => undefined,
    ready: false,
  } as unknown as SignalChannel;
  const logger = { setContext: () => undefined, warn: () => undefined } as unknown as PinoLogger;
  const version = new PublicCacheVersion(redis, { redis: { queuePrefix: 'test' } } as AppConfig, signals, logger);
  return { version, sent, tick: () => ++clock };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('public cache version bumps', () => {
  it('callers that come while a bump is on its way share one more bump, sent after they came, and wait for it', async () => {
    const { version, sent, tick } = versionWithSlowRedis();
    const done: string[] = [];
    const first = version.onScoresRecomputed().then(() => done.push('first'));
    await settle();
    expect(sent).toHaveLength(1);
    const cameAt = tick();
    const later = [1, 2, 3].map((n) => version.onScoresRecomputed().then(() => done.push(`later ${n}`)));
    await settle();
    expect(sent).toHaveLength(1); // the three wait: the bump on its way may have left before their commits

    sent[0].answer();
    await first;
    await settle();
    expect(done).toEqual(['first']);
    expect(sent).toHaveLength(2); // one bump for the three, sent after they came
    expect(sent[1].at).toBeGreaterThan(cameAt);

    sent[1].answer();
    await Promise.all(later);
    expect(done).toEqual(['first', 'later 1', 'later 2', 'later 3']);
    expect(sent).toHaveLength(2);
  });

  it('a caller after the last bump answered gets its own', async () => {
    const { version, sent } = versionWithSlowRedis();
    const one = version.onScoresRecomputed();
    await settle();
    sent[0].answer();
    await one;
    const two = version.onScoresRecomputed();
    await settle();
    expect(sent).toHaveLength(2);
    sent[1].answer();
    await expect(two).resolves.toBeUndefined();
  });
});
