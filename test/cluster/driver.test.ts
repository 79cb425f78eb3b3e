/**
 * The Dask driver (contrib/dask/quarry_dask.py, run through src/cli/cluster/dask-driver.ts)
 * on a real scheduler with two workers on 127.0.0.1, with a stand-in for quarry's shard
 * commands (fake-quarry.mjs: a part is "task:<id>\n", a merge concatenates) so that
 * the scheduling itself is what is tested: merges in task order whatever the completion
 * order, retries of retryable failures only, a worker SIGKILLed mid-task.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DriverEvent, runDriver } from '../../src/cli/cluster/dask-driver.js';
import { ScriptError, UserError } from '../../src/errors.js';
import { cleanTemp, tempDir } from '../helpers/index.js';
import { childPids, type DaskCluster, ENABLE_HINT, HAVE_DASK, startDaskCluster } from './dask-cluster.js';

if (!HAVE_DASK) console.log(ENABLE_HINT);

const FAKE = [process.execPath, path.join(import.meta.dirname, 'fake-quarry.mjs')];

interface FakeTask {
  id: string | number;
  sleep?: number;
  fail?: 'script' | 'flaky' | 'always';
}

describe.skipIf(!HAVE_DASK)('Dask driver', () => {
  let cluster: DaskCluster;
  beforeAll(async () => {
    cluster = await startDaskCluster(2);
  });
  afterAll(async () => {
    await cluster?.stop();
    cleanTemp();
  });

  /** Run the driver over one plan of these tasks; the final part's text and the events. */
  async function drive(tasks: FakeTask[], extraArgs: string[] = [], onEvent?: (e: DriverEvent) => void) {
    const dir = tempDir('quarry-driver-');
    const plan = path.join(dir, 'plan.json');
    fs.writeFileSync(plan, JSON.stringify({ format: 'fake', tasks, marks: dir }));
    const out = path.join(dir, 'final.part');
    const events: DriverEvent[] = [];
    await runDriver({
      scheduler: cluster.address,
      jobs: [[plan, out]],
      workerCommand: FAKE,
      extraArgs,
      onEvent: (e) => {
        events.push(e);
        onEvent?.(e);
      },
    });
    return { text: fs.readFileSync(out, 'utf8'), events };
  }

  const ids = (n: number) => Array.from({ length: n }, (_, i) => i);
  const inOrder = (n: number) =>
    ids(n)
      .map((i) => `task:${i}\n`)
      .join('');
  const starts = (events: DriverEvent[], task: string | number) => events.filter((e) => e.event === 'started' && e.kind === 'exec' && e.task === task);

  it('merges in task order, as a tree, whatever order the tasks finish in', async () => {
    const tasks = ids(11).map((id) => ({ id, sleep: (id * 37) % 5 === 0 ? 150 : 0 }));
    const plain = await drive(tasks, ['--fan-in', '3']);
    expect(plain.text).toBe(inOrder(11));
    const submitted = plain.events.find((e) => e.event === 'submitted');
    expect(submitted).toMatchObject({ tasks: 11, merges: 6 }); // 11 -> 4 -> 2 -> 1 with fan-in 3
    for (const seed of [1, 2]) {
      const shuffled = await drive(tasks, ['--fan-in', '3', '--shuffle', String(seed)]);
      expect(shuffled.text).toBe(plain.text);
      const order = shuffled.events.filter((e) => e.event === 'done' && e.kind === 'exec').map((e) => (e as { task: number }).task);
      expect(order).not.toEqual(ids(11)); // they did finish out of order
    }
  });

  it('a retryable failure (exit 70) is run again and the result is unchanged', async () => {
    const { text, events } = await drive([{ id: 0 }, { id: 1, fail: 'flaky' }, { id: 2 }]);
    expect(text).toBe(inOrder(3));
    expect(events).toContainEqual(expect.objectContaining({ event: 'failed', task: 1, code: 70, retryable: true }));
    expect(starts(events, 1).map((e) => (e as { attempt: number }).attempt)).toEqual([1, 2]);
  });

  it('a script error (exit 1) stops the job with quarry’s message and is not retried', async () => {
    const events: DriverEvent[] = [];
    const err = await drive(
      [
        { id: 'a', sleep: 300 },
        { id: 'bad', fail: 'script' },
        { id: 'c', sleep: 300 },
      ],
      [],
      (e) => events.push(e),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScriptError);
    expect((err as ScriptError).exitCode).toBe(1);
    expect((err as Error).message).toContain('boom in task bad');
    expect((err as Error).message).toContain('q.js:3:11');
    expect(starts(events, 'bad')).toHaveLength(1);
  });

  it('retries give up after --retries, with the task’s message', async () => {
    const err = await drive([{ id: 0, fail: 'always' }], ['--retries', '1']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(/after its retries.*exit 70.*lost the disk/s);
  });

  it('a worker killed with SIGKILL in the middle of a task: its tasks run again elsewhere, same result', async () => {
    const tasks = ids(8).map((id) => ({ id, sleep: 700 }));
    const victim = cluster.workers.find((w) => w.process.exitCode === null && w.process.signalCode === null)!;
    let killing: Promise<void> | undefined;
    const { text, events } = await drive(tasks, ['--fan-in', '4'], (e) => {
      // Kill it once it runs a task (its quarry child process exists).
      if (!killing && e.event === 'started' && e.pid === victim.process.pid) {
        killing = (async () => {
          while (childPids(victim.process.pid!).length === 0) await new Promise((r) => setTimeout(r, 20));
          await new Promise((r) => setTimeout(r, 200)); // mid-task (tasks sleep 700 ms), its start reported
          await cluster.killWorker(victim);
        })();
      }
    });
    await killing;
    expect(victim.process.signalCode).toBe('SIGKILL');
    expect(text).toBe(inOrder(8));
    expect(events.some((e) => e.event === 'started' && e.attempt > 1)).toBe(true);
    const lost = events.find((e) => e.event === 'worker-lost');
    expect(lost).toMatchObject({ worker: expect.any(String) });
    expect((lost as { tasks: unknown[] }).tasks.length).toBeGreaterThan(0);
    expect(cluster.schedulerLog()).toMatch(/Remove worker .*name: w\d/);
    await cluster.addWorker(); // back to two for the tests after this one
  });

  it('an unreachable scheduler is a clear error, quickly', async () => {
    const dir = tempDir('quarry-driver-');
    fs.writeFileSync(path.join(dir, 'plan.json'), JSON.stringify({ tasks: [{ id: 0 }] }));
    const err = await runDriver({
      scheduler: 'tcp://127.0.0.1:9',
      jobs: [[path.join(dir, 'plan.json'), path.join(dir, 'out')]],
      workerCommand: FAKE,
      connectTimeoutS: 1,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(/cannot reach the Dask scheduler at tcp:\/\/127\.0\.0\.1:9 within 1 s.*start one \(dask-scheduler\)/);
  });
});

describe('Dask driver without a Python that has Dask', () => {
  it('says what is missing and how to install it', async () => {
    const saved = process.env.QUARRY_PYTHON;
    process.env.QUARRY_PYTHON = '/nonexistent/python3';
    try {
      const err = await runDriver({ scheduler: 'tcp://127.0.0.1:9', jobs: [['plan.json', 'out']], workerCommand: FAKE }).catch((e: unknown) => e);
      expect((err as Error).message).toMatch(
        /no Python with Dask distributed; tried \/nonexistent\/python3 \(not found\).*apt-get install python3-distributed.*QUARRY_PYTHON/,
      );
    } finally {
      if (saved === undefined) delete process.env.QUARRY_PYTHON;
      else process.env.QUARRY_PYTHON = saved;
    }
  });
});
