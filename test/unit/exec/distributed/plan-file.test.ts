/**
 * The plan file (plan-file.ts): a task reads the head and its own day partitions
 * only, each checked by its digest; finish reads and checks them all; merge none.
 * The file stays one JSON document (the Dask driver json.loads it). Edits, cuts and
 * plans of another version are refused with a message.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  encodeShardPlan,
  makeShardPlan,
  type PlanBytes,
  type PlanDays,
  parseShardPlan,
  planHash,
  readShardPlan,
  type ShardPlanFile,
} from '../../../../src/exec/distributed/index.js';
import { shutdownSandboxPool } from '../../../../src/sandbox/index.js';
import type { Store } from '../../../../src/store/index.js';
import { importEvents, readRecords } from '../../../../src/ingest/index.js';
import { Store as StoreClass } from '../../../../src/store/index.js';
import { makeJqlStore } from '../../../helpers/jql-store.js';
import { collectQuery } from '../../../helpers/query.js';
import { runDistributed } from '../../../helpers/shard-protocol.js';
import { tempDir, cleanTemp } from '../../../helpers/temp.js';

const FIXTURES = path.join(import.meta.dirname, '..', '..', '..', 'fixtures', 'jql');
const BY_NAME = `function main() {
  return Events({ from_date: '2016-03-01', to_date: '2016-03-31' }).groupBy(['properties.country'], mixpanel.reducer.count());
}`;
let store: Store;
let plan: ShardPlanFile;
let text: string;

const bytesOf = (t: string): PlanBytes => {
  const b = Buffer.from(t);
  return { size: b.length, read: (p, n) => b.subarray(p, p + n) };
};
const read = (t: string, days: PlanDays) => readShardPlan(bytesOf(t), 'plan.json', days);
/** The file with day `day`'s partition line edited (one more row), the head untouched. */
const editDay = (t: string, day: string) => {
  const lines = t.split('\n');
  const i = lines.findIndex((l) => l.includes(`"${day}":{`));
  lines[i] = lines[i]!.replace(/"rows":(\d+)/, (_, n) => `"rows":${Number(n) + 1}`);
  return lines.join('\n');
};

beforeAll(async () => {
  store = await makeJqlStore();
  plan = await makeShardPlan({ store, source: BY_NAME, filename: 'q.js', shards: 3, seed: 1, nowMs: Date.UTC(2016, 2, 20), pin: false });
  text = encodeShardPlan(plan);
});
afterAll(async () => {
  await shutdownSandboxPool();
  cleanTemp();
});

