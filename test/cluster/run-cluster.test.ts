/**
 * quarry's shard tasks on a real Dask cluster (a scheduler and two workers on
 * 127.0.0.1, started here, shared by the whole file), against local runs:
 *   - every example through `quarry run --cluster` equals `quarry run --threads 1`
 *     (byte-identical, or within the float tolerance of same-result.ts);
 *   - every JQL case under test/cases/jql: planned here (the library API that
 *     `quarry plan` calls), its tasks and merges run by the Dask driver with `quarry
 *     exec-shard`/`quarry merge` on the workers (all cases in one submission, tasks in
 *     a shuffled order), finished here; equal to the case run in one thread; the error
 *     cases fail with the same script error;
 *   - a worker SIGKILLed in the middle of a job: same result, the rerun shows;
 *   - a script error in one task: exit 1 with the file and line, not retried;
 *   - duplicate and out-of-order task completion: the same bytes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDriver } from '../../src/cli/cluster/dask-driver.js';
import { selfCommand } from '../../src/cli/cluster/package-files.js';
import { decodePart, encodeShardPlan, finishShardPlan, makeShardPlan, type ShardPlanFile } from '../../src/exec/distributed/index.js';
import { ScriptError } from '../../src/errors.js';
import { shutdownSandboxPool } from '../../src/sandbox/index.js';
import { Store } from '../../src/store/index.js';
import { cleanTemp, REPO, runCli, startCli, tempDir } from '../helpers/index.js';
import { collectItems } from '../helpers/collect-items.js';
import { makeJqlStore } from '../helpers/jql-store.js';
import { collectQuery } from '../helpers/query.js';
import { type JqlCase, loadCases } from '../jql/run-cases.js';
import { childPids, type DaskCluster, ENABLE_HINT, HAVE_DASK, startDaskCluster } from './dask-cluster.js';
import { closeJson, compareResults } from './same-result.js';

if (!HAVE_DASK) console.log(ENABLE_HINT);

const EXAMPLES = path.join(REPO, 'examples');
const NOW = '2024-06-01T00:00:00Z';
const CASE_NOW = Date.UTC(2016, 2, 20, 12);

/** Run `fn` over `items`, `n` at a time (the machine has few cores; the workers use them too). */
async function pool<T, R>(items: T[], n: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

describe.skipIf(!HAVE_DASK)('quarry on a Dask cluster', () => {
  let cluster: DaskCluster;
  let demo: string;
  beforeAll(async () => {
    demo = path.join(tempDir('quarry-cluster-demo-'), 'store');
    const [c, made] = await Promise.all([startDaskCluster(2), runCli(['demo', '--store', demo, '--events', '20000'])]);
    cluster = c;
    if (made.code !== 0) throw new Error(`quarry demo failed: ${made.stderr}`);
  }, 300_000);
  afterAll(async () => {
    await cluster?.stop();
    await shutdownSandboxPool();
    cleanTemp();
  });

  const local = (args: string[]) => runCli(['run', ...args, '--threads', '1', '--format', 'json', '--seed', '1', '--now', NOW]);
  const onCluster = (args: string[], extra: string[] = []) =>
    runCli(['run', ...args, '--cluster', cluster.address, '--format', 'json', '--seed', '1', '--now', NOW, ...extra]);

  it('every example: quarry run --cluster equals quarry run --threads 1', async () => {
    const files = fs
      .readdirSync(EXAMPLES)
      .filter((f) => f.endsWith('.js'))
      .sort();
    const outcomes = await pool(files, 2, async (f) => {
      const args = [path.join(EXAMPLES, f), '--store', demo];
      const [a, b] = await Promise.all([local(args), onCluster(args, ['--shards', '3'])]);
      expect(a.code, `${f} locally: ${a.stderr}`).toBe(0);
      expect(b.code, `${f} on the cluster: ${b.stderr}`).toBe(0);
      return [f, compareResults(a.stdout, b.stdout)] as const;
    });
    expect(outcomes.filter(([, o]) => o === 'different')).toEqual([]);
    // Most are the same bytes; the rest differ only in float sums' last bits.
    expect(outcomes.filter(([, o]) => o === 'identical').length).toBeGreaterThan(files.length / 2);
  }, 900_000);

  describe('the JQL cases', () => {
    const cases = loadCases(path.join(REPO, 'test', 'cases', 'jql'));
    const stores = new Map<string, Store>();
    beforeAll(async () => {
      for (const tz of new Set(cases.map((c) => c.timezone))) stores.set(tz, await makeJqlStore(tz));
    });

    /** Plan a case as `quarry plan` does (2 shards), into a plan file. */
    async function planCase(c: JqlCase, dir: string): Promise<{ plan: ShardPlanFile; file: string }> {
      const plan = await makeShardPlan({
        store: stores.get(c.timezone)!,
        source: c.source,
        filename: path.basename(c.file),
        params: c.params,
        seed: 1,
        nowMs: CASE_NOW,
        shards: 2,
      });
      const file = path.join(dir, `${c.name.replace(/\//g, '--')}.plan.json`);
      fs.writeFileSync(file, encodeShardPlan(plan));
      return { plan, file };
    }

    const runLocal = (c: JqlCase) =>
      collectQuery({
        store: stores.get(c.timezone)!,
        source: c.source,
        filename: path.basename(c.file),
        params: c.params,
        nowMs: CASE_NOW,
        seed: 1,
        threads: 1,
      });

    async function finish(plan: ShardPlanFile, partFile: string): Promise<unknown> {
      return collectItems(await finishShardPlan(plan, decodePart(fs.readFileSync(partFile, 'utf8'), plan, partFile)));
    }

    it('every result case equals its run in one thread (one Dask submission, tasks in a shuffled order)', async () => {
      const dir = tempDir('quarry-cluster-cases-');
      const good = cases.filter((c) => c.error === undefined);
      const jobs: Array<{ c: JqlCase; plan: ShardPlanFile; file: string; out: string }> = [];
      for (const c of good) jobs.push({ c, ...(await planCase(c, dir)), out: path.join(dir, `${jobs.length}.part`) });
      expect(jobs.some((j) => j.plan.tasks.length > 1)).toBe(true);
      await runDriver({ scheduler: cluster.address, jobs: jobs.map((j) => [j.file, j.out]), workerCommand: selfCommand(), extraArgs: ['--shuffle', '7'] });
      const different: string[] = [];
      for (const j of jobs) {
        const [mine, theirs] = [await runLocal(j.c), await finish(j.plan, j.out)];
        if (!closeJson(mine, theirs)) different.push(`${j.c.name}: local ${JSON.stringify(mine)}, cluster ${JSON.stringify(theirs)}`);
      }
      expect(different).toEqual([]);
    }, 1_200_000);

    it('every error case fails on the cluster with the same script error', async () => {
      const dir = tempDir('quarry-cluster-errors-');
      const bad = cases.filter((c) => c.error !== undefined);
      const problems: string[] = [];
      await pool(bad, 2, async (c) => {
        const expected = await runLocal(c).then(
          () => null,
          (e: Error) => e,
        );
        if (!(expected instanceof ScriptError)) return void problems.push(`${c.name}: no script error locally`);
        // Errors in main() show when planning, as they do before a local run reads anything.
        const planned = await planCase(c, dir).catch((e: Error) => e);
        let actual: Error;
        if (planned instanceof Error) actual = planned;
        else {
          // In a task, or else when finishing (e.g. a final value that cannot be output).
          const part = `${planned.file}.part`;
          const err = await runDriver({ scheduler: cluster.address, jobs: [[planned.file, part]], workerCommand: selfCommand() })
            .then(() => finish(planned.plan, part))
            .then(
              () => null,
              (e: Error) => e,
            );
          if (!(err instanceof Error)) return void problems.push(`${c.name}: no error on the cluster`);
          actual = err;
        }
        if (!(actual instanceof ScriptError) || actual.exitCode !== expected.exitCode)
          problems.push(`${c.name}: ${actual.name} exit ${(actual as ScriptError).exitCode}, locally exit ${expected.exitCode}`);
        // The case's lines and the place (file:line:col kind); the value quoted can be another
        // row's when several tasks fail (the first to fail stops the job: docs/cluster.md).
        const place = /^\S+:\d+:\d+ \w+:/.exec(expected.message)?.[0] ?? expected.message.split('\n')[0]!;
        for (const line of [
          place,
          ...c
            .error!.split('\n')
            .map((l) => l.trim())
            .filter(Boolean),
        ]) {
          if (!actual.message.includes(line)) problems.push(`${c.name}: cluster says ${JSON.stringify(actual.message)}, without ${JSON.stringify(line)}`);
        }
      });
      expect(problems).toEqual([]);
    }, 900_000);
  });

  it('a worker killed with SIGKILL in the middle of a job: the same result, and its tasks ran again', async () => {
    const args = [path.join(EXAMPLES, 'revenue-by-plan.js'), '--store', demo];
    const victim = cluster.workers.find((w) => w.process.exitCode === null && w.process.signalCode === null)!;
    const child = startCli(['run', ...args, '--cluster', cluster.address, '--shards', '6', '--format', 'json', '--seed', '1', '--now', NOW, '--stats']);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (b) => (stdout += b));
    child.stderr!.on('data', (b) => (stderr += b));
    const closed = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    // Kill it while it runs a quarry task.
    while (childPids(victim.process.pid!).length === 0 && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
    expect(child.exitCode, 'the job ended before the victim ran a task').toBeNull();
    await new Promise((r) => setTimeout(r, 300)); // its start reported; the task (a Node start at least) still runs
    await cluster.killWorker(victim);
    const code = await closed;
    expect(code, stderr).toBe(0);
    const expected = await local(args);
    expect(compareResults(expected.stdout, stdout)).not.toBe('different');
    const summary = JSON.parse(stderr.split('\n').find((l) => l.startsWith('{"cluster"'))!).cluster;
    expect(summary.lost).toEqual([expect.objectContaining({ tasks: expect.any(Number) })]);
    expect(summary.lost[0].tasks + summary.reruns.length).toBeGreaterThan(0);
    expect(cluster.schedulerLog()).toMatch(new RegExp(`Remove worker .*name: ${victim.name}`));
    await cluster.addWorker();
  }, 600_000);

  it('a script error in one task: exit 1 with the script’s file and line, not retried', async () => {
    const days = Store.open(demo).days();
    const script = path.join(tempDir('quarry-cluster-boom-'), 'boom.js');
    fs.writeFileSync(
      script,
      `function main() {
  return Events({ from_date: params.first, to_date: params.last }).filter(function (e) {
    if (new Date(e.time).toISOString().slice(0, 10) === params.bad) throw new Error('boom on ' + params.bad);
    return true;
  }).groupBy(['name'], mixpanel.reducer.count());
}
`,
    );
    const params = JSON.stringify({ first: days[0], last: days.at(-1), bad: days.at(-1) });
    const r = await runCli(['run', script, '--store', demo, '--params', params, '--cluster', cluster.address, '--shards', '4', '--stats']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(`boom on ${days.at(-1)}`);
    expect(r.stderr).toMatch(/boom\.js:3\b/);
    const summary = JSON.parse(r.stderr.split('\n').find((l) => l.startsWith('{"cluster"'))!).cluster;
    expect(summary.tasks).toBeGreaterThan(1);
    expect(summary.reruns).toEqual([]);
    expect(summary.retried).toEqual([]);
  }, 300_000);

  it('duplicate and out-of-order task completion give the same bytes', async () => {
    const dir = tempDir('quarry-cluster-dup-');
    const plan = path.join(dir, 'plan.json');
    const cli = async (args: string[]) => {
      const r = await runCli(args);
      expect(r.code, `quarry ${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r.stdout;
    };
    await cli(['plan', path.join(EXAMPLES, 'revenue-by-plan.js'), '--store', demo, '--shards', '4', '--seed', '1', '--now', NOW, '--out', plan]);
    const n = (JSON.parse(fs.readFileSync(plan, 'utf8')) as ShardPlanFile).tasks.length;
    expect(n).toBe(4);
    // On the cluster, in two different shuffled orders.
    const viaDask = [];
    for (const seed of [3, 4]) {
      const out = path.join(dir, `dask-${seed}.part`);
      await runDriver({ scheduler: cluster.address, jobs: [[plan, out]], workerCommand: selfCommand(), extraArgs: ['--shuffle', String(seed)] });
      viaDask.push(fs.readFileSync(out));
    }
    // By hand: the tasks in reverse order, each twice at once into the same file.
    const parts = Array.from({ length: n }, (_, i) => path.join(dir, `${i}.part`));
    for (let i = n - 1; i >= 0; i--) await Promise.all([0, 1].map(() => cli(['exec-shard', plan, '--task', String(i), '--out', parts[i]!])));
    const merged = path.join(dir, 'merged.part');
    await cli(['merge', plan, ...parts, '--out', merged]);
    expect(viaDask[1]!.equals(viaDask[0]!)).toBe(true);
    expect(fs.readFileSync(merged).equals(viaDask[0]!)).toBe(true);
    const results = await Promise.all([merged, path.join(dir, 'dask-3.part')].map((p) => cli(['finish', plan, p, '--format', 'json', '--keep-pin'])));
    expect(results[1]).toBe(results[0]);
  }, 600_000);
});
