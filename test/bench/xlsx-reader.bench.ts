/**
 * Benchmark of the XLSX reader alone (npm run bench:xlsx): no database, no queue.
 *
 * 1. The inventory workbook of bench:import (10,000 procedures × 10 requirements, generated with its --generate),
 *    read row by row with the import's reader: median wall time of BENCH_RUNS runs (default 3) and peak RSS.
 * 2. The outside review's hostile sheet (issue #10, finding 3): a 131 KB upload whose sheet XML never closes a row.
 *    The old reader re-scanned the whole carried buffer for every 256 KiB chunk (152 s of CPU); this one refuses it in
 *    one pass. Printed: upload size, inflated size, time to the located refusal.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { readSpreadsheet, streamSpreadsheet } from '../../src/modules/inventory/import-export/spreadsheet/read-spreadsheet';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const say = (s: string) => process.stdout.write(`${s}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A one-file-per-entry ZIP (deflate), enough for a workbook. */
function zip(files: Record<string, Buffer>): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, raw] of Object.entries(files)) {
    const data = deflateRawSync(raw, { level: 9 });
    const nameBuf = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(raw.length, 24);
    entry.writeUInt16LE(nameBuf.length, 28);
    entry.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, data);
    central.push(entry, nameBuf);
    offset += local.length + nameBuf.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

async function main(): Promise<void> {
  const path = join(tmpdir(), `simplifica-bench-xlsx-${process.pid}.xlsx`);
  // Compiled (npm run bench:xlsx), the generator is dist's import.bench.js; from source, import.bench.ts under swc.
  const generator = __filename.endsWith('.ts')
    ? ['-r', '@swc-node/register', join(__dirname, 'import.bench.ts')]
    : [join(__dirname, 'import.bench.js')];
  execFileSync(process.execPath, [...generator, '--generate', path], { stdio: 'inherit' });
  const book = readFileSync(path);
  unlinkSync(path);
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const times: number[] = [];
  let rows = 0;
  for (let run = 0; run < RUNS; run++) {
    rows = 0;
    const start = process.hrtime.bigint();
    const r = await streamSpreadsheet({ format: 'xlsx', content: book }, { header: () => undefined, row: () => void rows++ });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (r.problems.length) throw new Error(`problemas inesperados: ${r.problems[0].message}`);
  }
  clearInterval(sampler);
  say(
    `libro de bench:import (${(book.length / 1024 / 1024).toFixed(1)} MB, ${rows.toLocaleString('es-GT')} filas): mediana ${median(times).toFixed(0)} ms de ${RUNS}, RSS máxima ${(peak / 1024 / 1024).toFixed(0)} MB`,
  );

  // The review's sheet: a row opened and never closed, then nothing but cells, deflated to about 131 KB.
  const sheet = Buffer.from(`<worksheet><sheetData><row r="1">${'<c><v>1</v></c>'.repeat(9_000_000)}`);
  const hostile = zip({
    'xl/workbook.xml': Buffer.from('<workbook><sheets><sheet name="tramites" r:id="rId1"/></sheets></workbook>'),
    'xl/_rels/workbook.xml.rels': Buffer.from('<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>'),
    'xl/worksheets/sheet1.xml': sheet,
  });
  const start = process.hrtime.bigint();
  const r = await readSpreadsheet({ format: 'xlsx', content: hostile });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  say(
    `hoja hostil de la revisión (${(hostile.length / 1024).toFixed(0)} KB subidos, ${(sheet.length / 1024 / 1024).toFixed(0)} MB de XML sin </row>): rechazada en ${ms.toFixed(0)} ms — «${r.problems[0]?.message ?? 'sin problema'}» (hoja ${r.problems[0]?.sheet}, fila ${r.problems[0]?.row})`,
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
