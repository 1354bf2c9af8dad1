import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AUDIENCES, CHANNELS, EVIDENCE_TYPES, ISSUERS, LEGAL_BASIS_TYPES, PROCEDURE_STATUSES, REQUIREMENT_STATUSES } from '../../inventory/inventory.enums';
import { COVERAGES, INSTITUTION_TYPES } from '../../institutions/entities/institution.entity';

const FREE_OBJECT = { type: 'object', additionalProperties: true } as const;
const ANY_JSON = {
  nullable: true,
  oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'object', additionalProperties: true }, { type: 'array', items: {} }],
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
  @ApiProperty({ nullable: true, type: PublicScore, description: 'Última puntuación calculada; null si aún no hay' }) currentScore: PublicScore | null;
  @ApiProperty({ nullable: true, ...FREE_OBJECT, description: 'Indicadores (§6) de la última medición' }) indicators: Record<string, unknown> | null;
  @ApiProperty({ example: '2026-11-23T15:04:05.000Z', description: 'Última modificación de la institución o de su puntuación' }) lastUpdate: string;
}

export class PublicInstitutionPage {
  @ApiProperty({ type: [PublicInstitution] }) items: PublicInstitution[];
  @ApiProperty({ type: PublicCursorPageMeta }) page: PublicCursorPageMeta;
}

export class PublicTrendPoint {
  @ApiProperty({ example: '2026-11-23' }) date: string;
  @ApiProperty({ example: '72.50' }) score: string;
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

export class PublicInstitutionDetail extends PublicInstitution {
  @ApiProperty({ nullable: true, ...FREE_OBJECT, description: 'Componentes de la puntuación, sus pesos y datos de entrada' }) scoreBreakdown: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, ...FREE_OBJECT, description: 'Carga administrativa y ahorros (GTQ, horas)' }) burden: Record<string, unknown> | null;
  @ApiProperty({ type: [PublicTrendPoint], description: 'Serie de puntuaciones (hasta 365 mediciones, de la más antigua a la más reciente)' }) trend: PublicTrendPoint[];
  @ApiProperty({ type: PublicMilestoneSummary }) milestones: PublicMilestoneSummary;
  @ApiProperty() procedureCount: number;
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
  @ApiProperty({ example: '150.00', description: 'Costo en GTQ (decimal exacto en texto)' }) feeGtq: string;
  @ApiProperty({ nullable: true, type: Number }) legalMaxDays: number | null;
  @ApiProperty({ nullable: true, type: Number }) actualMedianDays: number | null;
  @ApiProperty() inPersonVisits: number;
  @ApiProperty({ minimum: 0, maximum: 10 }) currentLevel: number;
  @ApiProperty({ nullable: true, type: Number }) targetLevel: number | null;
  @ApiProperty({ nullable: true, type: String }) onlineUrl: string | null;
  @ApiProperty({ example: '2026-11-23T15:04:05.000Z' }) updatedAt: string;
}

export class PublicProcedurePage {
  @ApiProperty({ type: [PublicProcedure] }) items: PublicProcedure[];
  @ApiProperty({ type: PublicCursorPageMeta }) page: PublicCursorPageMeta;
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
  @ApiProperty() prohibited: boolean;
  @ApiProperty({ enum: REQUIREMENT_STATUSES }) status: string;
  @ApiProperty({ example: '2021-09-01' }) effectiveFrom: string;
  @ApiProperty({ nullable: true, type: String, description: 'Desde este día deja de exigirse (exclusivo)' }) effectiveTo: string | null;
}

export class PublicRequirements {
  @ApiProperty({ type: [PublicRequirement] }) current: PublicRequirement[];
  @ApiProperty({ type: [PublicRequirement] }) eliminated: PublicRequirement[];
}

