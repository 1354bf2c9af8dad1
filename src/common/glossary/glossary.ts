import type { Role } from '../auth/roles';
import type { Coverage, InstitutionType } from '../../modules/institutions/entities/institution.entity';
import type {
  ActionType,
  AssessmentStatus,
  Audience,
  Channel,
  EvidenceType,
  Issuer,
  LegalBasisType,
  MilestoneKind,
  MilestoneStatus,
  PlanStatus,
  ProcedureStatus,
  ProhibitedKind,
  RequirementStatus,
  ReviewStatus,
} from '../../modules/inventory/rules/inventory.enums';
import type { FindingKind, FindingSource } from '../../modules/findings/finding-rules';
import type { DeclaredLevelStatus } from '../../modules/inventory/rules/maturity-level';
import type { ReminderKind } from '../../modules/notifications/entities/reminder-rule.entity';
import type { NotificationStatus } from '../../modules/notifications/entities/notification.entity';
import type { InstitutionComponent, ProcedureComponent } from '../../modules/scoring/methodology';
import type { OverdueKind } from '../../modules/commission-desk/desk-rules';
import type { AuditedEntity } from '../../events/entity-effects';

/**
 * The one Spanish glossary: every code a person can meet (API values are English and stable; people read these).
 * Pages, e-mails, spreadsheets, API messages and the open-data dictionary all translate through it; nothing else
 * keeps a label map.
 *
 * - `label`: the word as written in running text (lower case unless it is a name); pages capitalise it where it
 *   starts a cell or a heading (`labelCap`).
 * - `word`: the token a spreadsheet cell carries (import and export), where the code can be typed in a sheet.
 * - `description`: what it means, for help texts, the methodology and the data dictionary.
 */
export interface Term {
  label: string;
  word?: string;
  description?: string;
}

type Terms<T extends string> = Record<T, Term>;

const institutionType = {
  ministry: { label: 'ministerio' },
  secretariat: { label: 'secretaría' },
  decentralized: { label: 'entidad descentralizada' },
  autonomous: { label: 'entidad autónoma' },
  municipality: { label: 'municipalidad' },
  other: { label: 'otra' },
} satisfies Terms<InstitutionType>;

const coverage = {
  bound: { label: 'obligada por la ley', description: 'Dependencia del Organismo Ejecutivo: la ley la obliga (art. 2).' },
  opted_in: { label: 'adherida voluntariamente', description: 'Se adhirió por decisión de su máxima autoridad (art. 2).' },
} satisfies Terms<Coverage>;

const audience = {
  person: { label: 'personas', word: 'persona' },
  business: { label: 'empresas', word: 'empresa' },
  both: { label: 'personas y empresas', word: 'ambos' },
} satisfies Terms<Audience>;

const channel = {
  in_person: { label: 'presencial', word: 'presencial' },
  online: { label: 'en línea', word: 'en_linea' },
  phone: { label: 'teléfono', word: 'telefono' },
  mail: { label: 'correo', word: 'correo' },
  kiosk: { label: 'quiosco', word: 'kiosco' },
} satisfies Terms<Channel>;

const procedureStatus = {
  active: { label: 'vigente', word: 'vigente' },
  eliminated: { label: 'eliminado', word: 'eliminado' },
  merged: { label: 'fusionado', word: 'fusionado' },
} satisfies Terms<ProcedureStatus>;

const evidenceType = {
  document: { label: 'documento', word: 'documento' },
  form: { label: 'formulario', word: 'formulario' },
  payment_receipt: { label: 'comprobante de pago', word: 'comprobante_pago' },
  certificate: { label: 'certificado', word: 'certificado' },
  identification: { label: 'identificación', word: 'identificacion' },
  photo: { label: 'fotografía', word: 'fotografia' },
  inspection: { label: 'inspección', word: 'inspeccion' },
  other: { label: 'otro', word: 'otro' },
} satisfies Terms<EvidenceType>;

