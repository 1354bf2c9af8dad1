import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  AUDIENCES,
  CHANNELS,
  EVIDENCE_TYPES,
  ISSUERS,
  LEGAL_BASIS_TYPES,
  PROCEDURE_STATUSES,
  PROHIBITED_KINDS,
  REQUIREMENT_STATUSES,
} from '../../inventory/rules/inventory.enums';
import { COVERAGES, INSTITUTION_TYPES } from '../../institutions/entities/institution.entity';
import { FINDING_KINDS, FINDING_SOURCES, FINDING_SUBJECTS } from '../../findings/finding-rules';
import { DECLARED_LEVEL_STATUSES } from '../../inventory/rules/maturity-level';
import { NationalFiguresResponse } from '../../scoring/dto/scoring.dto';
import { PUBLIC_EVENT_TYPES } from '../../../events/public-events';

const FREE_OBJECT = { type: 'object', additionalProperties: true } as const;
const ANY_JSON = {
  nullable: true,
  oneOf: [
    { type: 'string' },
    { type: 'number' },
    { type: 'boolean' },
    { type: 'object', additionalProperties: true },
    { type: 'array', items: {} },
  ],
};

export class PublicCursorPageMeta {
  @ApiProperty({ example: 50 }) limit: number;
  @ApiProperty({ nullable: true, type: String, description: 'Cursor de la página siguiente; null en la última', example: 'WyJNSU5FQ08iXQ' })
  nextCursor: string | null;
}

export class PublicScore {
  @ApiProperty({ example: '72.50', description: 'Puntuación de 0 a 100 (decimal exacto en texto)' }) score: string;
  @ApiProperty({ example: '2026-11-23', description: 'Día de la medición' }) date: string;
  @ApiProperty({ example: 1 }) methodologyVersion: number;
}

export class PublicInstitution {
  @ApiProperty({ example: 'MINECO' }) code: string;
  @ApiProperty({ example: 'Ministerio de Economía' }) name: string;
  @ApiProperty({ enum: INSTITUTION_TYPES }) type: string;
  @ApiProperty({ enum: COVERAGES }) coverage: string;
  @ApiProperty({ nullable: true, type: String }) sector: string | null;
  @ApiProperty({ nullable: true, type: String }) website: string | null;
  @ApiProperty({
    nullable: true,
    type: PublicScore,
    description: 'Última puntuación calculada; null si aún no hay o si la institución no tiene inventario',
  })
  currentScore: PublicScore | null;
  @ApiProperty({
    enum: ['scored', 'no_inventory', 'not_computed'],
    description: 'no_inventory: sin trámites registrados («sin inventario»): sin puntuación y fuera de las medias nacionales',
  })
  scoreStatus: 'scored' | 'no_inventory' | 'not_computed';
  @ApiProperty({ nullable: true, ...FREE_OBJECT, description: 'Indicadores (§6) de la última medición' }) indicators: Record<
    string,
    unknown
  > | null;
  @ApiProperty({ example: '2026-11-23T15:04:05.000Z', description: 'Última modificación de la institución o de su puntuación' })
  lastUpdate: string;
}

export class PublicInstitutionPage {
  @ApiProperty({ type: [PublicInstitution] }) items: PublicInstitution[];
  @ApiProperty({ type: PublicCursorPageMeta }) page: PublicCursorPageMeta;
}

export class PublicTrendPoint {
  @ApiProperty({ example: '2026-11-23' }) date: string;
  @ApiProperty({ example: '72.50', nullable: true, type: String, description: 'null: sin inventario ese día' }) score: string | null;
}

export class PublicFinding {
  @ApiProperty({ enum: FINDING_KINDS }) kind: string;
  @ApiProperty({ example: 'sworn_declaration', description: 'Práctica prohibida, regla de consistencia o plazo legal' }) code: string;
  @ApiProperty({ enum: FINDING_SUBJECTS }) subjectType: string;
  @ApiProperty({ description: 'Requisito, trámite o plazo legal al que se refiere' }) subjectId: string;
  @ApiProperty({
    enum: FINDING_SOURCES,
    description:
      'declared: declarada por la institución; issuer / text: la revelan el emisor o el nombre del requisito; record: el registro',
  })
  source: string;
  @ApiProperty({ nullable: true, type: String, example: 'Decreto 5-2021, arts. 12 y 13' }) article: string | null;
  @ApiProperty() message: string;
  @ApiProperty({ example: '2021-09-01', description: 'Desde cuándo' }) since: string;
  @ApiProperty({
    description: 'Si resta puntos (las prácticas prohibidas; un requisito sin base legal ya cuenta en el componente de base legal)',
  })
  countsInScore: boolean;
}

