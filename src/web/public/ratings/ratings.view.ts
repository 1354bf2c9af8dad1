import { capitalise, entries } from '../../../common/glossary/glossary';
import type { CommentRow, RatedProcedureRow } from '../../../modules/ratings/ratings.sql';
import type { RatingSummary } from '../../../modules/ratings/ratings.service';
import { COMMENT_MAX_LENGTH } from '../../../modules/ratings/rating-rules';
import type { FieldErrors } from '../../forms/form-fields';
import type { FormProtection } from '../anonymous-forms/anonymous-forms.service';
import { format } from '../view-format';

/** The words of each mark, 1 to 5. */
export const MARK_WORDS = ['', 'Muy mal', 'Mal', 'Regular', 'Bien', 'Muy bien'];

const MARKS: Array<{ name: 'overall' | 'clarity' | 'timeTaken' | 'treatment'; legend: string; hint: string | null }> = [
  { name: 'overall', legend: 'En general, ¿cómo califica el trámite?', hint: null },
  { name: 'clarity', legend: '¿Qué tan claros fueron los requisitos?', hint: 'Si sabía qué llevar antes de empezar.' },
  { name: 'timeTaken', legend: '¿Qué le pareció el tiempo que tomó?', hint: null },
  { name: 'treatment', legend: '¿Cómo fue el trato que recibió?', hint: null },
];

/** Path of a procedure's public page, and of its rating form's action. */
export const procedurePath = (institutionCode: string, procedureCode: string) =>
  `/transparencia/tramites/${encodeURIComponent(institutionCode)}/${encodeURIComponent(procedureCode)}`;
export const ratePath = (institutionCode: string, procedureCode: string) => `${procedurePath(institutionCode, procedureCode)}/valorar`;

export interface RatingFormValues {
  overall?: string;
  clarity?: string;
  timeTaken?: string;
  treatment?: string;
  channel?: string;
  comment?: string;
}

const id = (name: string) => `valorar-${name}`;

/** The rating form as the `ratings/form` partial draws it: radios in fieldsets, messages beside fields, an error summary. */
export function ratingForm(
  p: Pick<RatedProcedureRow, 'institution_code' | 'code'>,
  protection: FormProtection,
  values: RatingFormValues = {},
  errors: FieldErrors = {},
  summary: string | null = null,
) {
  const radios = MARKS.map((m) => ({
    id: id(m.name),
    name: m.name,
    legend: m.legend,
    hint: m.hint,
    error: errors[m.name] ?? null,
    options: [1, 2, 3, 4, 5].map((n) => ({ value: String(n), text: `${n} · ${MARK_WORDS[n]}`, selected: values[m.name] === String(n) })),
  }));
  const channel = {
    id: id('channel'),
    name: 'channel',
    legend: '¿Por qué canal hizo el trámite?',
    hint: null,
    error: errors.channel ?? null,
    options: entries('channel').map((c) => ({
      value: c.code,
      text: capitalise(c.label),
      selected: values.channel === c.code,
    })),
  };
  const comment = {
    id: id('comment'),
    name: 'comment',
    label: 'Comentario (opcional)',
    hint: `Hasta ${format.integer(COMMENT_MAX_LENGTH)} caracteres. Se publica después de que la Comisión lo revise. No escriba su nombre, teléfono, correo ni número de DPI o NIT: si lo hace, se borran antes de guardarlo.`,
    error: errors.comment ?? null,
    value: values.comment ?? '',
    type: 'textarea',
    rows: 4,
  };
  const order = ['overall', 'clarity', 'timeTaken', 'treatment', 'channel', 'comment'];
  const errorList = order
    .filter((f) => errors[f])
    .map((f) => ({
      href: f === 'comment' ? `#${id(f)}` : `#${id(f)}-${f === 'channel' ? channel.options[0].value : '1'}`,
      text: errors[f],
    }));
  return {
    action: ratePath(p.institution_code, p.code),
    protection,
    summary,
    errors: errorList,
    radios,
    channel,
    comment,
  };
}

const mean = (v: number | null) => (v === null ? 'sin dato' : format.decimal(Math.round(v * 10) / 10));

/** `?comentarios=` as a page number of published comments: 1 when absent or not a whole number from 1. */
export const commentsPageParam = (raw: unknown): number => {
  const n = typeof raw === 'string' && /^\d{1,4}$/.test(raw) ? Number(raw) : 1;
  return n >= 1 ? n : 1;
};

/**
 * The aggregate and one page of the published comments, as the `ratings/procedure-ratings` partial shows them: which
 * ones of how many, and links (plain links, no JavaScript) to the more recent and the older ones.
 */
export function ratingsSummaryView(
  summary: RatingSummary,
  comments: { items: CommentRow[]; total: number },
  pager: { page: number; size: number; href: (page: number) => string } = { page: 1, size: comments.items.length, href: () => '' },
) {
  const first = (pager.page - 1) * pager.size + 1;
  const last = first + comments.items.length - 1;
  const pages = Math.max(1, Math.ceil(comments.total / Math.max(1, pager.size)));
  return {
    n: summary.n,
    count: summary.n === 1 ? '1 valoración' : `${format.integer(summary.n)} valoraciones`,
    overall: mean(summary.overall),
    dimensions: [
      { text: 'Claridad de los requisitos', value: mean(summary.clarity) },
      { text: 'Tiempo que tomó', value: mean(summary.timeTaken) },
      { text: 'Trato recibido', value: mean(summary.treatment) },
    ],
    comments: comments.items.map((c) => ({
      date: format.date(c.created_at),
      overall: `${c.overall} de 5 (${MARK_WORDS[c.overall].toLowerCase()})`,
      text: c.comment ?? '',
      reply: c.reply,
      replyDate: c.replied_at ? format.date(c.replied_at) : null,
    })),
    commentsShown:
      comments.total > comments.items.length
        ? `Comentarios ${format.integer(first)} a ${format.integer(last)} de ${format.integer(comments.total)}, del más reciente al más antiguo.`
        : null,
    commentPages:
      pages > 1
        ? {
            previous: pager.page > 1 ? `${pager.href(pager.page - 1)}#comentarios` : null,
            next: pager.page < pages ? `${pager.href(pager.page + 1)}#comentarios` : null,
          }
        : null,
  };
}
