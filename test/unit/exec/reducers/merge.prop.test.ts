import { describe, it } from 'vitest';
import fc from 'fast-check';
import { makeReducer } from '../../../../src/exec/reducers/index.js';
import { reduceAll, reduceChunked, type Fed } from './helpers.js';

/** Deep equality, numbers equal within a relative 1e-9 (float sums depend on grouping). */
function close(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    return Object.is(a, b) || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => close(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => close((a as never)[k], (b as never)[k]));
  }
  return Object.is(a, b);
}

const scalar = fc.oneof(
  fc.integer({ min: -50, max: 50 }),
  fc.double({ noNaN: false, min: -1e6, max: 1e6 }),
  fc.constantFrom(null, undefined, true, false, NaN, Infinity, 'a', 'b', '7'),
);
const item = fc.record({
  distinct_id: fc.constantFrom('u1', 'u2', 'u3', undefined),
  sampling_factor: fc.constantFrom(1, 0.5, 0.25, 0.1),
  key: fc.array(fc.constantFrom('x', 'y', 1, null), { maxLength: 2 }),
  value: scalar,
  obj: fc.dictionary(fc.constantFrom('p', 'q', 'r'), fc.oneof(fc.integer({ min: -9, max: 9 }), fc.constantFrom('s', null))),
});

const cases: Array<{ name: string; args?: unknown[]; value: (it: Record<string, unknown>) => unknown }> = [
  { name: 'count', value: () => undefined },
  { name: 'count', args: [{ account_for_sampling: true }], value: () => undefined },
  { name: 'sum', value: (it) => it.value },
  { name: 'avg', value: (it) => it.value },
  { name: 'avg', args: ['v', { account_for_sampling: true }], value: (it) => it.value },
  { name: 'min', value: (it) => it.value },
  { name: 'max', value: (it) => it.value },
  { name: 'min_by', value: (it) => it.value },
  { name: 'max_by', value: (it) => it.value },
  { name: 'numeric_summary', value: (it) => it.value },
  { name: 'numeric_percentiles', args: ['v', 37], value: (it) => it.value },
  { name: 'numeric_percentiles', args: ['v', [0, 25, 50, 99.9, 100]], value: (it) => it.value },
  { name: 'top', args: [3], value: () => undefined },
  { name: 'any', value: () => undefined },
  { name: 'null', value: () => undefined },
  { name: 'noop', value: () => undefined },
  { name: 'object_merge', value: (it) => it.obj },
  { name: 'count_unique', value: (it) => it.distinct_id },
];

describe('chunked reduce + merge equals one pass', () => {
  for (const c of cases) {
    it(`${c.name}${c.args ? JSON.stringify(c.args) : ''}`, () => {
      fc.assert(
        fc.property(fc.array(item, { maxLength: 60 }), fc.array(fc.nat(60), { maxLength: 6 }), (items, rawCuts) => {
          const fed: Fed[] = items.map((it) => ({ value: c.value(it), item: it }));
          const cuts = rawCuts.map((x) => Math.min(x, fed.length));
          const one = reduceAll(makeReducer({ name: c.name, args: c.args }), fed);
          const chunked = reduceChunked(makeReducer({ name: c.name, args: c.args }), fed, cuts);
          if (!close(one, chunked)) {
            throw new Error(`one pass ${JSON.stringify(one)} != chunked ${JSON.stringify(chunked)}`);
          }
        }),
        { numRuns: 200 },
      );
    });
  }
});