export class PublicMilestoneSummary {
  @ApiProperty() total: number;
  @ApiProperty() pending: number;
  @ApiProperty() inProgress: number;
  @ApiProperty() completed: number;
  @ApiProperty() completedLate: number;
  @ApiProperty() cancelled: number;
  @ApiProperty({ description: 'Vencidos sin completar' }) overdue: number;
  @ApiProperty({ nullable: true, type: String, description: 'Próximo vencimiento pendiente' }) nextDueDate: string | null;
}

export const REPORT_SITUATIONS = ['on_time', 'late', 'missing', 'upcoming'] as const;
export type ReportSituation = (typeof REPORT_SITUATIONS)[number];

export class PublicReportSituation {
  @ApiProperty({ example: 2026 }) year: number;
  @ApiProperty({ example: 1, minimum: 1, maximum: 4 }) quarter: number;
  @ApiProperty({ example: '2026-04-10', description: 'Fecha límite de presentación' }) dueDate: string;
  @ApiProperty({
    nullable: true,
    type: String,
    example: '2026-04-08',
    description: 'Día de presentación (hora de Guatemala); null si no se ha presentado',
  })
  submittedOn: string | null;
  @ApiProperty({
    enum: REPORT_SITUATIONS,
    description: 'on_time: a tiempo; late: tarde; missing: vencido sin presentar; upcoming: el próximo por vencer',
  })
  situation: ReportSituation;
}

export class PublicProcedureTriple {
  @ApiProperty({ example: 12, description: 'Trámites vigentes del conjunto' }) total: number;
  @ApiProperty({
    example: 5,
    description:
      'En proceso: con un hito abierto de un plan aprobado o una acción de racionalización no implementada (ver el diccionario de datos)',
  })
  inProgress: number;
  @ApiProperty({ example: 3, description: 'Digitalizados: nivel de madurez validado 4 o más (escala 0 a 5)' }) digitalised: number;
}

export class PublicProcedureIndicators {
  @ApiProperty({ type: PublicProcedureTriple, description: 'Sobre los trámites priorizados' }) prioritized: PublicProcedureTriple;
  @ApiProperty({ type: PublicProcedureTriple, description: 'Sobre los trámites de comercio exterior' }) foreignTrade: PublicProcedureTriple;
}

export class PublicInstitutionDetail extends PublicInstitution {
  @ApiProperty({ nullable: true, ...FREE_OBJECT, description: 'Componentes de la puntuación, sus pesos y datos de entrada' })
  scoreBreakdown: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, ...FREE_OBJECT, description: 'Carga administrativa y ahorros (GTQ, horas)' }) burden: Record<
    string,
    unknown
  > | null;
  @ApiProperty({
    type: [PublicTrendPoint],
    description: 'Serie de puntuaciones (hasta 365 mediciones, de la más antigua a la más reciente)',
  })
  trend: PublicTrendPoint[];
  @ApiProperty({ type: PublicMilestoneSummary }) milestones: PublicMilestoneSummary;
  @ApiProperty() procedureCount: number;
  @ApiProperty({ type: [PublicFinding], description: 'Hallazgos de la institución (plazos legales incumplidos)' })
  findings: PublicFinding[];
  @ApiProperty({
    type: [PublicReportSituation],
    description: 'Informes trimestrales debidos desde que se exigen (más antiguo primero) y el próximo por vencer',
  })
  reports: PublicReportSituation[];
  @ApiProperty({
    type: PublicProcedureIndicators,
    description:
      'De N trámites priorizados (y de comercio exterior), cuántos en proceso y cuántos digitalizados; definiciones en /data-dictionary',
  })
  procedureIndicators: PublicProcedureIndicators;
}

