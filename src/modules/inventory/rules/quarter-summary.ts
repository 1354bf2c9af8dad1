import { format } from '../../../common/views/handlebars-setup';
import { quarterEnd, quarterStart } from './report-due-date';

/** A milestone as the quarter's summary reads it (any plan revision of the institution). */
export interface SummaryMilestone {
  id: string;
  planId: string;
  procedureId: string | null;
  kind: string;
  target: string;
  dueDate: string;
  status: string;
  completedOn: string | null;
  completedLate: boolean | null;
}

export interface SummaryRequirement {
  procedureCode: string;
  procedureName: string;
  name: string;
  status: string;
  effectiveTo: string;
}

export interface SummaryLevelChange {
  procedureCode: string;
  procedureName: string;
  from: number | null;
  to: number;
  on: string;
}

/** What the system knows about an institution's quarter, as the report's starting point. */
export interface QuarterSummary {
  year: number;
  quarter: number;
  start: string;
  end: string;
  /** Milestones completed within the quarter (late ones flagged). */
  met: Array<{ target: string; completedOn: string; late: boolean }>;
  /** Milestones due within the quarter (up to `asOf`) not completed by their due date and not cancelled. */
  missed: Array<{ target: string; dueDate: string; completedOn: string | null }>;
  eliminated: SummaryRequirement[];
  levelsRaised: SummaryLevelChange[];
  /** Institution score on the last snapshot before the quarter and the last one within it; null = unknown (never zero). */
  scoreBefore: string | null;
  scoreAfter: string | null;
  scoreChange: string | null;
}

export interface QuarterInputs {
  year: number;
  quarter: number;
  /** Today (Guatemala): a milestone due later is not missed yet. */
  asOf: string;
  milestones: SummaryMilestone[];
  requirements: SummaryRequirement[];
  levelChanges: SummaryLevelChange[];
  scoreBefore: string | null;
  scoreAfter: string | null;
}

/**
 * A revision of a plan copies its open milestones, so the same commitment can appear in several revisions: one per
 * kind, target, due date and procedure, the most advanced record winning (completed over open).
 */
function distinctCommitments(milestones: SummaryMilestone[]): SummaryMilestone[] {
  const rank = (m: SummaryMilestone) => (m.status === 'completed' ? 2 : m.status === 'cancelled' ? 0 : 1);
  const byKey = new Map<string, SummaryMilestone>();
  for (const m of milestones) {
    const key = [m.kind, m.target.trim().toLocaleLowerCase('es'), m.dueDate, m.procedureId ?? ''].join('|');
    const seen = byKey.get(key);
    if (!seen || rank(m) > rank(seen)) byKey.set(key, m);
  }
  return [...byKey.values()];
}

const centsOf = (gtq: string): number => Math.round(Number(gtq) * 100);

/** The quarter's facts: milestones met and missed, requirements eliminated, levels raised and the score change. */
export function summariseQuarter(x: QuarterInputs): QuarterSummary {
  const start = quarterStart(x.year, x.quarter);
  const end = quarterEnd(x.year, x.quarter);
  const within = (d: string | null) => d !== null && d >= start && d <= end;
  const milestones = distinctCommitments(x.milestones);
  const met = milestones
    .filter((m) => m.status === 'completed' && within(m.completedOn))
    .map((m) => ({ target: m.target, completedOn: m.completedOn!, late: m.completedLate === true }))
    .sort((a, b) => a.completedOn.localeCompare(b.completedOn) || a.target.localeCompare(b.target, 'es'));
  const missed = milestones
    .filter(
      (m) =>
        within(m.dueDate) &&
        m.dueDate < x.asOf &&
        m.status !== 'cancelled' &&
        !(m.status === 'completed' && m.completedOn !== null && m.completedOn <= m.dueDate),
    )
    .map((m) => ({ target: m.target, dueDate: m.dueDate, completedOn: m.status === 'completed' ? m.completedOn : null }))
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.target.localeCompare(b.target, 'es'));
  const eliminated = x.requirements
    .filter((r) => r.status !== 'active' && within(r.effectiveTo))
    .sort((a, b) => a.effectiveTo.localeCompare(b.effectiveTo) || a.procedureCode.localeCompare(b.procedureCode));
  const levelsRaised = x.levelChanges
    .filter((l) => within(l.on) && (l.from === null || l.to > l.from))
    .sort((a, b) => a.on.localeCompare(b.on) || a.procedureCode.localeCompare(b.procedureCode));
  const scoreChange =
    x.scoreBefore !== null && x.scoreAfter !== null ? ((centsOf(x.scoreAfter) - centsOf(x.scoreBefore)) / 100).toFixed(2) : null;
  return {
    year: x.year,
    quarter: x.quarter,
    start,
    end,
    met,
    missed,
    eliminated,
    levelsRaised,
    scoreBefore: x.scoreBefore,
    scoreAfter: x.scoreAfter,
    scoreChange,
  };
}

