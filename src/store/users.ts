/**
 * The store-wide distinct_id dictionary. Events and profiles refer to users by
 * number (row in this dictionary), so per-user work (grouping, joins, cohorts) is
 * integer work and every partition can be ordered by user number.
 */
import { decodeColumn, encodeColumn, encodeStringIndices, newBitmap } from './column-codec.js';
import type { StringColumn } from './column.js';
import { readColumnFile } from './ipc-read.js';
import { readDataFile } from './read-data-file.js';
import { UnitStrings } from './unit-strings.js';

/** User number for events that carry no distinct_id. */
export const NO_USER = -1;

/**
 * The ids are kept as code units (unit-strings.ts), not JS strings: an import interns
 * up to millions of them, and as strings they were the bulk of its heap that every full
 * GC marked. Readers that want them as strings get `ids`, made on first use.
 */
export class UserDictionary {
  private readonly strings: UnitStrings;
  private _ids: string[] | null = null;
  private readonly loadedCount: number;

  constructor(ids: string[] | UnitStrings = []) {
    if (ids instanceof UnitStrings) this.strings = ids;
    else {
      this.strings = new UnitStrings(ids.length);
      for (const id of ids) this.strings.append(id);
    }
    this.loadedCount = this.strings.size;
  }

  static load(storeDir: string, file: string | null): UserDictionary {
    if (file === null) return new UserDictionary();
    const bytes = readDataFile(storeDir, file);
    // The file is a dictionary column whose entries are the ids in order (encode()):
    // taken as bytes, with no string made per id.
    const v = readColumnFile(bytes)?.fields.get('v');
    if (
      v?.type === 'dictionary' &&
      v.dictionary !== null &&
      v.nullCount === 0 &&
      isIdentity(v.values as Int32Array, v.length) &&
      v.dictionary.length === v.length
    )
      return new UserDictionary(UnitStrings.fromUtf8(v.dictionary));
    const col = decodeColumn(bytes) as StringColumn;
    const ids = new Array<string>(col.length);
    for (let i = 0; i < col.length; i++) ids[i] = col.dictionary[col.indices[i]!]!;
    return new UserDictionary(ids);
  }

  /** The ids by user number, as strings: made on first use and kept up to date after. */
  get ids(): string[] {
    this._ids ??= this.strings.texts();
    return this._ids;
  }

  get size(): number {
    return this.strings.size;
  }

  /** True when numbers were added since loading. */
  get changed(): boolean {
    return this.strings.size !== this.loadedCount;
  }

  lookup(id: string): number | undefined {
    // As Map.get did: a value that is not a string (from an untyped caller) is no user.
    if (typeof id !== 'string') return undefined;
    const n = this.strings.find(id);
    return n < 0 ? undefined : n;
  }

  /** The user number of `id`, adding it when new. */
  intern(id: string): number {
    return this.added(this.strings.add(id));
  }

  /**
   * The user number of text[start..end) (a distinct_id inside an import batch's joined
   * strings), whose stringHash is `hash` (an import's parse worker computes it), adding it
   * when new. Found and stored without slicing it out of the batch's string.
   */
  internHashed(hash: number, text: string, start: number, end: number): number {
    return this.added(this.strings.addHashed(hash, text, start, end));
  }

  idOf(user: number): string | undefined {
    if (user < 0 || user >= this.strings.size) return undefined;
    return this._ids !== null ? this._ids[user] : this.strings.text(user);
  }

  encode(): Uint8Array {
    const n = this.size;
    // Ids are distinct (intern adds only new ones), so each is its own dictionary entry
    // in row order: the indices are 0..n-1 and the dictionary is the ids themselves.
    const indices = new Int32Array(n);
    for (let i = 0; i < n; i++) indices[i] = i;
    const ascii = this.strings.asciiUtf8();
    if (ascii !== null) {
      const valid = newBitmap(n);
      for (let i = 0; i < n >> 3; i++) valid[i] = 0xff;
      if (n & 7) valid[n >> 3] = (1 << (n & 7)) - 1;
      return encodeStringIndices(n, n, valid, null, indices, ascii);
    }
    const rows = Array.from(indices);
    return encodeColumn(n, { rows, values: this.ids, strings: { ids: indices, dictionary: this.ids } }, 'string');
  }

  /** `user`, after keeping `ids` in step when it was just added. */
  private added(user: number): number {
    if (this._ids !== null && user === this._ids.length) this._ids.push(this.strings.text(user));
    return user;
  }
}

function isIdentity(indices: Int32Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (indices[i] !== i) return false;
  return true;
}

/**
 * A string that shares no memory with the one it was sliced from (V8 keeps a slice as a
 * pointer into its parent), every code unit kept: a JSON round trip makes a fresh one.
 */
export function flatCopy(s: string): string {
  return JSON.parse(JSON.stringify(s)) as string;
}
