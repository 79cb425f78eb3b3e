/**
 * The store-wide distinct_id dictionary. Events and profiles refer to users by
 * number (row in this dictionary), so per-user work (grouping, joins, cohorts) is
 * integer work and every partition can be ordered by user number.
 */
import { decodeColumn, encodeColumn } from './column-codec.js';
import type { StringColumn } from './column.js';
import { readDataFile } from './read-data-file.js';

/** User number for events that carry no distinct_id. */
export const NO_USER = -1;

export class UserDictionary {
  readonly ids: string[];
  private index: Map<string, number> | null = null;
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

  private map(): Map<string, number> {
    if (this.index === null) {
      this.index = new Map();
      for (let i = 0; i < this.ids.length; i++) this.index.set(this.ids[i]!, i);
    }
    return this.index;
  }

  lookup(id: string): number | undefined {
    return this.map().get(id);
  }

  /** The user number of `id`, adding it when new. */
  intern(id: string): number {
    const m = this.map();
    let n = m.get(id);
    if (n === undefined) {
      n = this.ids.length;
      this.ids.push(id);
      m.set(id, n);
    }
    return n;
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
