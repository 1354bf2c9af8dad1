import { EnvVars } from './env.validation';

/** Typed, grouped view of the validated environment. Injected everywhere configuration is needed. */
export class AppConfig {
  readonly env: EnvVars['NODE_ENV'];
  readonly http: {
    port: number;
    publicUrl: string;
    corsOrigins: string[];
    bodyLimit: string;
    trustProxyHops: number;
    docsEnabled: boolean;
  };
  readonly database: { url: string; migrationUrl: string; poolSize: number };
  readonly redis: { url: string; queuePrefix: string };
  readonly worker: { concurrency: number; maintenanceCron: string; scoringCron: string; scoreDebounceMs: number };
  readonly auth: {
    jwtSecret: string;
    accessTtlSeconds: number;
    refreshTtlDays: number;
    invitationTtlHours: number;
    passwordResetTtlMinutes: number;
    loginMaxPerAccount: number;
    loginMaxPerIp: number;
    loginWindowSeconds: number;
    /** Page sessions: idle and absolute limits, in milliseconds. */
    sessionIdleMs: number;
    sessionAbsoluteMs: number;
  };
  readonly mail: { smtpUrl: string; from: string };
  readonly logLevel: string;
  readonly reminders: { cron: string; maxAttempts: number; retryDelayMs: number };
  readonly publicApi: { anonymousPerMinute: number; webhookAllowPrivateTargets: boolean; webhookAllowedPorts: number[] };
  /** The public site: who publishes it, and its rate limit per IP. */
  readonly site: { commissionName: string; commissionAcronym: string; pagesPerMinute: number };
  /** Keys of the encryption at rest of stored secrets (see common/crypto/data-encryption.ts). */
  readonly dataEncryption: { key: string; previousKey: string | null };

  constructor(e: EnvVars) {
    this.env = e.NODE_ENV;
    this.logLevel = e.LOG_LEVEL;
    this.http = {
      port: e.PORT,
      publicUrl: e.APP_PUBLIC_URL.replace(/\/+$/, ''),
      corsOrigins: e.CORS_ORIGINS.split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      bodyLimit: e.BODY_LIMIT,
      trustProxyHops: e.TRUST_PROXY_HOPS,
      docsEnabled: e.DOCS_ENABLED,
    };
    this.database = { url: e.DATABASE_URL, migrationUrl: e.DATABASE_MIGRATION_URL, poolSize: e.DATABASE_POOL_SIZE };
    this.redis = { url: e.REDIS_URL, queuePrefix: e.QUEUE_PREFIX };
    this.worker = {
      concurrency: e.WORKER_CONCURRENCY,
      maintenanceCron: e.MAINTENANCE_CRON,
      scoringCron: e.SCORING_CRON,
      scoreDebounceMs: e.SCORE_DEBOUNCE_MS,
    };
    this.auth = {
      jwtSecret: e.JWT_SECRET,
      accessTtlSeconds: e.JWT_ACCESS_TTL_SECONDS,
      refreshTtlDays: e.REFRESH_TOKEN_TTL_DAYS,
      invitationTtlHours: e.INVITATION_TTL_HOURS,
      passwordResetTtlMinutes: e.PASSWORD_RESET_TTL_MINUTES,
      loginMaxPerAccount: e.LOGIN_MAX_ATTEMPTS_PER_ACCOUNT,
      loginMaxPerIp: e.LOGIN_MAX_ATTEMPTS_PER_IP,
      loginWindowSeconds: e.LOGIN_WINDOW_SECONDS,
      sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
      sessionAbsoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000,
    };
    this.mail = { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM };
    this.reminders = { cron: e.REMINDERS_CRON, maxAttempts: e.REMINDERS_MAX_ATTEMPTS, retryDelayMs: e.REMINDERS_RETRY_DELAY_MS };
    this.publicApi = {
      anonymousPerMinute: e.PUBLIC_API_RATE_LIMIT_PER_MINUTE,
      webhookAllowPrivateTargets: e.WEBHOOK_ALLOW_PRIVATE_TARGETS,
      webhookAllowedPorts: e.WEBHOOK_ALLOWED_PORTS.split(',').map((p) => Number(p.trim())),
    };
    this.site = {
      commissionName: e.COMMISSION_NAME,
      commissionAcronym: e.COMMISSION_ACRONYM,
      pagesPerMinute: e.PUBLIC_PAGES_RATE_LIMIT_PER_MINUTE,
    };
    this.dataEncryption = { key: e.DATA_ENCRYPTION_KEY, previousKey: e.DATA_ENCRYPTION_KEY_PREVIOUS ?? null };
  }
}
