import { ExistingProcedure, ExistingRequirement, planImport, previewOf, renameNotices } from '../spreadsheet/plan-import';
import { readSpreadsheet } from '../spreadsheet/read-spreadsheet';
import { ProcedureInput, RequirementInput, validateInventory, ValidatedInventory } from '../spreadsheet/validate-inventory';
import { TEMPLATE_EXAMPLE, writeInventoryWorkbook } from '../spreadsheet/write-workbook';

const stored = (code: string, id: string, over: Partial<ExistingProcedure> = {}): ExistingProcedure => ({
  id,
  code,
  status: 'active',
  name: `Trámite ${code}`,
  description: null,
  legalBasis: null,
  channels: ['in_person'],
  onlineUrl: null,
  formsUrl: null,
  formsFree: null,
  feeGtq: '150.00',
  legalMaxDays: 30,
  actualMedianDays: 45,
  annualVolume: 100,
  inPersonVisits: 2,
  declaredLevel: null,
  foreignTrade: false,
  prioritized: false,
  category: null,
  audience: 'both',
  output: null,
  lifeEvent: null,
  targetLevel: null,
  targetDate: null,
  lastReviewedAt: '2026-11-29',
  ...over,
});

const req = (id: string, procedureId: string, name: string, over: Partial<ExistingRequirement> = {}): ExistingRequirement => ({
  id,
  procedureId,
  name,
  evidenceType: 'document',
  issuer: 'applicant',
  issuerInstitution: null,
  legalBasisType: 'law',
  legalBasisReference: null,
  obtainableByInteroperability: false,
  prohibitedKind: null,
  effectiveFrom: '2021-09-01',
  effectiveTo: null,
  ...over,
});

const file = (procedures: ProcedureInput[], requirements: RequirementInput[]): ValidatedInventory => ({
  procedures,
  requirements,
  problems: [],
  notices: [],
});

