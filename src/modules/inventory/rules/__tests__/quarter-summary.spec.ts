import { draftReportText, QuarterInputs, SummaryMilestone, summariseQuarter } from '../quarter-summary';

const m = (over: Partial<SummaryMilestone>): SummaryMilestone => ({
  id: Math.random().toString(36),
  planId: 'p1',
  procedureId: null,
  kind: 'raise_level',
  target: 'Meta',
  dueDate: '2026-05-15',
  status: 'pending',
  completedOn: null,
  completedLate: null,
  ...over,
});

const inputs = (over: Partial<QuarterInputs> = {}): QuarterInputs => ({
  year: 2026,
  quarter: 2,
  asOf: '2026-07-05',
  milestones: [],
  requirements: [],
  levelChanges: [],
  scoreBefore: null,
  scoreAfter: null,
  ...over,
});

describe('summariseQuarter (the facts a quarterly report starts from)', () => {
  it('counts milestones completed within the quarter as met (late ones flagged) and those due and not met on time as missed', () => {
    const s = summariseQuarter(
      inputs({
        milestones: [
          m({ target: 'A a tiempo', status: 'completed', dueDate: '2026-06-30', completedOn: '2026-06-01', completedLate: false }),
          m({ target: 'B tarde', status: 'completed', dueDate: '2026-04-15', completedOn: '2026-05-02', completedLate: true }),
          m({ target: 'C pendiente vencido', status: 'pending', dueDate: '2026-05-20' }),
          m({ target: 'D cancelado', status: 'cancelled', dueDate: '2026-05-20' }),
          m({ target: 'E otro trimestre', status: 'completed', dueDate: '2026-03-01', completedOn: '2026-03-01', completedLate: false }),
          m({ target: 'F vence después de hoy', status: 'pending', dueDate: '2026-09-01' }),
        ],
      }),
    );
    expect(s.start).toBe('2026-04-01');
    expect(s.end).toBe('2026-06-30');
    expect(s.met).toEqual([
      { target: 'B tarde', completedOn: '2026-05-02', late: true },
      { target: 'A a tiempo', completedOn: '2026-06-01', late: false },
    ]);
    expect(s.missed).toEqual([
      { target: 'B tarde', dueDate: '2026-04-15', completedOn: '2026-05-02' },
      { target: 'C pendiente vencido', dueDate: '2026-05-20', completedOn: null },
    ]);
  });

  it('a milestone due later than today (quarter still running) is not missed yet', () => {
    const s = summariseQuarter(
      inputs({
        asOf: '2026-05-10',
        milestones: [m({ target: 'Aún a tiempo', dueDate: '2026-05-20' }), m({ target: 'Vencido', dueDate: '2026-05-01' })],
      }),
    );
    expect(s.missed.map((x) => x.target)).toEqual(['Vencido']);
  });

  it('a commitment copied into a plan revision counts once, the completed record winning', () => {
    const s = summariseQuarter(
      inputs({
        milestones: [
          m({ planId: 'rev1', target: 'Formulario en línea', dueDate: '2026-05-01', status: 'pending' }),
          m({
            planId: 'rev2',
            target: 'Formulario en línea',
            dueDate: '2026-05-01',
            status: 'completed',
            completedOn: '2026-04-30',
            completedLate: false,
          }),
        ],
      }),
    );
    expect(s.met).toHaveLength(1);
    expect(s.missed).toHaveLength(0);
  });

  it('keeps requirements ended within the quarter, level rises (not falls) and the score change; unknown scores stay unknown', () => {
    const s = summariseQuarter(
      inputs({
        requirements: [
          { procedureCode: 'T-1', procedureName: 'Licencia', name: 'Fotocopia de DPI', status: 'eliminated', effectiveTo: '2026-04-10' },
          { procedureCode: 'T-1', procedureName: 'Licencia', name: 'Antes', status: 'eliminated', effectiveTo: '2026-03-31' },
          { procedureCode: 'T-2', procedureName: 'Permiso', name: 'Activo', status: 'active', effectiveTo: '2026-05-01' },
        ],
        levelChanges: [
          { procedureCode: 'T-1', procedureName: 'Licencia', from: 1, to: 3, on: '2026-05-05' },
          { procedureCode: 'T-2', procedureName: 'Permiso', from: 3, to: 2, on: '2026-05-06' },
          { procedureCode: 'T-3', procedureName: 'Registro', from: null, to: 2, on: '2026-07-01' },
        ],
        scoreBefore: '61.20',
        scoreAfter: '64.05',
      }),
    );
    expect(s.eliminated.map((r) => r.name)).toEqual(['Fotocopia de DPI']);
    expect(s.levelsRaised).toEqual([{ procedureCode: 'T-1', procedureName: 'Licencia', from: 1, to: 3, on: '2026-05-05' }]);
    expect(s.scoreChange).toBe('2.85');
    expect(summariseQuarter(inputs({ scoreAfter: '64.05' })).scoreChange).toBeNull();
  });

  it('drafts a Spanish text naming each fact, saying "ninguno" for empty lists and never inventing a score', () => {
    const s = summariseQuarter(
      inputs({
        milestones: [
          m({ target: 'Pago en línea', status: 'completed', completedOn: '2026-05-02', dueDate: '2026-06-30', completedLate: false }),
        ],
        requirements: [
          { procedureCode: 'T-1', procedureName: 'Licencia', name: 'Fotocopia de DPI', status: 'eliminated', effectiveTo: '2026-04-10' },
        ],
      }),
    );
    const text = draftReportText(s);
    expect(text).toContain('2.º trimestre de 2026');
    expect(text).toContain('Hitos cumplidos (1):');
    expect(text).toContain('- Pago en línea: cumplido el');
    expect(text).toContain('Hitos no cumplidos a tiempo: ninguno.');
    expect(text).toContain('«Fotocopia de DPI», eliminado desde el');
    expect(text).toContain('Trámites que subieron de nivel de madurez: ninguno');
    expect(text).toContain('sin dato suficiente para comparar');
    expect(draftReportText(summariseQuarter(inputs({ scoreBefore: '60.00', scoreAfter: '58.50' })))).toMatch(/de 60(,|\.)00? a 58(,|\.)5/);
  });
});
