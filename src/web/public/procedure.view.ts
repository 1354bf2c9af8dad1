import { capitalise, GlossaryGroup, label, labelCap, term } from '../../common/glossary/glossary';
import type {
  PublicChangeLogEntry,
  PublicMethodology,
  PublicProcedureDetail,
  PublicRequirement,
} from '../../modules/public-api/dto/public-response.dto';
import { gauge } from '../charts/charts';
import { format, levelText, numberAt, scoreText } from './view-format';

/** Fields of the change history whose values are codes of a glossary group. */
const CODED_FIELDS: Record<string, GlossaryGroup> = {
  audience: 'audience',
  channels: 'channel',
  status: 'procedureStatus',
  evidenceType: 'evidenceType',
  issuer: 'issuer',
  legalBasisType: 'legalBasisType',
  prohibitedKind: 'prohibitedKind',
};

/** A value of the change history as a person reads it. */
export function changeValue(field: string | null, value: unknown, subject: string): string {
  if (value === null || value === undefined || value === '') return 'sin dato';
  const group = field ? (field === 'status' && subject === 'requirement' ? 'requirementStatus' : CODED_FIELDS[field]) : undefined;
  if (Array.isArray(value)) return value.map((v) => changeValue(field, v, subject)).join(', ');
  if (typeof value === 'boolean') return value ? 'sí' : 'no';
  if (group && typeof value === 'string') return label(group, value);
  if (field === 'feeGtq') return format.gtq(value);
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return format.date(value);
  if (typeof value === 'object') return 'datos actualizados';
  return String(value);
}

/** One entry of the public change history as a sentence, never with an English code. */
export function changeSentence(c: PublicChangeLogEntry, requirementNames: Map<string, string>): string {
  const requirement = requirementNames.get(c.subjectId);
  const which = requirement ? ` «${requirement}»` : '';
  if (c.action === 'level_validated')
    return `La Comisión validó el nivel de madurez ${changeValue(null, c.newValue, c.subject)} (antes ${changeValue(null, c.oldValue, c.subject)}).`;
  if (c.action === 'score_changed' || c.field === 'score')
    return `La puntuación pasó de ${format.decimal(c.oldValue)} a ${format.decimal(c.newValue)}.`;
  if (c.subject === 'procedure' && c.action === 'create') return 'Se registró el trámite.';
  if (c.subject === 'requirement' && c.action === 'create') return `Se agregó el requisito${which}.`;
  if (c.action === 'import' && !c.field) return 'Se actualizó desde la hoja de cálculo del inventario.';
  if (c.subject === 'requirement' && c.action === 'eliminate') {
    return c.field === 'effectiveTo'
      ? `El requisito${which} deja de exigirse desde el ${changeValue(c.field, c.newValue, c.subject)}.`
      : `El requisito${which} pasó a estado «${changeValue(c.field, c.newValue, c.subject)}».`;
  }
  if (c.subject === 'procedure' && c.action === 'eliminate' && c.field === 'status') return 'El trámite fue eliminado.';
  const field = c.field && term('changeField', c.field) ? label('changeField', c.field) : 'un dato';
  const where = c.subject === 'requirement' ? ` del requisito${which}` : '';
  return `${capitalise(field)}${where}: de «${changeValue(c.field, c.oldValue, c.subject)}» a «${changeValue(c.field, c.newValue, c.subject)}».`;
}

const requirementRow = (r: PublicRequirement) => ({
  name: r.name,
  evidence: labelCap('evidenceType', r.evidenceType),
  issuer: r.issuer === 'other_institution' && r.issuerInstitution ? r.issuerInstitution : capitalise(label('issuer', r.issuer)),
  legalBasis:
    r.legalBasisType === 'none'
      ? 'Sin base legal'
      : `${labelCap('legalBasisType', r.legalBasisType)}${r.legalBasisReference ? `: ${r.legalBasisReference}` : ''}`,
  interoperable: r.obtainableByInteroperability,
  // declared by the institution, or revealed by the data and not dismissed (prohibitedPractice): the rule the score applies
  prohibited: r.prohibited
    ? ((k) => (k ? labelCap('prohibitedKind', k) : 'Práctica prohibida'))(r.prohibitedKind ?? r.prohibitedPractice?.kind)
    : null,
  from: format.date(r.effectiveFrom),
  until: r.effectiveTo ? format.date(r.effectiveTo) : null,
  status: labelCap('requirementStatus', r.status),
});

/** ISO 8601 duration of a number of days ("P20D"), for structured data. */
const isoDays = (days: number | null) => (days === null ? undefined : `P${days}D`);

/** schema.org GovernmentService for search engines (domain reference §8). */
export function governmentServiceJsonLd(p: PublicProcedureDetail, url: string, institutionUrl: string) {
  return {
    '@context': 'https://schema.org',
    '@type': 'GovernmentService',
    name: p.name,
    identifier: `${p.institutionCode}/${p.code}`,
    ...(p.description ? { description: p.description } : {}),
    url,
    serviceType: p.category ?? 'Trámite administrativo',
    audience: { '@type': 'Audience', audienceType: label('audience', p.audience) },
    areaServed: { '@type': 'Country', name: 'Guatemala' },
    provider: { '@type': 'GovernmentOrganization', name: p.institutionName, identifier: p.institutionCode, url: institutionUrl },
    serviceOperator: { '@type': 'GovernmentOrganization', name: p.institutionName },
    availableChannel: p.channels.map((c) => ({
      '@type': 'ServiceChannel',
      name: labelCap('channel', c),
      ...(c === 'online' && p.onlineUrl ? { serviceUrl: p.onlineUrl } : {}),
      ...(isoDays(p.legalMaxDays) ? { processingTime: isoDays(p.legalMaxDays) } : {}),
    })),
    ...(p.feeGtq !== null ? { offers: { '@type': 'Offer', price: p.feeGtq, priceCurrency: 'GTQ' } } : {}),
    ...(p.legalBasis ? { termsOfService: p.legalBasis } : {}),
    inLanguage: 'es',
  };
}