const issuer = {
  applicant: { label: 'el propio usuario', word: 'usuario' },
  same_institution: { label: 'la misma institución', word: 'misma_institucion' },
  other_institution: { label: 'otra institución', word: 'otra_institucion' },
} satisfies Terms<Issuer>;

const legalBasisType = {
  law: { label: 'ley', word: 'ley' },
  government_agreement: { label: 'acuerdo gubernativo', word: 'acuerdo_gubernativo' },
  other_rule: { label: 'otra norma', word: 'otra_norma' },
  none: { label: 'sin base legal', word: 'ninguna' },
} satisfies Terms<LegalBasisType>;

const prohibitedKind = {
  sworn_declaration: {
    label: 'declaración jurada',
    word: 'declaracion_jurada',
    description: 'La ley presume la buena fe: no se piden declaraciones juradas (art. 13).',
  },
  notarised_signature: {
    label: 'firma legalizada',
    word: 'firma_legalizada',
    description: 'No se exige legalizar firmas ante notario (art. 13).',
  },
  same_institution_document: {
    label: 'documento que emite la misma institución',
    word: 'documento_misma_institucion',
    description: 'No se pide al usuario un documento que la misma institución emitió (art. 13).',
  },
  police_report_for_loss: {
    label: 'denuncia policial por pérdida',
    word: 'denuncia_por_perdida',
    description: 'No se exige denuncia para reponer un documento perdido.',
  },
  apostille_translation: {
    label: 'traducción del sello de apostilla',
    word: 'traduccion_de_apostilla',
    description: 'No se exige traducir el sello de la apostilla.',
  },
  rejection_fee: {
    label: 'cobro por rechazo',
    word: 'cobro_por_rechazo',
    description: 'No se cobra por rechazar un expediente (art. 12).',
  },
} satisfies Terms<ProhibitedKind>;

const requirementStatus = {
  active: { label: 'vigente', word: 'vigente' },
  eliminated: { label: 'eliminado', word: 'eliminado' },
  simplified: { label: 'simplificado', word: 'simplificado' },
  replaced_by_interoperability: { label: 'sustituido por interoperabilidad', word: 'sustituido_por_interoperabilidad' },
} satisfies Terms<RequirementStatus>;

const planStatus = {
  draft: { label: 'borrador' },
  submitted: { label: 'enviado' },
  approved: { label: 'aprobado' },
} satisfies Terms<PlanStatus>;

const milestoneKind = {
  raise_level: { label: 'subir de nivel' },
  eliminate_requirement: { label: 'eliminar un requisito' },
  reduce_time: { label: 'reducir el tiempo' },
  publish_form: { label: 'publicar formulario' },
  interoperate: { label: 'interoperar' },
  other: { label: 'otra acción' },
} satisfies Terms<MilestoneKind>;

const milestoneStatus = {
  pending: { label: 'pendiente' },
  in_progress: { label: 'en curso' },
  completed: { label: 'completado' },
  cancelled: { label: 'cancelado' },
} satisfies Terms<MilestoneStatus>;

const actionType = {
  regulatory: { label: 'normativa' },
  administrative: { label: 'administrativa' },
  technological: { label: 'tecnológica' },
} satisfies Terms<ActionType>;

const reviewStatus = {
  submitted: { label: 'enviado' },
  accepted: { label: 'aceptado' },
  returned: { label: 'devuelto' },
} satisfies Terms<ReviewStatus>;

const assessmentStatus = {
  submitted: { label: 'en revisión' },
  validated: { label: 'validada' },
  rejected: { label: 'rechazada' },
} satisfies Terms<AssessmentStatus>;

const role = {
  liaison: { label: 'enlace institucional de simplificación' },
  institution_admin: { label: 'administrador(a) institucional' },
  analyst: { label: 'analista de la Comisión' },
  admin: { label: 'administrador(a) de la Comisión' },
} satisfies Terms<Role>;

