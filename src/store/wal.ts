/**
 * The store's write-ahead log for records that `quarry serve` acknowledged but has
 * not yet merged into partitions (docs/store-format.md, "The ingestion log").
 *
 *   wal/lock               held by the server that appends (the log's owner)
 *   wal/0000000007.log     segments: one JSON entry a line, {"k":"events"|"updates","r":[...]}
 *
 * A line is acknowledged only after it and its newline were fsynced, so a torn last
 * line (kill -9 mid-append) was never acknowledged and is ignored. The manifest's
 * `wal` cursor names, per kind, the last segment whose entries of that kind are in
 * the store; it changes in the same atomic commit as the merged data, so a replay
 * after a crash applies each entry exactly once.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Manifest } from './manifest.js';

export const WAL_DIR = 'wal';
export type WalKind = 'events' | 'updates';

export interface WalEntry {
  k: WalKind;
  r: unknown[];
}

export interface WalCursor {
  events: number;
  updates: number;
}

export function walDir(storeDir: string): string {
  return path.join(storeDir, WAL_DIR);
}

export function segmentName(seq: number): string {
  return `${String(seq).padStart(10, '0')}.log`;
}

/** Segment numbers present, ascending. */
export function listSegments(storeDir: string): number[] {
  let names: string[];
  try {
    names = fs.readdirSync(walDir(storeDir));
  } catch {
    return [];
  }
  return names
    .filter((n) => /^\d{10}\.log$/.test(n))
    .map((n) => Number(n.slice(0, 10)))
    .sort((a, b) => a - b);
}

export function walCursor(m: Manifest): WalCursor {
  return m.wal ?? { events: 0, updates: 0 };
}

/** One line of the log. */
export function encodeEntry(e: WalEntry): string {
  return `${JSON.stringify(e)}\n`;
}

/** The complete entries of a segment; a torn or unreadable last line is dropped (it was never acknowledged). */
export function readSegment(storeDir: string, seq: number): WalEntry[] {
  const text = fs.readFileSync(path.join(walDir(storeDir), segmentName(seq)), 'utf8');
  const lines = text.split('\n');
  lines.pop(); // after the last newline: empty, or a torn line
  const out: WalEntry[] = [];
  for (const line of lines) {
    if (line === '') continue;
    out.push(JSON.parse(line) as WalEntry);
  }
  return out;
}

/** Does the store hold every entry of this segment? */
export function segmentMerged(entries: WalEntry[], seq: number, c: WalCursor): boolean {
  return entries.every((e) => c[e.k] >= seq);
}

export function removeSegment(storeDir: string, seq: number): void {
  fs.rmSync(path.join(walDir(storeDir), segmentName(seq)), { force: true });
}
