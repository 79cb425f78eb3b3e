/** Shared set-up for the ingest tests: temp stores, fixture inputs, profile look-ups. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { batchStrings, insertIdText, type PackedBatch } from '../../../src/ingest/batch-codec.js';
import { fileInputs } from '../../../src/ingest/index.js';
import { ValueTag } from '../../../src/store/column-codec.js';
import { type Profile, Store } from '../../../src/store/index.js';
import { stringHash } from '../../../src/store/string-index.js';

export const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/ingest');
export const fixture = (name: string) => path.join(FIXTURES, name);

const made: string[] = [];

/** A new empty store in a temp directory (removed by `cleanStores`). */
export function tempStore(timezone = 'UTC'): Store {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quarry-ingest-'));
  made.push(dir);
  return Store.init(path.join(dir, 'store'), { timezone, createdAt: '2024-01-01T00:00:00Z' });
}

export function tempFile(name: string, text: string | Uint8Array): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quarry-ingest-in-'));
  made.push(dir);
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
}

export function cleanStores(): void {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

export const inputsOf = (...names: string[]) => fileInputs(names.map(fixture));

/** Records given inline, as importers take them. */
export const inline = (label: string, values: unknown[]) => [{ label, records: values.map((value, i) => ({ line: i + 1, value })) }];

/** The user profile of `id` as stored (fresh snapshot), or undefined. */
export function userProfile(store: Store, id: string): Profile | undefined {
  const s = store.reopen();
  const t = s.profiles();
  const n = s.users.lookup(id);
  if (t === null || n === undefined) return undefined;
  const row = t.rowOfUser(n);
  return row < 0 ? undefined : { time: t.time[row]!, lastSeen: t.lastSeen[row]!, properties: t.propertiesAt(row) };
}

export function groupProfile(store: Store, key: string, id: string): Profile | undefined {
  const t = store.reopen().groupProfiles(key);
  const row = t === null ? -1 : t.groupIds.indexOf(id);
  return row < 0 ? undefined : { time: t!.time[row]!, lastSeen: t!.lastSeen[row]!, properties: t!.propertiesAt(row) };
}

export const profileCount = (store: Store) => store.reopen().profiles()?.length ?? 0;

/** Skip reasons -> places, for compact assertions. */
export const reasons = (r: { reasons: Map<string, { places: string[] }> }) => Object.fromEntries([...r.reasons].map(([k, v]) => [k, v.places]));
export const warnings = (r: { warningReasons: Map<string, { places: string[] }> }) => Object.fromEntries([...r.warningReasons].map(([k, v]) => [k, v.places]));

/** The hashes a parse worker sends with a packed batch are those the importing thread would compute (stringHash). */
export function expectWorkerHashes(p: PackedBatch): void {
  const table = batchStrings(p);
  p.distinctIds.forEach((d, e) => {
    if (d >= 0) expect(p.distinctHashes[e]).toBe(stringHash(table[d]!));
  });
  // A string $insert_id's hash is FNV-1a over its UTF-8 bytes (for ASCII, its stringHash).
  const bytesHash = (text: string) => Buffer.from(text, 'utf8').reduce((h, b) => Math.imul(h ^ b, 0x01000193), 0x811c9dc5 | 0);
  for (const day of p.days)
    day.insertTags.forEach((tag, r) => {
      if (tag === ValueTag.String && day.insertNums[r]! >= 0) expect(day.insertHashes[r]).toBe(bytesHash(insertIdText(p.insertIds, day.insertNums[r]!, table)));
    });
}