const procedureComponent = {
  maturity: { label: 'madurez digital', description: 'Nivel validado frente al nivel meta (tope 1).' },
  legalBasis: {
    label: 'base legal',
    description: 'Proporción de requisitos vigentes fundados en una ley o un acuerdo gubernativo (art. 5).',
  },
  noProhibited: { label: 'sin requisitos prohibidos', description: 'Resta por cada requisito vigente que la ley prohíbe (arts. 12 y 13).' },
  publication: {
    label: 'información publicada',
    description: 'Descripción, base legal, requisitos, costo, plazo y formularios gratuitos en línea.',
  },
  resolutionTime: { label: 'tiempo de resolución', description: 'Plazo legal frente a la mediana real de días para resolver.' },
  freshness: { label: 'actualización', description: 'Plena si el trámite se revisó en los últimos 180 días; baja hasta cero a los 365.' },
  satisfaction: {
    label: 'satisfacción de usuarios',
    description: 'Calificación promedio de los usuarios; sin calificaciones, su peso se reparte.',
  },
} satisfies Terms<ProcedureComponent>;

const institutionComponent = {
  procedures: { label: 'trámites', description: 'Promedio de las puntuaciones de sus trámites, ponderado por el volumen anual.' },
  planExecution: { label: 'ejecución del plan', description: 'Hitos del plan aprobado cumplidos a tiempo entre los vencidos a la fecha.' },
  reporting: { label: 'informes trimestrales', description: 'Informes recibidos a tiempo entre los que ya debían presentarse.' },
} satisfies Terms<InstitutionComponent>;

const notificationKind = {
  milestone_due: { label: 'Hito próximo a vencer', description: 'A 30, 7 y 1 días del vencimiento de un hito del plan.' },
  milestone_overdue: {
    label: 'Hito vencido',
    description: 'Al día siguiente del vencimiento y luego cada semana; desde los 14 días, también a la Comisión.',
  },
  report_due: { label: 'Informe trimestral próximo a vencer', description: 'A 14 y 3 días del plazo del informe trimestral.' },
  report_overdue: {
    label: 'Informe trimestral vencido',
    description: 'Cada semana mientras falte algún informe: un solo aviso que lista todos los trimestres pendientes.',
  },
  legal_deadline: { label: 'Plazo legal próximo', description: 'A 60, 30 y 7 días de un plazo de la ley.' },
  legal_deadline_missed: {
    label: 'Plazo legal incumplido',
    description: 'Cada 30 días mientras un plazo de la ley siga incumplido; desde los 30 días, también a la Comisión.',
  },
  score_drop: {
    label: 'Bajó la calificación institucional',
    description: 'Cuando la calificación baja 10 puntos o más desde la medición anterior.',
  },
  stale_inventory: { label: 'Trámites sin revisión reciente', description: 'Una vez al mes, si hay trámites sin revisar en 180 días.' },
  review_waiting: {
    label: 'Pendiente de revisión',
    description: 'Cuando una institución que sigue envía una evaluación de madurez, un plan o un informe para revisión.',
  },
  review_outcome: {
    label: 'Resultado de la revisión',
    description:
      'Cuando la Comisión valida o rechaza una evaluación, aprueba o devuelve un plan, o acepta o devuelve un informe, con su comentario.',
  },
  citizen_report_received: {
    label: 'Denuncia ciudadana recibida',
    description: 'Al recibirse una denuncia sobre un trámite de la institución: a sus enlaces y a los analistas que la siguen.',
  },
  citizen_report_due: {
    label: 'Denuncia ciudadana por responder',
    description: 'A 3 días y a 1 día del plazo de respuesta (10 días hábiles, sin feriados).',
  },
  citizen_report_overdue: {
    label: 'Denuncia ciudadana sin respuesta en plazo',
    description: 'Al día siguiente del vencimiento y luego cada semana, también a los analistas de la Comisión.',
  },
} satisfies Terms<ReminderKind>;

