import type { Writable } from 'node:stream';
import { OutputLimit } from './output-limit.js';
import { ChunkedWriter } from './write-chunk.js';
import { flattenRow, cellText, type FlatRow } from './flatten-row.js';
import { ColumnSet, columnName } from './column-set.js';
import type { ResultItems, WriterOptions, WriteSummary } from './writer-options.js';

export interface TableOptions extends WriterOptions {
  /** Rows shown before "... N more rows" (default 100). */
  maxRows?: number;
  /** Cells longer than this are cut with "…" (default 40 characters). */
  maxCellWidth?: number;
}

const isRowShaped = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The REPL's view. Row-shaped results (every item an object, e.g. groupBy's
 * `{key, value}`) print as aligned columns, flattened like CSV (`key.0 key.1 value`),
 * numbers right-aligned, long cells cut with "…", line breaks shown as "⏎"; only the
 * first `maxRows` rows are shown, then a count of the rest (decided from those
 * rows). When one of the first `maxRows` items is not an object, the whole result
 * prints as JSON instead, one item a line inside the array, streamed.
 */
export async function writeTable(items: ResultItems, out: Writable, opts: TableOptions = {}): Promise<WriteSummary> {
  const limit = new OutputLimit(opts.maxOutputMB);
  const w = new ChunkedWriter(out, limit);
  const maxRows = opts.maxRows ?? 100;
  const maxWidth = Math.max(opts.maxCellWidth ?? 40, 2);
  const shown: unknown[] = [];
  let n = 0;
  let json = false; // switched to JSON: an item within the first maxRows was not row-shaped
  for await (const item of items) {
    n++;
    if (json) {
      await w.push(',\n  ' + (JSON.stringify(item) ?? 'null'));
    } else if (shown.length < maxRows) {
      shown.push(item);
      if (!isRowShaped(item)) {
        json = true;
        await w.push('[\n  ' + shown.map((x) => JSON.stringify(x) ?? 'null').join(',\n  '));
        shown.length = 0;
      }
    }
  }
  if (json) {
    await w.push('\n]\n');
    await w.flush();
    return { items: n, bytes: limit.bytes };
  }
  if (shown.length === 0) {
    await w.push('[]\n');
    await w.flush();
    return { items: n, bytes: limit.bytes };
  }
  const rows: FlatRow[] = shown.map(flattenRow);
  const set = new ColumnSet();
  for (const r of rows) for (const [p] of r) set.add(p);
  const names = set.paths().map(columnName);
  const index = new Map(names.map((c, i) => [c, i]));
  const grid: string[][] = [];
  const numeric: boolean[] = names.map(() => true);
  for (const r of rows) {
    const line = new Array<string>(names.length).fill('');
    for (const [p, cell] of r) {
      const i = index.get(columnName(p))!;
      line[i] = clip(cellText(cell), maxWidth);
      if (cell !== null && typeof cell !== 'number') numeric[i] = false;
    }
    grid.push(line);
  }
  const header = names.map((c) => clip(c, maxWidth));
  const widths = header.map((h, i) => Math.max(h.length, ...grid.map((l) => l[i]!.length)));
  const fmt = (cells: string[], isHeader: boolean) =>
    cells
      .map((c, i) => (numeric[i] && !isHeader ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd() + '\n';
  await w.push(fmt(header, true));
  await w.push(widths.map((x) => '─'.repeat(x)).join('  ') + '\n');
  for (const l of grid) await w.push(fmt(l, false));
  if (n > shown.length) await w.push(`... ${n - shown.length} more row(s); use --format json or csv to see all\n`);
  await w.flush();
  return { items: n, bytes: limit.bytes };
}

function clip(s: string, max: number): string {
  const one = s.replace(/\r?\n/g, '⏎');
  return one.length > max ? one.slice(0, max - 1) + '…' : one;
}
