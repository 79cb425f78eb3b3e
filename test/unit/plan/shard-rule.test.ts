/**
 * How the planner splits an aggregation (plan/physical/rules/shard.ts): inner and left
 * joins split by days like an event scan, right and full joins and custom groupByUser
 * reducers by users, and user shards align to the store's buckets.
 */
import { describe, expect, it } from 'vitest';
import type { AggregateNode, ScanNode, StoreSchema } from '../../../src/plan/index.js';
import { planShards } from '../../../src/plan/physical/rules/shard.js';
import type { PartitionMeta } from '../../../src/store/index.js';

const DAYS = ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04'];

function store(buckets?: number): StoreSchema {
  const meta = { dir: '', rows: 1000, minTime: 0, maxTime: 0, names: {}, columns: {}, hasSampling: false } as PartitionMeta;
  return { days: () => DAYS, partitionMeta: () => meta, buckets };
}

const events = { kind: 'events', fromDate: DAYS[0]!, toDate: DAYS[3]!, eventSelectors: [], cohorts: [] } as const;
const scanOf = (source: unknown) => ({ op: 'scan', source, filters: [], columns: null, partitions: null }) as unknown as ScanNode;
const join = (type: string) => scanOf({ kind: 'join', events, people: { kind: 'people', userSelectors: [], cohorts: [] }, type, selectors: [], cohorts: [] });
const node = (kind: AggregateNode['kind'], guest: boolean) =>
  ({
    op: 'aggregate',
    kind,
    keys: [],
    reducers: [{ kind: guest ? 'fn' : 'builtin' }],
    list: false,
    fromScan: true,
    sorted: true,
    manifest: false,
    shards: null,
    sandbox: guest,
    valueFns: [],
  }) as unknown as AggregateNode;

describe('planShards', () => {
  it('inner and left joins into a mergeable reducer split by days', () => {
    for (const type of ['inner', 'left']) expect(planShards(store(), join(type), node('groupBy', false), 2, 0)?.mode).toBe('days');
  });

  it('right and full joins, and custom groupByUser reducers, split by users', () => {
    for (const type of ['right', 'full']) expect(planShards(store(), join(type), node('groupBy', false), 2, 0)).toEqual({ mode: 'users', n: 2 });
    expect(planShards(store(), scanOf(events), node('groupByUser', true), 2, 0)).toEqual({ mode: 'users', n: 2 });
  });

  it('user shards align to the buckets: a divisor of B when the threads do not divide it', () => {
    const gbu = node('groupByUser', true);
    expect(planShards(store(4), scanOf(events), gbu, 3, 0)).toEqual({ mode: 'users', n: 2 });
    expect(planShards(store(4), scanOf(events), gbu, 4, 0)).toEqual({ mode: 'users', n: 4 });
    expect(planShards(store(2), scanOf(events), gbu, 4, 0)).toEqual({ mode: 'users', n: 4 });
    expect(planShards(store(3), scanOf(events), gbu, 2, 0)).toEqual({ mode: 'users', n: 2 });
    expect(planShards(store(1), scanOf(events), gbu, 3, 0)).toEqual({ mode: 'users', n: 3 });
  });
});
