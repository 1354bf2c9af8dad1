import { IsOptional } from 'class-validator';
import { hasFoundingLegalBasis } from '../../modules/inventory/rules/requirement-in-force';
import { capitalise, label, labelCap } from '../../common/glossary/glossary';
import { IsDateOnly } from '../../common/validation/date-only';
import type { PublicProcedureDetail, PublicRequirement } from '../../modules/public-api/dto/public-response.dto';
import { requirementInForce } from '../../modules/inventory/rules/requirement-in-force';
import { FieldErrors } from '../forms/form-fields';
import { format } from './view-format';

/** `?fecha=AAAA-MM-DD` on a procedure page: the day the person applied (default today). */
export class ProcedureDayQuery {
  @IsOptional()
  @IsDateOnly({ message: 'escriba una fecha válida (día, mes y año)' })
  fecha?: string;
}

const prohibitedText = (r: PublicRequirement): string | null =>
  r.prohibited ? ((k) => (k ? labelCap('prohibitedKind', k) : 'Práctica prohibida'))(r.prohibitedKind ?? r.prohibitedPractice?.kind) : null;

/** The requirement's legal basis as a person reads it, and whether it can found a requirement (Art. 5). */
function basis(r: PublicRequirement): { text: string; founded: boolean } {
  if (r.legalBasisType === 'none') return { text: 'Sin base legal', founded: false };
  const text = `${labelCap('legalBasisType', r.legalBasisType)}${r.legalBasisReference ? `: ${r.legalBasisReference}` : ''}`;
  return { text, founded: hasFoundingLegalBasis(r.legalBasisType) };
}

/**
 * "¿Me pueden pedir esto?" on a procedure page: the requirements in force on the day the person applied (the one
 * definition of "in force on a day", inventory/rules), each with its legal basis, who issues it and whether it is a
 * prohibited practice; those that ended on or before that day, with the date and the act; those that started later.
 * Pure: built from the procedure's public detail (current and ended requirements).
 */
export function requirementsOnDayView(
  p: PublicProcedureDetail,
  query: ProcedureDayQuery,
  queryErrors: FieldErrors,
  today: string,
  reportPath: string,
) {
  const errors: FieldErrors = { ...queryErrors };
  let day = query.fecha ?? today;
  if (day > today) {
    errors.fecha = 'La fecha no puede ser posterior a hoy: elija el día en que inició su trámite.';
    day = today;
  }
  if (errors.fecha) day = today;
  const all = [...p.requirements.current, ...p.requirements.eliminated];
  const reportHref = (extra: Record<string, string>) => `${reportPath}?${new URLSearchParams({ fecha: day, ...extra }).toString()}`;
  const inForce = all
    .filter((r) => requirementInForce(r, day))
    .map((r) => {
      const b = basis(r);
      const prohibited = prohibitedText(r);
      return {
        name: r.name,
        evidence: labelCap('evidenceType', r.evidenceType),
        issuer: r.issuer === 'other_institution' && r.issuerInstitution ? r.issuerInstitution : capitalise(label('issuer', r.issuer)),
        legalBasis: b.text,
        unfounded: !b.founded,
        prohibited,
        interoperable: r.obtainableByInteroperability,
        from: format.date(r.effectiveFrom),
        until: r.effectiveTo ? format.date(r.effectiveTo) : null,
        reportHref: prohibited || !b.founded ? reportHref({ tipo: 'prohibited', requisito: r.id }) : null,
      };
    });
  const ended = all
    .filter((r) => r.effectiveTo !== null && r.effectiveTo <= day)
    .map((r) => ({ name: r.name, until: format.date(r.effectiveTo), act: r.endedByAct, status: labelCap('requirementStatus', r.status) }));
  const later = all.filter((r) => r.effectiveFrom > day).map((r) => ({ name: r.name, from: format.date(r.effectiveFrom) }));
  return {
    value: query.fecha && !errors.fecha ? query.fecha : day,
    error: errors.fecha ?? null,
    isToday: day === today,
    dayText: format.date(day),
    today,
    inForce,
    anyWarning: inForce.some((r) => r.prohibited || r.unfounded),
    ended,
    later,
    reportNotListedHref: reportHref({ tipo: 'not_listed' }),
  };
}
