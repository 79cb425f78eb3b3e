/**
 * What a query reads of a store, as the plan knows it before running (plan/physical/
 * store-reads.ts computes it), and the store files that makes: what a remote store
 * fetches before the query runs. Under-asking is safe (a file not fetched is fetched
 * when first read), over-asking only costs bytes.
 */
import path from 'node:path';
import type { Manifest, PartitionMeta, ProfileTableMeta } from '../manifest.js';

export interface StoreReads {
  /** Days whose event partitions the scan reads (after pruning). */
  days: string[];
  /** Event property keys read ("$insert_id" included); null: every property. */
  eventProperties: string[] | null;
  /** The distinct_id dictionary. */
  users: boolean;
  /** The user profile table, all its columns. */
  profiles: boolean;
}

/** Everything: what a command that reads a whole store (export) asks for. */
export function allReads(m: Manifest): StoreReads {
  return { days: Object.keys(m.events), eventProperties: null, users: true, profiles: true };
}

const FIXED_EVENT_FILES = ['name.arrow', 'user.arrow', 'time.arrow'];

function partitionFiles(p: PartitionMeta, keys: string[] | null): string[] {
  const files = [...FIXED_EVENT_FILES];
  if (p.hasSampling) files.push('sampling.arrow');
  if (keys === null || keys.includes('$insert_id')) files.push('insert_id.arrow');
  for (const k of keys ?? Object.keys(p.columns)) {
    const c = Object.hasOwn(p.columns, k) ? p.columns[k] : undefined;
    if (c) files.push(c.file);
  }
  return files.map((f) => path.posix.join(p.dir, f));
}

function profileFiles(t: ProfileTableMeta): string[] {
  const files = ['user.arrow', 'time.arrow', 'last_seen.arrow', ...Object.values(t.columns).map((c) => c.file)];
  return files.map((f) => path.posix.join(t.dir, f));
}

/** The store files (paths inside the store) `reads` needs under manifest `m`. */
export function filesFor(m: Manifest, reads: StoreReads): string[] {
  const out: string[] = [];
  for (const day of reads.days) {
    const p = Object.hasOwn(m.events, day) ? m.events[day] : undefined;
    if (p) out.push(...partitionFiles(p, reads.eventProperties));
  }
  if (reads.users && m.users.file) out.push(m.users.file);
  if (reads.profiles && m.profiles) out.push(...profileFiles(m.profiles));
  return out;
}
