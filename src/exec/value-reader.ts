/**
 * Accessors (plan `Accessor`) evaluated on the host, per batch: a path reads a
 * column when one answers it and the materialized item otherwise; fn accessors read
 * the values the sandbox returned for the batch.
 */
import type { Accessor } from '../plan/index.js';
import { type Column, valueAt } from '../store/index.js';
import { numericBucket, readPath, sliceKey, toBoolean, toNumber, toString, validateBucketSpec } from './accessors/index.js';
import type { ItemBatch } from './batches/item-batch.js';

/** Reads the value of row `r` (row space); `j` is its position in the batch's selection. */
export type ValueReader = (r: number, j: number) => unknown;

/** Values computed in the sandbox, per fnId, aligned with the positions of the selection. */
export type FnValues = Map<number, unknown[]>;

/** Materialized items of a batch, built once per row. */
export class ItemCache {
  private items = new Map<number, unknown>();
  /**
   * Path values read in the sandbox after key functions ran on the items (they may
   * have mutated them), aligned with the selection: these win over columns.
   */
  readonly paths = new Map<string, unknown[]>();
  constructor(private readonly batch: ItemBatch) {}

  /** Use these items (as the sandbox left them) for the rows `sel`. */
  setItems(sel: Int32Array, values: unknown[]): void {
    for (let j = 0; j < sel.length; j++) this.items.set(sel[j]!, values[j]);
  }
  get(r: number): unknown {
    let it = this.items.get(r);
    if (it === undefined && !this.items.has(r)) {
      it = this.batch.item(r);
      this.items.set(r, it);
    }
    return it;
  }
}

const bucketSpecs = new WeakMap<object, ReturnType<typeof validateBucketSpec>>();

function bucketSpecOf(acc: Extract<Accessor, { kind: 'numeric_bucket' }>) {
  let s = bucketSpecs.get(acc);
  if (s === undefined) {
    // The plan spells time buckets {time_buckets: unit}; the key helpers {time_bucket: unit}.
    const raw = acc.spec as { time_buckets?: unknown };
    s = validateBucketSpec(raw !== null && typeof raw === 'object' && 'time_buckets' in raw ? { time_bucket: raw.time_buckets } : acc.spec);
    bucketSpecs.set(acc, s);
  }
  return s;
}

export function makeValueReader(batch: ItemBatch, acc: Accessor, items: ItemCache, fnValues: FnValues | null): ValueReader {
  switch (acc.kind) {
    case 'path': {
      const given = items.paths.get(acc.path);
      if (given !== undefined) return (_r, j) => given[j];
      const col = batch.column(acc.path);
      if (col === undefined) return () => undefined;
      if (col === null) {
        const path = acc.path;
        return (r) => readPath(items.get(r), path);
      }
      const c: Column = col;
      return (r) => valueAt(c, r);
    }
    case 'fn': {
      const values = fnValues?.get(acc.fnId);
      if (values === undefined) throw new Error(`internal: no sandbox values for function ${acc.fnId}`);
      return (_r, j) => values[j];
    }
    case 'multiple_keys':
      return makeValueReader(batch, acc.inner, items, fnValues);
    case 'slice': {
      const { path, start, limit } = acc;
      return (r) => sliceKey(items.get(r), path, start, limit);
    }
    case 'numeric_bucket': {
      const inner = makeValueReader(batch, acc.inner, items, fnValues);
      const spec = bucketSpecOf(acc);
      return (r, j) => numericBucket(inner(r, j), spec);
    }
    case 'to_number': {
      const inner = makeValueReader(batch, acc.inner, items, fnValues);
      return (r, j) => toNumber(inner(r, j));
    }
    case 'to_string': {
      const inner = makeValueReader(batch, acc.inner, items, fnValues);
      return (r, j) => toString(inner(r, j));
    }
    case 'to_boolean': {
      const inner = makeValueReader(batch, acc.inner, items, fnValues);
      return (r, j) => toBoolean(inner(r, j));
    }
  }
}

/** Every guest function an accessor calls. */
export function fnIdsOf(acc: Accessor | undefined, out: number[] = []): number[] {
  if (acc === undefined) return out;
  if (acc.kind === 'fn') out.push(acc.fnId);
  else if ('inner' in acc) fnIdsOf(acc.inner, out);
  return out;
}

export function isMultiple(acc: Accessor): boolean {
  return acc.kind === 'multiple_keys';
}
