import type { NativeReducer } from '../../../../src/exec/reducers/index.js';

/** One item fed to a reducer: the accessor's value and the whole item. */
export interface Fed {
  value: unknown;
  item: unknown;
}

export function reduceAll(r: NativeReducer, fed: readonly Fed[]): unknown {
  let acc = r.init();
  for (const f of fed) acc = r.add(acc, f.value, f.item);
  return r.result(acc);
}

/** Reduce `fed` split at `cuts` into chunks, each reduced alone, merged left to right. */
export function reduceChunked(r: NativeReducer, fed: readonly Fed[], cuts: readonly number[]): unknown {
  const bounds = [0, ...[...cuts].sort((a, b) => a - b), fed.length];
  let total = r.init();
  for (let c = 0; c + 1 < bounds.length; c++) {
    let acc = r.init();
    for (let i = bounds[c]!; i < bounds[c + 1]!; i++) acc = r.add(acc, fed[i]!.value, fed[i]!.item);
    // through structured clone, as across worker threads
    total = r.merge(total, structuredClone(acc));
  }
  return r.result(total);
}

export const values = (...vs: unknown[]): Fed[] => vs.map((v) => ({ value: v, item: v }));
