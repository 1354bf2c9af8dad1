import { feesInText, reviewWarnings, ReviewedRecord, DeclaredAssessment } from '../review-consistency';

const record: ReviewedRecord = {
  channels: ['online', 'in_person'],
  onlineUrl: 'https://tramites.gob.gt/registro',
  formsUrl: 'https://tramites.gob.gt/formularios',
  formsFree: true,
  feeGtq: '25.00',
  inPersonVisits: 0,
};
const declared: DeclaredAssessment = {
  answers: { info_published: true, forms_online_free: true, online_filing: true },
  resultingLevel: 3,
  evidenceUrl: 'https://tramites.gob.gt/registro',
  evidenceNote: null,
  hasEvidenceFile: false,
};
const codes = (a: Partial<DeclaredAssessment>, p: Partial<ReviewedRecord> = {}) =>
  reviewWarnings({ ...declared, ...a }, { ...record, ...p }).map((w) => w.code);

describe('review consistency warnings', () => {
  it('a consistent assessment raises nothing', () => {
    expect(reviewWarnings(declared, record)).toEqual([]);
  });

  it('online delivery declared but no URL, or no online channel', () => {
    expect(codes({}, { onlineUrl: null })).toEqual(['online_without_url']);
    expect(codes({}, { channels: ['in_person'] })).toEqual(['online_without_channel']);
    expect(reviewWarnings(declared, { ...record, onlineUrl: null })[0].message).toBe(
      'Declara que la solicitud se presenta en línea, pero el registro del trámite no tiene la dirección del trámite en línea.',
    );
  });

  it('level 4 or more (or "no visit") with in-person visits; unknown visits raise nothing', () => {
    expect(codes({ resultingLevel: 4 }, { inPersonVisits: 2 })).toEqual(['visits_declared_none']);
    expect(reviewWarnings({ ...declared, resultingLevel: 4 }, { ...record, inPersonVisits: 1 })[0].message).toBe(
      'Declara nivel 4 (sin visitas), pero el registro del trámite tiene 1 visita presencial.',
    );
    expect(codes({ answers: { ...declared.answers, no_visit: true } }, { inPersonVisits: 3 })).toEqual(['visits_declared_none']);
    expect(codes({ resultingLevel: 3 }, { inPersonVisits: 2 })).toEqual([]);
    expect(codes({ resultingLevel: 5 }, { inPersonVisits: null })).toEqual([]);
  });

  it('free forms declared but missing or not free in the record', () => {
    expect(codes({}, { formsUrl: null })).toEqual(['forms_not_in_record']);
    expect(codes({}, { formsFree: false })).toEqual(['forms_not_in_record']);
    expect(codes({}, { formsFree: null })).toEqual([]);
  });

  it('a fee in the evidence that differs from the registered fee; an unknown registered fee is said as unknown', () => {
    expect(codes({ evidenceNote: 'Se paga Q 25.00 en línea' })).toEqual([]);
    expect(codes({ evidenceNote: 'Costo: Q50' })).toEqual(['fee_differs']);
    expect(reviewWarnings({ ...declared, evidenceNote: 'Costo: GTQ 1,250.5' }, record)[0].message).toBe(
      'La evidencia declara un costo de Q 1,250.50; el costo registrado del trámite es Q 25.00.',
    );
    expect(reviewWarnings({ ...declared, evidenceNote: 'cuesta 30 quetzales' }, { ...record, feeGtq: null })[0].message).toBe(
      'La evidencia declara un costo de Q 30.00, pero el registro del trámite no tiene costo (sin dato).',
    );
  });

  it('a criterion claimed online with no link or file to show it (a note alone)', () => {
    expect(codes({ evidenceUrl: null, evidenceNote: 'Ver portal' })).toEqual(['evidence_missing']);
    expect(reviewWarnings({ ...declared, evidenceUrl: null, evidenceNote: 'Ver portal' }, record)[0].message).toBe(
      'Declara que la solicitud se puede presentar en línea, los formularios están en línea y son gratuitos, sin un enlace ni un archivo que lo muestre (solo una nota).',
    );
    expect(codes({ evidenceUrl: null, hasEvidenceFile: true })).toEqual([]);
    expect(codes({ evidenceUrl: null, answers: { info_published: true } })).toEqual([]);
  });

  it('reads fees written in the ways people write them', () => {
    expect(feesInText('Q 25.00, Q25 y GTQ 1,250.50; 30 quetzales; 45 días')).toEqual([25, 25, 1250.5, 30]);
    expect(feesInText(null)).toEqual([]);
  });
});
