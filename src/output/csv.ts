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
}

/**
 * `--format csv`: a header row, then one row an item (RFC 4180: CRLF line ends,
 * fields quoted when they hold a comma, quote or line break; via csv-stringify).
 *
 * A CSV header must come first but the columns are known only from the items, so
 * the first `headerRows` items are buffered to decide them. A column that first
 * appears after that cannot be added; its cells are left out and one warning names
 * the columns dropped (use --format json or jsonl to see every field). An empty
 * result writes nothing.
 */
export async function writeCsv(items: ResultItems, out: Writable, opts: CsvOptions = {}): Promise<WriteSummary> {
  const limit = new OutputLimit(opts.maxOutputMB);
  const w = new ChunkedWriter(out, limit);
  const headerRows = opts.headerRows ?? CSV_HEADER_ROWS;
  const buffered: FlatRow[] = [];
  let columns: Map<string, number> | null = null;
  const dropped = new Set<string>();
  let n = 0;

  const encode = (rows: string[][]) => stringify(rows, { record_delimiter: 'windows' });
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
