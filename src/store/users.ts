/**
 * The store-wide distinct_id dictionary. Events and profiles refer to users by
 * number (row in this dictionary), so per-user work (grouping, joins, cohorts) is
 * integer work and every partition can be ordered by user number.
 */
import { decodeColumn, encodeColumn } from './column-codec.js';
import type { StringColumn } from './column.js';
import { readDataFile } from './read-data-file.js';
import { StringIndex } from './string-index.js';

/** User number for events that carry no distinct_id. */
export const NO_USER = -1;

export class UserDictionary {
  readonly ids: string[];
  private index: StringIndex | null = null;
  private readonly loadedCount: number;

  constructor(ids: string[]) {
    this.ids = ids;
    this.loadedCount = ids.length;
  }

  static load(storeDir: string, file: string | null): UserDictionary {
    if (file === null) return new UserDictionary([]);
    const col = decodeColumn(readDataFile(storeDir, file)) as StringColumn;
    const ids = new Array<string>(col.length);
    for (let i = 0; i < col.length; i++) ids[i] = col.dictionary[col.indices[i]!]!;
    return new UserDictionary(ids);
  }

  get size(): number {
    return this.ids.length;
  }

  /** True when numbers were added since loading. */
  get changed(): boolean {
    return this.ids.length !== this.loadedCount;
  }

  /** Built on first look-up: a query that only reads ids by number never pays for it. */
  private map(): StringIndex {
    this.index ??= new StringIndex(this.ids);
    return this.index;
  }

  lookup(id: string): number | undefined {
    // As Map.get did: a value that is not a string (from an untyped caller) is no user.
    if (typeof id !== 'string') return undefined;
    const n = this.map().find(id);
    return n < 0 ? undefined : n;
  }

  /** The user number of `id`, adding it when new. */
  intern(id: string): number {
    return this.map().add(id);
  }

  /**
   * The user number of text[start..end) (a distinct_id inside an import batch's joined
   * strings), whose stringHash is `hash` (an import's parse worker computes it), adding it
   * when new. Found without slicing it out; a new id is stored as a copy, not as a slice
   * that would keep the batch's whole string alive.
   */
  internHashed(hash: number, text: string, start: number, end: number): number {
    return this.map().addHashed(hash, text, start, end, flatCopy);
  }

  idOf(user: number): string | undefined {
    return user < 0 ? undefined : this.ids[user];
  }

  encode(): Uint8Array {
    const rows = new Array<number>(this.ids.length);
    for (let i = 0; i < rows.length; i++) rows[i] = i;
    // Ids are distinct (intern adds only new ones), so each is its own dictionary entry
    // in row order: passing that saves encodeColumn a Map of every id (~100 MB at 1.3M users).
    const ids = new Int32Array(this.ids.length);
    for (let i = 0; i < ids.length; i++) ids[i] = i;
    return encodeColumn(this.ids.length, { rows, values: this.ids, strings: { ids, dictionary: this.ids } }, 'string');
  }
}

/**
 * A string that shares no memory with the one it was sliced from (V8 keeps a slice as a
 * pointer into its parent), every code unit kept: a JSON round trip makes a fresh one.
 */
export function flatCopy(s: string): string {
  return JSON.parse(JSON.stringify(s)) as string;
}