const REQUIREMENT_ENDING: Record<string, string> = {
  eliminated: 'eliminado',
  simplified: 'simplificado',
  replaced_by_interoperability: 'sustituido por interoperabilidad',
};

/** The report's draft text, in Spanish, from the quarter's facts; the liaison edits it before submitting. */
export function draftReportText(s: QuarterSummary): string {
  const lines: string[] = [
    `Informe de avance del ${s.quarter}.º trimestre de ${s.year} (del ${format.date(s.start)} al ${format.date(s.end)}).`,
    '',
  ];
  lines.push(s.met.length ? `Hitos cumplidos (${s.met.length}):` : 'Hitos cumplidos: ninguno en el trimestre.');
  for (const m of s.met)
    lines.push(`- ${m.target}: cumplido el ${format.date(m.completedOn)}${m.late ? ' (después de su fecha límite)' : ''}.`);
  lines.push('');
  lines.push(s.missed.length ? `Hitos no cumplidos a tiempo (${s.missed.length}):` : 'Hitos no cumplidos a tiempo: ninguno.');
  for (const m of s.missed)
    lines.push(
      `- ${m.target}: fecha límite ${format.date(m.dueDate)}${m.completedOn ? `, cumplido el ${format.date(m.completedOn)}` : ', pendiente'}. [Explique la causa y la nueva fecha prevista.]`,
    );
  lines.push('');
  lines.push(
    s.eliminated.length
      ? `Requisitos eliminados o simplificados (${s.eliminated.length}):`
      : 'Requisitos eliminados o simplificados: ninguno en el trimestre.',
  );
  for (const r of s.eliminated)
    lines.push(
      `- ${r.procedureCode} · ${r.procedureName}: «${r.name}», ${REQUIREMENT_ENDING[r.status] ?? r.status} desde el ${format.date(r.effectiveTo)}.`,
    );
  lines.push('');
  lines.push(
    s.levelsRaised.length
      ? `Trámites que subieron de nivel de madurez (${s.levelsRaised.length}):`
      : 'Trámites que subieron de nivel de madurez: ninguno en el trimestre.',
  );
  for (const l of s.levelsRaised)
    lines.push(`- ${l.procedureCode} · ${l.procedureName}: del nivel ${l.from ?? 'sin dato'} al nivel ${l.to} (${format.date(l.on)}).`);
  lines.push('');
  if (s.scoreChange !== null) {
    const d = Number(s.scoreChange);
    lines.push(
      `Puntuación de la institución: de ${format.decimal(s.scoreBefore!)} a ${format.decimal(s.scoreAfter!)} (${d > 0 ? '+' : ''}${format.decimal(s.scoreChange)} puntos).`,
    );
  } else {
    lines.push(
      `Puntuación de la institución: sin dato suficiente para comparar${s.scoreAfter !== null ? ` (al cierre: ${format.decimal(s.scoreAfter)})` : ''}.`,
    );
  }
  lines.push('', 'Otras acciones del trimestre: [complete aquí]');
  return lines.join('\n');
}
