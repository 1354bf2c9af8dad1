import { label, labelCap } from '../../common/glossary/glossary';
import { AUDIENCES } from '../../modules/inventory/rules/inventory.enums';
import type { PublicInstitutionDetail, PublicMethodology, PublicProcedure } from '../../modules/public-api/dto/public-response.dto';
import { barChart, gauge, trendChart } from '../charts/charts';
import { checkboxField, errorList, FieldErrors, selectField } from '../forms/form-fields';
import { format, levelText, numberAt, queryString, sample, scoreText } from './view-format';
import { InstitutionProceduresQuery, PROCEDURE_LIST_SORTS, ProcedureListSort } from './page-queries';

interface ComponentRow {
  component: string;
  value: number;
  weight: number;
  points: number;
  advice: string;
}

/**
 * What would raise the score most, ranked by the points each component still leaves on the table (weight × what is
 * missing). The seam for the scoring module's own ranked list of concrete actions: when the detail carries
 * `improvements`, those are shown as they come.
 */
export function improvementsOf(detail: PublicInstitutionDetail): Array<{ text: string; points: string }> {
  const given = (detail as unknown as { improvements?: Array<{ text?: string; description?: string; points?: number | string }> })
    .improvements;
  if (Array.isArray(given)) return given.map((g) => ({ text: String(g.text ?? g.description ?? ''), points: format.decimal(g.points) }));
  const components = ((detail.scoreBreakdown?.components ?? []) as ComponentRow[]).filter((c) => c.advice && c.weight > 0 && c.value < 1);
  return components
    .map((c) => ({ c, lost: (1 - c.value) * c.weight }))
    .sort((a, b) => b.lost - a.lost)
    .map(({ c, lost }) => ({ text: `${c.advice} (${label('institutionComponent', c.component)})`, points: format.decimal(lost) }));
}

const SORT_TEXT: Record<ProcedureListSort, string> = {
  name: 'Nombre (A–Z)',
  level: 'Nivel de madurez (mayor primero)',
  fee: 'Costo (menor primero)',
  days: 'Días de resolución (menos primero)',
  visits: 'Visitas presenciales (menos primero)',
};

const nullsLast = (v: number | null, dir: 1 | -1) => (v === null ? Infinity : dir * v);
const SORTERS: Record<ProcedureListSort, (a: PublicProcedure, b: PublicProcedure) => number> = {
  name: (a, b) => a.name.localeCompare(b.name, 'es'),
  level: (a, b) => b.currentLevel - a.currentLevel,
  fee: (a, b) => nullsLast(a.feeGtq === null ? null : Number(a.feeGtq), 1) - nullsLast(b.feeGtq === null ? null : Number(b.feeGtq), 1),
  days: (a, b) => nullsLast(a.actualMedianDays, 1) - nullsLast(b.actualMedianDays, 1),
  visits: (a, b) => nullsLast(a.inPersonVisits, 1) - nullsLast(b.inPersonVisits, 1),
};

