/**
 * Listings and exports of users, streamed: rows are pulled from a generator and
 * written in ~64 KB chunks, waiting for the stream to drain, so a million-profile
 * export holds one chunk, not one million rows.
 *
 *   csv    header `$distinct_id,<columns>`, RFC 4180 (CRLF, quotes as needed); lists
 *          and objects as JSON text, so `quarry import people --infer-types` reads them back
 *   json   one array of `{"$distinct_id", "$properties"}` (the engage export shape)
 *   jsonl  the same records, one a line
 *   table  aligned columns, long cells cut with "…", and a footer with the total and the page
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { propertyBag } from '../store/index.js';
import type { UserRow } from './user-rows.js';

export type UsersFormat = 'table' | 'csv' | 'json' | 'jsonl';
export const USERS_FORMATS: readonly UsersFormat[] = ['table', 'csv', 'json', 'jsonl'];

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
  /** Called every `progressEvery` rows with the count so far. */
  onProgress?: (rows: number) => void;
  progressEvery?: number;
}

class Chunks {
  private parts: string[] = [];
  private size = 0;
  bytes = 0;
  constructor(private readonly out: Writable) {}
  async push(s: string): Promise<void> {
    this.parts.push(s);
    this.size += s.length;
    if (this.size >= 65_536) await this.flush();
  }
  async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    this.bytes += Buffer.byteLength(text);
    if (!this.out.write(text)) await once(this.out, 'drain');
  }
}

/** A cell as CSV / table text: empty when unset or null, JSON for lists and objects. */
export function cellText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

export async function writeUsers(format: UsersFormat, rows: Iterable<UserRow>, columns: string[], out: Writable, page: PageInfo, o: WriteUsersOptions = {}): Promise<number> {
  const w = new Chunks(out);
  const every = o.progressEvery ?? 10_000;
  let n = 0;
  const tick = () => {
    n++;
    if (o.onProgress && n % every === 0) o.onProgress(n);
  };
  switch (format) {
    case 'csv': {
      await w.push(stringify([['$distinct_id', ...columns]], { record_delimiter: 'windows' }));
      let batch: string[][] = [];
      for (const r of rows) {
        batch.push([r.id, ...r.values.map(cellText)]);
        tick();
        if (batch.length === 1000) {
          await w.push(stringify(batch, { record_delimiter: 'windows' }));
          batch = [];
        }
      }
      if (batch.length) await w.push(stringify(batch, { record_delimiter: 'windows' }));
      break;
    }
    case 'json':
    case 'jsonl': {
      const json = format === 'json';
      if (json) await w.push('[');
      for (const r of rows) {
        const props = propertyBag();
        for (let j = 0; j < columns.length; j++) if (r.values[j] !== undefined) props[columns[j]!] = r.values[j];
        const text = JSON.stringify({ $distinct_id: r.id, $properties: props });
        await w.push(json ? `${n === 0 ? '\n' : ',\n'}${text}` : `${text}\n`);
        tick();
      }
      if (json) await w.push(n === 0 ? ']\n' : '\n]\n');
      break;
    }
    case 'table':
      n = await writeTable(w, rows, columns, page, o.maxCellWidth ?? 32);
      break;
  }
  await w.flush();
  o.onProgress?.(n);
  return n;
}

function clip(s: string, max: number): string {
  const one = s.replace(/\r?\n/g, '⏎');
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

async function writeTable(w: Chunks, rows: Iterable<UserRow>, columns: string[], page: PageInfo, width: number): Promise<number> {
  const header = ['$distinct_id', ...columns].map((c) => clip(c, width));
  const grid: string[][] = [];
  const numeric = header.map((_, i) => i > 0);
  for (const r of rows) {
    grid.push([clip(r.id, Math.max(width, 36)), ...r.values.map((v) => clip(cellText(v), width))]);
    r.values.forEach((v, j) => {
      if (v !== undefined && v !== null && typeof v !== 'number') numeric[j + 1] = false;
    });
  }
  const widths = header.map((h, i) => Math.max(h.length, ...grid.map((l) => l[i]!.length)));
  const line = (cells: string[], head: boolean) =>
    `${cells.map((c, i) => (numeric[i] && !head ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd()}\n`;
  if (grid.length > 0) {
    await w.push(line(header, true));
    await w.push(`${widths.map((x) => '─'.repeat(x)).join('  ')}\n`);
    for (const l of grid) await w.push(line(l, false));
  }
  await w.push(footer(page, grid.length));
  return grid.length;
}

export function footer(p: PageInfo, shown: number): string {
  const total = p.total.toLocaleString('en-US');
  if (shown === 0) return p.total === 0 ? `no ${p.noun}\n` : `${total} ${p.noun}; page ${p.page ?? 1} is past the end\n`;
  const first = (p.offset + 1).toLocaleString('en-US');
  const last = (p.offset + shown).toLocaleString('en-US');
  if (p.pageSize === undefined || p.page === undefined) return `${total} ${p.noun} (${first}–${last})\n`;
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize));
  const more = p.page < pages ? `; next: --page ${p.page + 1}` : '';
  return `${total} ${p.noun} · showing ${first}–${last} · page ${p.page} of ${pages.toLocaleString('en-US')}${more}\n`;
}
