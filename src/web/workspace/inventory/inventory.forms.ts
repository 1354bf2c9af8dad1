import { entries } from '../../../common/glossary/glossary';
import type { ProcedureResponse } from '../../../modules/inventory/procedures/dto/procedure.dto';
import type { RequirementResponse } from '../../../modules/inventory/procedures/requirements/dto/requirement.dto';
import { checkboxField, Field, FieldErrors, selectField, textField } from '../../forms/form-fields';
import { FieldKind } from '../forms';

/** The procedure form's fields and how each reads into CreateProcedureDto / UpdateProcedureDto. */
export const PROCEDURE_FORM: Record<string, FieldKind> = {
  code: 'text',
  name: 'text',
  description: 'text',
  output: 'text',
  audience: 'text',
  category: 'text',
  channels: 'list',
  onlineUrl: 'text',
  formsUrl: 'text',
  feeGtq: 'money',
  legalBasis: 'text',
  legalMaxDays: 'int',
  actualMedianDays: 'int',
  annualVolume: 'int',
  inPersonVisits: 'int',
  foreignTrade: 'bool',
  prioritized: 'bool',
};

/** The requirement form's fields (CreateRequirementDto). */
export const REQUIREMENT_FORM: Record<string, FieldKind> = {
  name: 'text',
  evidenceType: 'text',
  issuer: 'text',
  issuerInstitution: 'text',
  legalBasisType: 'text',
  legalBasisReference: 'text',
  prohibitedKind: 'text',
  obtainableByInteroperability: 'bool',
  effectiveFrom: 'date',
};

type Values = Record<string, string | string[] | boolean | number | null | undefined>;

const str = (v: unknown): string => (v === null || v === undefined ? '' : Array.isArray(v) ? '' : String(v));
const choices = (group: Parameters<typeof entries>[0]) =>
  entries(group).map((e) => ({ value: e.code as string, text: e.label.charAt(0).toLocaleUpperCase('es') + e.label.slice(1) }));

/** A group of checkboxes (GOV.UK markup): the field's options with `selected` meaning checked. */
export function checkboxesField(
  name: string,
  label: string,
  group: Parameters<typeof entries>[0],
  values: unknown,
  errors: FieldErrors,
  hint: string | null = null,
): Field {
  const set = new Set(Array.isArray(values) ? values.map(String) : []);
  return {
    id: `f-${name}`,
    name,
    label,
    hint,
    error: errors[name] ?? null,
    value: '',
    type: 'checkboxes',
    options: choices(group).map((c) => ({ ...c, selected: set.has(c.value) })),
    checked: false,
    width: null,
  };
}

