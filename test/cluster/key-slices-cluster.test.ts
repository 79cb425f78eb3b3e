/**
 * Key slices on a real Dask cluster (a scheduler and two workers on 127.0.0.1,
 * started here): a groupBy with a group per user and event name, run with
 * `quarry run --cluster --key-slices 3`, gives the bytes of `quarry run --threads 1`
 * and its console lines (the tasks' lines, printed by finish in task order), with one
 * merge tree per slice; a custom groupByUser split by users, sliced, tasks in a
 * shuffled order, equals one thread too. Skipped without Dask, as the other cluster tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DriverEvent, runDriver } from '../../src/cli/cluster/dask-driver.js';
import { selfCommand } from '../../src/cli/cluster/package-files.js';
import { decodePart, encodeShardPlan, finishShardPlan, makeShardPlan } from '../../src/exec/distributed/index.js';
import { shutdownSandboxPool } from '../../src/sandbox/index.js';
import { Store } from '../../src/store/index.js';
import { cleanTemp, runCli, tempDir } from '../helpers/index.js';
import { collectQuery } from '../helpers/query.js';
import { type DaskCluster, ENABLE_HINT, HAVE_DASK, startDaskCluster } from './dask-cluster.js';

if (!HAVE_DASK) console.log(ENABLE_HINT);

const NOW = '2024-06-01T00:00:00Z';

const PER_USER = `function main() {
  console.log('main runs');
  return Events({ from_date: '2000-01-01', to_date: '2100-01-01' })
    .filter(function (e) { if (e.properties.amount > 450) console.log('big', e.distinct_id, e.properties.amount); return true; })
    .groupBy(['distinct_id', 'name'], [mixpanel.reducer.count(), mixpanel.reducer.any(), mixpanel.reducer.sum('properties.item_count')]);
}`;

const BY_USER = `function main() {
  return Events({ from_date: '2000-01-01', to_date: '2100-01-01' })
    .groupByUser(function (s, evs) { s = s || { n: 0, first: null }; s.n += evs.length; if (s.first === null && evs.length) s.first = evs[0].name; return s; });
}`;

describe.skipIf(!HAVE_DASK)('key slices on a Dask cluster', () => {
  let cluster: DaskCluster;
  let demo: string;
  let dir: string;
  beforeAll(async () => {
    dir = tempDir('quarry-cluster-slices-');
    demo = path.join(dir, 'store');
    const [c, made] = await Promise.all([startDaskCluster(2), runCli(['demo', '--store', demo, '--events', '20000'])]);
    cluster = c;
    if (made.code !== 0) throw new Error(`quarry demo failed: ${made.stderr}`);
    fs.writeFileSync(path.join(dir, 'per-user.js'), PER_USER);
  }, 300_000);
  afterAll(async () => {
    await cluster?.stop();
    await shutdownSandboxPool();
    cleanTemp();
  });

  it('a groupBy per user in 3 key slices: the bytes and console lines of quarry run --threads 1', async () => {
    const args = [path.join(dir, 'per-user.js'), '--store', demo, '--format', 'json', '--seed', '1', '--now', NOW];
    const [local, remote] = await Promise.all([
      runCli(['run', ...args, '--threads', '1']),
      runCli(['run', ...args, '--cluster', cluster.address, '--shards', '4', '--key-slices', '3', '--stats']),
    ]);
    expect(local.code, local.stderr).toBe(0);
    expect(remote.code, remote.stderr).toBe(0);
    expect(JSON.parse(local.stdout).length).toBeGreaterThan(1000);
    expect(remote.stdout).toBe(local.stdout);
    const lines = (s: string) => s.split('\n').filter((l) => l.startsWith('[per-user.js]'));
    expect(lines(local.stderr).length).toBeGreaterThan(0);
    // main()'s line once (planning and finishing both run main()), then the tasks' lines.
    expect(lines(local.stderr)[0]).toBe('[per-user.js] main runs');
    expect(lines(remote.stderr)).toEqual(lines(local.stderr));
    const summary = JSON.parse(remote.stderr.split('\n').find((l) => l.startsWith('{"cluster"'))!) as { cluster: { tasks: number; merges: number } };
    // 4 tasks, fan-in 8: one merge per slice tree.
    expect(summary.cluster).toMatchObject({ tasks: 4, merges: 3 });
  }, 600_000);

  it("a script from standard input: main()'s line once, named <stdin> as in a local run", async () => {
    const args = ['-', '--store', demo, '--format', 'json', '--seed', '1', '--now', NOW];
    const [local, remote] = await Promise.all([
      runCli(['run', ...args, '--threads', '1'], { input: PER_USER }),
      runCli(['run', ...args, '--cluster', cluster.address, '--shards', '2'], { input: PER_USER }),
    ]);
    expect(local.code, local.stderr).toBe(0);
    expect(remote.code, remote.stderr).toBe(0);
    expect(remote.stdout).toBe(local.stdout);
    const lines = (s: string) => s.split('\n').filter((l) => l.startsWith('['));
    expect(lines(local.stderr).filter((l) => l === '[<stdin>] main runs')).toHaveLength(1);
    expect(lines(remote.stderr)).toEqual(lines(local.stderr));
  }, 600_000);

  it('a custom groupByUser split by users, sliced, tasks shuffled: equal to one thread', async () => {
    const store = Store.open(demo);
    const o = { store, source: BY_USER, filename: 'by-user.js', seed: 1, nowMs: Date.parse(NOW) };
    const plan = await makeShardPlan({ ...o, shards: 3, keySlices: 2, pin: false });
    expect(plan.stage?.mode).toBe('users');
    expect(plan.keySlices).toBe(2);
    const file = path.join(dir, 'by-user.plan.json');
    fs.writeFileSync(file, encodeShardPlan(plan));
    const out = path.join(dir, 'by-user.part');
    const events: DriverEvent[] = [];
    await runDriver({
      scheduler: cluster.address,
      jobs: [[file, out]],
      workerCommand: selfCommand(),
      extraArgs: ['--shuffle', '3', '--fan-in', '2'],
      onEvent: (e) => events.push(e),
    });
    const finished = events.find((e) => e.event === 'finished') as Extract<DriverEvent, { event: 'finished' }>;
    expect(finished.outs).toEqual([`${out}.s0`, `${out}.s1`]);
    const merges = events.filter((e) => e.event === 'done' && e.kind === 'merge').map((e) => String((e as { task: unknown }).task));
    expect(merges.some((t) => t.includes('slice 0/2'))).toBe(true);
    expect(merges.some((t) => t.includes('slice 1/2'))).toBe(true);
    const parts = finished.outs!.reverse().map((f) => decodePart(fs.readFileSync(f, 'utf8'), plan, f));
    const q = await finishShardPlan(plan, parts);
    const items: unknown[] = [];
    try {
      for await (const item of q.items) items.push(item);
    } finally {
      await q.close();
    }
    expect(JSON.stringify(items)).toBe(JSON.stringify(await collectQuery({ ...o, threads: 1 })));
  }, 600_000);
});
