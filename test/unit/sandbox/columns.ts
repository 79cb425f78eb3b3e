// Build store columns (src/store/column.ts) from plain values, for sandbox tests.
import type { Column, JsonColumn, NumberColumn, StringColumn } from '../../../src/store/column.js';

function bitmap(flags: boolean[]): Uint8Array | null {
  if (flags.every(Boolean)) return null;
  const bm = new Uint8Array(Math.ceil(flags.length / 8));
  flags.forEach((f, i) => {
    if (f) bm[i >> 3]! |= 1 << (i & 7);
  });
  return bm;
}

/** undefined -> missing key, null -> JSON null. */
export function strings(values: Array<string | null | undefined>, dictionary?: string[]): StringColumn {
  const dict = dictionary ?? [...new Set(values.filter((v): v is string => typeof v === 'string'))];
  return {
    kind: 'string',
    length: values.length,
    dictionary: dict,
    indices: Int32Array.from(values.map((v) => (typeof v === 'string' ? dict.indexOf(v) : 0))),
    present: bitmap(values.map((v) => typeof v === 'string')),
    nulls: values.includes(null) ? invert(values.map((v) => v === null)) : null,
  };
}

function invert(flags: boolean[]): Uint8Array {
  const bm = new Uint8Array(Math.ceil(flags.length / 8));
  flags.forEach((f, i) => {
    if (f) bm[i >> 3]! |= 1 << (i & 7);
  });
  return bm;
}

export function numbers(values: Array<number | null | undefined>): NumberColumn {
  return {
    kind: 'number',
    length: values.length,
    values: Float64Array.from(values.map((v) => v ?? 0)),
    present: bitmap(values.map((v) => typeof v === 'number')),
    nulls: values.includes(null) ? invert(values.map((v) => v === null)) : null,
  };
}

export function booleans(values: boolean[]): Column {
  return { kind: 'boolean', length: values.length, values: invert(values), present: null, nulls: null };
}

export function json(values: unknown[]): JsonColumn {
  return {
    kind: 'json',
    length: values.length,
    texts: values.map((v) => (v === undefined ? null : JSON.stringify(v))),
    parsed: null,
    present: bitmap(values.map((v) => v !== undefined && v !== null)),
    nulls: values.includes(null) ? invert(values.map((v) => v === null)) : null,
  };
}
