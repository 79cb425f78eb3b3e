/**
 * Rows of several partitions as one partition-shaped row space: row k is row
 * `rows[k]` of partition `parts[src[k]]`. groupByUser builds these to hand a user's
 * events of the whole query range to one reducer call (exec/source/merge-users.ts),
 * and a bucketed store reads a day as its buckets merged by user (event-day.ts).
 * Columns are concatenated on first use; a property whose kind differs between the
 * partitions becomes a JSON column.
 */
import { bitAt, type Column, type StringColumn, valueAt } from './column.js';
import type { PartitionLike } from './partition-like.js';

export type { PartitionLike };

function newBitmap(n: number): Uint8Array {
  return new Uint8Array(((n + 63) >> 6) << 3);
}

function setBit(bm: Uint8Array, i: number): void {
  bm[i >> 3]! |= 1 << (i & 7);
}

/**
 * Most dictionary entries, summed over the partitions, for which a column's merged
 * dictionary is made once for all the batches of a merge (MergeShared). About a batch's
 * rows (4096): readers size some per-batch tables by the dictionary, not the rows.
 */
export const SHARED_UNION_MAX = 4096;

/** One string column's dictionaries merged: per partition, its codes in the union. */
interface DictionaryUnion {
  dicts: Array<string[] | undefined>;
  dictionary: string[];
  remaps: Array<Int32Array | null>;
}

/**
 * What the merged batches of one merge share: the batches of groupByUser's merge all
 * draw on the same partitions, so a small string column (an event's name) gets one
 * merged dictionary, made once, instead of one per batch. It is also the same array in
 * every batch, so the sandbox keeps it between calls (marshal/pack.ts caches
 * dictionaries by identity).
 */
export class MergeShared {
  /** By property key; the event name's apart (a property may be called anything). */
  private unions = new Map<string, DictionaryUnion | null>();
  private nameUnion: DictionaryUnion | null | undefined;
  private keyList: { parts: PartitionLike[]; keys: string[] } | null = null;

  /** The property keys of `parts` together (made once for the merge's partitions). */
  keys(parts: PartitionLike[]): string[] {
    const known = this.keyList;
    if (known !== null && known.parts.length === parts.length && known.parts.every((p, i) => p === parts[i])) return known.keys;
    // Frozen: every batch of the merge gets this one array.
    const keys = Object.freeze(allKeys(parts)) as string[];
    this.keyList = { parts, keys };
    return keys;
  }

  /** The union for property `key`'s columns `cols`, or null when not worth one. */
  union(key: string, cols: Array<Column | undefined>): DictionaryUnion | null {
    const known = this.unions.get(key);
    if (known !== undefined) return known !== null && sameDicts(known.dicts, cols) ? known : null;
    const made = makeUnion(cols);
    this.unions.set(key, made);
    return made;
  }

  /** The same for the event name's columns. */
  names(cols: StringColumn[]): DictionaryUnion | null {
    if (this.nameUnion === undefined) this.nameUnion = makeUnion(cols);
    return this.nameUnion !== null && sameDicts(this.nameUnion.dicts, cols) ? this.nameUnion : null;
  }
}

function sameDicts(dicts: Array<string[] | undefined>, cols: Array<Column | undefined>): boolean {
  if (dicts.length !== cols.length) return false;
  for (let i = 0; i < cols.length; i++) {
    const c = cols[i];
    if ((c?.kind === 'string' ? c.dictionary : undefined) !== dicts[i]) return false;
  }
  return true;
}

