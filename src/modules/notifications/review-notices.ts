import type { ReviewOutcome, ReviewSubject } from '../../events/event-map';
import { institutionPhrase, NamedInstitution } from '../../common/text/institution-name';

/** The two kinds of review notices (reminder rules as data, so preferences, digests and the outbox treat them as any other). */
export const REVIEW_WAITING = 'review_waiting';
export const REVIEW_OUTCOME = 'review_outcome';

/** The outbox `subject_type` of each reviewed thing (distinct from the reminders' own subjects). */
export const REVIEW_SUBJECT_TYPES: Record<ReviewSubject, string> = {
  assessment: 'assessment_review',
  plan: 'plan_review',
  report: 'report_review',
};

export const reviewSubjectOf = (subjectType: string): ReviewSubject | null =>
  (Object.entries(REVIEW_SUBJECT_TYPES).find(([, t]) => t === subjectType)?.[0] as ReviewSubject | undefined) ?? null;

/** Where a notice lands: the Commission's review page of the item, or the institution's own page of it. */
export function reviewPagePath(subject: ReviewSubject, id: string, audience: 'commission' | 'institution'): string {
  if (audience === 'commission')
    return `/app/revision/${{ assessment: 'evaluaciones', plan: 'planes', report: 'informes' }[subject]}/${id}`;
  return { assessment: `/app/madurez/evaluaciones/${id}`, plan: `/app/plan/${id}`, report: `/app/informes/${id}` }[subject];
}

/** The payload a review notice keeps in the outbox (what the e-mail and the in-app notice say). */
export interface ReviewNoticePayload {
  institutionName: string;
  item: string;
  path: string;
  subject: ReviewSubject;
  outcome: ReviewOutcome;
  title: string;
  comment: string | null;
  actorName: string | null;
  level: number | null;
}

const NOUN: Record<ReviewSubject, { the: string; bare: string; feminine: boolean }> = {
  assessment: { the: 'la evaluación de madurez', bare: 'Evaluación de madurez', feminine: true },
  plan: { the: 'el plan de simplificación', bare: 'Plan de simplificación', feminine: false },
  report: { the: 'el informe de avance', bare: 'Informe de avance', feminine: false },
};

const PARTICIPLE: Record<Exclude<ReviewOutcome, 'submitted'>, string> = {
  validated: 'validad',
  rejected: 'rechazad',
  approved: 'aprobad',
  returned: 'devuelt',
  accepted: 'aceptad',
};

const VERB: Record<ReviewOutcome, string> = {
  submitted: 'envió',
  validated: 'validó',
  rejected: 'rechazó',
  approved: 'aprobó',
  returned: 'devolvió',
  accepted: 'aceptó',
};

/** "la evaluación de madurez del trámite MINECO-001 · Registro (nivel 3)", "el plan de simplificación «Plan 2026» (revisión 1)". */
function thing(p: Pick<ReviewNoticePayload, 'subject' | 'title' | 'level'>): string {
  switch (p.subject) {
    case 'assessment':
      return `${NOUN.assessment.the} del trámite ${p.title}${p.level === null || p.level === undefined ? '' : ` (nivel ${p.level})`}`;
    case 'plan':
      return `${NOUN.plan.the} ${p.title}`;
    case 'report':
      return `${NOUN.report.the} del ${p.title}`;
  }
}

/** The item as notices list it: "Evaluación de madurez: MINECO-001 · Registro de importadores". */
export const reviewItem = (subject: ReviewSubject, title: string): string =>
  subject === 'report' ? `${NOUN.report.bare} del ${title}` : `${NOUN[subject].bare}: ${title}`;

export interface ReviewWording {
  /** The e-mail's subject and the notice's heading. */
  headline: string;
  /** What happened, in one sentence naming the institution with its article. */
  sentence: string;
  /** What the recipient can do now. */
  action: string;
}

/**
 * What a review notice says, by audience: to the Commission (something waits for review) it names the institution and
 * who sent it; to the institution (a decision) it says what the Commission decided — the comment goes beside it. Never
 * "su …" to someone whose item it is not: the analyst reads "del Ministerio de Economía", the liaison "su plan".
 */
export function reviewWording(p: ReviewNoticePayload, institution: NamedInstitution, submittedOn: string): ReviewWording {
  const noun = NOUN[p.subject];
  const of = institutionPhrase(institution, 'de');
  if (p.outcome === 'submitted') {
    const who = p.actorName ? `${p.actorName}, ${institutionPhrase(institution, 'de')},` : institutionPhrase(institution, '', true);
    return {
      headline: `Por revisar: ${noun.bare.toLowerCase()} ${of} (${p.title})`,
      sentence: `${capital(who)} envió ${thing(p)} el ${submittedOn}. Espera su revisión en la cola de la Comisión.`,
      action:
        p.subject === 'assessment'
          ? 'Compare las respuestas con el registro del trámite y valide o rechace la evaluación.'
          : p.subject === 'plan'
            ? 'Revise el plan y sus hitos, y apruébelo o devuélvalo con un comentario.'
            : 'Revise el informe y acéptelo o devuélvalo con un comentario.',
    };
  }
  const participle = PARTICIPLE[p.outcome] + (noun.feminine ? 'a' : 'o');
  const by = p.actorName ? `La Comisión (${p.actorName})` : 'La Comisión';
  const action: Record<Exclude<ReviewOutcome, 'submitted'>, string> = {
    validated: 'El nivel validado pasa a ser el nivel vigente del trámite y cuenta en su calificación.',
    rejected: 'Corrija la evaluación según el comentario y envíela de nuevo desde la sección Madurez.',
    approved: 'El plan aprobado es el vigente: sus hitos cuentan en la calificación de la institución.',
    returned:
      p.subject === 'plan'
        ? 'Corrija el plan según el comentario y envíelo de nuevo desde la sección Plan.'
        : 'Corrija el informe según el comentario y envíelo de nuevo desde la sección Informes.',
    accepted: 'El informe queda recibido y cuenta en la calificación de la institución.',
  };
  return {
    headline: `${noun.bare} ${participle}: ${p.title}`,
    sentence: `${by} ${VERB[p.outcome]} ${thing(p)} ${of}.`,
    action: action[p.outcome],
  };
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
