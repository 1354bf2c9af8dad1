import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { NO, PROCEDURE_COLUMNS, PROCEDURE_SHEET, REQUIREMENT_COLUMNS, REQUIREMENT_SHEET, VOCABULARY, YES } from './format';
import { ProcedureValues, RequirementValues } from './plan-import';

export interface ExportProcedure extends ProcedureValues {
  code: string;
}

export interface ExportRequirement extends RequirementValues {
  procedureCode: string;
  effectiveFrom: string;
}

interface WorkbookContent {
  procedures: Iterable<ExportProcedure>;
  requirements: Iterable<ExportRequirement>;
  /** Levels of the active maturity model (validation list of nivel_madurez). */
  levels: number[] | null;
  /** Shared-strings table, as Excel writes (default); false writes every text inline (as some other tools do). */
  sharedStrings?: boolean;
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const yesNo = (b: boolean | null): string => (b === null ? '' : b ? YES : NO);

/**
 * Text as stored in the XLSX so that reading it back gives the same text: Excel escapes characters as `_xHHHH_`, and
 * readers (ours too) decode that form, so a literal `_x000D_` in the text is written with its underscore escaped
 * (`_x005F_x000D_`). Every text cell goes through here.
 */
const escapeExcelText = (v: string | null): string | null => (v === null ? null : v.replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1'));

/** A procedure as a row of `tramites`, in PROCEDURE_COLUMNS order (the exact import format). */
function procedureRow(p: ExportProcedure): Array<string | number | null> {
  const byColumn: Record<(typeof PROCEDURE_COLUMNS)[number], string | number | null> = {
    codigo: escapeExcelText(p.code),
    nombre: escapeExcelText(p.name),
    descripcion: escapeExcelText(p.description),
    base_legal: escapeExcelText(p.legalBasis),
    canal: p.channels.map((c) => VOCABULARY.channel.word(c)).join(';'),
    url_en_linea: escapeExcelText(p.onlineUrl),
    url_formularios: escapeExcelText(p.formsUrl),
    formularios_gratuitos: yesNo(p.formsFree),
    // unknown stays an empty cell (never 0, which would read as free)
    costo_gtq: p.feeGtq === null ? null : Number(p.feeGtq),
    dias_resolucion_legal: p.legalMaxDays,
    dias_resolucion_real: p.actualMedianDays,
    volumen_anual: p.annualVolume,
    visitas_presenciales: p.inPersonVisits,
    nivel_madurez: p.declaredLevel,
    comercio_exterior: yesNo(p.foreignTrade),
    prioritario: yesNo(p.prioritized),
    categoria: escapeExcelText(p.category),
    audiencia: VOCABULARY.audience.word(p.audience),
    resultado: escapeExcelText(p.output),
    hecho_de_vida: escapeExcelText(p.lifeEvent),
    nivel_meta: p.targetLevel,
    // dates as text (AAAA-MM-DD): no spreadsheet date conversion, the round trip is exact
    fecha_meta: p.targetDate,
    fecha_revision: p.lastReviewedAt,
  };
  return PROCEDURE_COLUMNS.map((c) => byColumn[c]);
}

function requirementRow(r: ExportRequirement): Array<string | number | null> {
  const byColumn: Record<(typeof REQUIREMENT_COLUMNS)[number], string | null> = {
    codigo_tramite: escapeExcelText(r.procedureCode),
    nombre: escapeExcelText(r.name),
    tipo_evidencia: VOCABULARY.evidenceType.word(r.evidenceType),
    emisor: VOCABULARY.issuer.word(r.issuer),
    institucion_emisora: escapeExcelText(r.issuerInstitution),
    base_legal_tipo: VOCABULARY.legalBasisType.word(r.legalBasisType),
    base_legal_referencia: escapeExcelText(r.legalBasisReference),
    obtenible_por_interoperabilidad: yesNo(r.obtainableByInteroperability),
    prohibido: r.prohibitedKind ? VOCABULARY.prohibitedKind.word(r.prohibitedKind) : NO,
    vigente_desde: r.effectiveFrom,
    vigente_hasta: r.effectiveTo,
  };
  return REQUIREMENT_COLUMNS.map((c) => byColumn[c]);
}

const PROCEDURE_WIDTHS: Partial<Record<(typeof PROCEDURE_COLUMNS)[number], number>> = {
  codigo: 16,
  nombre: 48,
  descripcion: 60,
  base_legal: 40,
  canal: 24,
  url_en_linea: 36,
  url_formularios: 36,
  categoria: 22,
};
const REQUIREMENT_WIDTHS: Partial<Record<(typeof REQUIREMENT_COLUMNS)[number], number>> = {
  codigo_tramite: 16,
  nombre: 52,
  tipo_evidencia: 18,
  emisor: 18,
  institucion_emisora: 24,
  base_legal_tipo: 20,
  base_legal_referencia: 40,
};

interface ListValidation {
  type: 'list';
  allowBlank: boolean;
  formulae: string[];
  showErrorMessage: boolean;
  errorStyle?: 'stop' | 'warning' | 'information';
  errorTitle?: string;
  error?: string;
  showInputMessage?: boolean;
  promptTitle?: string;
  prompt?: string;
}

const list = (values: string[], opts: Partial<ListValidation> = {}): ListValidation => ({
  type: 'list',
  allowBlank: true,
  formulae: [`"${values.join(',')}"`],
  showErrorMessage: true,
  errorStyle: 'stop',
  errorTitle: 'Valor no admitido',
  error: `Valores admitidos: ${values.join(', ')}`,
  ...opts,
});

const columnLetter = (index: number): string => {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
};

type Worksheet = ExcelJS.Worksheet & { dataValidations: { add(range: string, validation: ListValidation): void } };

function validations(ws: Worksheet, columns: readonly string[], rules: Record<string, ListValidation>, lastRow: number): void {
  for (const [column, rule] of Object.entries(rules)) {
    const i = columns.indexOf(column);
    if (i >= 0) ws.dataValidations.add(`${columnLetter(i)}2:${columnLetter(i)}${lastRow}`, rule);
  }
}

function prepareSheet(ws: ExcelJS.Worksheet, columns: readonly string[], widths: Record<string, number | undefined>): void {
  ws.columns = columns.map((c) => ({ key: c, width: widths[c] ?? Math.max(12, c.length + 4) }));
  const header = ws.addRow([...columns]);
  header.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E79' } };
  header.commit();
}

/**
 * Writes the two-sheet workbook of the import format: header rows, validation lists (Spanish words) on the
 * enumerated and yes/no columns, then the rows. Streams through ExcelJS's writer, so 100,000 rows stay cheap.
 */
export async function writeInventoryWorkbook(content: WorkbookContent): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: content.sharedStrings ?? true });
  wb.creator = 'Simplifica';
  wb.created = new Date();

  const booleans = list([YES, NO], { errorStyle: 'warning' });
  const tramites = wb.addWorksheet(PROCEDURE_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] }) as Worksheet;
  prepareSheet(tramites, PROCEDURE_COLUMNS, PROCEDURE_WIDTHS);
  let procedureRows = 1;
  for (const p of content.procedures) {
    const row = tramites.addRow(procedureRow(p));
    row.getCell(PROCEDURE_COLUMNS.indexOf('costo_gtq') + 1).numFmt = '0.00';
    row.commit();
    procedureRows++;
  }
  validations(
    tramites,
    PROCEDURE_COLUMNS,
    {
      canal: list(
        VOCABULARY.channel.codes.map((c) => VOCABULARY.channel.word(c)),
        {
          errorStyle: 'information',
          showInputMessage: true,
          promptTitle: 'Canal',
          prompt: 'Uno o varios, separados por «;» (por ejemplo presencial;en_linea)',
          error: `Valores admitidos (varios separados por «;»): ${VOCABULARY.channel.list()}`,
        },
      ),
      formularios_gratuitos: booleans,
      comercio_exterior: booleans,
      prioritario: booleans,
      audiencia: list(VOCABULARY.audience.codes.map((c) => VOCABULARY.audience.word(c))),
      ...(content.levels?.length ? { nivel_madurez: list(content.levels.map(String)), nivel_meta: list(content.levels.map(String)) } : {}),
    },
    procedureRows + 1000,
  );
  tramites.commit();

  const requisitos = wb.addWorksheet(REQUIREMENT_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] }) as Worksheet;
  prepareSheet(requisitos, REQUIREMENT_COLUMNS, REQUIREMENT_WIDTHS);
  let requirementRows = 1;
  for (const r of content.requirements) {
    requisitos.addRow(requirementRow(r)).commit();
    requirementRows++;
  }
  validations(
    requisitos,
    REQUIREMENT_COLUMNS,
    {
      tipo_evidencia: list(VOCABULARY.evidenceType.codes.map((c) => VOCABULARY.evidenceType.word(c))),
      emisor: list(VOCABULARY.issuer.codes.map((c) => VOCABULARY.issuer.word(c))),
      base_legal_tipo: list(VOCABULARY.legalBasisType.codes.map((c) => VOCABULARY.legalBasisType.word(c))),
      obtenible_por_interoperabilidad: booleans,
      prohibido: list([NO, ...VOCABULARY.prohibitedKind.codes.map((c) => VOCABULARY.prohibitedKind.word(c))]),
    },
    requirementRows + 1000,
  );
  requisitos.commit();
  await wb.commit();
  await done;
  return Buffer.concat(chunks);
}