/** What a reminder is about (the outbox `subject_type`). */
const notificationSubject = {
  milestone: { label: 'Hito' },
  progress_report: { label: 'Informe' },
  legal_deadline: { label: 'Plazo legal' },
  legal_deadline_missed: { label: 'Plazo legal incumplido' },
  institution_score: { label: 'Indicador' },
  stale_inventory: { label: 'Inventario' },
  assessment_review: { label: 'Evaluación de madurez' },
  plan_review: { label: 'Plan de simplificación' },
  report_review: { label: 'Informe de avance' },
  citizen_report: { label: 'Denuncia' },
} satisfies Terms<string>;

/** Why a person receives a reminder (the outbox `reason`): "Recibe este aviso como …". */
const notificationReason = {
  liaison: { label: 'enlace de la institución' },
  institution_admin: { label: 'administrador(a) de la institución' },
  analyst: { label: 'analista que da seguimiento a la institución' },
  analyst_unassigned: { label: 'analista de la Comisión (la institución no tiene analista asignado)' },
  no_active_liaison: { label: 'analista de la Comisión: la institución no tiene ningún enlace ni administrador activo que lo reciba' },
  admin: { label: 'administrador(a) de la Comisión' },
} satisfies Terms<string>;

/** Published-information fields of the publication component. */
const publicationField = {
  description: { label: 'descripción' },
  legalBasis: { label: 'base legal' },
  requirements: { label: 'requisitos' },
  fee: { label: 'costo' },
  time: { label: 'plazo de resolución' },
  freeFormsOnline: { label: 'formularios gratuitos en línea' },
} satisfies Terms<string>;

/** Kinds of the public change feed and of the public change history of a procedure. */
const publicChange = {
  procedure_created: { label: 'trámite registrado' },
  procedure_eliminated: { label: 'trámite eliminado' },
  requirement_eliminated: { label: 'requisito eliminado' },
  level_validated: { label: 'nivel de madurez validado' },
  score_changed: { label: 'cambio de puntuación' },
} satisfies Terms<string>;

/** Fields of a procedure or requirement as named in its public change history. */
const changeField = {
  name: { label: 'nombre' },
  code: { label: 'código' },
  description: { label: 'descripción' },
  output: { label: 'resultado' },
  audience: { label: 'dirigido a' },
  category: { label: 'categoría' },
  lifeEvent: { label: 'hecho de vida' },
  foreignTrade: { label: 'comercio exterior' },
  prioritized: { label: 'priorizado' },
  channels: { label: 'canales' },
  onlineUrl: { label: 'dirección en línea' },
  formsUrl: { label: 'formularios' },
  formsFree: { label: 'formularios gratuitos' },
  feeGtq: { label: 'costo' },
  legalMaxDays: { label: 'plazo legal' },
  actualMedianDays: { label: 'tiempo real de resolución' },
  annualVolume: { label: 'volumen anual' },
  inPersonVisits: { label: 'visitas presenciales' },
  currentLevel: { label: 'nivel de madurez' },
  targetLevel: { label: 'nivel meta' },
  targetDate: { label: 'fecha meta' },
  legalBasis: { label: 'base legal' },
  status: { label: 'estado' },
  score: { label: 'puntuación' },
  evidenceType: { label: 'tipo de evidencia' },
  issuer: { label: 'emisor' },
  issuerInstitution: { label: 'institución emisora' },
  legalBasisType: { label: 'tipo de base legal' },
  legalBasisReference: { label: 'referencia legal' },
  obtainableByInteroperability: { label: 'obtenible por interoperabilidad' },
  prohibited: { label: 'prohibido' },
  prohibitedKind: { label: 'práctica prohibida' },
  effectiveFrom: { label: 'vigente desde' },
  effectiveTo: { label: 'vigente hasta' },
  endedByAct: { label: 'acto que lo eliminó' },
} satisfies Terms<string>;

/** Citizens' reports (denuncias): what was reported, and where the report stands. */
const citizenReportKind = {
  not_listed: { label: 'le pidieron algo que no está en la lista de requisitos' },
  prohibited: { label: 'le pidieron un requisito prohibido o sin base legal' },
} satisfies Terms<string>;

