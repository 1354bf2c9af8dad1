import { capitalise, label, labelCap } from '../../common/glossary/glossary';
import type { CitizenReportRow } from '../../modules/citizen-reports/citizen-reports.sql';
import type { PublicCitizenReportCounts } from '../../modules/public-api/dto/public-response.dto';
import { format } from './view-format';

export interface ReportStep {
  title: string;
  state: 'done' | 'pending' | 'late';
  stateText: string;
  date: string | null;
  lines: string[];
  text: string | null;
}

/**
 * The steps of a report as the citizen, the institution and the Commission read them: received (with the deadline),
 * the institution's answer (on time, late, or overdue with none) and the Commission's ruling. No personal data: never
 * the contact e-mail; the citizen's own words only where `withWords` (the workspace), not on the public page.
 */
export function reportSteps(r: CitizenReportRow, today: string): ReportStep[] {
  const due = format.date(r.answer_due_on);
  const ruled = r.status === 'founded' || r.status === 'unfounded';
  const answer: ReportStep = r.answered_on
    ? {
        title: 'La institución respondió',
        state: r.answered_on <= r.answer_due_on ? 'done' : 'late',
        stateText: r.answered_on <= r.answer_due_on ? 'En plazo' : 'Fuera de plazo',
        date: format.date(r.answered_on),
        lines: [`Plazo: ${due}.`],
        text: r.answer,
      }
    : {
        title: 'Respuesta de la institución',
        state: today > r.answer_due_on ? 'late' : 'pending',
        stateText: today > r.answer_due_on ? 'Sin respuesta en plazo' : 'Pendiente',
        date: null,
        lines: [today > r.answer_due_on ? `El plazo venció el ${due} sin respuesta.` : `Debe responder a más tardar el ${due}.`],
        text: null,
      };
  return [
    {
      title: 'Denuncia recibida',
      state: 'done',
      stateText: 'Hecho',
      date: format.date(r.received_on),
      lines: [`La institución tiene 10 días hábiles para responder (sin contar fines de semana ni feriados): hasta el ${due}.`],
      text: null,
    },
    answer,
    ruled
      ? {
          title: r.status === 'founded' ? 'La Comisión declaró fundada la denuncia' : 'La Comisión declaró infundada la denuncia',
          state: 'done',
          stateText: r.status === 'founded' ? 'Fundada' : 'Infundada',
          date: r.ruled_on ? format.date(r.ruled_on) : null,
          lines: r.finding_id ? ['Quedó registrada como hallazgo en el trámite.'] : [],
          text: r.ruling_reason,
        }
      : {
          title: 'Decisión de la Comisión',
          state: 'pending',
          stateText: 'Pendiente',
          date: null,
          lines: ['La Comisión decidirá si la denuncia es fundada cuando la institución responda o venza su plazo.'],
          text: null,
        },
  ];
}

/** The facts of a report shown on both sides (public and workspace). */
export function reportFacts(r: CitizenReportRow, withWords: boolean): Array<{ key: string; value: string }> {
  return [
    { key: 'Código de seguimiento', value: r.tracking_code },
    { key: 'Trámite', value: `${r.procedure_name} (${r.institution_name})` },
    { key: 'Qué denunció', value: capitalise(label('citizenReportKind', r.kind)) },
    ...(r.requirement_name ? [{ key: 'Requisito', value: r.requirement_name }] : []),
    ...(withWords ? [{ key: 'Lo que le pidieron', value: r.what_asked }] : []),
    { key: 'Cuándo se lo pidieron', value: format.date(r.asked_on) },
    { key: 'Dónde', value: `${labelCap('channel', r.channel)}${withWords && r.place ? `: ${r.place}` : ''}` },
    { key: 'Estado', value: labelCap('citizenReportStatus', r.status) },
  ];
}

/** The citizens' reports block of an institution's public page: counts only (received, answered on time, founded). */
export function institutionReportsView(c: PublicCitizenReportCounts) {
  const answered = c.answeredOnTime + c.answeredLate;
  return {
    received: c.received,
    rows: [
      { key: 'Denuncias recibidas', value: String(c.received) },
      { key: 'Respondidas dentro del plazo', value: `${c.answeredOnTime} de ${answered + c.overdueUnanswered}` },
      { key: 'Respondidas fuera del plazo', value: String(c.answeredLate) },
      { key: 'Sin respuesta con el plazo vencido', value: String(c.overdueUnanswered) },
      { key: 'Declaradas fundadas por la Comisión', value: String(c.founded) },
      { key: 'Declaradas infundadas', value: String(c.unfounded) },
    ],
  };
}
