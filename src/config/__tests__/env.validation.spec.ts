import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigValidationError, declaredEnvNames, EXAMPLE_DATA_ENCRYPTION_KEY, validateEnv } from '../env.validation';

const DATA_KEY = 'a1'.repeat(32);
const base = { JWT_SECRET: 'x'.repeat(40), DATA_ENCRYPTION_KEY: DATA_KEY };

describe('validateEnv', () => {
  it('applies defaults and converts types', () => {
    const env = validateEnv({ ...base, PORT: '4100', DOCS_ENABLED: 'false' });
    expect(env.PORT).toBe(4100);
    expect(env.DOCS_ENABLED).toBe(false);
    expect(env.BODY_LIMIT).toBe('1mb');
    expect(env.NODE_ENV).toBe('development');
  });

  it('derives the public URL of e-mail links from PORT unless APP_PUBLIC_URL says otherwise', () => {
    expect(validateEnv({ ...base, PORT: '4123' }).APP_PUBLIC_URL).toBe('http://localhost:4123');
    expect(validateEnv({ ...base }).APP_PUBLIC_URL).toBe('http://localhost:3000');
    expect(validateEnv({ ...base, PORT: '4123', APP_PUBLIC_URL: 'https://simplifica.gob.gt' }).APP_PUBLIC_URL).toBe(
      'https://simplifica.gob.gt',
    );
  });

  it('requires APP_PUBLIC_URL in production (links and the catalogue’s @id would otherwise name localhost)', () => {
    expect(() => validateEnv({ ...base, NODE_ENV: 'production' })).toThrow(/APP_PUBLIC_URL: obligatoria en producción/);
    expect(
      validateEnv({
        ...base,
        NODE_ENV: 'production',
        APP_PUBLIC_URL: 'https://simplifica.gob.gt',
      }).APP_PUBLIC_URL,
    ).toBe('https://simplifica.gob.gt');
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['REDIS_URL', 'localhost:6379'],
    ['BODY_LIMIT', 'mucho'],
    ['NODE_ENV', 'staging'],
    ['MAINTENANCE_CRON', 'cada noche'],
  ])('stops with a message naming %s when it is %p', (name, value) => {
    expect(() => validateEnv({ ...base, [name]: value })).toThrow(ConfigValidationError);
    expect(() => validateEnv({ ...base, [name]: value })).toThrow(new RegExp(`${name}: .*valor recibido: "${value}"`));
  });

  it('requires a JWT_SECRET of 32+ characters, and refuses the example value in production', () => {
    expect(() => validateEnv({ DATA_ENCRYPTION_KEY: DATA_KEY })).toThrow(/JWT_SECRET/);
    expect(() => validateEnv({ DATA_ENCRYPTION_KEY: DATA_KEY, JWT_SECRET: 'corto' })).toThrow(/JWT_SECRET: .*32 caracteres/);
    expect(() =>
      validateEnv({
        ...base,
        NODE_ENV: 'production',
        APP_PUBLIC_URL: 'https://simplifica.gob.gt',
        JWT_SECRET: 'change-me-to-a-long-random-secret-of-32-chars',
      }),
    ).toThrow(/JWT_SECRET/);
  });

  it('requires a 32-byte DATA_ENCRYPTION_KEY (hex or base64), refuses the example in production, and a PREVIOUS equal to it', () => {
    expect(() => validateEnv({ JWT_SECRET: base.JWT_SECRET })).toThrow(/DATA_ENCRYPTION_KEY: .*32 bytes/);
    expect(() => validateEnv({ ...base, DATA_ENCRYPTION_KEY: 'abc123' })).toThrow(/DATA_ENCRYPTION_KEY: .*32 bytes/);
    expect(() => validateEnv({ ...base, DATA_ENCRYPTION_KEY: 'a1'.repeat(16) })).toThrow(/DATA_ENCRYPTION_KEY/);
    expect(validateEnv({ ...base, DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') }).DATA_ENCRYPTION_KEY).toHaveLength(44);
    expect(() => validateEnv({ ...base, DATA_ENCRYPTION_KEY_PREVIOUS: 'nope' })).toThrow(/DATA_ENCRYPTION_KEY_PREVIOUS/);
    expect(() => validateEnv({ ...base, DATA_ENCRYPTION_KEY_PREVIOUS: DATA_KEY })).toThrow(/DATA_ENCRYPTION_KEY_PREVIOUS: .*distinta/);
    expect(validateEnv({ ...base, DATA_ENCRYPTION_KEY_PREVIOUS: 'b2'.repeat(32) }).DATA_ENCRYPTION_KEY_PREVIOUS).toBe('b2'.repeat(32));
    expect(() =>
      validateEnv({
        ...base,
        NODE_ENV: 'production',
        APP_PUBLIC_URL: 'https://simplifica.gob.gt',
        DATA_ENCRYPTION_KEY: EXAMPLE_DATA_ENCRYPTION_KEY,
      }),
    ).toThrow(/DATA_ENCRYPTION_KEY: el valor de ejemplo/);
    expect(validateEnv({ ...base, DATA_ENCRYPTION_KEY: EXAMPLE_DATA_ENCRYPTION_KEY }).NODE_ENV).toBe('development');
    const example = readFileSync(join(__dirname, '..', '..', '..', '.env.example'), 'utf8');
    expect(example).toContain(`DATA_ENCRYPTION_KEY=${EXAMPLE_DATA_ENCRYPTION_KEY}\n`);
  });

  it('WEBHOOK_ALLOW_PRIVATE_TARGETS defaults to false and is refused in production', () => {
    expect(validateEnv(base).WEBHOOK_ALLOW_PRIVATE_TARGETS).toBe(false);
    expect(validateEnv({ ...base, WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' }).WEBHOOK_ALLOW_PRIVATE_TARGETS).toBe(true);
    expect(validateEnv({ ...base, NODE_ENV: 'test', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' }).WEBHOOK_ALLOW_PRIVATE_TARGETS).toBe(true);
    expect(
      validateEnv({ ...base, NODE_ENV: 'production', APP_PUBLIC_URL: 'https://simplifica.gob.gt', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false' })
        .WEBHOOK_ALLOW_PRIVATE_TARGETS,
    ).toBe(false);
    expect(() =>
      validateEnv({ ...base, NODE_ENV: 'production', APP_PUBLIC_URL: 'https://simplifica.gob.gt', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' }),
    ).toThrow(/WEBHOOK_ALLOW_PRIVATE_TARGETS: no se admite en producción/);
  });

  it('.env.example documents exactly the declared variables', () => {
    const example = readFileSync(join(__dirname, '..', '..', '..', '.env.example'), 'utf8');
    const documented = [...example.matchAll(/^([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]).sort();
    expect(documented).toEqual(declaredEnvNames().sort());
  });
});
