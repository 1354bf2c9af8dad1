import { AppConfig } from '../../../config/app-config';
import { validateEnv } from '../../../config/env.validation';
import { startBanner } from '../start-banner';

const base = { JWT_SECRET: 'x'.repeat(40), DATA_ENCRYPTION_KEY: 'a1'.repeat(32) };

describe('startBanner', () => {
  it('prints the port the API listens on, and where e-mail links point (derived from PORT by default)', () => {
    const banner = startBanner(new AppConfig(validateEnv({ ...base, PORT: '4321' })));
    expect(banner).toContain('http://localhost:4321/api/v1');
    expect(banner).toContain('apuntarán a http://localhost:4321');
    expect(banner).not.toContain('3000');
  });

  it('names a configured public URL for the links', () => {
    const banner = startBanner(new AppConfig(validateEnv({ ...base, PORT: '4321', APP_PUBLIC_URL: 'https://simplifica.gob.gt/' })));
    expect(banner).toContain('apuntarán a https://simplifica.gob.gt (APP_PUBLIC_URL)');
  });
});