export class PublicRankingEntry {
  @ApiProperty({ example: 'MINECO' }) code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: INSTITUTION_TYPES }) type: string;
  @ApiProperty({ enum: COVERAGES }) coverage: string;
  @ApiProperty({ nullable: true, type: String }) sector: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Posición (empates comparten posición); null fuera del ranking' }) rank:
    number | null;
  @ApiProperty({ nullable: true, type: String, example: '72.50', description: 'Última puntuación; null si no tiene' }) score: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2026-11-23' }) scoreDate: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: '68.10',
    description: 'Puntuación 30 o más días antes de la última; null sin historial',
  })
  previousScore: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2026-10-23' }) previousDate: string | null;
  @ApiProperty({ nullable: true, type: String, example: '4.40', description: 'score − previousScore' }) change: string | null;
  @ApiProperty({ description: 'Trámites registrados' }) procedures: number;
  @ApiProperty({ description: 'Trámites en línea (nivel 4 o más)' }) online: number;
  @ApiProperty({ description: 'Requisitos prohibidos aún exigidos' }) prohibitedActive: number;
  @ApiProperty({ description: 'Requisitos eliminados desde la línea base' }) eliminatedSinceBaseline: number;
  @ApiProperty({ description: 'Hitos vencidos sin cumplir' }) milestonesOverdue: number;
}

export class PublicRanking {
  @ApiProperty({ nullable: true, type: String, description: 'Día de la medición más reciente incluida' }) asOf: string | null;
  @ApiProperty({ type: [PublicRankingEntry], description: 'Instituciones con inventario y puntuación, en el orden pedido' })
  ranked: PublicRankingEntry[];
  @ApiProperty({ type: [PublicRankingEntry], description: 'Instituciones sin inventario (o aún sin puntuación): nunca se clasifican' })
  unranked: PublicRankingEntry[];
  @ApiProperty({ type: [String], description: 'Sectores presentes, para filtrar' }) sectors: string[];
}

export class PublicFacetInstitution {
  @ApiProperty({ example: 'MINECO' }) code: string;
  @ApiProperty() name: string;
}

export class PublicProcedureFacets {
  @ApiProperty({ type: [PublicFacetInstitution] }) institutions: PublicFacetInstitution[];
  @ApiProperty({ type: [String], description: 'Categorías de los trámites vigentes' }) categories: string[];
}

export class PublicProcedure {
  @ApiProperty({ example: 'MINECO' }) institutionCode: string;
  @ApiProperty({ example: 'MINECO-001' }) code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: AUDIENCES }) audience: string;
  @ApiProperty({ nullable: true, type: String }) category: string | null;
  @ApiProperty() foreignTrade: boolean;
  @ApiProperty() prioritized: boolean;
  @ApiProperty({ enum: PROCEDURE_STATUSES }) status: string;
  @ApiProperty({ enum: CHANNELS, isArray: true }) channels: string[];
  @ApiProperty({
    example: '150.00',
    nullable: true,
    type: String,
    description: 'Costo en GTQ (decimal exacto en texto); "0.00" es gratuito; null: sin dato',
  })
  feeGtq: string | null;
  @ApiProperty({ nullable: true, type: Number }) legalMaxDays: number | null;
  @ApiProperty({ nullable: true, type: Number }) actualMedianDays: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'null: sin dato' }) inPersonVisits: number | null;
  @ApiProperty({ minimum: 0, maximum: 5, description: 'Nivel de madurez validado por la Comisión (el que puntúa; escala 0 a 5)' })
  currentLevel: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Nivel que declara la institución' }) declaredLevel: number | null;
  @ApiProperty({ nullable: true, type: Number }) targetLevel: number | null;
  @ApiProperty({ nullable: true, type: String }) onlineUrl: string | null;
  @ApiProperty({ example: 'Ministerio de Economía' }) institutionName: string;
  @ApiProperty({
    nullable: true,
    type: String,
    example: '64.10',
    description: 'Última puntuación publicada del trámite (0–100, decimal en texto); null: aún sin puntuar',
  })
  latestScore: string | null;
  @ApiProperty({ example: 3, description: 'Requisitos vigentes hoy' }) requirementCount: number;
  @ApiProperty({ nullable: true, type: String, example: '2027-06-30', description: 'Fecha meta del nivel meta (AAAA-MM-DD)' }) targetDate:
    string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: '2026-11-02',
    description: 'Última revisión del trámite por la institución (AAAA-MM-DD)',
  })
  lastReviewedAt: string | null;
  @ApiProperty({ example: '2026-11-23T15:04:05.000Z' }) updatedAt: string;
}

export class PublicProcedurePage {
  @ApiProperty({ type: [PublicProcedure] }) items: PublicProcedure[];
  @ApiProperty({ type: PublicCursorPageMeta }) page: PublicCursorPageMeta;
}

