/**
 * Test helper: plain records -> the store's Column model, the way the store would
 * hold them (dictionary strings, Float64 numbers, boolean bitmaps, JSON text for
 * lists, objects and mixed types; `present`/`nulls` bitmaps for missing/null).
 */
import type { Column } from '../../../src/store/column.js';
import { decodeColumn, encodeColumn } from '../../../src/store/column-codec.js';
import type { SelectorBatch, SelectorRecord } from '../../../src/selector/index.js';

export interface ColumnOptions {
  /** Store every key as JSON text (exercises the json-column paths). */
  forceJson?: boolean;
  /** Put each string in the dictionary twice (plus unused entries), rows pick either copy. */
  duplicateDictionary?: boolean;
  /** Make JSON-kind columns the way a partition file gives them (encoded, then decoded: texts read lazily from raw bytes). */
  viaCodec?: boolean;
}

function bitmap(n: number, bit: (i: number) => boolean): Uint8Array | null {
  const bm = new Uint8Array((n + 7) >> 3);
  for (let i = 0; i < n; i++) if (bit(i)) bm[i >> 3]! |= 1 << (i & 7);
  return bm;
}

/** One column from per-row values (undefined = missing key). */
export function columnOf(values: unknown[], options: ColumnOptions = {}): Column {
  const n = values.length;
  const set = values.filter((v) => v !== undefined && v !== null);
  const kinds = new Set(set.map((v) => (Array.isArray(v) ? 'list' : typeof v)));
  const kind =
    options.forceJson || kinds.size > 1
      ? 'json'
      : kinds.has('string')
        ? 'string'
        : kinds.has('number')
          ? 'number'
          : kinds.has('boolean')
            ? 'boolean'
            : kinds.size === 0
              ? 'string'
              : 'json';
  const hasValue = (i: number) => values[i] !== undefined && values[i] !== null;
  const anyMissingOrNull = values.some((v) => v === undefined || v === null);
  const present = anyMissingOrNull ? bitmap(n, hasValue) : null;
  const nulls = values.some((v) => v === null) ? bitmap(n, (i) => values[i] === null) : null;
  switch (kind) {
    case 'string': {
      const dictionary: string[] = options.duplicateDictionary ? ['~unused~'] : [];
      const first = new Map<string, number>();
      const indices = new Int32Array(n);
      values.forEach((v, i) => {
        if (typeof v !== 'string') return;
        let d = first.get(v);
        if (d === undefined) {
          d = dictionary.length;
          first.set(v, d);
          dictionary.push(v);
          if (options.duplicateDictionary) dictionary.push(v);
        }
        indices[i] = options.duplicateDictionary && i % 2 === 1 ? d + 1 : d;
      });
      return { kind: 'string', length: n, present, nulls, indices, dictionary };
    }
    case 'number': {
      const vals = new Float64Array(n);
      values.forEach((v, i) => typeof v === 'number' && (vals[i] = v));
      return { kind: 'number', length: n, present, nulls, values: vals };
    }
    case 'boolean':
      return { kind: 'boolean', length: n, present, nulls, values: bitmap(n, (i) => values[i] === true)! };
    default:
      if (options.viaCodec) {
        const rows: number[] = [];
        const vals: unknown[] = [];
        values.forEach((v, i) => v !== undefined && (rows.push(i), vals.push(v)));
        return decodeColumn(encodeColumn(n, { rows, values: vals }, 'json'));
      }
      return {
        kind: 'json',
        length: n,
        present,
        nulls,
        texts: values.map((v) => (v === undefined || v === null ? null : JSON.stringify(v))),
        parsed: null,
      };
  }
}

/** A batch over records: one column per key that occurs in any record, join masks, event time. */
export function batchOf(records: SelectorRecord[], options: ColumnOptions = {}): SelectorBatch {
  const n = records.length;
  const columns = new Map<string, Column>();
  for (const source of ['properties', 'user'] as const) {
    const keys = new Set(records.flatMap((r) => Object.keys(r[source] ?? {})));
    for (const key of keys) {
      const vals = records.map((r) => {
        const bag = r[source];
        return bag !== undefined && Object.hasOwn(bag, key) ? bag[key] : undefined;
      });
      columns.set(`${source}\u0000${key}`, columnOf(vals, options));
    }
  }
  const mask = (has: (r: SelectorRecord) => boolean) => (records.every(has) ? null : Uint8Array.from(records, (r) => (has(r) ? 1 : 0)));
  const anyTime = records.some((r) => r.time !== undefined);
  return {
    length: n,
    column: (source, key) => columns.get(`${source}\u0000${key}`),
    time: anyTime ? Float64Array.from(records, (r) => r.time ?? NaN) : undefined,
    hasEvent: mask((r) => r.properties !== undefined),
    hasUser: mask((r) => r.user !== undefined),
  };
}
