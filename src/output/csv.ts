import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { OutputLimit } from './output-limit.js';
import { ChunkedWriter } from './write-chunk.js';
import { flattenRow, cellText, type FlatRow } from './flatten-row.js';
import { ColumnSet, columnName } from './column-set.js';
import type { ResultItems, WriterOptions, WriteSummary } from './writer-options.js';

/** Rows read before the header is fixed. */
export const CSV_HEADER_ROWS = 1000;

export interface CsvOptions extends WriterOptions {
  /** Rows buffered to decide the columns (default 1000). */
  headerRows?: number;
  /** `--crlf`: end records with CRLF (the RFC 4180 form); default LF, as Unix tools expect. */
  crlf?: boolean;
  /**
   * Fixed columns: every item is an array of cells in this order, written as they are
   * (lists and objects as JSON text). Without it the columns come from the items.
   */
  columns?: readonly string[];
}

/**
 * CSV records as text. Every field holding the delimiter, a double quote, a CR or an
 * LF is quoted (quotes doubled), whatever the record delimiter, so any value reads
 * back as it was; a record of one empty field is written `""` (an empty line would
 * be skipped by readers).
 */
export function encodeCsv(records: string[][], crlf = false): string {
  const eol = crlf ? '\r\n' : '\n';
  let text = '';
  let from = 0;
  for (let i = 0; i <= records.length; i++) {
    const r = records[i];
    if (i === records.length || (r!.length === 1 && r![0] === '')) {
      if (i > from) text += stringify(records.slice(from, i), { record_delimiter: crlf ? 'windows' : 'unix', quoted_match: /[\r\n]/ });
      if (i < records.length) text += `""${eol}`;
      from = i + 1;
    }
  }
  return text;
}

/**
 * `--format csv`: a header row, then one row an item (fields quoted as encodeCsv
 * says; LF line ends unless `crlf`).
 *
 * A CSV header must come first but the columns are known only from the items, so
 * the first `headerRows` items are buffered to decide them. A column that first
 * appears after that cannot be added; its cells are left out and one warning names
 * the columns dropped (use --format json or jsonl to see every field). An empty
 * result writes nothing (with fixed `columns`: the header).
 */
export async function writeCsv(items: ResultItems, out: Writable, opts: CsvOptions = {}): Promise<WriteSummary> {
  const limit = new OutputLimit(opts.maxOutputMB);
  const w = new ChunkedWriter(out, limit);
  const encode = (rows: string[][]) => encodeCsv(rows, opts.crlf);
  if (opts.columns !== undefined) return writeFixed(items, opts.columns, w, limit, encode);
  const headerRows = opts.headerRows ?? CSV_HEADER_ROWS;
  const buffered: FlatRow[] = [];
  let columns: Map<string, number> | null = null;
  const dropped = new Set<string>();
  let n = 0;

  const toRecord = (row: FlatRow, cols: Map<string, number>): string[] => {
    const rec = new Array<string>(cols.size).fill('');
    for (const [path, cell] of row) {
      const name = columnName(path);
      const i = cols.get(name);
      if (i === undefined) dropped.add(name);
      else rec[i] = cellText(cell);
    }
    return rec;
  };
  const fixColumns = async () => {
    const set = new ColumnSet();
    for (const row of buffered) for (const [path] of row) set.add(path);
    const names = set.paths().map(columnName);
    columns = new Map(names.map((name, i) => [name, i]));
    if (names.length === 0) return;
    await w.push(encode([names, ...buffered.map((r) => toRecord(r, columns!))]));
    buffered.length = 0;
  };

  for await (const item of items) {
    n++;
    const row = flattenRow(item);
    if (columns === null) {
      buffered.push(row);
      if (buffered.length >= headerRows) await fixColumns();
    } else {
      await w.push(encode([toRecord(row, columns)]));
    }
  }
  if (columns === null && buffered.length > 0) await fixColumns();
  await w.flush();
  if (dropped.size > 0) {
    const names = [...dropped];
    opts.onWarning?.(
      `CSV: ${names.length} column(s) first appeared after the first ${headerRows} rows and were left out: ` +
        `${names.slice(0, 10).join(', ')}${names.length > 10 ? ', ...' : ''}. Use --format json or jsonl to see every field.`,
    );
  }
  return { items: n, bytes: limit.bytes };
}

async function writeFixed(
  items: ResultItems,
  columns: readonly string[],
  w: ChunkedWriter,
  limit: OutputLimit,
  encode: (rows: string[][]) => string,
): Promise<WriteSummary> {
  await w.push(encode([[...columns]]));
  let batch: string[][] = [];
  let n = 0;
  const take = (item: unknown) => {
    const cells = item as unknown[];
    batch.push(columns.map((_, i) => cellText(cells[i])));
    n++;
  };
  const flush = async () => {
    await w.push(encode(batch));
    batch = [];
  };
  // A listing of a million users is a plain iterable: no await per row.
  if (Symbol.iterator in Object(items)) {
    for (const item of items as Iterable<unknown>) {
      take(item);
      if (batch.length === 1000) await flush();
    }
  } else {
    for await (const item of items) {
      take(item);
      if (batch.length === 1000) await flush();
    }
  }
  if (batch.length) await flush();
  await w.flush();
  return { items: n, bytes: limit.bytes };
}
