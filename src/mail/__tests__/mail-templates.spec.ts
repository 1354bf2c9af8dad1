import { formatDateTimeGt } from '../../common/time/guatemala-time';
import { MailTemplate, MailTemplates } from '../mail-templates';

describe('MailTemplates', () => {
  const templates = new MailTemplates();
  const invitation = {
    name: 'Ana',
    invitedBy: 'Carlos',
    roleLabel: 'enlace',
    institutionName: 'Ministerio de Economía',
    institutionOf: 'del Ministerio de Economía',
    institutionIn: 'en el Ministerio de Economía',
    link: 'https://simplifica.gob.gt/activar-cuenta?token=a=b&c',
    expiresAt: '15 de marzo de 2026, 10:00',
  };

  it('renders subject, HTML inside the layout, and a plain-text part with the raw link', () => {
    const m = templates.render(MailTemplate.Invitation, invitation);
    expect(m.subject).toBe('Invitación a Simplifica — Ministerio de Economía');
    expect(m.html).toContain('<html lang="es">');
    expect(m.html).toContain('como <strong>enlace</strong> del Ministerio de Economía.');
    expect(m.text).toContain('le invitó a participar como enlace del Ministerio de Economía.');
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

  const staleItem = {
    institutionName: 'Ministerio de Economía',
    item: 'Inventario de trámites',
    itemLabel: 'Inventario',
    dueDate: '1 de noviembre de 2026',
    daysPhrase: '21 trámites vigentes llevan más de 180 días sin revisión',
    link: 'https://simplifica.gob.gt/app/inventario',
    reasonLabel: 'enlace de la institución',
    previousScore: null,
    score: null,
    drop: null,
    staleCount: 21,
    staleSingle: false,
    staleDays: 180,
    staleReviewedBefore: '5 de mayo de 2026',
    staleProcedures: [{ code: 'MINECO-004', name: 'Licencia de importación', lastReviewed: 'última revisión el 20 de octubre de 2025' }],
    staleMore: 20,
    staleMoreSingle: false,
    institutionOf: 'del Ministerio de Economía',
    institutionTo: 'al Ministerio de Economía',
    institutionIn: 'en el Ministerio de Economía',
    institutionThe: 'el Ministerio de Economía',
    institutionSubject: 'El Ministerio de Economía',
    forCommission: false,
    overdueDays: null,
    overdueSingle: false,
    contacts: null,
    noContacts: false,
    reviewHeadline: null,
    reviewSentence: null,
    reviewAction: null,
    reviewComment: null,
  };

  it('renders the stale-inventory reminder with its procedures, in HTML (escaped) and text', () => {
    const m = templates.render(MailTemplate.ReminderStaleInventory, {
      ...staleItem,
      recipientName: 'José',
      unsubscribeUrl: 'https://x.test/baja?token=a=b',
    });
    expect(m.subject).toBe('Inventario de trámites: 21 trámites sin revisión en más de 180 días — Ministerio de Economía');
    expect(m.text).toContain('el inventario del Ministerio de Economía tiene trámites');
    expect(m.text).not.toContain('de Ministerio');
    expect(m.text).toContain('  · MINECO-004 — Licencia de importación: última revisión el 20 de octubre de 2025');
    expect(m.text).toContain('… y 20 trámites más.');
    expect(m.text).toContain('Para no recibir más avisos de este tipo: https://x.test/baja?token=a=b');
    expect(m.html).toContain('<td style="padding: 4px 12px 4px 0;">MINECO-004</td>');
    expect(m.html).toContain('anterior al 5 de mayo de 2026');
    const one = templates.render(MailTemplate.ReminderStaleInventory, {
      ...staleItem,
      staleCount: 1,
      staleSingle: true,
      staleMore: null,
      recipientName: 'José',
      unsubscribeUrl: null,
    });
    expect(one.subject).toBe('Inventario de trámites: 1 trámite sin revisión en más de 180 días — Ministerio de Economía');
    expect(one.text).not.toContain('más.');
  });

  it('renders a stale-inventory item in the daily digest next to a dated item', () => {
    const dated = {
      ...staleItem,
      title: 'Hito vencido',
      item: 'Hito A',
      itemLabel: 'Hito',
      daysPhrase: 'Venció hace 3 días',
      staleProcedures: null,
    };
    const m = templates.render(MailTemplate.Digest, {
      recipientName: 'José',
      date: '2 de noviembre de 2026',
      count: 2,
      single: false,
      unsubscribeUrl: null,
      items: [dated, { ...staleItem, title: 'Trámites sin revisión reciente' }],
    });
    expect(m.text).toContain('Fecha límite: 1 de noviembre de 2026 · Venció hace 3 días');
    expect(m.text).toContain('- Trámites sin revisión reciente');
    expect(m.text).toContain('· MINECO-004 — Licencia de importación: última revisión el 20 de octubre de 2025');
    expect(m.html).toContain('MINECO-004');
    expect(m.html.match(/Fecha límite/g)).toHaveLength(1);
  });

  const overdue = {
    ...staleItem,
    item: 'Publicar formularios gratuitos',
    itemLabel: 'Hito',
    daysPhrase: 'Venció hace 15 días',
    staleProcedures: null,
    staleCount: null,
    overdueDays: 15,
    recipientName: 'Lucía',
    unsubscribeUrl: null,
  };

  it('an overdue milestone says "su plan" to the liaison, and names the institution, whom to contact and how late to an analyst', () => {
    const liaison = templates.render(MailTemplate.ReminderMilestoneOverdue, overdue);
    expect(liaison.text).toContain('Un hito de su plan de simplificación está vencido');
    expect(liaison.text).toContain('El hito «Publicar formularios gratuitos» del Ministerio de Economía debía cumplirse');
    expect(liaison.text).not.toContain('A quién contactar');
    const analyst = templates.render(MailTemplate.ReminderMilestoneOverdue, {
      ...overdue,
      forCommission: true,
      reasonLabel: 'analista que da seguimiento a la institución',
      contacts: [{ name: 'Ana Pérez', email: 'ana@mineco.gob.gt', roleLabel: 'enlace' }],
    });
    for (const m of [analyst.text, analyst.html]) {
      expect(m).not.toMatch(/\bsu plan\b/);
      expect(m).toContain('Un hito del plan de simplificación del Ministerio de Economía lleva 15 días vencido');
      expect(m).toContain('Ana Pérez (enlace)');
      expect(m).toContain('ana@mineco.gob.gt');
    }
    const nobody = templates.render(MailTemplate.ReminderMilestoneOverdue, {
      ...overdue,
      forCommission: true,
      contacts: [],
      noContacts: true,
    });
    expect(nobody.text).toContain('El Ministerio de Economía no tiene ningún enlace ni administrador activo');
  });

  it("review notices carry the wording and the analyst's comment", () => {
    const m = templates.render(MailTemplate.ReviewOutcome, {
      ...overdue,
      reviewHeadline: 'Evaluación de madurez rechazada: MINECO-001 · Registro',
      reviewSentence:
        'La Comisión (Marta) rechazó la evaluación de madurez del trámite MINECO-001 · Registro (nivel 4) del Ministerio de Economía.',
      reviewAction: 'Corrija la evaluación según el comentario y envíela de nuevo desde la sección Madurez.',
      reviewComment: 'El trámite aún exige una visita.',
    });
    expect(m.subject).toBe('Evaluación de madurez rechazada: MINECO-001 · Registro — Ministerio de Economía');
    expect(m.text).toContain('Comentario de la Comisión:\nEl trámite aún exige una visita.');
    expect(m.html).toContain('El trámite aún exige una visita.');
  });

  it('formats dates for people in Guatemala time', () => {
    // 06:00 UTC is midnight in Guatemala (UTC-6, no daylight saving)
    expect(formatDateTimeGt(new Date('2026-03-15T06:00:00Z'))).toBe('15 de marzo de 2026, 00:00');
    expect(formatDateTimeGt(new Date('2026-03-15T05:59:00Z'))).toBe('14 de marzo de 2026, 23:59');
  });
});