export class PublicMaturity {
  @ApiProperty() currentLevel: number;
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

export class PublicProcedureDetail extends PublicProcedure {
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ nullable: true, type: String }) output: string | null;
  @ApiProperty({ nullable: true, type: String }) lifeEvent: string | null;
  @ApiProperty({ nullable: true, type: String }) legalBasis: string | null;
  @ApiProperty({ nullable: true, type: String }) formsUrl: string | null;
  @ApiProperty({ nullable: true, type: Number }) annualVolume: number | null;
  @ApiProperty({ type: PublicRequirements }) requirements: PublicRequirements;
  @ApiProperty({ type: PublicMaturity }) maturity: PublicMaturity;
  @ApiProperty({ nullable: true, type: PublicScore }) score: PublicScore | null;
  @ApiProperty({ nullable: true, ...FREE_OBJECT, description: 'Carga (línea base y actual) y ahorros anuales, de la última medición' }) burden: Record<string, unknown> | null;
  @ApiProperty({ type: [PublicChangeLogEntry], description: 'Bitácora pública (sin datos de quién hizo el cambio)' }) changes: PublicChangeLogEntry[];
}

export class PublicNationalPoint {
  @ApiProperty({ example: '2026-11-23' }) date: string;
  @ApiProperty({ example: '61.20' }) score: string;
  @ApiProperty({ nullable: true, ...FREE_OBJECT }) indicators: Record<string, unknown> | null;
}

export class PublicIndicators {
  @ApiProperty({ nullable: true, type: PublicScore }) current: PublicScore | null;
  @ApiProperty({ nullable: true, ...FREE_OBJECT, description: 'Indicadores nacionales de la última medición' }) indicators: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, ...FREE_OBJECT, description: 'Carga administrativa y ahorros nacionales, con los parámetros usados' }) burden: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, ...FREE_OBJECT }) components: Record<string, unknown> | null;
  @ApiProperty({ type: [PublicNationalPoint], description: 'Serie (hasta 365 mediciones, de la más antigua a la más reciente)' }) series: PublicNationalPoint[];
}

export class PublicMethodology {
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty() name: string;
  @ApiProperty({ ...FREE_OBJECT, description: 'Pesos de los componentes del trámite' }) procedureWeights: Record<string, number>;
  @ApiProperty({ ...FREE_OBJECT, description: 'Pesos de los componentes de la institución' }) institutionWeights: Record<string, number>;
  @ApiProperty({ ...FREE_OBJECT, description: 'Parámetros de la carga administrativa (GTQ por hora, por visita, por día; horas por requisito y visita)' })
  burdenParameters: Record<string, number>;
  @ApiProperty({ ...FREE_OBJECT, description: 'Todos los parámetros, para reproducir cada cifra' }) parameters: Record<string, unknown>;
  @ApiProperty() adoptedAt: string;
}

export const CHANGE_TYPES = ['procedure_created', 'procedure_eliminated', 'requirement_eliminated', 'level_validated', 'score_changed'] as const;

export class PublicChange {
  @ApiProperty({ description: 'Cursor que reanuda justo después de este cambio' }) cursor: string;
  @ApiProperty({ enum: CHANGE_TYPES }) type: string;
  @ApiProperty({ example: '2026-11-23T15:04:05.000Z' }) occurredAt: string;
  @ApiProperty({ example: 'MINECO' }) institutionCode: string;
  @ApiProperty({ example: 'MINECO-001' }) procedureCode: string;
  @ApiProperty({ nullable: true, type: String, description: 'Requisito, para requirement_eliminated' }) requirementId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Nombre del requisito eliminado' }) requirementName: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Nivel anterior, para level_validated' }) previousLevel: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Nivel validado, para level_validated' }) level: number | null;
  @ApiProperty({ nullable: true, type: String, example: '60.40', description: 'Puntuación publicada antes, para score_changed (decimal exacto en texto)' }) previousScore: string | null;
  @ApiProperty({ nullable: true, type: String, example: '64.10', description: 'Puntuación nueva (0–100), para score_changed' }) score: string | null;
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
  @ApiProperty({ nullable: true, type: [PublicCodeValue], description: 'Para campos con códigos: cada código y su significado; null en los demás' })
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

export class PublicKeyUsageDay {
  @ApiProperty({ example: '2026-11-23' }) date: string;
  @ApiProperty() requests: number;
}

export class PublicKeyUsage {
  @ApiProperty() keyId: string;
  @ApiProperty() rateLimitPerMinute: number;
  @ApiProperty({ type: [PublicKeyUsageDay], description: 'Solicitudes por día (hora de Guatemala), últimos 30 días' }) days: PublicKeyUsageDay[];
  @ApiProperty() total: number;
}