const citizenReportStatus = {
  received: { label: 'recibida: esperando la respuesta de la institución' },
  answered: { label: 'respondida por la institución: esperando la decisión de la Comisión' },
  founded: { label: 'fundada' },
  unfounded: { label: 'infundada' },
} satisfies Terms<string>;

/** What the data raises by itself (findings), and where a finding comes from. */
const findingKind = {
  prohibited_practice: {
    label: 'práctica prohibida',
    description:
      'Un requisito vigente que la ley prohíbe: declarado así, o revelado por su emisor o su nombre (arts. 12 y 13). Resta puntos hasta que se elimine o la Comisión lo descarte.',
  },
  no_legal_basis: {
    label: 'requisito sin base legal',
    description: 'Un requisito vigente sin ley ni acuerdo gubernativo que lo funde (art. 5); ya cuenta en el componente de base legal.',
  },
  level_inconsistent: {
    label: 'nivel de madurez contradicho por el registro',
    description: 'El nivel declarado o validado no cuadra con los canales, la dirección en línea o las visitas presenciales registradas.',
  },
  legal_deadline_missed: {
    label: 'plazo legal incumplido',
    description: 'Un plazo de la ley vencido sin que la institución cumpla su condición (plan aprobado, nivel de madurez).',
  },
  no_active_liaison: {
    label: 'sin enlace activo',
    description: 'La institución no tiene ningún enlace ni administrador activo: los avisos van a la Comisión.',
  },
  citizen_report: {
    label: 'denuncia ciudadana fundada',
    description:
      'La Comisión declaró fundada la denuncia de una persona a quien pidieron un requisito sin base legal o que no está en el registro (art. 5).',
  },
} satisfies Terms<FindingKind>;

const findingSource = {
  declared: { label: 'declarada por la institución' },
  issuer: { label: 'revelada por el emisor del requisito' },
  text: { label: 'revelada por el nombre del requisito' },
  record: { label: 'revelada por el registro' },
  citizen_report: { label: 'denuncia ciudadana' },
} satisfies Terms<FindingSource>;

/** The level an institution declares, against the one the Commission validated. */
const declaredLevelStatus = {
  validated: { label: 'validado por la Comisión' },
  under_review: { label: 'en revisión por la Comisión' },
  rejected: { label: 'evaluación rechazada' },
  not_assessed: { label: 'declarado, sin evaluación enviada' },
  differs: { label: 'distinto del nivel validado' },
} satisfies Terms<DeclaredLevelStatus>;

/** Quarterly report situation on the public institution page. */
const reportSituation = {
  on_time: { label: 'presentado a tiempo' },
  late: { label: 'presentado tarde' },
  missing: { label: 'no presentado' },
  upcoming: { label: 'por presentar' },
} satisfies Terms<string>;

/** How a person receives reminders by e-mail (notification preferences). */
const deliveryMode = {
  immediate: { label: 'un correo por aviso', description: 'Cada aviso llega en su propio correo, el día en que se genera.' },
  digest: { label: 'un resumen diario', description: 'Un solo correo al día reúne todos los avisos de ese día.' },
} satisfies Terms<string>;

/** The state of one webhook delivery in its log (configuration pages). */
const webhookDeliveryStatus = {
  pending: { label: 'pendiente', description: 'En cola o esperando un nuevo intento.' },
  delivered: { label: 'entregada', description: 'El receptor respondió con un código 2xx.' },
  failed: { label: 'fallida', description: 'Se agotaron los intentos o el destino fue rechazado; puede reenviarse.' },
  cancelled: { label: 'cancelada', description: 'La suscripción se desactivó antes del envío.' },
} satisfies Terms<string>;

/** What a partner key may do with the public API. */
const apiKeyScope = {
  'public:read': { label: 'lectura de datos públicos', description: 'Consultar la API pública con el límite de la llave.' },
  'webhooks:manage': { label: 'gestión de webhooks', description: 'Suscribirse a los cambios públicos y consultar sus entregas.' },
} satisfies Terms<string>;