function makeUnion(cols: Array<Column | undefined>): DictionaryUnion | null {
  let total = 0;
  for (const c of cols) {
    if (c === undefined) continue;
    if (c.kind !== 'string') return null;
    total += c.dictionary.length;
  }
  if (total > SHARED_UNION_MAX) return null;
  const dictionary: string[] = [];
  const codeOf = new Map<string, number>();
  const remaps = cols.map((c) => {
    if (c?.kind !== 'string') return null;
    const remap = new Int32Array(c.dictionary.length);
    c.dictionary.forEach((text, i) => {
      let code = codeOf.get(text);
      if (code === undefined) {
        code = dictionary.length;
        dictionary.push(text);
        codeOf.set(text, code);
      }
      remap[i] = code;
    });
    return remap;
  });
  return { dicts: cols.map((c) => (c?.kind === 'string' ? c.dictionary : undefined)), dictionary, remaps };
}

function allKeys(parts: PartitionLike[]): string[] {
  const all = new Set<string>();
  for (const p of parts) for (const k of p.keys()) all.add(k);
  return [...all];
}

export class MergedPartition implements PartitionLike {
  readonly length: number;
  readonly meta: { rows: number };
  private cache = new Map<string, Column | undefined>();
  private _name?: StringColumn;
  private _user?: Int32Array;
  private _time?: Float64Array;
  private _sampling?: Float64Array | null;

  constructor(
    private readonly parts: PartitionLike[],
    /** Per row: index into `parts`. */
    private readonly src: Uint16Array | Int32Array,
    /** Per row: the row in that partition. */
    private readonly rows: Int32Array,
    /** Shared with the other merged batches over the same partitions, if any. */
    private readonly shared?: MergeShared,
    /** Per row: its user number, when the caller has it already. */
    user?: Int32Array,
  ) {
    this.length = rows.length;
    this.meta = { rows: rows.length };
    this._user = user;
  }

  /** One number per row from each partition's array (a null array: `fill` for its rows). */
  private numbers(get: (p: PartitionLike) => Float64Array | null, fill = 0): Float64Array {
    const out = new Float64Array(this.length);
    const arrays = this.parts.map(get);
    for (let k = 0; k < this.length; k++) {
      const a = arrays[this.src[k]!];
      out[k] = a ? a[this.rows[k]!]! : fill;
    }
    return out;
  }

  get name(): StringColumn {
    if (this._name === undefined) {
      const cols = this.parts.map((p) => p.name);
      this._name = concatColumns(cols, this.src, this.rows, this.shared?.names(cols)) as StringColumn;
    }
    return this._name;
  }

  get user(): Int32Array {
    if (this._user === undefined) {
      const out = new Int32Array(this.length);
      const arrays = this.parts.map((p) => p.user);
      for (let k = 0; k < this.length; k++) out[k] = arrays[this.src[k]!]![this.rows[k]!]!;
      this._user = out;
    }
    return this._user;
  }

  get time(): Float64Array {
    return (this._time ??= this.numbers((p) => p.time));
  }

  get samplingFactor(): Float64Array | null {
    if (this._sampling === undefined) {
      this._sampling = this.parts.every((p) => p.samplingFactor === null) ? null : this.numbers((p) => p.samplingFactor, 1);
    }
    return this._sampling;
  }

  keys(): string[] {
    return this.shared ? this.shared.keys(this.parts) : allKeys(this.parts);
  }

  column(key: string): Column | undefined {
    if (this.cache.has(key)) return this.cache.get(key);
    const cols = this.parts.map((p) => p.column(key));
    const col = concatColumns(cols, this.src, this.rows, this.shared?.union(key, cols));
    this.cache.set(key, col);
    return col;
  }
}

/**
 * Row k of the result is row rows[k] of cols[src[k]] (undefined: missing there). With
 * `union` (string columns only), codes are mapped into its dictionary.
 */
