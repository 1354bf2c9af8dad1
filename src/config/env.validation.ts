import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync, ValidationError } from 'class-validator';
import { DATA_KEY_PATTERN } from '../common/crypto/data-encryption';
import { flattenValidationErrors } from '../common/validation/validation-pipe';

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

/** Reads the raw string (implicit conversion would turn "false" into true). */
const toBoolean = ({ obj, key }: { obj: Record<string, unknown>; key: string }) => {
  const raw = obj[key];
  return typeof raw === 'string' ? ['1', 'true', 'yes', 'si', 'sí'].includes(raw.trim().toLowerCase()) : raw;
};

const URL_PATTERN = /^[a-z][a-z0-9+.-]*:\/\/\S+$/i;
const DATA_KEY_MESSAGE = 'debe ser una clave de 32 bytes: 64 caracteres hexadecimales o base64 (genere una con: openssl rand -hex 32)';
/** The development value of .env.example, refused in production. */
export const EXAMPLE_DATA_ENCRYPTION_KEY = '0000000000000000000000000000000000000000000000000000000000000000';

/**
 * Every environment variable the product reads, declared once. `.env.example` documents each one;
 * a test checks that both lists stay in step. Nothing outside `src/config` reads `process.env`.
 */
export class EnvVars {
  @IsIn(NODE_ENVS)
  NODE_ENV: NodeEnv = 'development';

  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = 3000;

  /** Base of every link in e-mails; by default http://localhost:<PORT>, so links follow the port the API listens on. */
  @IsOptional()
  @Matches(URL_PATTERN, { message: 'debe ser una URL (por ejemplo http://localhost:3000)' })
  APP_PUBLIC_URL: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'debe ser una URL postgres://usuario:clave@host:puerto/base' })
  DATABASE_URL: string = 'postgres://simplifica_app:simplifica_app@127.0.0.1:5432/simplifica';

  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'debe ser una URL postgres://usuario:clave@host:puerto/base' })
  DATABASE_MIGRATION_URL: string = 'postgres://simplifica_owner:simplifica_owner@127.0.0.1:5432/simplifica';

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'debe ser una URL postgres://usuario:clave@host:puerto/base' })
  DATABASE_ADMIN_URL?: string;

  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE: number = 10;

  @Matches(/^rediss?:\/\/\S+$/, { message: 'debe ser una URL redis://host:puerto' })
  REDIS_URL: string = 'redis://127.0.0.1:6379';

  @Matches(/^[a-z0-9_-]{1,40}$/i, { message: 'solo letras, dígitos, "-" y "_" (máximo 40)' })
  QUEUE_PREFIX: string = 'simplifica';

  @IsInt()
  @Min(1)
  @Max(100)
  WORKER_CONCURRENCY: number = 5;

  @IsString()
  @MinLength(32, { message: 'debe tener al menos 32 caracteres (genere uno con: openssl rand -hex 32)' })
  JWT_SECRET: string;

  @IsInt()
  @Min(60)
  @Max(3600)
  JWT_ACCESS_TTL_SECONDS: number = 900;

  @IsInt()
  @Min(1)
  @Max(365)
  REFRESH_TOKEN_TTL_DAYS: number = 30;

  @IsInt()
  @Min(1)
  @Max(720)
  INVITATION_TTL_HOURS: number = 72;

  @IsInt()
  @Min(5)
  @Max(1440)
  PASSWORD_RESET_TTL_MINUTES: number = 60;

  @IsInt()
  @Min(1)
  @Max(1000)
  LOGIN_MAX_ATTEMPTS_PER_ACCOUNT: number = 5;

  @IsInt()
  @Min(1)
  @Max(10000)
  LOGIN_MAX_ATTEMPTS_PER_IP: number = 30;

  @IsInt()
  @Min(10)
  @Max(86400)
  LOGIN_WINDOW_SECONDS: number = 900;

  /** Page sessions (/app): ended after this many minutes without a request. */
  @IsInt()
  @Min(1)
  @Max(1440)
  SESSION_IDLE_MINUTES: number = 30;

  /** Page sessions (/app): ended this many hours after sign-in, however active. */
  @IsInt()
  @Min(1)
  @Max(168)
  SESSION_ABSOLUTE_HOURS: number = 12;

  @IsString()
  CORS_ORIGINS: string = '';

  @Matches(/^\d+(b|kb|mb)$/i, { message: 'debe ser un tamaño como 1mb o 512kb' })
  BODY_LIMIT: string = '1mb';

  @IsInt()
  @Min(0)
  @Max(10)
  TRUST_PROXY_HOPS: number = 0;

  @IsBoolean()
  @Transform(toBoolean)
  DOCS_ENABLED: boolean = true;

  @Matches(/^smtps?:\/\/\S+$/, { message: 'debe ser una URL smtp://host:puerto' })
  SMTP_URL: string = 'smtp://127.0.0.1:1025';

  @IsString()
  @MinLength(3)
  MAIL_FROM: string = 'Simplifica <no-reply@simplifica.gob.gt>';

  @Matches(/^(\S+\s+){4,5}\S+$/, { message: 'debe ser una expresión cron de 5 campos (o 6, con segundos)' })
  MAINTENANCE_CRON: string = '15 3 * * *';

  @Matches(/^(\S+\s+){4,5}\S+$/, { message: 'debe ser una expresión cron de 5 campos (o 6, con segundos)' })
  SCORING_CRON: string = '30 2 * * *';

  @IsInt()
  @Min(0)
  @Max(60000)
  SCORE_DEBOUNCE_MS: number = 1500;

  @Matches(/^(\S+\s+){4,5}\S+$/, { message: 'debe ser una expresión cron de 5 campos (o 6, con segundos)' })
  REMINDERS_CRON: string = '0 6 * * *';

  @IsInt()
  @Min(1)
  @Max(20)
  REMINDERS_MAX_ATTEMPTS: number = 5;

  @IsInt()
  @Min(10)
  @Max(3600000)
  REMINDERS_RETRY_DELAY_MS: number = 30000;

  @IsInt()
  @Min(1)
  @Max(1000000000)
  PUBLIC_API_RATE_LIMIT_PER_MINUTE: number = 120;

  /** Public pages (/transparencia): requests per minute per IP. Pages served from the cache cost one Redis round trip. */
  @IsInt()
  @Min(1)
  @Max(1000000000)
  PUBLIC_PAGES_RATE_LIMIT_PER_MINUTE: number = 600;

  /** The rector body's name as the public site and e-mails show it (domain reference: configurable). */
  @IsString()
  @MinLength(3)
  COMMISSION_NAME: string = 'Comisión Presidencial de Gobierno Abierto y Electrónico';

  @IsString()
  @MinLength(2)
  COMMISSION_ACRONYM: string = 'GAE';

  /** Development and tests only: webhooks may target http:// and private/loopback addresses. Refused in production. */
  @IsBoolean()
  @Transform(toBoolean)
  WEBHOOK_ALLOW_PRIVATE_TARGETS: boolean = false;

  /** TCP ports webhook targets may use, comma-separated. */
  @Matches(/^\s*\d{1,5}\s*(,\s*\d{1,5}\s*)*$/, {
    message: 'debe ser una lista de puertos separados por comas (por ejemplo 443 o 443,8443)',
  })
  WEBHOOK_ALLOWED_PORTS: string = '443';

  @Matches(DATA_KEY_PATTERN, { message: DATA_KEY_MESSAGE })
  DATA_ENCRYPTION_KEY: string;

  @IsOptional()
  @Matches(DATA_KEY_PATTERN, { message: DATA_KEY_MESSAGE })
  DATA_ENCRYPTION_KEY_PREVIOUS?: string;
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuración inválida:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigValidationError';
  }
}

