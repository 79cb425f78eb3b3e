/**
 * MergedPartition: row k is row rows[k] of parts[src[k]]; columns concatenated with
 * their three states (missing, null, value), dictionaries unified, mixed kinds as JSON.
 */
import { describe, expect, it } from 'vitest';
import { MergedPartition, type PartitionLike } from '../../../../src/exec/batches/merged-partition.js';
import { type Column, valueAt } from '../../../../src/store/index.js';

const bits = (xs: number[]) => {
  const out = new Uint8Array(8);
  xs.forEach((x, i) => {
    if (x) out[i >> 3]! |= 1 << (i & 7);
  });
  return out;
};

function part(o: { names: string[]; users: number[]; sampling?: number[]; cols: Record<string, Column> }): PartitionLike {
  const dict = [...new Set(o.names)];
  return {
    length: o.names.length,
    meta: { rows: o.names.length },
    name: {
      kind: 'string',
      length: o.names.length,
      present: null,
      nulls: null,
      indices: Int32Array.from(o.names.map((n) => dict.indexOf(n))),
      dictionary: dict,
    },
    user: Int32Array.from(o.users),
    time: Float64Array.from(o.users.map((_, i) => i * 1000)),
    samplingFactor: o.sampling ? Float64Array.from(o.sampling) : null,
    keys: () => Object.keys(o.cols),
    column: (k: string) => o.cols[k],
  } as PartitionLike;
}

describe('MergedPartition', () => {
  const a = part({
    names: ['x', 'y'],
    users: [0, 1],
    cols: {
      n: { kind: 'number', length: 2, present: bits([1, 0]), nulls: bits([0, 1]), values: Float64Array.of(5, 0) },
      s: { kind: 'string', length: 2, present: null, nulls: null, indices: Int32Array.of(0, 1), dictionary: ['p', 'q'] },
    },
  });
  const b = part({
    names: ['y', 'z'],
    users: [0, 1],
    sampling: [0.5, 1],
    cols: {
      n: { kind: 'string', length: 2, present: null, nulls: null, indices: Int32Array.of(0, 0), dictionary: ['7'] },
      s: { kind: 'string', length: 2, present: null, nulls: null, indices: Int32Array.of(1, 0), dictionary: ['q', 'r'] },
    },
  });
  // Rows: a0 (user 0), b0 (user 0), a1 (user 1), b1 (user 1).
  const m = new MergedPartition([a, b], Int32Array.of(0, 1, 0, 1), Int32Array.of(0, 0, 1, 1));
  const values = (c: Column | undefined) => [0, 1, 2, 3].map((k) => valueAt(c, k));

  it('concatenates fixed columns and unifies dictionaries', () => {
    expect([0, 1, 2, 3].map((k) => m.name.dictionary[m.name.indices[k]!])).toEqual(['x', 'y', 'y', 'z']);
    expect(Array.from(m.user)).toEqual([0, 0, 1, 1]);
    expect(Array.from(m.time)).toEqual([0, 0, 1000, 1000]);
    expect(values(m.column('s'))).toEqual(['p', 'r', 'q', 'q']);
  });

  it('keeps missing / null / value, and makes a JSON column of mixed kinds', () => {
    const n = m.column('n')!;
    expect(n.kind).toBe('json');
    expect(values(n)).toEqual([5, '7', null, '7']);
    expect(m.column('absent')).toBeUndefined();
    expect(m.keys().sort()).toEqual(['n', 's']);
  });

  it('sampling factors: 1 for rows of partitions without any', () => {
    expect(Array.from(m.samplingFactor!)).toEqual([1, 0.5, 1, 1]);
  });
});