/** The example rows of the template: a real-looking MINECO procedure (Registro Mercantil) and one of its requirements. */
export const TEMPLATE_EXAMPLE: { procedure: ExportProcedure; requirement: ExportRequirement } = {
  procedure: {
    code: 'MINECO-RM-001',
    name: 'Inscripción de comerciante individual en el Registro Mercantil',
    description: 'Registro de la persona que ejerce el comercio en nombre propio; al concluir se entrega la patente de comercio.',
    legalBasis: 'Decreto 2-70 del Congreso de la República, Código de Comercio de Guatemala',
    channels: ['in_person', 'online'],
    onlineUrl: 'https://www.registromercantil.gob.gt',
    formsUrl: 'https://www.registromercantil.gob.gt',
    formsFree: true,
    feeGtq: '100.00',
    legalMaxDays: 8,
    actualMedianDays: 5,
    annualVolume: 45000,
    inPersonVisits: 1,
    declaredLevel: 2,
    foreignTrade: false,
    prioritized: true,
    category: 'Registro de empresas',
    audience: 'business',
    output: 'Patente de comercio',
    lifeEvent: 'Abrir una empresa',
    targetLevel: 4,
    targetDate: '2027-12-31',
    lastReviewedAt: '2026-06-30',
  },
  requirement: {
    procedureCode: 'MINECO-RM-001',
    name: 'Documento Personal de Identificación (DPI) del comerciante',
    evidenceType: 'identification',
    issuer: 'other_institution',
    issuerInstitution: 'RENAP',
    legalBasisType: 'law',
    legalBasisReference: 'Decreto 90-2005, Ley del Registro Nacional de las Personas',
    obtainableByInteroperability: true,
    prohibitedKind: null,
    effectiveFrom: '2021-09-01',
    effectiveTo: null,
  },
};
