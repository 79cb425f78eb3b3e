/**
 * rules/shard-stages.ts: which stages after a groupByUser the user shards run — up to
 * the next aggregation over filter/map/flatten only, when its reducers are built-in
 * and order-free.
 */
import { describe, expect, it } from 'vitest';
import type { AggregateNode, PhysicalReducer, StageNode } from '../../../src/plan/index.js';
import { shardThrough } from '../../../src/plan/physical/rules/shard-stages.js';

const reducer = (name: string, orderFree: boolean): PhysicalReducer => ({ kind: 'builtin', name, args: [], kernel: null, orderFree }) as PhysicalReducer;
const agg = (kind: AggregateNode['kind'], reducers: PhysicalReducer[], fromScan = false): AggregateNode => ({
  op: 'aggregate',
  kind,
  keys: [],
  reducers,
  list: false,
  fromScan,
  sorted: true,
  manifest: false,
  shards: null,
  sandbox: false,
  valueFns: [],
});
const byUser = agg('groupByUser', [{ kind: 'fn', fnId: 0, kernel: null, orderFree: false } as PhysicalReducer], true);
const map: StageNode = { op: 'map', fn: { fn: 1, mode: 'sandbox' }, fromScan: false };
const filter: StageNode = { op: 'filter', fn: { fn: 2, mode: 'native' } };

describe('stages the user shards run', () => {
  it('through the next order-free aggregation, over filter, map and flatten', () => {
    expect(shardThrough([byUser, agg('groupBy', [reducer('count', true)])])).toBe(1);
    expect(shardThrough([byUser, map, filter, { op: 'flatten' }, agg('reduce', [reducer('max', true), reducer('count_unique', true)])])).toBe(4);
  });
  it('not when the next aggregation depends on order, or a sort comes first, or there is none', () => {
    expect(shardThrough([byUser, map, agg('groupBy', [reducer('sum', false)])])).toBeNull();
    expect(shardThrough([byUser, map, agg('groupBy', [{ kind: 'fn', fnId: 3, kernel: null, orderFree: false } as PhysicalReducer])])).toBeNull();
    expect(shardThrough([byUser, { op: 'sort', accessor: { kind: 'path', path: 'value' }, desc: true }, agg('groupBy', [reducer('count', true)])])).toBeNull();
    expect(shardThrough([byUser, map])).toBeNull();
    expect(shardThrough([agg('groupBy', [reducer('count', true)], true), agg('groupBy', [reducer('count', true)])])).toBeNull();
  });
});