/** The procedure page: what it is, requirements, level and next step, figures then and now, burden, history. */
export function procedureView(p: PublicProcedureDetail, methodology: PublicMethodology | null) {
  const model = methodology?.maturityModel ?? null;
  const names = new Map([...p.requirements.current, ...p.requirements.eliminated].map((r) => [r.id, r.name]));
  const b = p.burden as Record<string, unknown> | null;
  const burdenRow = (key: string, text: string, fmt: (v: unknown) => string) => ({
    text,
    baseline: fmt(numberAt(b, 'baseline', key)),
    current: fmt(numberAt(b, 'current', key)),
  });
  const score = p.score ? Number(p.score.score) : null;
  const parameters = methodology?.burdenParameters ?? null;
  return {
    name: p.name,
    code: p.code,
    institution: { name: p.institutionName, href: `/transparencia/instituciones/${encodeURIComponent(p.institutionCode)}` },
    description: p.description,
    output: p.output,
    eliminated: p.status !== 'active',
    status: labelCap('procedureStatus', p.status),
    facts: [
      { key: 'Dirigido a', value: labelCap('audience', p.audience) },
      { key: 'Categoría', value: p.category ?? 'sin dato' },
      { key: 'Hecho de vida', value: p.lifeEvent ?? 'sin dato' },
      {
        key: 'Canales de atención',
        value: p.channels.length ? capitalise(p.channels.map((c) => label('channel', c)).join(', ')) : 'sin dato',
      },
      { key: 'Comercio exterior', value: p.foreignTrade ? 'Sí' : 'No' },
      { key: 'Base legal del trámite', value: p.legalBasis ?? 'sin dato' },
      { key: 'Solicitudes al año', value: format.integer(p.annualVolume) },
    ],
    onlineUrl: p.onlineUrl,
    formsUrl: p.formsUrl,
    then: [
      { text: 'Costo', baseline: format.gtq(p.baseline.feeGtq), current: format.gtq(p.feeGtq) },
      { text: 'Requisitos', baseline: format.integer(p.baseline.requirements), current: format.integer(p.requirements.current.length) },
      { text: 'Visitas presenciales', baseline: format.integer(p.baseline.visits), current: format.integer(p.inPersonVisits) },
      { text: 'Días de resolución (real)', baseline: format.integer(p.baseline.days), current: format.integer(p.actualMedianDays) },
      { text: 'Plazo legal (días)', baseline: '—', current: format.integer(p.legalMaxDays) },
    ],
    baselineDate: format.date(p.baseline.date),
    maturity: {
      level: levelText(model, p.currentLevel),
      target: p.maturity.targetLevel === null ? null : levelText(model, p.maturity.targetLevel),
      targetDate: p.maturity.targetDate ? format.date(p.maturity.targetDate) : null,
      validated: p.maturity.lastValidatedAt ? format.date(p.maturity.lastValidatedAt) : null,
      next: p.maturity.nextLevel ? { title: levelText(model, p.maturity.nextLevel.level), criteria: p.maturity.nextLevel.criteria } : null,
    },
    score: {
      text: scoreText(score),
      gauge: gauge(`Puntuación del trámite ${p.name}`, score),
      date: p.score ? format.date(p.score.date) : null,
    },
    current: p.requirements.current.map(requirementRow),
    removed: p.requirements.eliminated.map(requirementRow),
    burden: b
      ? {
          rows: [
            burdenRow('hoursPerApplication', 'Horas por solicitud', format.decimal),
            burdenRow('costPerApplicationGtq', 'Costo por solicitud', format.gtq),
            burdenRow('yearlyHours', 'Horas al año (todas las solicitudes)', format.integer),
            burdenRow('yearlyCostGtq', 'Costo al año (todas las solicitudes)', format.gtq),
          ],
          savingsHours: format.integer(numberAt(b, 'savings', 'yearlyHours')),
          savingsGtq: format.gtq(numberAt(b, 'savings', 'yearlyCostGtq')),
        }
      : null,
    parameters: parameters
      ? [
          { key: 'Valor de una hora', value: format.gtq(parameters.hourValueGtq) },
          { key: 'Costo de una visita', value: format.gtq(parameters.visitCostGtq) },
          { key: 'Costo de oportunidad por día de espera', value: format.gtq(parameters.dailyOpportunityCostGtq) },
          { key: 'Horas por requisito', value: format.decimal(parameters.hoursPerRequirement) },
          { key: 'Horas por visita', value: format.decimal(parameters.hoursPerVisit) },
        ]
      : [],
    history: p.changes.map((c) => ({ date: format.date(c.changedAt), text: changeSentence(c, names) })),
  };
}