/** The state of a person's account. */
const userStatus = {
  invited: { label: 'invitado (sin activar)' },
  active: { label: 'activo' },
  disabled: { label: 'desactivado' },
} satisfies Terms<string>;

/** What is behind, on the Commission's Atrasos page. */
const overdueKind = {
  milestone_overdue: { label: 'hito vencido', description: 'Un hito del plan, pendiente o en curso, cuya fecha ya pasó.' },
  report_missing: {
    label: 'informe trimestral no presentado',
    description: 'Un informe de avance que debía presentarse (10 días después del trimestre) y nunca se envió.',
  },
  legal_deadline_missed: { label: 'plazo legal incumplido', description: 'Un plazo de la ley vencido que la institución aún incumple.' },
  plan_review_waiting: {
    label: 'plan esperando revisión',
    description: 'Un plan enviado a la Comisión que espera su aprobación más días que el umbral indicado.',
  },
  no_active_liaison: {
    label: 'sin enlace activo',
    description: 'La institución no tiene ningún enlace ni administrador activo: nadie en ella recibe los recordatorios.',
  },
} satisfies Terms<OverdueKind>;

/** Where a notification of the outbox stands. */
const notificationStatus = {
  pending: { label: 'por enviar' },
  sent: { label: 'enviado' },
  failed: { label: 'falló el envío' },
  skipped: { label: 'no enviado' },
  cancelled: { label: 'cancelado' },
} satisfies Terms<NotificationStatus>;

/** What an audit entry is about (the audit trail's `entity`). */
const auditEntity = {
  institution: { label: 'institución' },
  procedure: { label: 'trámite' },
  requirement: { label: 'requisito' },
  maturity_assessment: { label: 'evaluación de madurez' },
  maturity_model: { label: 'modelo de madurez' },
  simplification_plan: { label: 'plan de simplificación' },
  milestone: { label: 'hito' },
  rationalisation_action: { label: 'acción de racionalización' },
  progress_report: { label: 'informe trimestral' },
  inventory_import: { label: 'importación de inventario' },
  evidence_file: { label: 'archivo de evidencia' },
  finding: { label: 'hallazgo' },
  methodology: { label: 'metodología' },
  legal_deadline: { label: 'plazo legal' },
  reminder_rule: { label: 'regla de recordatorio' },
  analyst_follow: { label: 'seguimiento de analista' },
  user: { label: 'usuario' },
  refresh_token_family: { label: 'sesión' },
  partner_api_key: { label: 'llave de socio' },
  webhook_subscription: { label: 'suscripción de webhook' },
  citizen_report: { label: 'denuncia ciudadana' },
  procedure_rating: { label: 'valoración de un trámite' },
} satisfies Terms<AuditedEntity>;

/** What was done (the audit trail's `action`); an action not listed here is shown as recorded. */
const auditAction = {
  create: { label: 'registró' },
  update: { label: 'modificó' },
  delete: { label: 'eliminó' },
  eliminate: { label: 'dio de baja' },
  end: { label: 'terminó la vigencia' },
  submit: { label: 'envió' },
  resubmit: { label: 'volvió a enviar' },
  approve: { label: 'aprobó' },
  return: { label: 'devolvió' },
  review: { label: 'revisó' },
  validate: { label: 'validó' },
  reject: { label: 'rechazó' },
  complete: { label: 'completó' },
  create_revision: { label: 'abrió una revisión' },
  add_requirements: { label: 'agregó requisitos' },
  level_validated: { label: 'validó el nivel' },
  activate: { label: 'activó' },
  deactivate: { label: 'desactivó' },
  dismiss: { label: 'descartó' },
  follow: { label: 'comenzó a dar seguimiento' },
  unfollow: { label: 'dejó de dar seguimiento' },
  invite: { label: 'invitó' },
  accept_invitation: { label: 'aceptó la invitación' },
  login: { label: 'inició sesión' },
  password_change: { label: 'cambió su contraseña' },
  password_reset: { label: 'restableció su contraseña' },
  password_reset_requested: { label: 'pidió restablecer su contraseña' },
  revoke: { label: 'revocó' },
  revoke_on_reuse: { label: 'revocó por reutilización' },
  replay: { label: 'reenvió' },
  send_test: { label: 'envió una prueba' },
} satisfies Terms<string>;