export class PublicProhibitedPractice {
  @ApiProperty({ enum: PROHIBITED_KINDS }) kind: string;
  @ApiProperty({ enum: ['declared', 'issuer', 'text'] }) source: string;
  @ApiProperty({ nullable: true, type: String }) article: string | null;
}

export class PublicRequirement {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: EVIDENCE_TYPES }) evidenceType: string;
  @ApiProperty({ enum: ISSUERS }) issuer: string;
  @ApiProperty({ nullable: true, type: String }) issuerInstitution: string | null;
  @ApiProperty({ enum: LEGAL_BASIS_TYPES }) legalBasisType: string;
  @ApiProperty({ nullable: true, type: String }) legalBasisReference: string | null;
  @ApiProperty() obtainableByInteroperability: boolean;
  @ApiProperty({
    description: 'Práctica prohibida: declarada por la institución o revelada por los datos (y no descartada por la Comisión)',
  })
  prohibited: boolean;
  @ApiProperty({ nullable: true, enum: PROHIBITED_KINDS, description: 'Práctica prohibida de que se trata, si se declaró' })
  prohibitedKind: string | null;
  @ApiProperty({ nullable: true, type: PublicProhibitedPractice }) prohibitedPractice: PublicProhibitedPractice | null;
  @ApiProperty({ enum: REQUIREMENT_STATUSES }) status: string;
  @ApiProperty({ example: '2021-09-01' }) effectiveFrom: string;
  @ApiProperty({ nullable: true, type: String, description: 'Desde este día deja de exigirse (exclusivo)' }) effectiveTo: string | null;
}

export class PublicRequirements {
  @ApiProperty({ type: [PublicRequirement] }) current: PublicRequirement[];
  @ApiProperty({ type: [PublicRequirement] }) eliminated: PublicRequirement[];
}

export class PublicNextLevel {
  @ApiProperty({ example: 3 }) level: number;
  @ApiProperty({ example: 'Transaccional parcial' }) name: string;
  @ApiProperty({
    type: [String],
    description: 'Criterios del modelo vigente que ese nivel exige (además de los de los niveles inferiores)',
  })
  criteria: string[];
}

export class PublicMaturity {
  @ApiProperty({ description: 'Nivel validado (el que puntúa)' }) currentLevel: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Nivel declarado por la institución' }) declaredLevel: number | null;
  @ApiProperty({ enum: DECLARED_LEVEL_STATUSES, nullable: true, description: 'Situación del nivel declarado frente al validado' })
  declaredLevelStatus: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Nombre del nivel vigente en el modelo activo' }) levelName: string | null;
  @ApiProperty({ nullable: true, type: PublicNextLevel, description: 'El nivel siguiente y sus criterios; null en el nivel más alto' })
  nextLevel: PublicNextLevel | null;
  @ApiProperty({ nullable: true, type: Number }) targetLevel: number | null;
  @ApiProperty({ nullable: true, type: String }) targetDate: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Fecha de la última validación de nivel' }) lastValidatedAt: string | null;
}

export class PublicChangeLogEntry {
  @ApiProperty({ example: 'requirement' }) subject: string;
  @ApiProperty({ description: 'Identificador del trámite o requisito afectado' }) subjectId: string;
  @ApiProperty({ example: 'eliminate' }) action: string;
  @ApiProperty({ nullable: true, type: String }) field: string | null;
  @ApiPropertyOptional({ ...ANY_JSON, description: 'Valor anterior (JSON)' }) oldValue?: unknown;
  @ApiPropertyOptional({ ...ANY_JSON, description: 'Valor nuevo (JSON)' }) newValue?: unknown;
  @ApiProperty({ example: '2026-11-23T15:04:05.000Z' }) changedAt: string;
}

export class PublicBaseline {
  @ApiProperty({ example: '2021-08-31', description: 'Día de la línea base' }) date: string;
  @ApiProperty() requirements: number;
  @ApiProperty({ nullable: true, type: Number }) days: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Visitas presenciales en la línea base; null: sin dato' }) visits:
    number | null;
  @ApiProperty({ nullable: true, type: String, example: '150.00', description: 'Costo en la línea base; null: sin dato' }) feeGtq:
    string | null;
}

