/**
 * Listings and exports of users, through the output writers (src/output: one writer
 * per format, shared by every command). Rows are pulled from a generator and
 * streamed, so a million-profile export holds one chunk, not one million rows.
 *
 *   csv    header `$distinct_id,<columns>`; lists and objects as JSON text, so
 *          `quarry import people --infer-types` reads them back
 *   json   one array of `{"$distinct_id", "$properties"}` (the engage export shape)
 *   jsonl  the same records, one a line
 *   table  the shared table, then a footer with the total and the page
 */
import type { Writable } from 'node:stream';
import { type OutputFormat, writeCsv, writeJson, writeJsonl, writeTable } from '../output/index.js';
import { propertyBag } from '../store/index.js';
import type { UserRow } from './user-rows.js';

export type UsersFormat = OutputFormat;
export { cellText } from '../output/index.js';

export interface PageInfo {
  /** Users matching the filters (all pages). */
  total: number;
  /** 1-based page number and rows per page (limit); undefined: everything. */
  page?: number;
  pageSize?: number;
  /** Index (0-based) of the first row shown. */
  offset: number;
  /** What the rows are ("users", "members of ..."). */
  noun: string;
}

export interface WriteUsersOptions {
  maxCellWidth?: number;
  /** Shrink table columns to this many terminal columns. */
  terminalWidth?: number;
  /** `--wide`: tables never cut or shrink. */
  wide?: boolean;
  /** CSV with CRLF line ends. */
  crlf?: boolean;
  /** Name of the id column in CSV and tables (default `$distinct_id`; `$group_id` for groups). */
  idColumn?: string;
  /** Called every `progressEvery` rows with the count so far. */
  onProgress?: (rows: number) => void;
  progressEvery?: number;
}

export async function writeUsers(
  format: UsersFormat,
  rows: Iterable<UserRow>,
  columns: string[],
  out: Writable,
  page: PageInfo,
  o: WriteUsersOptions = {},
): Promise<number> {
  const every = o.progressEvery ?? 10_000;
  let n = 0;
  function* counted<T>(map: (r: UserRow) => T): Generator<T> {
    for (const r of rows) {
      yield map(r);
      n++;
      if (o.onProgress && n % every === 0) o.onProgress(n);
    }
  }
  const cells = (r: UserRow) => [r.id, ...r.values];
  const engage = (r: UserRow) => {
    // A null-prototype bag: a property named __proto__ is data like any other.
    const props = propertyBag();
    for (let j = 0; j < columns.length; j++) if (r.values[j] !== undefined) props[columns[j]!] = r.values[j];
    return { $distinct_id: r.id, $properties: props };
  };
  const header = [o.idColumn ?? '$distinct_id', ...columns];
  switch (format) {
    case 'csv':
      await writeCsv(counted(cells), out, { columns: header, crlf: o.crlf });
      break;
    case 'json':
      await writeJson(counted(engage), out);
      break;
    case 'jsonl':
      await writeJsonl(counted(engage), out);
      break;
    case 'table':
      await writeTable(counted(cells), out, {
        columns: header,
        maxRows: Infinity,
        maxCellWidth: o.maxCellWidth ?? 36,
        terminalWidth: o.terminalWidth,
        wide: o.wide,
      });
      out.write(footer(page, n));
      break;
  }
  o.onProgress?.(n);
  return n;
}

export function footer(p: PageInfo, shown: number): string {
  const total = p.total.toLocaleString('en-US');
  const pages = p.pageSize === undefined ? 1 : Math.max(1, Math.ceil(p.total / p.pageSize));
  if (shown === 0) {
    if (p.total === 0) return `no ${p.noun}\n`;
    return `${total} ${p.noun}; page ${p.page ?? 1} is past the end (the last page is ${pages.toLocaleString('en-US')}: --page ${pages})\n`;
  }
  const first = (p.offset + 1).toLocaleString('en-US');
  const last = (p.offset + shown).toLocaleString('en-US');
  if (p.pageSize === undefined || p.page === undefined) return `${total} ${p.noun} (${first}–${last})\n`;
  const more = p.page < pages ? `; next: --page ${p.page + 1}` : '';
  return `${total} ${p.noun} · showing ${first}–${last} · page ${p.page} of ${pages.toLocaleString('en-US')}${more}\n`;
}
