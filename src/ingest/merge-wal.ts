/**
 * Merge the store's ingestion log (store/wal.ts) into partitions: the events of every
 * segment not yet merged in one importEvents commit, the profile updates in one
 * importUpdates commit, each commit moving its kind's cursor in the same manifest
 * swap. Segments whose every entry is merged are then deleted. Run by the server's
 * background commits, and by any command that opens a store whose log has no live
 * owner (a server that was killed).
 */
import fs from 'node:fs';
import { acquireLock, listSegments, readSegment, removeSegment, segmentMerged, Store, walCursor, walDir, type WalEntry, type WalKind } from '../store/index.js';
import { importEvents } from './import-events.js';
import { importUpdates } from './import-updates.js';
import type { RawRecord } from './read-records.js';

export interface MergeResult {
  events: number;
  updates: number;
  /** Segments deleted. */
  segments: number;
}

/** Merge segments numbered up to `upTo` (default: all). The caller owns the log (its lock). */
export async function mergeWal(storeDir: string, upTo = Infinity): Promise<MergeResult> {
  const seqs = listSegments(storeDir).filter((s) => s <= upTo);
  const result: MergeResult = { events: 0, updates: 0, segments: 0 };
  if (seqs.length === 0) return result;
  const segments = seqs.map((seq) => ({ seq, entries: readSegment(storeDir, seq) }));
  const last = seqs[seqs.length - 1]!;
  for (const kind of ['events', 'updates'] as WalKind[]) {
    const store = Store.open(storeDir);
    const cursor = walCursor(store.manifest);
    const pending = segments.filter((s) => s.seq > cursor[kind] && s.entries.some((e) => e.k === kind));
    if (pending.length === 0) continue;
    const records = recordsOf(
      pending.flatMap((s) => s.entries),
      kind,
    );
    const beforeCommit = (tx: { manifest: Store['manifest'] }) => {
      tx.manifest.wal = { ...walCursor(tx.manifest), [kind]: last };
    };
    const input = { label: 'ingestion log', records };
    if (kind === 'events') {
      const r = await importEvents(store, [input], { command: 'serve: merge ingested events', beforeCommit });
      result.events = r.imported;
    } else {
      const r = await importUpdates(store, [input], { command: 'serve: merge profile updates', beforeCommit });
      result.updates = r.imported;
    }
  }
  const cursor = walCursor(Store.open(storeDir).manifest);
  for (const s of segments) {
    if (segmentMerged(s.entries, s.seq, cursor) || s.entries.length === 0) {
      removeSegment(storeDir, s.seq);
      result.segments++;
    }
  }
  return result;
}

function* recordsOf(entries: WalEntry[], kind: WalKind): Generator<RawRecord> {
  let line = 0;
  for (const e of entries) if (e.k === kind) for (const value of e.r) yield { line: ++line, value };
}

/**
 * Any command opening a store: merge what a server acknowledged but never merged
 * (it was killed). Skipped while a server owns the log (it merges itself). Returns
 * whether anything was merged (re-open the store then).
 */
export async function replayOrphanedWal(storeDir: string): Promise<boolean> {
  const dir = walDir(storeDir);
  if (!fs.existsSync(dir) || listSegments(storeDir).length === 0) return false;
  let release: () => void;
  try {
    release = acquireLock(dir, 'replay ingestion log');
  } catch {
    return false; // a live server owns the log
  }
  try {
    const r = await mergeWal(storeDir);
    return r.events + r.updates + r.segments > 0;
  } finally {
    release();
  }
}
