/**
 * selectedRows(mask, n): the scan's selection straight from a selector mask, equal to
 * narrow(selectAll(n), mask) for any mask, aligned or not (it reads aligned masks a word at a time).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { narrow, selectAll, selectedRows } from '../../../../src/exec/batches/item-batch.js';

describe('selectedRows', () => {
  test('== narrow(selectAll(n), mask), for sparse and dense masks at any byte offset', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 70 }),
        fc.integer({ min: 0, max: 5 }),
        fc.constantFrom(0.02, 0.3, 0.9),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (n, offset, density, seed) => {
          const backing = new Uint8Array(n + offset);
          let s = seed;
          for (let i = 0; i < backing.length; i++) {
            s = (s * 1103515245 + 12345) % 2 ** 31;
            // Any nonzero byte selects (narrow tests truthiness), not only 1.
            backing[i] = s / 2 ** 31 < density ? 1 + (s % 3) : 0;
          }
          const mask = backing.subarray(offset, offset + n);
          expect([...selectedRows(mask, n)]).toEqual([...narrow(selectAll(n), mask)]);
        },
      ),
      { numRuns: 500 },
    );
  });

  test('a selection stays as it was after later calls (it is not the buffer they write in)', () => {
    const first = selectedRows(Uint8Array.of(1, 0, 1, 1, 0, 0, 0, 1), 8);
    selectedRows(Uint8Array.of(0, 1, 0, 0, 1, 1, 1, 0, 1), 9);
    expect([...first]).toEqual([0, 2, 3, 7]);
  });
});