describe('plan file', () => {
  it('is one JSON document holding the whole plan; finish reads it back whole', () => {
    expect(plan.tasks.length).toBeGreaterThanOrEqual(2);
    const doc = JSON.parse(text) as { tasks: unknown[]; partitions: Record<string, unknown>; hash: string };
    expect(doc.tasks).toEqual(plan.tasks);
    expect(doc.partitions).toEqual(store.manifest.events);
    expect(doc.hash).toBe(planHash(plan));
    expect(parseShardPlan(text, 'plan.json')).toEqual(plan);
  });

  it("a task's plan holds only that task's days, with the same hash; merge's none", () => {
    for (const t of plan.tasks) {
      const own = read(text, { task: t.id });
      expect(t.days.length).toBeLessThan(Object.keys(store.manifest.events).length);
      expect(Object.keys(own.store.manifest.events)).toEqual(t.days);
      for (const d of t.days) expect(own.store.manifest.events[d]).toEqual(store.manifest.events[d]);
      expect(own.hash).toBe(plan.hash);
      expect({ ...own, store: { ...own.store, manifest: { ...own.store.manifest, events: {} } } }).toEqual({
        ...plan,
        store: { ...plan.store, manifest: { ...plan.store.manifest, events: {} } },
      });
    }
    expect(read(text, 'none').store.manifest.events).toEqual({});
  });

  it('an edited day is refused by the tasks that read it and by finish, not by the others', () => {
    const day = plan.tasks[1]!.days[0]!;
    const edited = editDay(text, day);
    expect(() => read(edited, { task: 1 })).toThrow(`plan.json was changed after quarry plan wrote it (day ${day} does not match its digest)`);
    expect(() => parseShardPlan(edited, 'plan.json')).toThrow(/does not match its digest/);
    expect(read(edited, { task: 0 }).hash).toBe(plan.hash);
    expect(read(edited, 'none').hash).toBe(plan.hash);
  });

  it('an edited head, a cut file, a version 1 plan and a foreign file are refused', () => {
    expect(() => read(text.replace('"batchRows":', '"batchRows":1'), 'none')).toThrow(/changed after quarry plan wrote it \(its hash does not match\)/);
    expect(() => read(text.slice(0, text.indexOf('\n') + 10), { task: plan.tasks.length - 1 })).toThrow(/is not a complete plan file \(it ends before day/);
    expect(() => read(text.slice(0, 200), 'none')).toThrow(/is not a complete plan file/);
    const v1 = JSON.stringify({ ...plan, version: 1 });
    expect(() => read(`${v1}\n`, { task: 0 })).toThrow('plan.json is a shard plan of version 1; this quarry reads version 2');
    expect(() => read('{"hello":"world"}\n', 'all')).toThrow(/is not a quarry shard plan/);
    // Offsets are not hashed, but pointing a day at other bytes fails its digest.
    const [d0, d1] = plan.tasks[0]!.days.length > 1 ? plan.tasks[0]!.days : [plan.tasks[0]!.days[0]!, plan.tasks[1]!.days[0]!];
    const doc = JSON.parse(text) as { partitionAt: Record<string, number[]> };
    const moved = text.replace(`"${d0}":[${doc.partitionAt[d0]!.join(',')}]`, `"${d0}":[${doc.partitionAt[d1!]!.join(',')}]`);
    expect(moved).not.toBe(text);
    expect(() => read(moved, { task: 0 })).toThrow(`day ${d0} does not match its digest`);
  });

  it('a user shard of a bucketed store reads only its buckets of each day, and gives the one-thread result', async () => {
    const bucketed = StoreClass.init(tempDir('quarry-plan-file-'), { timezone: 'UTC', buckets: 4 });
    await importEvents(bucketed, [{ label: 'events.jsonl', records: readRecords(path.join(FIXTURES, 'events.jsonl')) }]);
    const b = bucketed.reopen();
    const source = `function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .groupByUser(function (state, events) { return (state || 0) + events.length; });
}`;
    const o = { store: b, source, filename: 'per-user.js', seed: 1, nowMs: Date.UTC(2016, 2, 20), shards: 4 };
    const p = await makeShardPlan({ ...o, pin: false });
    expect(p.stage?.mode).toBe('users');
    expect(p.tasks.length).toBe(4);
    const t = encodeShardPlan(p);
    for (const task of p.tasks) {
      const own = read(t, { task: task.id });
      for (const [day, meta] of Object.entries(own.store.manifest.events)) {
        const full = b.manifest.events[day]!;
        expect({ ...meta, buckets: undefined }).toEqual({ ...full, buckets: undefined });
        meta.buckets!.forEach((m, k) => expect(m).toEqual(k % 4 === task.id ? full.buckets![k] : null));
      }
    }
    // An edited bucket is refused by its shard only.
    const day = Object.keys(b.manifest.events).find((d) => b.manifest.events[d]!.buckets![1] !== null)!;
    const lines = t.split('\n');
    const i = lines.findIndex((l) => l.includes(`"${day}/1":{`));
    lines[i] = lines[i]!.replace(/"rows":(\d+)/, (_, n) => `"rows":${Number(n) + 1}`);
    const edited = lines.join('\n');
    expect(() => read(edited, { task: 1 })).toThrow(`day ${day}/1 does not match its digest`);
    expect(read(edited, { task: 2 }).hash).toBe(p.hash);
    // Tasks run from their own plans (the helper reads each as exec-shard does).
    const expected = JSON.stringify(await collectQuery({ ...o, threads: 1 }));
    const run = await runDistributed(o);
    expect(run.results.all).toBe(expected);
  }, 120_000);
});