function describe(errors: ValidationError[], raw: Record<string, unknown>): string[] {
  return flattenValidationErrors(errors).map(
    (p) => `${p.field}: ${p.messages.join('; ')} (valor recibido: ${JSON.stringify(raw[p.field] ?? null)})`,
  );
}

/** Validates raw variables (strings) into a typed EnvVars; throws naming every bad variable. */
export function validateEnv(raw: Record<string, string | undefined>): EnvVars {
  const provided = Object.fromEntries(Object.entries(raw).filter(([k, v]) => k in new EnvVarsShape() && v !== undefined && v !== ''));
  const env = plainToInstance(EnvVars, provided, { enableImplicitConversion: true, exposeDefaultValues: true });
  const errors = validateSync(env, { whitelist: false, forbidUnknownValues: false });
  if (env.NODE_ENV === 'production' && (env.JWT_SECRET ?? '').includes('change-me')) {
    throw new ConfigValidationError(['JWT_SECRET: el valor de ejemplo no se admite en producción']);
  }
  if (errors.length) throw new ConfigValidationError(describe(errors, provided));
  const problems: string[] = [];
  if (env.NODE_ENV === 'production' && env.WEBHOOK_ALLOW_PRIVATE_TARGETS) {
    problems.push(
      'WEBHOOK_ALLOW_PRIVATE_TARGETS: no se admite en producción (los webhooks solo pueden apuntar a direcciones públicas por https)',
    );
  }
  if (env.NODE_ENV === 'production' && env.DATA_ENCRYPTION_KEY.toLowerCase() === EXAMPLE_DATA_ENCRYPTION_KEY) {
    problems.push('DATA_ENCRYPTION_KEY: el valor de ejemplo no se admite en producción');
  }
  if (env.NODE_ENV === 'production' && !env.APP_PUBLIC_URL) {
    problems.push(
      'APP_PUBLIC_URL: obligatoria en producción (los enlaces de los correos y los identificadores @id del catálogo CPSV-AP la usan; sin ella serían http://localhost)',
    );
  }
  if (env.DATA_ENCRYPTION_KEY_PREVIOUS && env.DATA_ENCRYPTION_KEY_PREVIOUS === env.DATA_ENCRYPTION_KEY) {
    problems.push('DATA_ENCRYPTION_KEY_PREVIOUS: debe ser la clave anterior, distinta de DATA_ENCRYPTION_KEY');
  }
  if (problems.length) throw new ConfigValidationError(problems);
  env.APP_PUBLIC_URL ??= `http://localhost:${env.PORT}`;
  return env;
}

/** Instance used only to know the declared variable names (class fields with defaults). */
class EnvVarsShape extends EnvVars {
  override APP_PUBLIC_URL = '';
  override JWT_SECRET = '';
  override DATABASE_ADMIN_URL = '';
  override DATA_ENCRYPTION_KEY = '';
  override DATA_ENCRYPTION_KEY_PREVIOUS = '';
}

export const declaredEnvNames = (): string[] => Object.keys(new EnvVarsShape());
