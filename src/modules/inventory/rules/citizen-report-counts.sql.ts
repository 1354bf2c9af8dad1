/**
 * Public counts of an institution's citizens' reports (issue 18): received, answered by their deadline, answered late,
 * overdue without an answer (as of `today`), and ruled founded or unfounded by the Commission. No personal data. The
 * one definition for the public institution page, the public API and the open-data export.
 */
export interface CitizenReportCountsRow {
  received: number;
  answered_on_time: number;
  answered_late: number;
  overdue_unanswered: number;
  founded: number;
  unfounded: number;
}

/** SELECT list over `citizen_reports c` (aggregate); `today` is an SQL date expression or parameter. */
export const citizenReportCountsSelect = (today: string): string => `
  count(c.id)::int AS received,
  count(c.id) FILTER (WHERE c.answered_on IS NOT NULL AND c.answered_on <= c.answer_due_on)::int AS answered_on_time,
  count(c.id) FILTER (WHERE c.answered_on IS NOT NULL AND c.answered_on > c.answer_due_on)::int AS answered_late,
  count(c.id) FILTER (WHERE c.answered_on IS NULL AND c.status IN ('received') AND c.answer_due_on < ${today})::int AS overdue_unanswered,
  count(c.id) FILTER (WHERE c.status = 'founded')::int AS founded,
  count(c.id) FILTER (WHERE c.status = 'unfounded')::int AS unfounded`;

/** The counts of one institution: `SELECT … FROM citizen_reports c WHERE c.institution_id = <institution>`. */
export const citizenReportCountsSql = (institution: string, today: string): string =>
  `SELECT ${citizenReportCountsSelect(today)} FROM citizen_reports c WHERE c.institution_id = ${institution}`;