export class PublicProcedureDetail extends PublicProcedure {
  @ApiProperty({ type: PublicBaseline, description: 'Cifras del trámite en su línea base (primer registro)' }) baseline: PublicBaseline;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ nullable: true, type: String }) output: string | null;
  @ApiProperty({ nullable: true, type: String }) lifeEvent: string | null;
  @ApiProperty({ nullable: true, type: String }) legalBasis: string | null;
  @ApiProperty({ nullable: true, type: String }) formsUrl: string | null;
  @ApiProperty({ nullable: true, type: Number }) annualVolume: number | null;
  @ApiProperty({ type: PublicRequirements }) requirements: PublicRequirements;
  @ApiProperty({ type: PublicMaturity }) maturity: PublicMaturity;
  @ApiProperty({ nullable: true, type: PublicScore }) score: PublicScore | null;
  @ApiProperty({ nullable: true, ...FREE_OBJECT, description: 'Carga (línea base y actual) y ahorros anuales, de la última medición' })
  burden: Record<string, unknown> | null;
  @ApiProperty({ type: [PublicFinding], description: 'Hallazgos abiertos del trámite y sus requisitos' }) findings: PublicFinding[];
  @ApiProperty({ type: [PublicChangeLogEntry], description: 'Bitácora pública (sin datos de quién hizo el cambio)' })
  changes: PublicChangeLogEntry[];
}

export class PublicNationalPoint {
  @ApiProperty({ example: '2026-11-23' }) date: string;
  @ApiProperty({ example: '61.20', nullable: true, type: String }) score: string | null;
  @ApiProperty({ nullable: true, ...FREE_OBJECT }) indicators: Record<string, unknown> | null;
}

export class PublicIndicators {
  @ApiProperty({ nullable: true, type: PublicScore }) current: PublicScore | null;
  @ApiProperty({ nullable: true, ...FREE_OBJECT, description: 'Indicadores nacionales de la última medición' }) indicators: Record<
    string,
    unknown
  > | null;
  @ApiProperty({ nullable: true, ...FREE_OBJECT, description: 'Carga administrativa y ahorros nacionales, con los parámetros usados' })
  burden: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, ...FREE_OBJECT }) components: Record<string, unknown> | null;
  @ApiProperty({
    type: NationalFiguresResponse,
    description: 'Cifras de hoy: medias, componentes, clasificación e instituciones sin inventario (con los filtros pedidos)',
  })
  figures: NationalFiguresResponse;
  @ApiProperty({ type: [PublicNationalPoint], description: 'Serie (hasta 365 mediciones, de la más antigua a la más reciente)' })
  series: PublicNationalPoint[];
  @ApiProperty({
    type: PublicProcedureIndicators,
    description:
      'Hoy, sobre las instituciones activas que cumplen los filtros: de N trámites priorizados (y de comercio exterior), cuántos en proceso y cuántos digitalizados',
  })
  procedureIndicators: PublicProcedureIndicators;
}

export class PublicMaturityLevel {
  @ApiProperty({ example: 4 }) level: number;
  @ApiProperty({ example: 'En línea completo' }) name: string;
  @ApiProperty({ type: [String] }) criteria: string[];
}

export class PublicMaturityModel {
  @ApiProperty() version: number;
  @ApiProperty() name: string;
  @ApiProperty({ type: [PublicMaturityLevel] }) levels: PublicMaturityLevel[];
}

export class PublicMethodology {
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty() name: string;
  @ApiProperty({ ...FREE_OBJECT, description: 'Pesos de los componentes del trámite' }) procedureWeights: Record<string, number>;
  @ApiProperty({ ...FREE_OBJECT, description: 'Pesos de los componentes de la institución' }) institutionWeights: Record<string, number>;
  @ApiProperty({
    ...FREE_OBJECT,
    description: 'Parámetros de la carga administrativa (GTQ por hora, por visita, por día; horas por requisito y visita)',
  })
  burdenParameters: Record<string, number>;
  @ApiProperty({ ...FREE_OBJECT, description: 'Todos los parámetros, para reproducir cada cifra' }) parameters: Record<string, unknown>;
  @ApiProperty() adoptedAt: string;
  @ApiProperty({ nullable: true, type: () => PublicMaturityModel, description: 'Escala de madurez vigente' })
  maturityModel: PublicMaturityModel | null;
}

/** Every public event type (events/public-events.ts); webhooks subscribe to any of them. */
export const CHANGE_TYPES = PUBLIC_EVENT_TYPES;

