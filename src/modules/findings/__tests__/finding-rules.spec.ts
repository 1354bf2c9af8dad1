import { DEFAULT_METHODOLOGY as M } from '../../scoring/methodology';
import { md5, planFindingsSync, StoredFinding } from '../findings-sync';
import {
  compilePracticeRules,
  countsAsProhibited,
  DetectedFinding,
  findingKey,
  institutionFindings,
  levelContradictions,
  levelWarnings,
  missedDeadline,
  practicesOf,
  ProcedureRecordFacts,
  requirementFindings,
} from '../finding-rules';

const rules = compilePracticeRules(M.prohibitedPractices);
const detect = (
  name: string,
  issuer: 'applicant' | 'same_institution' | 'other_institution' = 'applicant',
  prohibitedKind: null | 'sworn_declaration' = null,
) => practicesOf({ name, issuer, prohibitedKind }, rules).map((h) => `${h.kind}:${h.source}`);

describe('prohibited practices the data reveals', () => {
  it('reads the structured issuer first', () => {
    expect(detect('Constancia de inscripción vigente', 'same_institution')).toEqual(['same_institution_document:issuer']);
  });
  it('reads Spanish names without regard to accents, case or spacing', () => {
    expect(detect('DECLARACIÓN   JURADA de no tener deudas')).toEqual(['sworn_declaration:text']);
    expect(detect('Declaración bajo juramento del representante')).toEqual(['sworn_declaration:text']);
    expect(detect('Fotocopia autenticada por notario del nombramiento')).toEqual(['notarised_signature:text']);
    expect(detect('Firma legalizada del propietario')).toEqual(['notarised_signature:text']);
    expect(detect('Denuncia ante la PNC por extravío del título')).toEqual(['police_report_for_loss:text']);
    expect(detect('Traducción jurada de la apostilla')).toEqual(['apostille_translation:text']);
    expect(detect('Certificación emitida por esta institución')).toEqual(['same_institution_document:text']);
  });
  it('leaves ordinary requirements alone', () => {
    expect(detect('Documento Personal de Identificación (DPI)')).toEqual([]);
    expect(detect('Denuncia de accidente laboral')).toEqual([]);
    expect(detect('Certificado de nacimiento', 'other_institution')).toEqual([]);
  });
  it('keeps a declared practice once, beside what else the data reveals', () => {
    expect(detect('Declaración jurada', 'same_institution', 'sworn_declaration')).toEqual([
      'sworn_declaration:declared',
      'same_institution_document:issuer',
    ]);
  });
  it('counts a requirement unless every detection of it was dismissed; a declared one always counts', () => {
    const hits = practicesOf({ name: 'Declaración jurada', issuer: 'same_institution', prohibitedKind: null }, rules);
    const one = new Set([findingKey('r', 'prohibited_practice', 'sworn_declaration')]);
    const both = new Set([...one, findingKey('r', 'prohibited_practice', 'same_institution_document')]);
    expect(countsAsProhibited('r', hits, new Set())).toBe(true);
    expect(countsAsProhibited('r', hits, one)).toBe(true);
    expect(countsAsProhibited('r', hits, both)).toBe(false);
    const declared = practicesOf({ name: 'Declaración jurada', issuer: 'applicant', prohibitedKind: 'sworn_declaration' }, rules);
    expect(countsAsProhibited('r', declared, new Set([findingKey('r', 'prohibited_practice', 'sworn_declaration')]))).toBe(true);
  });
  it('gives each requirement its findings; the one without legal basis (Art. 5) does not count in the score twice', () => {
    const r = {
      id: 'r',
      procedureId: 'p',
      name: 'Declaración jurada',
      issuer: 'applicant' as const,
      legalBasisType: 'none' as const,
      prohibitedKind: null,
      effectiveFrom: '2021-09-01',
    };
    const found = requirementFindings(r, practicesOf(r, rules), M);
    expect(found.map((f) => [f.kind, f.code, f.article, f.since, f.countsInScore])).toEqual([
      ['prohibited_practice', 'sworn_declaration', 'Decreto 5-2021, arts. 12 y 13', '2021-09-01', true],
      ['no_legal_basis', 'no_legal_basis', 'Decreto 5-2021, art. 5', '2021-09-01', false],
    ]);
    expect(found[0].message).toBe(
      '«Declaración jurada» parece ser una práctica prohibida (declaración jurada; el nombre dice «declaracion jurada»).',
    );
    expect(requirementFindings({ ...r, name: 'DPI', legalBasisType: 'law' }, [], M)).toEqual([]);
  });
});

describe('level consistency', () => {
  const record: ProcedureRecordFacts = {
    feeGtq: '0.00',
    legalMaxDays: 10,
    formsUrl: 'https://x.gob.gt/f',
    formsFree: true,
    channels: ['online', 'in_person'],
    onlineUrl: 'https://x.gob.gt',
    inPersonVisits: 0,
  };
  it('a record that meets level 4 contradicts nothing', () => {
    expect(levelContradictions(record, 4, M.levelConsistency)).toEqual([]);
  });
  it('level 4 with two visits and no free forms: the rules for those levels, lowest first', () => {
    expect(levelContradictions({ ...record, inPersonVisits: 2, formsFree: null }, 4, M.levelConsistency).map((r) => r.code)).toEqual([
      'level2_free_forms',
      'level4_no_visit',
    ]);
    expect(levelContradictions({ ...record, inPersonVisits: 2 }, 3, M.levelConsistency)).toEqual([]);
  });
  it('unknown is not compliant: an unknown fee fails level 1, unknown visits fail level 4', () => {
    expect(levelContradictions({ ...record, feeGtq: null, inPersonVisits: null }, 4, M.levelConsistency).map((r) => r.code)).toEqual([
      'level1_fee_and_times',
      'level4_no_visit',
    ]);
    expect(levelWarnings({ ...record, channels: ['in_person'] }, 3, M.levelConsistency)).toEqual([
      {
        code: 'level3_online_channel',
        message: 'Nivel 3: el nivel 3 o más requiere el canal en línea y la dirección del trámite en línea.',
      },
    ]);
    expect(levelWarnings(record, null, M.levelConsistency)).toEqual([]);
  });
});

