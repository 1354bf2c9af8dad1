import type { MilestoneKind, ProhibitedKind } from '../modules/inventory/rules/inventory.enums';
import { spanishDate } from './calendar';

/** The words of the demo: what liaisons, analysts and plans say, in Spanish. */

const LEVEL_GOALS: Record<number, string> = {
  1: 'información completa publicada en línea (nivel 1)',
  2: 'formularios gratuitos publicados en línea (nivel 2)',
  3: 'solicitud en línea (nivel 3)',
  4: 'completamente en línea: pago, notificación y resultado electrónicos (nivel 4)',
  5: 'integrado: documentos del Estado por interoperabilidad y firma electrónica avanzada (nivel 5)',
};

export const raiseTarget = (procedure: string, level: number) => `«${procedure}»: ${LEVEL_GOALS[level] ?? `nivel ${level}`}`;

export function raiseEvidence(level: number, validatedOn: string, formsUrl: string | null): string {
  if (level === 2 && formsUrl)
    return `Formularios publicados en ${formsUrl}; evaluación de madurez validada el ${spanishDate(validatedOn)}`;
  return `Evaluación de madurez validada el ${spanishDate(validatedOn)}`;
}

export const raiseAction = (procedure: string, level: number) =>
  ({
    3: `Ventanilla electrónica para presentar la solicitud de «${procedure}»`,
    4: `Pago en línea, notificaciones por correo y entrega electrónica del resultado de «${procedure}»`,
    5: `Consulta por interoperabilidad de los documentos que emite el Estado y firma electrónica avanzada en «${procedure}»`,
  })[level] ?? `Mejora de la atención de «${procedure}»`;

export const raiseBenefit = (level: number) =>
  ({
    3: 'La solicitud se presenta desde cualquier lugar, sin hacer fila',
    4: 'El trámite completo se hace sin visitar ninguna oficina',
    5: 'Ya no se piden documentos que el Estado tiene',
  })[level] ?? 'Mejor información para quien hace el trámite';

export const reduceTarget = (procedure: string, from: number, to: number) =>
  `Reducir de ${from} a ${to} días el plazo real de «${procedure}»`;
export const reduceAction = (procedure: string) =>
  `Revisión en paralelo de los expedientes de «${procedure}» y redistribución de cargas de trabajo`;

export function requirementTarget(
  kind: MilestoneKind,
  requirement: string,
  procedure: string,
  issuer: string | null,
  replacement?: string,
): string {
  if (kind === 'interoperate') return `Obtener por interoperabilidad${issuer ? ` con ${issuer}` : ''} «${requirement}» en «${procedure}»`;
  if (replacement) return `Sustituir «${requirement}» por «${replacement}» en «${procedure}»`;
  return `Eliminar el requisito «${requirement}» de «${procedure}»`;
}

export const requirementEvidence = (kind: MilestoneKind, issuer: string | null) =>
  kind === 'interoperate'
    ? `Consulta en línea${issuer ? ` a ${issuer}` : ''} habilitada; convenio de intercambio de información firmado`
    : 'Resolución que suprime el requisito; ficha del trámite y formulario actualizados';

export function requirementAction(kind: MilestoneKind, requirement: string, issuer: string | null): string {
  if (kind === 'interoperate') return `Consulta en línea${issuer ? ` a ${issuer}` : ''} en lugar de pedir «${requirement}»`;
  return `Se dejó de pedir «${requirement}»`;
}

const BENEFITS: Record<ProhibitedKind, string> = {
  sworn_declaration: 'Se elimina una declaración jurada y su costo notarial (Decreto 5-2021)',
  notarised_signature: 'Se ahorran los honorarios del notario: la ley presume la buena fe',
  same_institution_document: 'Ya no se pide un documento que la misma institución emite (art. 13)',
  police_report_for_loss: 'Ya no se exige una denuncia policial por extravío',
  apostille_translation: 'Ya no se exige traducir el sello de apostilla',
  rejection_fee: 'Ya no se cobra por rechazar un expediente',
};

export const requirementBenefit = (kind: ProhibitedKind | null) =>
  kind ? BENEFITS[kind] : 'Un requisito menos para quien hace el trámite';

export const mergeTarget = (procedure: string) => `Fusionar «${procedure}» con el trámite que ya cubre el mismo servicio`;
export const eliminateProcedureTarget = (procedure: string) =>
  `Eliminar el trámite «${procedure}», innecesario desde que la información se obtiene por otros medios`;

export const VALIDATION_COMMENTS = [
  'Verificado en el portal institucional.',
  'Se presentó una solicitud de prueba con éxito.',
  'Comprobado de principio a fin con un expediente de prueba.',
  'Conforme con la evidencia presentada.',
  'Verificado; la ficha pública coincide con lo declarado.',
] as const;