export function concatColumns(
  cols: Array<Column | undefined>,
  src: Uint16Array | Int32Array,
  rows: Int32Array,
  union: DictionaryUnion | null = null,
): Column | undefined {
  const defined = cols.filter((c): c is Column => c !== undefined);
  if (defined.length === 0) return undefined;
  const n = rows.length;
  const kind = defined[0]!.kind;
  const mixed = defined.some((c) => c.kind !== kind);
  let present: Uint8Array | null = null;
  let nulls: Uint8Array | null = null;
  // Validity per row, read straight from the bitmaps (this runs for every column of
  // every merged day of a bucketed store: no closure or allocation per row).
  let allPresent = cols.every((c) => c !== undefined && c.present === null);
  const valid = new Uint8Array(n);
  if (allPresent) valid.fill(1);
  else
    for (let k = 0; k < n; k++) {
      const c = cols[src[k]!];
      if (c === undefined) {
        allPresent = false;
        continue;
      }
      const r = rows[k]!;
      const pm = c.present;
      if (pm === null || (pm[r >> 3]! >> (r & 7)) & 1) {
        valid[k] = 1;
        continue;
      }
      allPresent = false;
      const nm = c.nulls;
      if (nm !== null && (nm[r >> 3]! >> (r & 7)) & 1) setBit((nulls ??= newBitmap(n)), k);
    }
  if (!allPresent) {
    present = newBitmap(n);
    for (let k = 0; k < n; k++) if (valid[k]) setBit(present, k);
  }
  const base = { length: n, present, nulls };
  if (mixed || kind === 'json') {
    const texts = new Array<string | null>(n).fill(null);
    for (let k = 0; k < n; k++) {
      if (!valid[k]) continue;
      const c = cols[src[k]!]!;
      texts[k] = c.kind === 'json' ? (c.texts[rows[k]!] ?? null) : JSON.stringify(valueAt(c, rows[k]!));
    }
    return { ...base, kind: 'json', texts, parsed: null };
  }
  switch (kind) {
    case 'number': {
      const values = new Float64Array(n);
      for (let k = 0; k < n; k++) if (valid[k]) values[k] = (cols[src[k]!] as { values: Float64Array }).values[rows[k]!]!;
      return { ...base, kind: 'number', values };
    }
    case 'boolean': {
      const values = newBitmap(n);
      for (let k = 0; k < n; k++) if (valid[k] && bitAt((cols[src[k]!] as { values: Uint8Array }).values, rows[k]!)) setBit(values, k);
      return { ...base, kind: 'boolean', values };
    }
    case 'string': {
      const strs = cols as Array<StringColumn | undefined>;
      const indices = new Int32Array(n);
      const first = (defined[0] as StringColumn).dictionary;
      if (union !== null) {
        const { remaps } = union;
        const codes = strs.map((c) => c?.indices);
        for (let k = 0; k < n; k++) {
          if (!valid[k]) continue;
          const s = src[k]!;
          indices[k] = remaps[s]![codes[s]![rows[k]!]!]!;
        }
        return { ...base, kind: 'string', indices, dictionary: union.dictionary };
      }
      if (defined.every((c) => (c as StringColumn).dictionary === first)) {
        for (let k = 0; k < n; k++) if (valid[k]) indices[k] = strs[src[k]!]!.indices[rows[k]!]!;
        return { ...base, kind: 'string', indices, dictionary: first };
      }
      // Different dictionaries per partition: one new dictionary of the values used,
      // in order of first use.
      const dictionary: string[] = [];
      const codeOf = new Map<string, number>();
      const remaps = strs.map((c) => (c === undefined ? null : new Int32Array(c.dictionary.length).fill(-1)));
      for (let k = 0; k < n; k++) {
        if (!valid[k]) continue;
        const s = src[k]!;
        const c = strs[s]!;
        const remap = remaps[s]!;
        const old = c.indices[rows[k]!]!;
        let code = remap[old]!;
        if (code < 0) {
          const text = c.dictionary[old]!;
          code = codeOf.get(text) ?? -1;
          if (code < 0) {
            code = dictionary.length;
            dictionary.push(text);
            codeOf.set(text, code);
          }
          remap[old] = code;
        }
        indices[k] = code;
      }
      return { ...base, kind: 'string', indices, dictionary };
    }
  }
  return undefined;
}