/** The procedure's fields, filled with what was typed (or the stored values), with the messages beside each. */
export function procedureFields(v: Values, errors: FieldErrors): Field[] {
  return [
    textField('code', 'Código', v.code, errors, {
      hint: 'Único en su institución: letras, dígitos, «.», «-» o «_» (por ejemplo MINECO-001).',
      width: '20',
    }),
    textField('name', 'Nombre del trámite', v.name, errors),
    {
      ...textField('description', 'Descripción', v.description, errors, { hint: 'Qué es y para qué sirve, en palabras del ciudadano.' }),
      type: 'textarea',
    },
    textField('output', 'Resultado que obtiene la persona', v.output, errors, {
      hint: 'Por ejemplo: constancia de inscripción, licencia.',
    }),
    selectField('audience', 'Dirigido a', choices('audience'), v.audience ?? 'both', errors),
    textField('category', 'Categoría', v.category, errors, { hint: 'Por ejemplo: Comercio exterior, Salud.' }),
    checkboxesField('channels', 'Canales de atención', 'channel', v.channels, errors),
    textField('onlineUrl', 'Dirección del trámite en línea', v.onlineUrl, errors, {
      type: 'url',
      hint: 'Con https://. Déjela vacía si no se puede hacer en línea.',
    }),
    textField('formsUrl', 'Dirección de los formularios', v.formsUrl, errors, { type: 'url' }),
    textField('feeGtq', 'Costo en quetzales', v.feeGtq, errors, { hint: '«0» si es gratuito; vacío si no se conoce.', width: '10' }),
    { ...textField('legalBasis', 'Base legal del trámite', v.legalBasis, errors), type: 'textarea' },
    textField('legalMaxDays', 'Plazo legal de resolución (días)', v.legalMaxDays, errors, { hint: 'Vacío si no se conoce.', width: '4' }),
    textField('actualMedianDays', 'Tiempo real de resolución (mediana, días)', v.actualMedianDays, errors, {
      hint: 'Vacío si no se conoce.',
      width: '4',
    }),
    textField('annualVolume', 'Solicitudes al año', v.annualVolume, errors, { hint: 'Vacío si no se conoce.', width: '10' }),
    textField('inPersonVisits', 'Visitas presenciales necesarias', v.inPersonVisits, errors, {
      hint: 'Cuántas veces debe presentarse la persona; vacío si no se conoce.',
      width: '4',
    }),
    checkboxField('foreignTrade', 'Relacionado con comercio exterior', v.foreignTrade === true || v.foreignTrade === 'true', errors),
    checkboxField('prioritized', 'Priorizado para simplificación', v.prioritized === true || v.prioritized === 'true', errors),
  ];
}

/** The stored procedure as form values. */
export const procedureValues = (p: ProcedureResponse): Values => ({
  code: p.code,
  name: p.name,
  description: p.description,
  output: p.output,
  audience: p.audience,
  category: p.category,
  channels: p.channels,
  onlineUrl: p.onlineUrl,
  formsUrl: p.formsUrl,
  feeGtq: p.feeGtq,
  legalBasis: p.legalBasis,
  legalMaxDays: p.legalMaxDays,
  actualMedianDays: p.actualMedianDays,
  annualVolume: p.annualVolume,
  inPersonVisits: p.inPersonVisits,
  foreignTrade: p.foreignTrade,
  prioritized: p.prioritized,
});

export function requirementFields(v: Values, errors: FieldErrors): Field[] {
  return [
    textField('name', 'Nombre del requisito', v.name, errors, { hint: 'Por ejemplo: Documento Personal de Identificación (DPI).' }),
    selectField('evidenceType', 'Tipo de evidencia', choices('evidenceType'), v.evidenceType ?? 'document', errors),
    selectField('issuer', 'Quién emite el documento', choices('issuer'), v.issuer ?? 'applicant', errors),
    textField('issuerInstitution', 'Institución emisora', v.issuerInstitution, errors, {
      hint: 'Obligatoria cuando lo emite otra institución (por ejemplo RENAP).',
    }),
    selectField('legalBasisType', 'Tipo de base legal', choices('legalBasisType'), v.legalBasisType ?? 'none', errors),
    textField('legalBasisReference', 'Referencia legal', v.legalBasisReference, errors, {
      hint: 'Por ejemplo: Decreto 90-97, Código de Salud, artículo 130.',
    }),
    selectField('prohibitedKind', 'Práctica prohibida por la ley', choices('prohibitedKind'), v.prohibitedKind ?? '', errors, {
      any: 'Ninguna',
      hint: 'Si el requisito es una de las prácticas que el Decreto 5-2021 prohíbe, cuál.',
    }),
    checkboxField(
      'obtainableByInteroperability',
      'La institución puede obtenerlo de otra entidad (interoperabilidad)',
      v.obtainableByInteroperability === true || v.obtainableByInteroperability === 'true',
      errors,
    ),
    textField('effectiveFrom', 'Se exige desde', v.effectiveFrom, errors, { type: 'date', hint: 'Vacío: desde hoy.' }),
  ];
}

/** A requirement as a row of the procedure page. */
export const requirementRow = (r: RequirementResponse) => ({ ...r, effectiveTo: r.effectiveTo ?? null });
export { str };