export const GLOSSARY = {
  institutionType,
  coverage,
  audience,
  channel,
  procedureStatus,
  evidenceType,
  issuer,
  legalBasisType,
  prohibitedKind,
  requirementStatus,
  planStatus,
  milestoneKind,
  milestoneStatus,
  actionType,
  reviewStatus,
  assessmentStatus,
  role,
  procedureComponent,
  institutionComponent,
  notificationKind,
  notificationSubject,
  notificationReason,
  publicationField,
  publicChange,
  changeField,
  reportSituation,
  findingKind,
  findingSource,
  citizenReportKind,
  citizenReportStatus,
  declaredLevelStatus,
  deliveryMode,
  webhookDeliveryStatus,
  apiKeyScope,
  userStatus,
  overdueKind,
  auditEntity,
  auditAction,
  notificationStatus,
} as const;

export type GlossaryGroup = keyof typeof GLOSSARY;
export type CodeOf<G extends GlossaryGroup> = keyof (typeof GLOSSARY)[G] & string;

const groupOf = (group: GlossaryGroup): Record<string, Term> => GLOSSARY[group] as Record<string, Term>;

/** The term of a code, or undefined when the code is not in the group (data written by a newer version). */
export function term(group: GlossaryGroup, code: string): Term | undefined {
  return Object.prototype.hasOwnProperty.call(GLOSSARY[group], code) ? groupOf(group)[code] : undefined;
}

/**
 * The Spanish word for a code. An unknown code (a value added after this build) reads "otro" rather than leaking
 * the English code to a person.
 */
export function label(group: GlossaryGroup, code: string): string {
  return term(group, code)?.label ?? 'otro';
}

/** The label with its first letter in capitals, for a heading or the start of a table cell. */
export function labelCap(group: GlossaryGroup, code: string): string {
  return capitalise(label(group, code));
}

export const capitalise = (s: string): string => (s ? s.charAt(0).toLocaleUpperCase('es') + s.slice(1) : s);

/** Codes and labels of a group in declaration order (select options, dictionary values). */
export function entries<G extends GlossaryGroup>(group: G): Array<{ code: CodeOf<G>; label: string; description?: string }> {
  return Object.entries(groupOf(group)).map(([code, t]) => ({ code: code as CodeOf<G>, label: t.label, description: t.description }));
}

/** Spreadsheet tokens of a group, by code (only groups whose terms all carry a `word`). */
export function words<T extends string>(group: GlossaryGroup): Record<T, string> {
  return Object.fromEntries(
    Object.entries(groupOf(group)).map(([code, t]) => {
      if (!t.word) throw new Error(`El glosario no define la palabra de hoja de cálculo de ${group}.${code}`);
      return [code, t.word];
    }),
  ) as Record<T, string>;
}

/** "persona (person), empresa (business)": a validation message a person can read, naming the code the API expects. */
export function describeCodes(group: GlossaryGroup, codes: readonly string[]): string {
  return codes.map((c) => (term(group, c) ? `${c} (${label(group, c)})` : c)).join(', ');
}

/**
 * A list of codes as a person reads it: "person (personas), business (empresas)" when one glossary group holds
 * every code of the list (validation messages name the codes the API accepts), else the list unchanged.
 */
export function annotateCodes(codes: readonly string[]): string {
  const group = (Object.keys(GLOSSARY) as GlossaryGroup[]).find((g) => codes.length > 0 && codes.every((c) => term(g, c)));
  return group ? describeCodes(group, codes) : codes.join(', ');
}