describe('legal deadlines missed and institutions without a liaison', () => {
  const deadline = {
    id: 'd',
    code: 'free_forms_and_plan',
    name: 'Formularios y plan',
    dueDate: '2022-02-28',
    legalReference: 'Decreto 5-2021',
    requiresApprovedPlan: true,
    requiredLevel: 2,
  };
  it('nothing before or on the due date', () => {
    expect(missedDeadline(deadline, { today: '2022-02-28', hasApprovedPlan: false, levels: [0] })).toEqual([]);
  });
  it('after it, each unmet condition is a reason; with no procedures the level condition cannot be judged', () => {
    expect(missedDeadline(deadline, { today: '2026-11-29', hasApprovedPlan: false, levels: [1, 2, 4] })).toEqual([
      'no tiene un plan de simplificación aprobado',
      '1 de 3 trámites vigentes están por debajo del nivel 2',
    ]);
    expect(missedDeadline(deadline, { today: '2026-11-29', hasApprovedPlan: true, levels: [2, 3] })).toEqual([]);
    expect(missedDeadline(deadline, { today: '2026-11-29', hasApprovedPlan: true, levels: [] })).toEqual([]);
  });
  it('raises institution findings', () => {
    const found = institutionFindings('i', {
      today: '2026-11-29',
      hasApprovedPlan: false,
      levels: [],
      activeInstitutionUsers: 0,
      deadlines: [deadline],
    });
    expect(found.map((f) => [f.kind, f.subjectType, f.subjectId, f.since])).toEqual([
      ['legal_deadline_missed', 'legal_deadline', 'd', '2022-02-28'],
      ['no_active_liaison', 'institution', 'i', null],
    ]);
    expect(
      institutionFindings('i', {
        today: '2026-11-29',
        hasApprovedPlan: true,
        levels: [],
        activeInstitutionUsers: 1,
        deadlines: [deadline],
      }),
    ).toEqual([]);
  });
});

describe('keeping the findings table in line with what is detected', () => {
  const detected = (subjectId: string, extra: Partial<DetectedFinding> = {}): DetectedFinding => ({
    kind: 'prohibited_practice',
    code: 'sworn_declaration',
    subjectType: 'requirement',
    subjectId,
    procedureId: 'p',
    source: 'text',
    article: 'Art. 13',
    since: '2021-09-01',
    message: 'm',
    countsInScore: true,
    ...extra,
  });
  const stored = (id: string, subjectId: string, status: StoredFinding['status'], extra: Partial<StoredFinding> = {}): StoredFinding => ({
    id,
    kind: 'prohibited_practice',
    code: 'sworn_declaration',
    subjectId,
    procedureId: 'p',
    source: 'text',
    article: 'Art. 13',
    messageHash: md5('m'),
    since: '2021-09-01',
    countsInScore: true,
    status,
    ...extra,
  });

  it('hashes messages as PostgreSQL md5() does', () => {
    expect(md5('«Declaración jurada» ñ')).toBe('28c78278a95ad7b629ed09110720c2be'); // SELECT md5('«Declaración jurada» ñ')
  });

  it('inserts new ones, leaves unchanged ones alone, refreshes changed ones, reopens resolved ones, resolves vanished ones, keeps dismissals', () => {
    const plan = planFindingsSync(
      [
        stored('1', 'same', 'open'),
        stored('2', 'changed', 'open'),
        stored('3', 'back', 'resolved'),
        stored('4', 'gone', 'open'),
        stored('5', 'dismissed', 'dismissed'),
        stored('6', 'old', 'resolved'),
      ],
      [
        detected('same'),
        detected('changed', { message: 'otro' }),
        detected('back'),
        detected('dismissed'),
        detected('new'),
        detected('liaison', { kind: 'no_active_liaison', code: 'no_active_liaison', since: null }),
      ],
      '2026-11-29',
    );
    expect(plan.inserts.map((f) => [f.subjectId, f.since])).toEqual([
      ['new', '2021-09-01'],
      ['liaison', '2026-11-29'],
    ]);
    expect(plan.updates.map((u) => [u.id, u.reopen, u.finding.message])).toEqual([
      ['2', false, 'otro'],
      ['3', true, 'm'],
    ]);
    expect(plan.resolves).toEqual(['4']);
  });

  it('a finding dated by its first detection keeps that date while open, and takes the new day when it reopens', () => {
    const liaison = detected('i', { kind: 'no_active_liaison', code: 'no_active_liaison', since: null });
    const keyed = { kind: 'no_active_liaison', code: 'no_active_liaison' };
    expect(planFindingsSync([stored('1', 'i', 'open', { ...keyed, since: '2026-01-05' })], [liaison], '2026-11-29')).toEqual({
      inserts: [],
      updates: [],
      resolves: [],
    });
    expect(
      planFindingsSync([stored('1', 'i', 'resolved', { ...keyed, since: '2026-01-05' })], [liaison], '2026-11-29').updates[0].finding.since,
    ).toBe('2026-11-29');
  });
});
