import { formatDateTimeGt } from '../../common/time/guatemala-time';
import { MailTemplate, MailTemplates } from '../mail-templates';

describe('MailTemplates', () => {
  const templates = new MailTemplates();
  const invitation = {
    name: 'Ana', invitedBy: 'Carlos', roleLabel: 'enlace', institutionName: 'Ministerio de Economía',
    link: 'https://simplifica.gob.gt/activar-cuenta?token=a=b&c', expiresAt: '15 de marzo de 2026, 10:00',
  };

  it('renders subject, HTML inside the layout, and a plain-text part with the raw link', () => {
    const m = templates.render(MailTemplate.Invitation, invitation);
    expect(m.subject).toBe('Invitación a Simplifica — Ministerio de Economía');
    expect(m.html).toContain('<html lang="es">');
    expect(m.html).toContain('Ministerio de Economía');
    expect(m.html).toContain('Seguimiento del Decreto 5-2021'); // partial
    expect(m.text).toContain('https://simplifica.gob.gt/activar-cuenta?token=a=b&c');
    expect(m.text).not.toContain('&#x3D;');
  });

  it('fails loudly when a variable is missing (strict mode), for every template', () => {
    for (const name of Object.values(MailTemplate)) {
      expect(() => templates.render(name, {})).toThrow(/not defined/);
    }
    const { link: _omit, ...withoutLink } = invitation;
    expect(() => templates.render(MailTemplate.Invitation, withoutLink)).toThrow(/"link" not defined/);
  });

  it('formats dates for people in Guatemala time', () => {
    // 06:00 UTC is midnight in Guatemala (UTC-6, no daylight saving)
    expect(formatDateTimeGt(new Date('2026-03-15T06:00:00Z'))).toBe('15 de marzo de 2026, 00:00');
    expect(formatDateTimeGt(new Date('2026-03-15T05:59:00Z'))).toBe('14 de marzo de 2026, 23:59');
  });
});
