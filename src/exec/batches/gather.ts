/**
 * Column gathering: a new column whose row j is row `idx[j]` of `col` (idx -1 ->
 * missing). Used to line profile columns up with the events of a join, and to
 * compact a selection before it crosses into the sandbox.
 */
import { bitAt, type Column } from '../../store/index.js';

function newBitmap(n: number): Uint8Array {
  return new Uint8Array(((n + 63) >> 6) << 3);
}

export function gatherColumn(col: Column, idx: Int32Array): Column {
  const n = idx.length;
  const present = newBitmap(n);
  let nulls: Uint8Array | null = null;
  const srcPresent = col.present;
  const srcNulls = col.nulls;
  for (let j = 0; j < n; j++) {
    const i = idx[j]!;
    if (i < 0) continue;
    if (srcPresent === null || bitAt(srcPresent, i)) present[j >> 3]! |= 1 << (j & 7);
    else if (srcNulls !== null && bitAt(srcNulls, i)) {
      nulls ??= newBitmap(n);
      nulls[j >> 3]! |= 1 << (j & 7);
    }
  }
  const base = { length: n, present, nulls };
  switch (col.kind) {
    case 'string': {
      const indices = new Int32Array(n);
      for (let j = 0; j < n; j++) {
        const i = idx[j]!;
        if (i >= 0) indices[j] = col.indices[i]!;
      }
      return { ...base, kind: 'string', indices, dictionary: col.dictionary };
    }
    case 'number': {
      const values = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        const i = idx[j]!;
        if (i >= 0) values[j] = col.values[i]!;
      }
      return { ...base, kind: 'number', values };
    }
    case 'boolean': {
      const values = newBitmap(n);
      for (let j = 0; j < n; j++) {
        const i = idx[j]!;
        if (i >= 0 && bitAt(col.values, i)) values[j >> 3]! |= 1 << (j & 7);
      }
      return { ...base, kind: 'boolean', values };
    }
    case 'json': {
      const texts = new Array<string | null>(n);
      for (let j = 0; j < n; j++) {
        const i = idx[j]!;
        texts[j] = i >= 0 ? (col.texts[i] ?? null) : null;
      }
      return { ...base, kind: 'json', texts, parsed: null };
    }
  }
}

/** A dictionary string column over `dictionary` from per-row indices (-1 = missing). */
export function dictionaryColumn(indices: Int32Array, dictionary: string[]): Column {
  let present: Uint8Array | null = null;
  for (let i = 0; i < indices.length; i++) {
    if (indices[i]! < 0) {
      if (present === null) {
        present = newBitmap(indices.length);
        for (let k = 0; k < i; k++) present[k >> 3]! |= 1 << (k & 7);
      }
    } else if (present !== null) present[i >> 3]! |= 1 << (i & 7);
  }
  return { kind: 'string', length: indices.length, present, nulls: null, indices, dictionary };
}

/** A dense number column. */
export function numberColumn(values: Float64Array): Column {
  return { kind: 'number', length: values.length, present: null, nulls: null, values };
}
