/**
 * Key slices through the commands, one process each, as a driver runs them: quarry
 * plan --key-slices 3 -> exec-shard --slices 3 (shuffled) -> merge --slice k/3 per
 * slice (from slice files, or from whole parts cut by merge) -> finish of the three
 * slices gives the bytes of quarry run --threads 1, and prints the script's console
 * lines of the tasks as that run prints them. Mistakes (a missing slice, mixed
 * slices, no {k} in --out, a reduce) are clear errors.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/index.js';
import { runCli } from '../helpers/cli.js';
import { makeJqlStore } from '../helpers/jql-store.js';
import { cleanTemp, tempDir } from '../helpers/temp.js';

let store: Store;
let dir: string;
const FIXED = ['--seed', '3', '--now', '2016-03-20T12:00:00Z'];

const SCRIPTS: Record<string, string> = {
  // one group per user and event name; a key function that logs; ties of any; a custom reducer
  'per-key.js': `function main() {
  return Events({ from_date: '2016-03-14', to_date: '2016-03-19' })
    .groupBy(['distinct_id', function (e) { if (e.properties.amount > 40) console.log('big', e.distinct_id, e.properties.amount); return e.name; }],
      [mixpanel.reducer.count(), mixpanel.reducer.any(), mixpanel.reducer.sum('properties.amount'), function (accs, items) {
        var n = 0; for (var i = 0; i < accs.length; i++) n += accs[i]; return n + items.length; }]);
}`,
  'total.js': `function main() { return Events({ from_date: '2016-03-14', to_date: '2016-03-19' }).reduce(mixpanel.reducer.sum('properties.amount')); }`,
};

beforeAll(async () => {
  store = await makeJqlStore();
  dir = tempDir('quarry-key-slices-cli-');
  for (const [name, text] of Object.entries(SCRIPTS)) fs.writeFileSync(path.join(dir, name), text);
});
afterAll(() => cleanTemp());

const at = (f: string) => path.join(dir, f);

async function ok(args: string[]): Promise<{ stdout: string; stderr: string }> {
  const r = await runCli(args, { cwd: dir });
  expect(r.stderr.includes('internal error') ? r.stderr : '', args.join(' ')).toBe('');
  expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(0);
  return r;
}

async function fail(args: string[], re: RegExp): Promise<void> {
  const r = await runCli(args, { cwd: dir });
  expect(r.code, r.stderr).not.toBe(0);
  expect(r.stderr).toMatch(re);
  expect(r.stderr).not.toContain('    at ');
}

describe('key slices through quarry plan / exec-shard / merge / finish', { timeout: 300_000 }, () => {
  it('a groupBy with a group per user, in 3 key slices: the bytes and console lines of quarry run --threads 1', async () => {
    const plan = at('per-key.plan.json');
    const planned = await ok(['plan', at('per-key.js'), '--store', store.dir, '--shards', '4', '--key-slices', '3', ...FIXED, '--out', plan]);
    expect(planned.stderr).toMatch(/merged in 3 key slices/);
    const doc = JSON.parse(fs.readFileSync(plan, 'utf8')) as { tasks: unknown[]; keySlices: number };
    expect(doc.keySlices).toBe(3);
    const n = doc.tasks.length;
    expect(n).toBeGreaterThan(1);
    const ids = Array.from({ length: n }, (_, i) => i);
    for (const id of [...ids].reverse()) {
      const r = await ok(['exec-shard', plan, '--task', String(id), '--slices', '3', '--out', at(`t${id}.s{k}.part`)]);
      // The lines travel in the part; the task prints none of them.
      expect(r.stderr).toBe('');
    }
    // Slice 0 also from whole parts, cut by merge itself.
    for (const id of ids) await ok(['exec-shard', plan, '--task', String(id), '--out', at(`t${id}.part`)]);
    const header = fs.readFileSync(at('t1.s2.part'), 'utf8').slice(0, 200);
    expect(header).toMatch(/"version":2,.*"slice":\[2,3\]/);
    await ok(['merge', plan, ...ids.map((id) => at(`t${id}.part`)), '--slice', '0/3', '--out', at('all.s0.part')]);
    for (const k of [1, 2]) {
      // Two ranges, then the two together: a tree of merges within the slice.
      const mid = Math.ceil(n / 2);
      await ok(['merge', plan, ...ids.slice(0, mid).map((id) => at(`t${id}.s${k}.part`)), '--out', at(`lo.s${k}.part`)]);
      await ok(['merge', plan, ...ids.slice(mid).map((id) => at(`t${id}.s${k}.part`)), '--out', at(`hi.s${k}.part`)]);
      await ok(['merge', plan, at(`hi.s${k}.part`), at(`lo.s${k}.part`), '--out', at(`all.s${k}.part`)]);
    }
    for (const format of ['json', 'csv']) {
      const expected = await ok(['run', at('per-key.js'), '--store', store.dir, '--threads', '1', ...FIXED, '--format', format]);
      expect(expected.stderr).toMatch(/\[per-key\.js\] big /);
      const slices = [2, 0, 1].map((k) => at(`all.s${k}.part`));
      const finished = await ok(['finish', plan, ...slices, '--keep-pin', '--format', format]);
      expect(finished.stdout).toBe(expected.stdout);
      // The tasks' console lines, in task order: the lines (and order) of one thread.
      expect(finished.stderr).toBe(expected.stderr);
      // The unmerged slice files of every task: finish merges each slice first.
      const raw = ids.flatMap((id) => [0, 1, 2].map((k) => at(`t${id}.s${k}.part`)));
      expect((await ok(['finish', plan, ...raw, '--keep-pin', '--format', format])).stdout).toBe(expected.stdout);
    }
  });

  it('mistakes with slices are clear errors', async () => {
    const plan = at('per-key.plan.json');
    await fail(['exec-shard', plan, '--task', '0', '--slices', '3', '--out', at('x.part')], /put \{k\} in --out/);
    await fail(['merge', plan, at('t0.s0.part'), at('t1.s1.part'), '--out', at('x.part')], /t1\.s1\.part is key slice 1\/3, not 0\/3/);
    await fail(['merge', plan, at('t0.s0.part'), '--slice', '1/3', '--out', at('x.part')], /is key slice 0\/3, not 1\/3/);
    await fail(['merge', plan, at('t0.part'), '--slice', '3/3', '--out', at('x.part')], /--slice must be k\/n/);
    await fail(['finish', plan, at('all.s0.part'), at('all.s2.part')], /key slice 1\/3 missing/);
    await fail(['finish', plan, at('all.s0.part'), at('t0.part')], /a whole part and .* a key slice/);
    await ok(['merge', plan, at('t0.part'), at('t1.part'), '--out', at('t01.part')]);
    await fail(['merge', plan, at('t01.part'), '--slice', '0/3', '--out', at('x.part')], /slice the task parts/);
    const total = at('total.plan.json');
    await ok(['plan', at('total.js'), '--store', store.dir, '--shards', '3', '--key-slices', '3', ...FIXED, '--out', total]);
    expect((JSON.parse(fs.readFileSync(total, 'utf8')) as { keySlices: number }).keySlices).toBe(1);
    await fail(['exec-shard', total, '--task', '0', '--slices', '2', '--out', at('x.s{k}.part')], /cannot split this plan's partial states by key: .*reduce/);
    expect(fs.existsSync(at('x.part'))).toBe(false);
  });
});