describe('planImport', () => {
  const existing = [stored('A-1', 'p1'), stored('B-1', 'p2')];
  const active = [
    req('r1', 'p1', 'Documento Personal de Identificación'),
    req('r2', 'p1', 'Constancia de ingresos'),
    req('r3', 'p2', 'Fotografía'),
  ];

  it('creates new procedures with their requirements, updates changed fields only, leaves absent procedures alone', () => {
    const plan = planImport(
      file(
        [
          { row: 2, code: 'A-1', name: 'Trámite A-1', feeGtq: '200.00', channels: ['in_person'], description: '  ' },
          { row: 3, code: 'N-1', name: 'Nuevo', actualMedianDays: 12 },
        ],
        [
          { row: 2, procedureCode: 'A-1', name: 'documento personal de  identificacion', legalBasisType: 'law' },
          { row: 3, procedureCode: 'A-1', name: 'Constancia de ingresos', legalBasisType: 'none' },
          { row: 4, procedureCode: 'N-1', name: 'DPI' },
        ],
      ),
      existing,
      active,
    );
    expect(plan.counts).toEqual({
      proceduresInFile: 2,
      proceduresCreated: 1,
      proceduresUpdated: 1,
      proceduresUnchanged: 0,
      requirementsInFile: 3,
      requirementsCreated: 1,
      requirementsUpdated: 2,
      requirementsUnchanged: 0,
      requirementsEliminated: 0,
    });
    const a1 = plan.procedures.find((p) => p.code === 'A-1')!;
    expect(a1.changes).toEqual([{ field: 'feeGtq', oldValue: '150.00', newValue: '200.00' }]);
    const n1 = plan.procedures.find((p) => p.code === 'N-1')!;
    expect(n1).toMatchObject({
      existingId: null,
      requirementCount: 1,
      values: { name: 'Nuevo', actualMedianDays: 12, feeGtq: null, inPersonVisits: null, audience: 'both', channels: [] },
    });
    // matched by normalised name: the new spelling of the name is an update of r1, not a new requirement
    expect(plan.requirementUpdates.map((u) => [u.id, u.changes.map((c) => c.field)])).toEqual([
      ['r1', ['name']],
      ['r2', ['legalBasisType']],
    ]);
    expect(plan.requirementCreates).toEqual([expect.objectContaining({ procedureCode: 'N-1', procedureId: null })]);
    expect(plan.eliminations).toEqual([]); // B-1 is not in the file: untouched
  });

  it('the file is the complete list: active requirements missing from it are eliminated', () => {
    const plan = planImport(
      file([], [{ row: 2, procedureCode: 'A-1', name: 'Constancia de ingresos', legalBasisType: 'law' }]),
      existing,
      active,
    );
    expect(plan.eliminations).toEqual([
      { id: 'r1', procedureId: 'p1', procedureCode: 'A-1', name: 'Documento Personal de Identificación', prohibitedKind: null },
    ]);
    expect(plan.counts).toMatchObject({ requirementsUnchanged: 1, requirementsEliminated: 1 });
    expect(plan.notices.map((n) => n.message)).toEqual([
      'Se eliminarán 1 requisitos vigentes del trámite «A-1» que no están en el archivo: «Documento Personal de Identificación».',
    ]);
  });

  it('previews exactly what a real run would do, by code and name, and warns of renames and prohibited requirements leaving', () => {
    const plan = planImport(
      file(
        [
          { row: 2, code: 'A-1', name: 'Otro trámite', feeGtq: null },
          { row: 3, code: 'N-1', name: 'Nuevo' },
        ],
        [{ row: 2, procedureCode: 'A-1', name: 'Constancia de ingresos', legalBasisType: 'law' }],
      ),
      existing,
      [...active, req('r4', 'p1', 'Declaración jurada', { prohibitedKind: 'sworn_declaration' })],
    );
    expect(previewOf(plan)).toEqual({
      procedures: {
        created: [{ code: 'N-1', name: 'Nuevo' }],
        updated: [
          {
            code: 'A-1',
            name: 'Otro trámite',
            changes: [
              { field: 'name', oldValue: 'Trámite A-1', newValue: 'Otro trámite' },
              { field: 'feeGtq', oldValue: '150.00', newValue: null },
            ],
          },
        ],
      },
      requirements: {
        created: [],
        updated: [],
        eliminated: [
          { procedureCode: 'A-1', name: 'Documento Personal de Identificación', prohibitedKind: null },
          { procedureCode: 'A-1', name: 'Declaración jurada', prohibitedKind: 'sworn_declaration' },
        ],
      },
      truncated: false,
    });
    expect(renameNotices(plan).map((n) => [n.row, n.column, n.message])).toEqual([
      [
        2,
        'nombre',
        'El trámite «A-1» cambiará de nombre: «Trámite A-1» → «Otro trámite». Compruebe que el código corresponde al mismo trámite.',
      ],
    ]);
    expect(plan.notices[0].message).toContain('Uno de ellos es una práctica prohibida: su eliminación se publicará como avance');
    expect(previewOf(plan, 1).truncated).toBe(true);
  });

  it('a procedure in tramites without requirement rows loses them all, with a notice', () => {
    const plan = planImport(file([{ row: 2, code: 'B-1', name: 'Trámite B-1' }], []), existing, active);
    expect(plan.eliminations.map((e) => e.id)).toEqual(['r3']);
    expect(plan.notices).toEqual([
      expect.objectContaining({ sheet: 'tramites', row: 2, message: expect.stringContaining('se eliminarán sus 1 requisitos') }),
    ]);
  });

  it('channels compare as sets and surrounding spaces do not count as changes', () => {
    const p = stored('C-1', 'p3', { channels: ['online', 'in_person'], description: 'Texto ' });
    const plan = planImport(
      file([{ row: 2, code: 'C-1', name: 'Trámite C-1', channels: ['in_person', 'online'], description: 'Texto' }], []),
      [p],
      [],
    );
    expect(plan.counts.proceduresUnchanged).toBe(1);
    expect(plan.procedures).toEqual([]);
  });

  it('a merged requirement whose issuer is another institution needs that institution', () => {
    const plan = planImport(
      file([], [{ row: 5, procedureCode: 'A-1', name: 'Fotografía nueva', issuer: 'other_institution' }]),
      existing,
      active,
    );
    expect(plan.problems).toEqual([expect.objectContaining({ sheet: 'requisitos', row: 5, column: 'institucion_emisora' })]);
  });

  it('round trip: what the export writes reads back as no change at all', async () => {
    const procedures = [
      { ...TEMPLATE_EXAMPLE.procedure },
      {
        ...TEMPLATE_EXAMPLE.procedure,
        code: 'X-2',
        name: 'Licencia _x000D_ sanitaria',
        formsFree: null,
        feeGtq: '1250.50',
        channels: [],
        declaredLevel: null,
        legalMaxDays: null,
        description: 'Línea 1\nLínea 2 con _x000D_, _x0041_ y _X00e9_ escritos tal cual',
        inPersonVisits: null,
        output: 'Licencia',
        lifeEvent: null,
        targetLevel: 5,
        targetDate: '2027-06-30',
        lastReviewedAt: '2026-01-15',
      },
      { ...TEMPLATE_EXAMPLE.procedure, code: 'X-3', name: 'Costo sin dato', feeGtq: null, inPersonVisits: null },
    ];
    const requirements = [
      TEMPLATE_EXAMPLE.requirement,
      {
        ...TEMPLATE_EXAMPLE.requirement,
        procedureCode: 'X-2',
        name: 'Declaración jurada',
        prohibitedKind: 'sworn_declaration' as const,
        issuer: 'applicant' as const,
        issuerInstitution: null,
      },
      {
        ...TEMPLATE_EXAMPLE.requirement,
        procedureCode: 'X-2',
        name: 'Declaración jurada',
        prohibitedKind: 'sworn_declaration' as const,
        issuer: 'applicant' as const,
        issuerInstitution: null,
        effectiveTo: '2027-01-01',
      },
    ];
    const content = await writeInventoryWorkbook({ procedures, requirements, levels: [0, 1, 2, 3, 4, 5] });
    const ids = new Map(procedures.map((p, i) => [p.code, `p${i}`]));
    const existingProcedures = procedures.map((p) => ({ ...p, id: ids.get(p.code)!, status: 'active' as const }));
    const activeRequirements = requirements.map((r, i) => ({ ...r, id: `r${i}`, procedureId: ids.get(r.procedureCode)! }));
    const valid = validateInventory(await readSpreadsheet({ format: 'xlsx', content }), {
      levels: [0, 1, 2, 3, 4, 5],
      today: '2026-11-29',
      existing: new Map(procedures.map((p) => [p.code, { status: 'active' as const }])),
    });
    expect(valid.problems).toEqual([]);
    // text that looks like an Excel escape is read back exactly; unknown fee and visits stay unknown
    expect(valid.procedures[1]).toMatchObject({
      name: 'Licencia _x000D_ sanitaria',
      description: 'Línea 1\nLínea 2 con _x000D_, _x0041_ y _X00e9_ escritos tal cual',
      lastReviewedAt: '2026-01-15',
    });
    expect(valid.procedures[2]).toMatchObject({ feeGtq: null, inPersonVisits: null });
    const plan = planImport(valid, existingProcedures, activeRequirements);
    expect(plan.counts).toEqual({
      proceduresInFile: 3,
      proceduresCreated: 0,
      proceduresUpdated: 0,
      proceduresUnchanged: 3,
      requirementsInFile: 3,
      requirementsCreated: 0,
      requirementsUpdated: 0,
      requirementsUnchanged: 3,
      requirementsEliminated: 0,
    });
  });
});
