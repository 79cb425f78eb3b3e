import type { Writable } from 'node:stream';
import { OutputLimit } from './output-limit.js';
import { ChunkedWriter } from './write-chunk.js';
import { flattenRow, cellText } from './flatten-row.js';
import { ColumnSet, columnName } from './column-set.js';
import { displayWidth, loadTextWidth, oneLine, pad, truncate } from './text-width.js';
import { fitColumns } from './fit-columns.js';
import type { ResultItems, WriterOptions, WriteSummary } from './writer-options.js';

export interface TableOptions extends WriterOptions {
  /** Rows shown before "... N more rows" (default 100). */
  maxRows?: number;
  /** Cells wider than this many terminal columns are cut with "…" (default 40). */
  maxCellWidth?: number;
  /** Shrink the columns so that a line fits this many terminal columns (undefined: no limit). */
  terminalWidth?: number;
  /** `--wide`: never cut or shrink (lines may wrap). */
  wide?: boolean;
  /**
   * Fixed columns: every item is an array of cells in this order, shown as they are
   * (lists and objects as JSON text, not flattened). Without it the columns come from
   * the items, flattened like CSV.
   */
  columns?: readonly string[];
  /** What the "more rows" note suggests (default: "use --format json or csv to see all"). */
  moreRowsHint?: string;
}

const GAP = 2;
const isRowShaped = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The one table writer (every command's `--format table`, and the REPL's view).
 * Row-shaped results (every item an object, e.g. groupBy's `{key, value}`) print as
 * aligned columns, flattened like CSV (`key.0 key.1 value`), numbers right-aligned,
 * line breaks shown as "⏎". Widths are terminal columns (CJK and emoji count two);
 * long cells are cut by grapheme with "…", and the columns shrink, widest first, to
 * fit `terminalWidth`. Only the first `maxRows` rows are shown, then a count of the
 * rest. When one of the first `maxRows` items is not an object, the whole result
 * prints as JSON instead, one item a line inside the array, streamed. An empty
 * result prints `[]` (with fixed `columns`: nothing).
 */
export async function writeTable(items: ResultItems, out: Writable, opts: TableOptions = {}): Promise<WriteSummary> {
  await loadTextWidth();
  const limit = new OutputLimit(opts.maxOutputMB);
  const w = new ChunkedWriter(out, limit);
  const maxRows = opts.maxRows ?? 100;
  const shown: unknown[] = [];
  let n = 0;
  let json = false; // switched to JSON: an item within the first maxRows was not row-shaped
  const fixed = opts.columns !== undefined;
  for await (const item of items) {
    n++;
    if (json) {
      await w.push(',\n  ' + (JSON.stringify(item) ?? 'null'));
    } else if (shown.length < maxRows) {
      shown.push(item);
      if (!fixed && !isRowShaped(item)) {
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
    if (!fixed) await w.push('[]\n');
    await w.flush();
    return { items: n, bytes: limit.bytes };
  }
  const { names, grid } = fixed ? fixedGrid(opts.columns!, shown as unknown[][]) : flatGrid(shown);
  for (const line of renderTable(names, grid, opts)) await w.push(line);
  if (n > shown.length) await w.push(`... ${n - shown.length} more row(s); ${opts.moreRowsHint ?? 'use --format json or csv to see all'}\n`);
  await w.flush();
  return { items: n, bytes: limit.bytes };
}

function flatGrid(items: unknown[]): { names: string[]; grid: unknown[][] } {
  const rows = items.map(flattenRow);
  const set = new ColumnSet();
  for (const r of rows) for (const [p] of r) set.add(p);
  const names = set.paths().map(columnName);
  const index = new Map(names.map((c, i) => [c, i]));
  const grid = rows.map((r) => {
    const line = new Array<unknown>(names.length).fill(undefined);
    for (const [p, cell] of r) line[index.get(columnName(p))!] = cell;
    return line;
  });
  return { names, grid };
}

function fixedGrid(columns: readonly string[], items: unknown[][]): { names: string[]; grid: unknown[][] } {
  return { names: [...columns], grid: items.map((r) => columns.map((_, i) => r[i])) };
}

/** The lines of a table: header, rule, rows. */
function renderTable(names: string[], grid: unknown[][], opts: TableOptions): string[] {
  const wide = opts.wide ?? false;
  const maxCell = wide ? Infinity : Math.max(opts.maxCellWidth ?? 40, 2);
  const numeric = names.map(
    (_, i) => grid.some((r) => typeof r[i] === 'number') && grid.every((r) => r[i] === null || r[i] === undefined || typeof r[i] === 'number'),
  );
  const text = grid.map((r) => r.map((c) => oneLine(cellText(c))));
  const header = names.map(oneLine);
  let widths = header.map((h, i) => Math.min(maxCell, Math.max(displayWidth(h), ...text.map((l) => displayWidth(l[i]!)))));
  if (!wide && opts.terminalWidth !== undefined && opts.terminalWidth > 0) widths = fitColumns(widths, opts.terminalWidth, GAP);
  const line = (cells: string[], isHeader: boolean) =>
    cells
      .map((c, i) => pad(truncate(c, widths[i]!), widths[i]!, numeric[i] && !isHeader))
      .join(' '.repeat(GAP))
      .trimEnd() + '\n';
  return [line(header, true), widths.map((x) => '─'.repeat(x)).join(' '.repeat(GAP)) + '\n', ...text.map((l) => line(l, false))];
}
