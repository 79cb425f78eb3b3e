/**
 * Rows [r0, r1) of a column as a column of its own, in fresh buffers: a decoded column
 * is a view into its file's bytes, so a subarray would keep the whole file alive. A
 * user-range shard keeps only its rows of each column (event-user-range.ts).
 */
import type { Column, JsonColumn, Utf8Raw } from './column.js';
import { decodeUtf8 } from './column-codec.js';

/** Bits [r0, r0 + n) of an Arrow bitmap, from bit 0 of a new one (null stays null). */
export function sliceBits(bm: Uint8Array | null, r0: number, n: number): Uint8Array | null {
  if (bm === null) return null;
  const out = new Uint8Array(((n + 63) >> 6) << 3);
  if ((r0 & 7) === 0) {
    out.set(bm.subarray(r0 >> 3, Math.min(bm.length, (r0 >> 3) + ((n + 7) >> 3))));
    // Bits past n of the last byte belong to later rows: clear them.
    if (n & 7) out[n >> 3]! &= (1 << (n & 7)) - 1;
    return out;
  }
  for (let i = 0; i < n; i++) {
    const r = r0 + i;
    if ((bm[r >> 3]! >> (r & 7)) & 1) out[i >> 3]! |= 1 << (i & 7);
  }
  return out;
}

export function sliceColumn(col: Column, r0: number, r1: number): Column {
  const n = r1 - r0;
  const base = { length: n, present: sliceBits(col.present, r0, n), nulls: sliceBits(col.nulls, r0, n) };
  switch (col.kind) {
    case 'string':
      return { ...base, kind: 'string', indices: col.indices.slice(r0, r1), dictionary: col.dictionary };
    case 'number':
      return { ...base, kind: 'number', values: col.values.slice(r0, r1) };
    case 'boolean':
      return { ...base, kind: 'boolean', values: sliceBits(col.values, r0, n)! };
    case 'json':
      return sliceJson(col, base, r0, r1);
  }
}

/** A JSON column's rows keep their bytes (texts decoded on first access, as when read from a file). */
function sliceJson(col: JsonColumn, base: { length: number; present: Uint8Array | null; nulls: Uint8Array | null }, r0: number, r1: number): JsonColumn {
  const n = r1 - r0;
  if (col.raw === undefined) return { ...base, kind: 'json', texts: col.texts.slice(r0, r1), parsed: null };
  const from = col.raw.offsets[r0]!;
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i <= n; i++) offsets[i] = col.raw.offsets[r0 + i]! - from;
  const raw: Utf8Raw = { offsets, bytes: col.raw.bytes.slice(from, col.raw.offsets[r1]!) };
  let texts: (string | null)[] | undefined;
  return {
    ...base,
    kind: 'json',
    parsed: null,
    raw,
    get texts() {
      return (texts ??= decodeUtf8({ valueOffsets: raw.offsets, values: raw.bytes, length: n } as never, base.present));
    },
    set texts(t) {
      texts = t;
    },
  };
}
