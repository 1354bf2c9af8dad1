import { ROLES } from '../../auth/roles';
import { COVERAGES, INSTITUTION_TYPES } from '../../../modules/institutions/entities/institution.entity';
import * as inv from '../../../modules/inventory/rules/inventory.enums';
import { FINDING_KINDS, FINDING_SOURCES } from '../../../modules/findings/finding-rules';
import { DECLARED_LEVEL_STATUSES } from '../../../modules/inventory/rules/maturity-level';
import { REMINDER_KINDS } from '../../../modules/notifications/entities/reminder-rule.entity';
import { DELIVERY_MODES } from '../../../modules/notifications/entities/notification.entity';
import { DELIVERY_STATUSES } from '../../../modules/webhooks/entities/webhook-delivery.entity';
import { API_KEY_SCOPES } from '../../../modules/partner-api-keys/entities/partner-api-key.entity';
import { USER_STATUSES } from '../../../modules/users/entities/user.entity';
import { INSTITUTION_COMPONENTS, PROCEDURE_COMPONENTS } from '../../../modules/scoring/methodology';
import { annotateCodes, entries, GLOSSARY, GlossaryGroup, label, labelCap, words } from '../glossary';

describe('the Spanish glossary', () => {
  const coded: Array<[GlossaryGroup, readonly string[]]> = [
    ['institutionType', INSTITUTION_TYPES],
    ['coverage', COVERAGES],
    ['audience', inv.AUDIENCES],
    ['channel', inv.CHANNELS],
    ['procedureStatus', inv.PROCEDURE_STATUSES],
    ['evidenceType', inv.EVIDENCE_TYPES],
    ['issuer', inv.ISSUERS],
    ['legalBasisType', inv.LEGAL_BASIS_TYPES],
    ['prohibitedKind', inv.PROHIBITED_KINDS],
    ['requirementStatus', inv.REQUIREMENT_STATUSES],
    ['planStatus', inv.PLAN_STATUSES],
    ['milestoneKind', inv.MILESTONE_KINDS],
    ['milestoneStatus', inv.MILESTONE_STATUSES],
    ['actionType', inv.ACTION_TYPES],
    ['reviewStatus', inv.REVIEW_STATUSES],
    ['assessmentStatus', inv.ASSESSMENT_STATUSES],
    ['role', ROLES],
    ['procedureComponent', PROCEDURE_COMPONENTS],
    ['institutionComponent', INSTITUTION_COMPONENTS],
    ['notificationKind', REMINDER_KINDS],
    ['findingKind', FINDING_KINDS],
    ['findingSource', FINDING_SOURCES],
    ['declaredLevelStatus', DECLARED_LEVEL_STATUSES],
    ['deliveryMode', DELIVERY_MODES],
    ['webhookDeliveryStatus', DELIVERY_STATUSES],
    ['apiKeyScope', API_KEY_SCOPES],
    ['userStatus', USER_STATUSES],
  ];

  it.each(coded)('names every code of %s in Spanish, never with the code itself', (group, codes) => {
    expect(Object.keys(GLOSSARY[group]).sort()).toEqual([...codes].sort());
    for (const c of codes) {
      const l = label(group, c);
      expect(l).not.toBe(c);
      expect(l).not.toMatch(/_/);
      expect(l.trim()).toBe(l);
    }
  });

  it('gives each spreadsheet vocabulary distinct words, so a sheet reads back to one code', () => {
    for (const group of [
      'audience',
      'channel',
      'evidenceType',
      'issuer',
      'legalBasisType',
      'prohibitedKind',
      'procedureStatus',
      'requirementStatus',
    ] as const) {
      const w = Object.values(words(group));
      expect(new Set(w).size).toBe(w.length);
    }
    expect(words('channel')).toMatchObject({ in_person: 'presencial', online: 'en_linea' });
    expect(() => words('planStatus')).toThrow(/palabra de hoja de cálculo/);
  });

  it('reads an unknown code as «otro» rather than leaking it, capitalises for headings, and lists entries in order', () => {
    expect(label('audience', 'aliens')).toBe('otro');
    expect(labelCap('coverage', 'bound')).toBe('Obligada por la ley');
    expect(entries('audience').map((e) => e.code)).toEqual(['person', 'business', 'both']);
  });

  it('annotates the codes a validation message lists with their Spanish meaning', () => {
    expect(annotateCodes(['person', 'business', 'both'])).toBe('person (personas), business (empresas), both (personas y empresas)');
    expect(annotateCodes(['x', 'y'])).toBe('x, y');
  });
});
