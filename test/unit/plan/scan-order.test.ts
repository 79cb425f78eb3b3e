/**
 * rules/scan-order.ts: a scan may give a bucketed day's rows unmerged (any order) only
 * when its reader is an order-free aggregation of built-in reducers with no sandbox code.
 */
import { describe, expect, it } from 'vitest';
import type { AggregateNode, PhysicalReducer, ScanNode, StageNode } from '../../../src/plan/index.js';
import { markOrderFreeScan } from '../../../src/plan/physical/rules/scan-order.js';

const reducer = (name: string, orderFree: boolean): PhysicalReducer => ({ kind: 'builtin', name, args: [], kernel: null, orderFree }) as PhysicalReducer;
const agg = (kind: AggregateNode['kind'], reducers: PhysicalReducer[], more: Partial<AggregateNode> = {}): AggregateNode => ({
  op: 'aggregate',
  kind,
  keys: [],
  reducers,
  list: false,
  fromScan: true,
  sorted: true,
  manifest: false,
  shards: null,
  sandbox: false,
  valueFns: [],
  ...more,
});
const scan = (kind: 'events' | 'join' | 'people' = 'events', filters: ScanNode['filters'] = []): ScanNode =>
  ({ op: 'scan', source: { kind }, filters, columns: null, partitions: null }) as unknown as ScanNode;
const marked = (s: ScanNode, first: StageNode | undefined) => {
  markOrderFreeScan(s, first);
  return s.anyOrder === true;
};

describe('order-free scans', () => {
  it('groupBy or reduce of order-free built-ins over events or a join', () => {
    expect(marked(scan(), agg('groupBy', [reducer('count', true)]))).toBe(true);
    expect(marked(scan('join'), agg('reduce', [reducer('count', true), reducer('max', true)]))).toBe(true);
    expect(marked(scan('events', [{ fn: 0, mode: 'native' }]), agg('groupBy', [reducer('count', true)]))).toBe(true);
  });
  it('not for order-dependent reducers, groupByUser, sandbox code, distinct users, people, or no aggregation first', () => {
    expect(marked(scan(), agg('groupBy', [reducer('sum', false)]))).toBe(false);
    expect(marked(scan(), agg('groupBy', [{ kind: 'fn', fnId: 0, kernel: null, orderFree: false } as PhysicalReducer]))).toBe(false);
    expect(marked(scan(), agg('groupByUser', [reducer('count', true)]))).toBe(false);
    expect(marked(scan(), agg('groupBy', [reducer('count', true)], { sandbox: true }))).toBe(false);
    expect(marked(scan('events', [{ fn: 0, mode: 'sandbox' }]), agg('groupBy', [reducer('count', true)]))).toBe(false);
    expect(marked(scan(), agg('groupBy', [reducer('count', true)], { distinctUsers: true }))).toBe(false);
    expect(marked(scan(), agg('groupBy', [reducer('count', true)], { fromScan: false }))).toBe(false);
    expect(marked(scan('people'), agg('groupBy', [reducer('count', true)]))).toBe(false);
    expect(marked(scan(), { op: 'map', fn: { fn: 1, mode: 'native' }, fromScan: true })).toBe(false);
    expect(marked(scan(), undefined)).toBe(false);
  });
});
