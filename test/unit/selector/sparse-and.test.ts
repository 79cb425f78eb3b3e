/**
 * The sparse conjunction (src/selector/sparse-and.ts) reads the driver column's presence
 * bitmap 32 rows at a time: rows on a word's first and last bit, a word with every bit
 * set, and the rows after the last whole word must all be visited, and no others.
 */
import { describe, expect, it } from 'vitest';
import { compileRow, compileVector, parseSelector, type SelectorEnv, type SelectorRecord } from '../../../src/selector/index.js';
import { batchOf } from './batch-helper.js';

const env: SelectorEnv = { timezone: 'UTC', nowSeconds: 1700000000 };

/** 400 rows; `sp` (the sparse key) on the given rows, with the row number as its value. */
function records(withSp: (i: number) => boolean): SelectorRecord[] {
  return Array.from({ length: 400 }, (_, i) => ({
    properties: { a: i % 7 === 5 ? 'y' : 'x', ...(withSp(i) ? { sp: i } : {}) },
  }));
}

function verdicts(text: string, rows: SelectorRecord[]): { vector: number[]; row: number[] } {
  const ast = parseSelector(text);
  const row = compileRow(ast, 'event', env);
  return { vector: [...compileVector(ast, 'event', env)(batchOf(rows))], row: rows.map((r) => (row(r) ? 1 : 0)) };
}

describe('sparse conjunction over a presence bitmap', () => {
  // 4 edge rows, one full word (rows 64-95), the first and last rows after the last whole
  // word (384, 399): 38 rows, under 1 in 8 of 400.
  const edges = new Set([0, 31, 32, 63, 384, 399]);
  const rows = records((i) => edges.has(i) || (i >= 64 && i < 96));

  it('visits first and last bits of words, a full word and the tail', () => {
    const { vector, row } = verdicts('properties["sp"] >= 0 and properties["a"] == "x"', rows);
    expect(vector).toEqual(row);
    const hits = vector.flatMap((v, i) => (v === 1 ? [i] : []));
    expect(hits).toEqual([...edges, ...Array.from({ length: 32 }, (_, k) => 64 + k)].filter((i) => i % 7 !== 5).sort((a, b) => a - b));
  });

  it('an operand false on some visited rows leaves exactly the others', () => {
    const { vector, row } = verdicts('properties["a"] == "x" and properties["sp"] > 31 and properties["sp"] < 390', rows);
    expect(vector).toEqual(row);
    expect(vector.reduce((a, b) => a + b, 0)).toBe(row.reduce((a, b) => a + b, 0));
  });
});
