/**
 * The store-wide distinct_id dictionary. Events and profiles refer to users by
 * number (row in this dictionary), so per-user work (grouping, joins, cohorts) is
 * integer work and every partition can be ordered by user number.
 */
import { allSet, decodeColumn, decodeUtf8, encodeColumn, encodeStringIndices } from './column-codec.js';
import type { DictionaryIndices, StringColumn } from './column.js';
import { type RawUtf8, readColumnFile } from './ipc-read.js';
import { readDataFile } from './read-data-file.js';
import { UnitStrings } from './unit-strings.js';

/** User number for events that carry no distinct_id. */
export const NO_USER = -1;

const decoder = new TextDecoder();

/**
 * Two forms of the ids, each made on first need from the stored file's bytes (or from
 * the other form): `ids`, JS strings, for readers (query batches, exports, cohorts), and
 * code units in typed arrays (unit-strings.ts) for look-ups and interning. An import
 * interns up to millions of ids and never reads them as strings: as strings they were
 * the bulk of its heap, which every full GC marked (decision 0039). A query reads them
 * as strings and seldom looks one up: it holds what it held before, not both.
 */
export class UserDictionary {
  /** The stored ids as UTF-8, until one of the forms below is made from them. */
  private raw: RawUtf8 | null = null;
  private units: UnitStrings | null = null;
  private _ids: string[] | null = null;
  private count: number;
  private loadedCount: number;

  /** A dictionary of `ids` (distinct strings, in user-number order; the array is kept and added to). */
  constructor(ids: string[] = []) {
    this._ids = ids;
    this.count = this.loadedCount = ids.length;
  }

  static load(storeDir: string, file: string | null): UserDictionary {
    if (file === null) return new UserDictionary();
    const bytes = readDataFile(storeDir, file);
    // The file is a dictionary column whose entries are the ids in order (encode()):
    // kept as bytes until a form is needed.
    const v = readColumnFile(bytes)?.fields.get('v');
    if (
      v?.type === 'dictionary' &&
      v.dictionary !== null &&
      v.nullCount === 0 &&
      v.dictionary.length === v.length &&
      isIdentity(v.values as DictionaryIndices, v.length)
    ) {
      const d = new UserDictionary();
      d.raw = v.dictionary;
      d.count = d.loadedCount = v.length;
      d._ids = null;
      return d;
    }
    const col = decodeColumn(bytes) as StringColumn;
    const ids = new Array<string>(col.length);
    for (let i = 0; i < col.length; i++) ids[i] = col.dictionary[col.indices[i]!]!;
    return new UserDictionary(ids);
  }

  /** The ids by user number, as strings: made on first use and kept up to date after. */
  get ids(): string[] {
    if (this._ids === null) {
      // decodeUtf8 is what decodeColumn gives for the stored file; the units read back the same strings.
      this._ids = this.raw !== null ? decodeUtf8(this.raw) : this.units!.texts();
      this.raw = null;
    }
    return this._ids;
  }

  get size(): number {
    return this.count;
  }

  /** True when numbers were added since loading. */
  get changed(): boolean {
    return this.count !== this.loadedCount;
  }

  lookup(id: string): number | undefined {
    // As Map.get did: a value that is not a string (from an untyped caller) is no user.
    if (typeof id !== 'string') return undefined;
    const n = this.index().find(id);
    return n < 0 ? undefined : n;
  }

  /** The user number of `id`, adding it when new. */
  intern(id: string): number {
    return this.added(this.index().add(id));
  }

  /**
   * The user number of text[start..end) (a distinct_id inside an import batch's joined
   * strings), whose stringHash is `hash` (an import's parse worker computes it), adding it
   * when new. Found and stored without slicing it out of the batch's string.
   */
  internHashed(hash: number, text: string, start: number, end: number): number {
    return this.added(this.index().addHashed(hash, text, start, end));
  }

  idOf(user: number): string | undefined {
    if (user < 0 || user >= this.count) return undefined;
    if (this._ids !== null) return this._ids[user];
    if (this.units !== null) return this.units.text(user);
    const r = this.raw!;
    return decoder.decode(r.values.subarray(r.valueOffsets[user]!, r.valueOffsets[user + 1]!));
  }

  encode(): Uint8Array {
    const n = this.count;
    // Ids are distinct (intern adds only new ones), so each is its own dictionary entry
    // in row order: the indices are 0..n-1 and the dictionary is the ids themselves.
    const indices = new Int32Array(n);
    for (let i = 0; i < n; i++) indices[i] = i;
    const ascii = this.units?.asciiUtf8() ?? null;
    if (ascii !== null) return encodeStringIndices(n, n, allSet(n), null, indices, ascii);
    const rows = Array.from(indices);
    return encodeColumn(n, { rows, values: this.ids, strings: { ids: indices, dictionary: this.ids } }, 'string');
  }

  /** The code-unit form, made on first look-up from the stored bytes or the strings. */
  private index(): UnitStrings {
    if (this.units === null) {
      if (this.raw !== null) {
        this.units = UnitStrings.fromUtf8(this.raw);
        this.raw = null;
      } else {
        this.units = new UnitStrings(this._ids!.length);
        for (const id of this._ids!) this.units.append(id);
      }
    }
    return this.units;
  }

  /** `user`, after counting it and keeping `ids` in step when it was just added. */
  private added(user: number): number {
    if (user === this.count) {
      this.count++;
      if (this._ids !== null) this._ids.push(this.units!.text(user));
    }
    return user;
  }
}

function isIdentity(indices: DictionaryIndices, n: number): boolean {
  for (let i = 0; i < n; i++) if (indices[i] !== i) return false;
  return true;
}