export function rejection(level: number): string {
  return (
    {
      1: 'La ficha publicada no indica el costo ni el plazo del trámite. Complete la información y vuelva a enviar.',
      2: 'El formulario publicado tiene costo o exige registrarse para descargarlo; no cumple «formularios en línea y gratuitos».',
      3: 'El enlace lleva a un formulario que debe imprimirse y entregarse en ventanilla: la solicitud todavía no se presenta en línea.',
      4: 'El pago se hace en agencia bancaria y el resultado se recoge en ventanilla; el trámite aún no está completamente en línea.',
      5: 'Se siguen pidiendo documentos que el Estado ya tiene; no se cumple el criterio de interoperabilidad.',
    }[level] ?? 'La evidencia no demuestra los criterios declarados.'
  );
}

export function evidenceNote(level: number): string {
  return (
    {
      1: 'Descripción, requisitos, costo, plazo y base legal publicados en la ficha del trámite.',
      2: 'Formularios publicados en PDF editable, de descarga gratuita.',
      3: 'La solicitud se presenta en la ventanilla electrónica; el pago y la entrega siguen siendo presenciales.',
      4: 'Solicitud, pago en línea, notificaciones por correo y resultado con firma electrónica, sin visitas.',
      5: 'Los documentos que emite el Estado se consultan por interoperabilidad; se acepta la firma electrónica avanzada y el seguimiento es en línea.',
    }[level] ?? 'Evidencia adjunta.'
  );
}

export const PLAN_RETURN_COMMENTS = [
  'Indique fechas límite para cada trámite priorizado y el presupuesto desglosado de software y equipo.',
  'El plan no incluye la eliminación de los requisitos prohibidos que reporta el inventario. Agréguelos y vuelva a enviarlo.',
  'Faltan hitos verificables: cada hito debe nombrar el trámite, la meta y la evidencia esperada.',
] as const;

export const REPORT_RETURN_COMMENTS = [
  'El informe no explica el retraso de los hitos vencidos ni indica las nuevas fechas. Complételo y reenvíelo.',
  'Adjunte la evidencia de los hitos que reporta como cumplidos.',
  'El informe repite el del trimestre anterior; describa el avance de este trimestre.',
] as const;

export const REPORT_ACCEPT_COMMENTS = [
  'Conforme.',
  'Conforme; buen avance en los trámites priorizados.',
  'Recibido. Priorice los hitos vencidos el próximo trimestre.',
] as const;

export const OTHER_MILESTONES = [
  'Publicar el inventario actualizado de trámites en el portal institucional',
  'Capacitar al personal de ventanilla en la atención de trámites electrónicos',
  'Conformar el comité de simplificación y designar a sus enlaces',
  'Aprobar el manual de procedimientos simplificados',
  'Habilitar el pago electrónico mediante la pasarela de pagos del Estado',
  'Integrar la ventanilla electrónica con el expediente electrónico institucional',
] as const;

const ORDINAL = ['primer', 'segundo', 'tercer', 'cuarto'];

/** A quarterly report written from what the institution achieved in the quarter. */
export function reportContent(
  year: number,
  quarter: number,
  achieved: ReadonlyArray<{ kind: MilestoneKind; summary: string }>,
  openAfter: number,
): string {
  const by = (kinds: MilestoneKind[]) => achieved.filter((a) => kinds.includes(a.kind)).map((a) => a.summary);
  const list = (items: string[]) => (items.length <= 3 ? items.join('; ') : `${items.slice(0, 3).join('; ')} y ${items.length - 3} más`);
  const parts = [`Informe del ${ORDINAL[quarter - 1]} trimestre de ${year}.`];
  const levels = by(['raise_level', 'publish_form']);
  const removed = by(['eliminate_requirement', 'interoperate']);
  const faster = by(['reduce_time']);
  const other = by(['other']);
  if (levels.length) parts.push(`Se validaron ${levels.length} mejoras de nivel de madurez: ${list(levels)}.`);
  if (removed.length) parts.push(`Se eliminaron o sustituyeron ${removed.length} requisitos: ${list(removed)}.`);
  if (faster.length) parts.push(`Se redujo el plazo real: ${list(faster)}.`);
  if (other.length) parts.push(`Otros avances: ${list(other)}.`);
  if (parts.length === 1)
    parts.push('No hubo cambios validados en el inventario este trimestre; el equipo trabajó en el diseño de las mejoras del plan.');
  parts.push(
    openAfter
      ? `Quedan ${openAfter} hitos del plan por cumplir en los próximos trimestres.`
      : 'No quedan hitos pendientes en el plan vigente.',
  );
  return parts.join(' ');
}
