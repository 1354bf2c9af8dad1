/** How long a key's per-day request counter is kept in Redis (longer than the 30 days the usage route shows). */
export const USAGE_TTL_SECONDS = 40 * 86400;

/** The Redis counter of one key's public API requests on one day (Guatemala time), counted by the public gate. */
export const usageKey = (prefix: string, keyId: string, day: string) => `${prefix}:public:usage:${keyId}:${day}`;