/** The institution page: score and breakdown, trend, what would raise it, plan, reports, procedures. */
export function institutionView(
  detail: PublicInstitutionDetail,
  procedures: PublicProcedure[],
  methodology: PublicMethodology | null,
  query: InstitutionProceduresQuery,
  errors: FieldErrors,
) {
  const model = methodology?.maturityModel ?? null;
  const score = detail.currentScore ? Number(detail.currentScore.score) : null;
  const components = ((detail.scoreBreakdown?.components ?? []) as ComponentRow[]).map((c) => ({
    name: labelCap('institutionComponent', c.component),
    weight: format.decimal(c.weight),
    points: format.decimal(c.points),
    value: format.percent(c.value),
    advice: c.advice,
  }));
  const breakdown = barChart(
    'Desglose de la puntuación',
    'Puntos obtenidos en cada componente, sobre su peso.',
    ((detail.scoreBreakdown?.components ?? []) as ComponentRow[]).map((c) => ({
      label: labelCap('institutionComponent', c.component),
      value: c.points,
      valueText: `${format.decimal(c.points)} de ${format.decimal(c.weight)}`,
    })),
    Math.max(1, ...((detail.scoreBreakdown?.components ?? []) as ComponentRow[]).map((c) => c.weight)),
  );
  const points = detail.trend.map((p) => ({ date: p.date, value: Number(p.score) }));
  const trendSummary =
    points.length > 1
      ? `La puntuación pasó de ${format.decimal(points[0].value)} el ${format.date(points[0].date)} a ${format.decimal(points[points.length - 1].value)} el ${format.date(points[points.length - 1].date)}.`
      : 'Aún no hay varias mediciones para mostrar una tendencia.';
  const m = detail.milestones;
  const upcoming = Math.max(0, m.pending + m.inProgress - m.overdue);
  const milestoneRows = [
    { text: 'Cumplidos a tiempo', n: m.completed - m.completedLate, tag: 'good' },
    { text: 'Cumplidos tarde', n: m.completedLate, tag: 'warn' },
    { text: 'Vencidos sin cumplir', n: m.overdue, tag: 'bad' },
    { text: 'Por vencer', n: upcoming, tag: 'neutral' },
  ];
  const sort = query.sort ?? 'name';
  const rows = [...procedures].sort((a, b) => SORTERS[sort](a, b) || a.name.localeCompare(b.name, 'es'));
  const base = `/transparencia/instituciones/${encodeURIComponent(detail.code)}`;
  const levels = (model?.levels ?? []).map((l) => ({ value: String(l.level), text: levelText(model, l.level) }));
  const fields = [
    selectField('level', 'Nivel de madurez', levels, query.level, errors, { any: 'Todos los niveles' }),
    selectField(
      'audience',
      'Dirigido a',
      AUDIENCES.map((a) => ({ value: a, text: labelCap('audience', a) })),
      query.audience,
      errors,
      { any: 'Todos' },
    ),
    selectField(
      'sort',
      'Ordenar por',
      PROCEDURE_LIST_SORTS.map((s) => ({ value: s, text: SORT_TEXT[s] })),
      sort,
      errors,
    ),
    checkboxField('foreignTrade', 'Solo comercio exterior', query.foreignTrade === true, errors),
  ];
  return {
    name: detail.name,
    code: detail.code,
    facts: [
      { key: 'Tipo', value: labelCap('institutionType', detail.type) },
      { key: 'Cobertura de la ley', value: labelCap('coverage', detail.coverage) },
      { key: 'Sector', value: detail.sector ?? 'sin dato' },
      { key: 'Trámites vigentes registrados', value: format.integer(detail.procedureCount) },
    ],
    website: detail.website,
    hasScore: score !== null,
    score: {
      text: scoreText(score),
      gauge: gauge(`Puntuación de ${detail.name}`, score),
      date: detail.currentScore ? format.date(detail.currentScore.date) : null,
    },
    components,
    breakdown,
    trend: {
      chart: trendChart(`Puntuación de ${detail.name} en el tiempo`, trendSummary, points),
      rows: sample(points, 12).map((p) => ({ date: format.date(p.date), score: format.decimal(p.value) })),
    },
    improvements: improvementsOf(detail),
    milestones: {
      rows: milestoneRows.map((r) => ({ ...r, nText: format.integer(r.n) })),
      total: format.integer(m.total),
      nextDue: m.nextDueDate ? format.date(m.nextDueDate) : null,
    },
    reports: detail.reports.map((r) => ({
      period: `Trimestre ${r.quarter} de ${r.year}`,
      due: format.date(r.dueDate),
      submitted: r.submittedOn ? format.date(r.submittedOn) : '—',
      situation: labelCap('reportSituation', r.situation),
      tag: { on_time: 'good', late: 'warn', missing: 'bad', upcoming: 'neutral' }[r.situation],
    })),
    burden: {
      savingsHours: format.integer(numberAt(detail.burden, 'savingsHours')),
      savingsGtq: format.gtq(numberAt(detail.burden, 'savingsGtq')),
    },
    procedures: {
      fields,
      errors: errorList(fields),
      action: `${base}#tramites`,
      count: rows.length,
      filtered: Boolean(query.level !== undefined || query.audience || query.foreignTrade),
      clear: `${base}${queryString({ sort: query.sort })}#tramites`,
      sortText: SORT_TEXT[sort].toLowerCase(),
      rows: rows.map((p) => ({
        name: p.name,
        href: `/transparencia/tramites/${encodeURIComponent(p.institutionCode)}/${encodeURIComponent(p.code)}`,
        level: levelText(model, p.currentLevel),
        fee: format.gtq(p.feeGtq),
        days: p.actualMedianDays === null ? 'sin dato' : format.integer(p.actualMedianDays),
        legalDays: p.legalMaxDays === null ? 'sin dato' : format.integer(p.legalMaxDays),
        visits: format.integer(p.inPersonVisits),
        audience: label('audience', p.audience),
        online: p.channels.includes('online'),
      })),
    },
  };
}
