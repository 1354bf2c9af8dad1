import type { Channel } from './inventory.enums';

/** The procedure's record as the review compares it with what an assessment declares. */
export interface ReviewedRecord {
  channels: readonly Channel[];
  onlineUrl: string | null;
  formsUrl: string | null;
  formsFree: boolean | null;
  /** GTQ as text ("25.00"); null: unknown. */
  feeGtq: string | null;
  inPersonVisits: number | null;
}

/** What the liaison declared: the answers to the criteria, the resulting level and the evidence. */
export interface DeclaredAssessment {
  answers: Readonly<Record<string, boolean>>;
  resultingLevel: number;
  evidenceUrl: string | null;
  evidenceNote: string | null;
  hasEvidenceFile: boolean;
}

export interface ReviewWarning {
  code: string;
  message: string;
}

/** Criteria that claim something a person can see online: a link or a file must show it (a note alone cannot be checked). */
export const CRITERIA_NEEDING_VISIBLE_EVIDENCE: Readonly<Record<string, string>> = {
  online_filing: 'la solicitud se puede presentar en línea',
  online_payment: 'el pago se realiza en línea',
  online_tracking: 'el estado del trámite se puede seguir en línea',
  forms_online_free: 'los formularios están en línea y son gratuitos',
};

/** Amounts in GTQ written in a note: "Q 25.00", "Q25", "GTQ 1,250.50", "25 quetzales". */
export function feesInText(text: string | null): number[] {
  if (!text) return [];
  const out: number[] = [];
  const re =
    /(?:\bGTQ\s*|\bQ\.?\s*)(\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)|(\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)\s*quetzal(?:es)?\b/gi;
  for (const m of text.matchAll(re)) out.push(Number((m[1] ?? m[2]).replace(/,/g, '')));
  return out;
}

const gtq = (n: number) => `Q ${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/**
 * What an assessment declares that the procedure's record contradicts (or does not show), for the analyst reviewing it.
 * Pure; one warning per rule, in a fixed order. Unknown figures never count as zero: an unknown visit count raises no
 * visit warning, an unknown fee is reported as unknown, not as a mismatch against Q 0.00.
 */
export function reviewWarnings(a: DeclaredAssessment, p: ReviewedRecord): ReviewWarning[] {
  const w: ReviewWarning[] = [];
  const says = (key: string) => a.answers[key] === true;

  if (says('online_filing') && !p.onlineUrl) {
    w.push({
      code: 'online_without_url',
      message: 'Declara que la solicitud se presenta en línea, pero el registro del trámite no tiene la dirección del trámite en línea.',
    });
  }
  if (says('online_filing') && !p.channels.includes('online')) {
    w.push({
      code: 'online_without_channel',
      message: 'Declara que la solicitud se presenta en línea, pero «en línea» no figura entre los canales del trámite.',
    });
  }
  if ((a.resultingLevel >= 4 || says('no_visit')) && p.inPersonVisits !== null && p.inPersonVisits > 0) {
    w.push({
      code: 'visits_declared_none',
      message: `Declara ${a.resultingLevel >= 4 ? `nivel ${a.resultingLevel} (sin visitas)` : 'que no se requiere ninguna visita'}, pero el registro del trámite tiene ${p.inPersonVisits} ${p.inPersonVisits === 1 ? 'visita presencial' : 'visitas presenciales'}.`,
    });
  }
  if (says('forms_online_free') && (!p.formsUrl || p.formsFree === false)) {
    w.push({
      code: 'forms_not_in_record',
      message: !p.formsUrl
        ? 'Declara formularios gratuitos en línea, pero el registro del trámite no tiene la dirección de los formularios.'
        : 'Declara formularios gratuitos en línea, pero el registro del trámite los marca como no gratuitos.',
    });
  }
  const declaredFees = [...new Set(feesInText(a.evidenceNote))];
  if (declaredFees.length) {
    const registered = p.feeGtq === null ? null : Number(p.feeGtq);
    const differing = declaredFees.filter((f) => registered === null || Math.abs(f - registered) >= 0.005);
    if (differing.length) {
      w.push({
        code: 'fee_differs',
        message:
          registered === null
            ? `La evidencia declara un costo de ${differing.map(gtq).join(' / ')}, pero el registro del trámite no tiene costo (sin dato).`
            : `La evidencia declara un costo de ${differing.map(gtq).join(' / ')}; el costo registrado del trámite es ${gtq(registered)}.`,
      });
    }
  }
  const unseen = Object.keys(CRITERIA_NEEDING_VISIBLE_EVIDENCE).filter((k) => says(k));
  if (unseen.length && !a.evidenceUrl && !a.hasEvidenceFile) {
    w.push({
      code: 'evidence_missing',
      message: `Declara que ${unseen.map((k) => CRITERIA_NEEDING_VISIBLE_EVIDENCE[k]).join(', ')}, sin un enlace ni un archivo que lo muestre${a.evidenceNote ? ' (solo una nota)' : ''}.`,
    });
  }
  return w;
}
