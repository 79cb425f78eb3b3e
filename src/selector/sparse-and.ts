/**
 * `a and b and ...` where every operand reads one column (and not the time), over a batch
 * in which one operand's column has a value in few rows: visit only those rows.
 *
 * An operand that is not true where its column has no value (key missing, or null) is
 * false for the whole conjunction on those rows, so when its column's presence bitmap
 * is sparse (a key of one event name: `amount` of Purchase is in ~2% of the rows) the
 * conjunction is decided by visiting the bitmap's set bits and testing every operand on
 * those rows alone; all other rows are 0. The dense kernels instead make one pass and
 * one array per operand and one more for the `and`.
 *
 * Exact by construction: each operand is tested on a row with the row evaluator on that
 * row's value (per distinct value for dictionary strings, as singleColumn's lift does), or,
 * for `json column OP number`, with the JSON kernel's own per-row code (compareJsonAt).
 * Anything else (no sparse column, an operand that is true on missing values, under an
 * outer and/or) runs the dense kernel.
 */
import { valueAt, type Column, type JsonColumn, type StringColumn, type BooleanColumn } from '../store/column.js';
import type { BatchContext } from './batch-context.js';
import type { Value } from './values.js';
import { compareJsonAt, liftIndex } from './vector-kernels.js';
import { B_TRUE, type VVal, zeroOneVal } from './vector-values.js';

type Kernel = (ctx: BatchContext) => VVal;

/** One operand of the conjunction: it reads properties[key] / user[key] only. */
export interface Conjunct {
  from: 'properties' | 'user';
  key: string;
  /** The operand's value for a row whose column holds `v` (undefined: the key is missing). */
  probe: (v: Value) => Value;
  /** `column OP number` (op as seen from the column's side): JSON columns use the kernel's per-row code. */
  numeric?: { op: '==' | '!=' | '<' | '<=' | '>' | '>='; c: number };
}

/** Visit rows only when the chosen column has a value in at most one row in SPARSE. */
const SPARSE = 8;

/**
 * The bitmap's 32 bits from byte `b` on (row b*8 is bit 0), assembled from bytes: no
 * alignment or byte-order assumption, and one test skips 32 rows without a value.
 */
function word32(bits: Uint8Array, b: number): number {
  return bits[b]! | (bits[b + 1]! << 8) | (bits[b + 2]! << 16) | (bits[b + 3]! << 24);
}

/** Set bits of a 32-bit word (SWAR popcount). */
function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/**
 * Rows 0..n-1 with their bit set, counted up to `limit`: the caller only needs to know
 * whether a column is sparser than the best so far, so a dense bitmap stops early.
 */
function presentCount(present: Uint8Array, n: number, limit: number): number {
  let c = 0;
  const words = n >> 5;
  for (let w = 0; w < words && c < limit; w++) c += popcount32(word32(present, w << 2));
  for (let i = words << 5; i < n; i++) c += (present[i >> 3]! >> (i & 7)) & 1;
  return c;
}

/** Per distinct value of a dictionary or boolean column: 1 where the operand is true, 0 where not, 255 not computed yet. */
function liftCodes(distinct: number): Uint8Array {
  return new Uint8Array(distinct + 2).fill(255);
}

/** Whether operand `c` is exactly true at row i, given its column in this batch. */
function rowTest(c: Conjunct, col: Column | undefined, tables: WeakMap<string[], Uint8Array>): (i: number) => boolean {
  if (col === undefined) {
    const t = c.probe(undefined) === true;
    return () => t;
  }
  if (col.kind === 'string' || col.kind === 'boolean') {
    const distinct = col.kind === 'string' ? col.dictionary.length : 2;
    let codes: Uint8Array | undefined;
    if (col.kind === 'string') {
      codes = tables.get(col.dictionary);
      if (codes === undefined) tables.set(col.dictionary, (codes = liftCodes(distinct)));
    } else codes = liftCodes(distinct);
    const table = codes;
    const valueOf = (j: number): Value =>
      j === distinct ? undefined : j === distinct + 1 ? null : col.kind === 'string' ? (col as StringColumn).dictionary[j] : j === 1;
    const lifted = col as StringColumn | BooleanColumn;
    return (i) => {
      const j = liftIndex(lifted, i, distinct);
      let code = table[j]!;
      if (code === 255) code = table[j] = c.probe(valueOf(j)) === true ? 1 : 0;
      return code === 1;
    };
  }
  if (col.kind === 'json' && c.numeric !== undefined) {
    const { op, c: k } = c.numeric;
    const json = col as JsonColumn;
    return (i) => compareJsonAt(op, json, k, i) === B_TRUE;
  }
  return (i) => c.probe(valueAt(col, i) as Value) === true;
}

/** The conjunction's kernel: sparse where a batch allows, else `dense` (the and-kernel of the same operands). */
export function sparseConjunction(conjuncts: Conjunct[], dense: Kernel): Kernel {
  // Operands that can choose the rows: not true where their column has no value.
  const drives = conjuncts.map((c) => c.probe(undefined) !== true && c.probe(null) !== true);
  if (!drives.includes(true)) return dense;
  const tables = conjuncts.map(() => new WeakMap<string[], Uint8Array>());
  return (ctx) => {
    // Under another and/or, the dense kernels honour its skipped rows (ctx.active).
    if (ctx.active !== null) return dense(ctx);
    const n = ctx.n;
    const cols = conjuncts.map((c) => ctx.column(c.from, c.key));
    let driver = -1;
    let fewest = Math.floor(n / SPARSE) + 1;
    for (let k = 0; k < conjuncts.length; k++) {
      const present = cols[k]?.present ?? null;
      if (!drives[k] || present === null) continue;
      const count = presentCount(present, n, fewest);
      if (count < fewest) {
        fewest = count;
        driver = k;
      }
    }
    if (driver < 0) return dense(ctx);
    const tests = conjuncts.map((c, k) => rowTest(c, cols[k], tables[k]!));
    const first = tests[driver]!;
    const rest = tests.filter((_, k) => k !== driver);
    // Every operand true at row i (the driver first: it is the one most often false).
    // Indexed, not for-of: the first batches run before V8 optimizes this closure.
    const passes = (i: number): boolean => {
      if (!first(i)) return false;
      for (let k = 0; k < rest.length; k++) if (!rest[k]!(i)) return false;
      return true;
    };
    const present = cols[driver]!.present!;
    const out = new Uint8Array(n);
    // Visit the set bits only: a word of 32 rows at a time, its lowest set bit peeled off
    // per visited row (w & -w), so rows without a value cost nothing but their word's test.
    const words = n >> 5;
    for (let w = 0; w < words; w++) {
      let bits = word32(present, w << 2);
      while (bits !== 0) {
        const low = bits & -bits;
        const i = (w << 5) + 31 - Math.clz32(low);
        bits ^= low;
        if (passes(i)) out[i] = 1;
      }
    }
    for (let i = words << 5; i < n; i++) if ((present[i >> 3]! >> (i & 7)) & 1 && passes(i)) out[i] = 1;
    return zeroOneVal(out);
  };
}