/** Any JSON value a public field can take (text, number, boolean, a list such as channels, or an object such as baseline). */
const ANY_FIELD_VALUE = {
  nullable: true,
  oneOf: [
    { type: 'string' },
    { type: 'number' },
    { type: 'boolean' },
    { type: 'array', items: {} },
    { type: 'object', additionalProperties: true },
  ],
};

export class PublicChangeField {
  @ApiProperty({ example: 'feeGtq', description: 'Campo público del sujeto (el mismo nombre que en GET /procedures y la exportación)' })
  field: string;
  @ApiProperty({
    ...ANY_FIELD_VALUE,
    example: '75.00',
    description: 'Valor anterior (null si no había); dinero y puntuaciones como decimal en texto',
  })
  oldValue: unknown;
  @ApiProperty({ ...ANY_FIELD_VALUE, example: '0.00', description: 'Valor nuevo, tal como lo publica la API' }) newValue: unknown;
}

export class PublicChange {
  @ApiProperty({ description: 'Cursor que reanuda justo después de este cambio; identificador estable del evento' }) cursor: string;
  @ApiProperty({ enum: CHANGE_TYPES }) type: string;
  @ApiProperty({ example: '2026-11-23T15:04:05.000Z' }) occurredAt: string;
  @ApiProperty({ example: 'MINECO' }) institutionCode: string;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'MINECO-001',
    description: 'Trámite del cambio (null en cambios de institución, plan, hito o informe)',
  })
  procedureCode: string | null;
  @ApiProperty({ enum: ['procedure', 'requirement', 'institution', 'plan', 'milestone', 'report'] }) subject: string;
  @ApiProperty({ description: 'Identificador del sujeto (requisito, plan, hito, informe; el del trámite o la institución en los suyos)' })
  subjectId: string;
  @ApiProperty({
    type: [PublicChangeField],
    description: 'Campos públicos cambiados, con su valor anterior y nuevo (vacío en procedure_created y requirement_added)',
  })
  changes: PublicChangeField[];
  @ApiProperty({ nullable: true, type: String, description: 'Requisito, en los eventos requirement_*' }) requirementId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Nombre del requisito, en los eventos requirement_*' }) requirementName:
    string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Código del trámite que absorbe a este, en procedure_merged' })
  mergedIntoProcedureCode: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Nivel anterior, para level_validated' }) previousLevel: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Nivel validado, para level_validated' }) level: number | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: '60.40',
    description: 'Puntuación publicada antes, para score_changed e institution_score_changed (decimal exacto en texto)',
  })
  previousScore: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: '64.10',
    description: 'Puntuación nueva (0–100), para score_changed e institution_score_changed',
  })
  score: string | null;
}

export class PublicChangeFeed {
  @ApiProperty({ type: [PublicChange] }) items: PublicChange[];
  @ApiProperty({ description: 'Pasar como since en la próxima llamada (igual al recibido si no hubo cambios nuevos)' }) nextCursor: string;
  @ApiProperty({ description: 'true si pueden quedar más cambios inmediatamente disponibles' }) hasMore: boolean;
}

export class PublicCodeValue {
  @ApiProperty({ example: 'business' }) code: string;
  @ApiProperty({ example: 'empresas', description: 'Significado en español (el mismo glosario de las páginas)' }) label: string;
}

export class PublicDataDictionaryField {
  @ApiProperty() name: string;
  @ApiProperty({ example: 'string' }) type: string;
  @ApiProperty() description: string;
  @ApiProperty({
    nullable: true,
    type: [PublicCodeValue],
    description: 'Para campos con códigos: cada código y su significado; null en los demás',
  })
  values: PublicCodeValue[] | null;
}

export class PublicDataDictionaryDataset {
  @ApiProperty({ example: 'procedures.csv' }) name: string;
  @ApiProperty({ example: '/api/public/v1/export/procedures.csv' }) url: string;
  @ApiProperty({ example: 'text/csv' }) mediaType: string;
  @ApiProperty({ type: [PublicDataDictionaryField] }) fields: PublicDataDictionaryField[];
}

export class PublicDataDictionary {
  @ApiProperty({ type: [PublicDataDictionaryDataset] }) datasets: PublicDataDictionaryDataset[];
  @ApiProperty({ example: 'UTF-8 con BOM; separador coma; comillas RFC 4180' }) csvFormat: string;
  @ApiProperty({ example: 'CC-BY-4.0' }) license: string;
}
