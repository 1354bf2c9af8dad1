import ExcelJS from 'exceljs';
import { PROCEDURE_COLUMNS, REQUIREMENT_COLUMNS } from '../spreadsheet/format';

export type Cell = string | number | boolean | null | { formula: string; result?: string | number };

/** An XLSX (in memory) with the given sheets; rows are arrays of cells, the first being the header. */
export async function xlsx(sheets: Record<string, Cell[][]>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    for (const r of rows) ws.addRow(r.map((c) => (c !== null && typeof c === 'object' ? { formula: c.formula, result: c.result } : c)));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A procedures sheet: header + rows given as partial records by column name. */
export const tramites = (...rows: Array<Partial<Record<(typeof PROCEDURE_COLUMNS)[number], Cell>>>): Cell[][] => [
  [...PROCEDURE_COLUMNS],
  ...rows.map((r) => PROCEDURE_COLUMNS.map((c) => r[c] ?? null)),
];

export const requisitos = (...rows: Array<Partial<Record<(typeof REQUIREMENT_COLUMNS)[number], Cell>>>): Cell[][] => [
  [...REQUIREMENT_COLUMNS],
  ...rows.map((r) => REQUIREMENT_COLUMNS.map((c) => r[c] ?? null)),
];

/** CSV text from rows (quotes where needed). */
export const csv = (rows: Cell[][], delimiter = ','): string =>
  rows
    .map((r) =>
      r
        .map((c) => {
          const s = c === null ? '' : String(c);
          return /[",;\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
        })
        .join(delimiter),
    )
    .join('\r\n') + '\r\n';
