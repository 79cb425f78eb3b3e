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
  ) {
    this.length = rows.length;
    this.meta = { rows: rows.length };
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
    return (this._name ??= concatColumns(
      this.parts.map((p) => p.name),
      this.src,
      this.rows,
    ) as StringColumn);
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
    const all = new Set<string>();
    for (const p of this.parts) for (const k of p.keys()) all.add(k);
    return [...all];
  }

  column(key: string): Column | undefined {
    if (this.cache.has(key)) return this.cache.get(key);
    const col = concatColumns(
      this.parts.map((p) => p.column(key)),
      this.src,
      this.rows,
    );
    this.cache.set(key, col);
    return col;
  }
}

/** Row k of the result is row rows[k] of cols[src[k]] (undefined: missing there). */
export function concatColumns(cols: Array<Column | undefined>, src: Uint16Array | Int32Array, rows: Int32Array): Column | undefined {
  const defined = cols.filter((c): c is Column => c !== undefined);
  if (defined.length === 0) return undefined;
  const n = rows.length;
  const kind = defined[0]!.kind;
  const mixed = defined.some((c) => c.kind !== kind);
  let present: Uint8Array | null = null;
  let nulls: Uint8Array | null = null;
  // Validity per row, read straight from the bitmaps (this runs for every column of
  // every merged day of a bucketed store: no closure or allocation per row).
  let allPresent = true;
  const valid = new Uint8Array(n);
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
