import { ScriptError } from '../../errors.js';
import { compareKeys, type KeyComponent } from '../accessors/index.js';
import type { NativeReducer } from './native-reducer.js';
import { isNumeric } from './is-numeric.js';

interface Ranked {
  key?: unknown;
  value: number;
}

function isScalarList(k: unknown): k is KeyComponent[] {
  if (!Array.isArray(k)) return false;
  for (const c of k) if (c !== null && typeof c === 'object') return false;
  return true;
}

/**
 * Order of `top(n)`: larger `value` first; equal values by `key` in groupBy output
 * order (so the result does not depend on chunking); keys that are not lists of
 * scalars compare by their JSON text.
 */
export function compareRanked(a: Ranked, b: Ranked): number {
  if (a.value !== b.value) return b.value > a.value ? 1 : -1;
  const ka = a.key;
  const kb = b.key;
  if (isScalarList(ka) && isScalarList(kb)) return compareKeys(ka, kb);
  const ja = JSON.stringify(ka) ?? '';
  const jb = JSON.stringify(kb) ?? '';
  return ja === jb ? 0 : ja < jb ? -1 : 1;
}

function insert(acc: Ranked[], item: Ranked, n: number): void {
  // First position whose element ranks after `item` (equal items keep arrival order).
  let lo = 0;
  let hi = acc.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareRanked(acc[mid]!, item) <= 0) lo = mid + 1;
    else hi = mid;
  }
  if (lo >= n) return;
  acc.splice(lo, 0, item);
  if (acc.length > n) acc.pop();
}

/**
 * `top(n)` on `{key, value}` items (groupBy output): the `n` items with the largest
 * `value`, as one list, largest first. Items whose `value` is not a finite number
 * are skipped.
 */
export function top(n: number): NativeReducer<Ranked[]> {
  return {
    name: 'top',
    needs: { value: false, item: true, samplingFactor: false },
    init: () => [],
    add: (acc, _v, item) => {
      if (typeof item === 'object' && item !== null && isNumeric((item as Ranked).value)) {
        insert(acc, item as Ranked, n);
      }
      return acc;
    },
    merge: (a, b) => {
      for (const it of b) insert(a, it, n);
      return a;
    },
    result: (acc) => acc,
  };
}

export function validateTopN(n: unknown): number {
  if (typeof n === 'number' && Number.isInteger(n) && n >= 0) return n;
  throw new ScriptError('InvalidQuery', `mixpanel.reducer.top(n): n must be a whole number of items, e.g. top(10); got ${JSON.stringify(n) ?? String(n)}.`);
}
