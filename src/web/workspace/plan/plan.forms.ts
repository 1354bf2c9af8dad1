import { entries, labelCap } from '../../../common/glossary/glossary';
import { EDITABLE_MILESTONE_STATUSES, MilestoneResponse } from '../../../modules/inventory/plans/dto/milestone.dto';
import type { PlanResponse } from '../../../modules/inventory/plans/dto/plan.dto';
import { Field, FieldErrors, selectField, textField } from '../../forms/form-fields';
import { FieldKind } from '../forms';

/** The plan form (CreatePlanDto / UpdatePlanDto). */
export const PLAN_FORM: Record<string, FieldKind> = { title: 'text', periodStart: 'date', periodEnd: 'date', budgetGtq: 'money' };
/** The milestone form (CreateMilestoneDto); editing adds `status`. */
export const MILESTONE_FORM: Record<string, FieldKind> = { kind: 'text', target: 'text', dueDate: 'date', procedureId: 'text' };
export const MILESTONE_EDIT_FORM: Record<string, FieldKind> = { ...MILESTONE_FORM, status: 'text' };
/** Marking a milestone done (CompleteMilestoneDto). */
export const COMPLETE_FORM: Record<string, FieldKind> = { completedOn: 'date', evidence: 'text' };

type Values = Record<string, unknown>;
const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

export const PLAN_LABELS: Record<string, string> = {
  title: 'Título del plan',
  periodStart: 'Inicio del periodo',
  periodEnd: 'Fin del periodo',
  budgetGtq: 'Presupuesto (quetzales)',
};
export const MILESTONE_LABELS: Record<string, string> = {
  kind: 'Tipo de hito',
  target: 'Meta',
  dueDate: 'Fecha límite',
  procedureId: 'Trámite',
  status: 'Avance',
};

export function planFields(v: Values, errors: FieldErrors, opts: { revision?: number } = {}): Field[] {
  return [
    textField('title', PLAN_LABELS.title, v.title, errors, { hint: 'Por ejemplo: Plan de simplificación de trámites 2026.' }),
    textField('periodStart', PLAN_LABELS.periodStart, v.periodStart, errors, {
      type: 'date',
      hint: opts.revision && opts.revision > 1 ? 'Una revisión conserva la fecha de inicio del plan original.' : null,
    }),
    textField('periodEnd', PLAN_LABELS.periodEnd, v.periodEnd, errors, { type: 'date', hint: 'Posterior al inicio.' }),
    textField('budgetGtq', PLAN_LABELS.budgetGtq, v.budgetGtq, errors, {
      hint: 'Para software y hardware. Vacío si no se conoce.',
      width: '10',
    }),
  ];
}

export const planValues = (p: PlanResponse): Values => ({
  title: p.title,
  periodStart: p.periodStart,
  periodEnd: p.periodEnd,
  budgetGtq: p.budgetGtq,
});

const kinds = () => entries('milestoneKind').map((e) => ({ value: e.code as string, text: labelCap('milestoneKind', e.code) }));

export function milestoneFields(
  v: Values,
  errors: FieldErrors,
  procedures: Array<{ value: string; text: string }>,
  editing: boolean,
): Field[] {
  const fields = [
    selectField('kind', MILESTONE_LABELS.kind, kinds(), v.kind ?? 'raise_level', errors),
    textField('target', MILESTONE_LABELS.target, v.target, errors, {
      hint: 'Qué se logrará, en palabras. Por ejemplo: Licencia sanitaria en nivel 4 (pago y resolución en línea).',
    }),
    textField('dueDate', MILESTONE_LABELS.dueDate, v.dueDate, errors, { type: 'date', hint: 'Dentro del periodo del plan.' }),
    selectField('procedureId', MILESTONE_LABELS.procedureId, procedures, v.procedureId ?? '', errors, { any: 'Ninguno en particular' }),
  ];
  if (editing) {
    fields.push(
      selectField(
        'status',
        MILESTONE_LABELS.status,
        EDITABLE_MILESTONE_STATUSES.map((s) => ({ value: s, text: labelCap('milestoneStatus', s) })),
        v.status ?? 'pending',
        errors,
        {
          hint: 'Para marcarlo cumplido use «Marcar cumplido», con su fecha y evidencia.',
        },
      ),
    );
  }
  return fields;
}

export const milestoneValues = (m: MilestoneResponse): Values => ({
  kind: m.kind,
  target: m.target,
  dueDate: m.dueDate,
  procedureId: m.procedureId ?? '',
  status: m.status,
});

export function completeFields(v: Values, errors: FieldErrors): Field[] {
  return [
    textField('completedOn', 'Fecha de cumplimiento', v.completedOn, errors, {
      type: 'date',
      hint: 'No posterior a hoy. Si es posterior a la fecha límite, queda registrado como cumplido con retraso.',
    }),
    {
      ...textField('evidence', 'Evidencia', v.evidence, errors, {
        hint: 'Qué lo demuestra: el enlace al documento o publicación (https://…) o, si adjunta un archivo abajo, una breve descripción (por ejemplo, el número de acuerdo).',
      }),
      type: 'textarea',
    },
  ];
}

/** Both versions side by side for the conflict page (what the person typed and what is stored). */
export function conflictRows(labels: Record<string, string>, mine: Values, theirs: Values, show: (name: string, v: unknown) => string) {
  return Object.keys(labels)
    .filter((k) => k in mine)
    .map((name) => {
      const a = show(name, text(mine[name]).trim());
      const b = show(name, theirs[name]);
      return { label: labels[name], mine: a, theirs: b, differs: a !== b };
    });
}
