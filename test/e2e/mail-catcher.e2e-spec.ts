import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer, { SendMailOptions } from 'nodemailer';
import { MailCatcher, startMailCatcher } from '../../scripts/mail-catcher';

/** The demo's mail catcher (npm start): what a person reads in the console for each message the app sends. */
describe('Demo mail catcher', () => {
  let catcher: MailCatcher;
  let dir: string;
  const lines: string[] = [];
  const send = (mail: SendMailOptions) =>
    nodemailer
      .createTransport({ host: '127.0.0.1', port: catcher.port, secure: false, ignoreTLS: true })
      .sendMail({ from: 'Simplifica <no-reply@simplifica.gob.gt>', ...mail });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'simplifica-catcher-'));
    catcher = await startMailCatcher(0, (line) => void lines.push(line), dir);
  });
  afterAll(async () => {
    await catcher.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the decoded subject and the links of the plain-text part, and keeps the raw message', async () => {
    const link = 'https://simplifica.test/restablecer?token=Zq9-x_8%2Fy&lang=es';
    await send({
      to: 'enlace@prueba.gob.gt',
      subject: 'Restablecer la contraseña de Simplifica — acción requerida',
      text: `Hola, José:\n\nPara elegir una contraseña nueva abra ${link}.\nSi no la pidió, ignore este mensaje. ${'Línea larga. '.repeat(20)}`,
      html: `<p>Hola, José: <a href="${link.replace(/&/g, '&amp;')}">restablecer</a></p>`,
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('correo para enlace@prueba.gob.gt — "Restablecer la contraseña de Simplifica — acción requerida"');
    expect(lines[0]).toContain(`enlaces: ${link}  (guardado en `);
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(readFileSync(join(dir, files[0]), 'utf8')).toContain('Subject: =?UTF-8?');
  });

  it('falls back to the HTML part when there is no plain text, with entities decoded', async () => {
    await send({
      to: 'analista@prueba.gob.gt',
      subject: 'Sólo HTML',
      html: '<p>Vea <a href="https://simplifica.test/a?x=1&amp;y=2">el aviso</a>.</p>',
    });
    expect(lines[1]).toContain('"Sólo HTML" — enlaces: https://simplifica.test/a?x=1&y=2  (guardado en ');
  });
});
