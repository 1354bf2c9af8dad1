import { reviewItem, reviewPagePath, reviewSubjectOf, reviewWording, ReviewNoticePayload } from '../review-notices';

const mineco = { name: 'Ministerio de Economía', article: 'el' as const };
const base: ReviewNoticePayload = {
  institutionName: 'Ministerio de Economía',
  item: 'Evaluación de madurez: MINECO-001 · Registro de importadores',
  path: '/app/revision/evaluaciones/x',
  subject: 'assessment',
  outcome: 'submitted',
  title: 'MINECO-001 · Registro de importadores',
  comment: null,
  actorName: 'Ana Pérez',
  level: 4,
};

describe('review notices', () => {
  it('to the Commission: names the institution with its article and who sent it', () => {
    const w = reviewWording(base, mineco, '3 de marzo de 2026');
    expect(w.headline).toBe('Por revisar: evaluación de madurez del Ministerio de Economía (MINECO-001 · Registro de importadores)');
    expect(w.sentence).toBe(
      'Ana Pérez, del Ministerio de Economía, envió la evaluación de madurez del trámite MINECO-001 · Registro de importadores (nivel 4) el 3 de marzo de 2026. Espera su revisión en la cola de la Comisión.',
    );
    expect(w.sentence).not.toContain('de Ministerio');
  });

  it('to the institution: what was decided, agreeing in gender, with what to do next', () => {
    const rejected = reviewWording({ ...base, outcome: 'rejected', actorName: 'Marta' }, mineco, '');
    expect(rejected.headline).toBe('Evaluación de madurez rechazada: MINECO-001 · Registro de importadores');
    expect(rejected.sentence).toContain('La Comisión (Marta) rechazó la evaluación de madurez');
    expect(rejected.action).toContain('envíela de nuevo');
    const plan = reviewWording({ ...base, subject: 'plan', outcome: 'returned', title: '«Plan 2026» (revisión 1)' }, mineco, '');
    expect(plan.headline).toBe('Plan de simplificación devuelto: «Plan 2026» (revisión 1)');
    expect(plan.sentence).toBe(
      'La Comisión (Ana Pérez) devolvió el plan de simplificación «Plan 2026» (revisión 1) del Ministerio de Economía.',
    );
    expect(plan.action).toContain('sección Plan');
    const report = reviewWording(
      { ...base, subject: 'report', outcome: 'accepted', title: 'trimestre 3 de 2026', actorName: null },
      mineco,
      '',
    );
    expect(report.headline).toBe('Informe de avance aceptado: trimestre 3 de 2026');
    expect(report.sentence).toBe('La Comisión aceptó el informe de avance del trimestre 3 de 2026 del Ministerio de Economía.');
  });

  it('links each audience to its own page', () => {
    expect(reviewPagePath('assessment', 'a', 'commission')).toBe('/app/revision/evaluaciones/a');
    expect(reviewPagePath('plan', 'p', 'commission')).toBe('/app/revision/planes/p');
    expect(reviewPagePath('report', 'r', 'commission')).toBe('/app/revision/informes/r');
    expect(reviewPagePath('assessment', 'a', 'institution')).toBe('/app/madurez/evaluaciones/a');
    expect(reviewPagePath('plan', 'p', 'institution')).toBe('/app/plan/p');
    expect(reviewPagePath('report', 'r', 'institution')).toBe('/app/informes/r');
    expect(reviewSubjectOf('plan_review')).toBe('plan');
    expect(reviewSubjectOf('milestone')).toBeNull();
    expect(reviewItem('report', 'trimestre 1 de 2026')).toBe('Informe de avance del trimestre 1 de 2026');
  });
});
