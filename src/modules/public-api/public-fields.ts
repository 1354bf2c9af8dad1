/**
 * The one allow-list of what is published about procedures and requirements (API field names). The public API's
 * schemas, the open-data exports and the public change log all publish these and nothing else; a unit test holds the
 * schemas and the CSV columns to it, and the change log filters its rows by it. Adding a field to the public contract
 * starts here.
 */
export const PUBLIC_PROCEDURE_FIELDS = [
  'code',
  'name',
  'description',
  'output',
  'audience',
  'category',
  'lifeEvent',
  'foreignTrade',
  'prioritized',
  'status',
  'channels',
  'onlineUrl',
  'formsUrl',
  'feeGtq',
  'legalBasis',
  'legalMaxDays',
  'actualMedianDays',
  'annualVolume',
  'inPersonVisits',
  'currentLevel',
  'declaredLevel',
  'targetLevel',
  'targetDate',
  'baseline',
  'lastReviewedAt',
  // derived, refreshed by their own events (score_changed; requirement_*): the latest published score and the requirements in force
  'latestScore',
  'requirementCount',
] as const;

export const PUBLIC_REQUIREMENT_FIELDS = [
  'name',
  'evidenceType',
  'issuer',
  'issuerInstitution',
  'legalBasisType',
  'legalBasisReference',
  'obtainableByInteroperability',
  'prohibited',
  'prohibitedKind',
  'status',
  'effectiveFrom',
  'effectiveTo',
  // the act that ended it (acuerdo, resolución…): what a person checking an old application needs (issue 18)
  'endedByAct',
  // the prohibited practice the requirement counts as (declared, or revealed by the data and not dismissed): kind, source
  // and article in JSON; practice and source as two columns in requirements.csv
  'prohibitedPractice',
  'prohibitedSource',
] as const;

/** What is published about an institution itself (its score and indicators are derived, and change through their own events). */
export const PUBLIC_INSTITUTION_FIELDS = ['code', 'name', 'type', 'coverage', 'sector', 'website'] as const;

/** Identifiers and bookkeeping every public record carries besides its fields. */
export const PUBLIC_RECORD_KEYS = ['id', 'institutionCode', 'institutionName', 'procedureCode', 'requirementId', 'updatedAt'] as const;

/** Change-log fields that may be published, per subject: the public fields, and the published score of a procedure. */
export const PUBLIC_CHANGE_FIELDS = {
  procedure: [...PUBLIC_PROCEDURE_FIELDS, 'score'] as string[],
  requirement: [...PUBLIC_REQUIREMENT_FIELDS] as string[],
};

/** SQL condition on a procedure_changes row `c` (parameters $p1, $p2 = the two lists) keeping only publishable fields. */
export const publicChangeFieldSql = (c: string, procedureParam: string, requirementParam: string): string =>
  `(${c}.field IS NULL OR (${c}.subject = 'procedure' AND ${c}.field = ANY(${procedureParam}::text[]))
     OR (${c}.subject = 'requirement' AND ${c}.field = ANY(${requirementParam}::text[])))`;
