import { label, labelCap } from '../../common/glossary/glossary';
import { AUDIENCES } from '../../modules/inventory/rules/inventory.enums';
import { PublicProcedureQuery } from '../../modules/public-api/dto/public-query.dto';
import type { PublicMethodology, PublicProcedureFacets, PublicProcedurePage } from '../../modules/public-api/dto/public-response.dto';
import { checkboxField, errorList, FieldErrors, selectField, textField } from '../forms/form-fields';
import { format, levelText, queryString } from './view-format';

/** Results per page of the search. */
export const SEARCH_PAGE_SIZE = 20;

/** The query the search page asks the public API for: the person's filters, vigent procedures, by name, a page at a time. */
export const searchApiQuery = (q: PublicProcedureQuery): PublicProcedureQuery =>
  Object.assign(new PublicProcedureQuery(), {
    ...q,
    status: 'active',
    sort: 'name',
    limit: SEARCH_PAGE_SIZE,
    prioritized: undefined,
    updatedSince: undefined,
  });

/** The search page: the form (its values kept, messages beside fields) and one page of results. */
export function searchView(
  q: PublicProcedureQuery,
  errors: FieldErrors,
  page: PublicProcedurePage | null,
  facets: PublicProcedureFacets,
  methodology: PublicMethodology | null,
) {
  const model = methodology?.maturityModel ?? null;
  const names = new Map(facets.institutions.map((i) => [i.code, i.name]));
  const fields = {
    q: textField('q', 'Nombre o código del trámite', q.q, errors, {
      hint: 'Sin importar tildes ni mayúsculas; por ejemplo, «licencia sanitaria».',
      type: 'search',
    }),
    filters: [
      selectField(
        'institution',
        'Institución',
        facets.institutions.map((i) => ({ value: i.code, text: i.name })),
        q.institution,
        errors,
        { any: 'Todas las instituciones' },
      ),
      selectField(
        'level',
        'Nivel de madurez',
        (model?.levels ?? []).map((l) => ({ value: String(l.level), text: levelText(model, l.level) })),
        q.level,
        errors,
        { any: 'Todos los niveles' },
      ),
      selectField(
        'audience',
        'Dirigido a',
        AUDIENCES.map((a) => ({ value: a, text: labelCap('audience', a) })),
        q.audience,
        errors,
        { any: 'Todos' },
      ),
      selectField(
        'category',
        'Categoría',
        facets.categories.map((c) => ({ value: c, text: c })),
        q.category,
        errors,
        { any: 'Todas las categorías' },
      ),
      checkboxField('foreignTrade', 'Solo trámites de comercio exterior', q.foreignTrade === true, errors),
    ],
  };
  const kept = {
    q: q.q,
    institution: q.institution,
    level: q.level,
    audience: q.audience,
    category: q.category,
    foreignTrade: q.foreignTrade,
  };
  const searched = Object.values(kept).some((v) => v !== undefined && v !== '');
  const items = page?.items ?? [];
  return {
    fields,
    errors: errorList([fields.q, ...fields.filters]),
    searched,
    shown: items.length,
    first: q.cursor === undefined,
    results: items.map((p) => ({
      name: p.name,
      href: `/transparencia/tramites/${encodeURIComponent(p.institutionCode)}/${encodeURIComponent(p.code)}`,
      institution: names.get(p.institutionCode) ?? p.institutionCode,
      level: levelText(model, p.currentLevel),
      fee: format.gtq(p.feeGtq),
      audience: label('audience', p.audience),
      foreignTrade: p.foreignTrade,
    })),
    next: page?.page.nextCursor ? `/transparencia/buscar${queryString({ ...kept, cursor: page.page.nextCursor })}` : null,
    firstPage: q.cursor !== undefined ? `/transparencia/buscar${queryString(kept)}` : null,
  };
}
