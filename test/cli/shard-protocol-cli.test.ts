/**
 * The shard protocol's commands as a cluster driver runs them, one process each:
 * quarry plan -> exec-shard per task (shuffled, one task twice) -> merge -> finish
 * gives the bytes `quarry run --threads 1` gives, in JSON and CSV; a script error in
 * a task exits 1 with the script's file and line; bad part files, gaps and overlaps
 * are clear errors; the plan's pin keeps its snapshot through garbage collection
 * until finish releases it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importEvents } from '../../src/ingest/index.js';
import { collectGarbage, PINS_DIR, type Store } from '../../src/store/index.js';
import { runCli } from '../helpers/cli.js';
import { makeJqlStore } from '../helpers/jql-store.js';
import { cleanTemp, tempDir } from '../helpers/temp.js';

let store: Store;
let dir: string;
const FIXED = ['--seed', '3', '--now', '2016-03-20T12:00:00Z'];

const SCRIPTS: Record<string, string> = {
  // split by days: built-in reducers over floats, a custom reducer
  'by-name.js': `function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .groupBy(['name'], [mixpanel.reducer.count(), mixpanel.reducer.avg('properties.amount'), mixpanel.reducer.any(), function (accs, items) {
      var n = 0; for (var i = 0; i < accs.length; i++) n += accs[i]; return n + items.length; }]);
}`,
  // split by users: a custom groupByUser reducer, then later stages on the coordinator
  'per-user.js': `function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .groupByUser(function (state, events) { state = state || { n: 0, names: [] }; state.n += events.length; events.forEach(function (e) { state.names.push(e.name); }); return state; })
    .map(function (r) { return { user: r.key[0], n: r.value.n, last: r.value.names[r.value.names.length - 1] }; })
    .sortDesc('n');
}`,
  // nothing to split: one task runs the whole query
  'people.js': `function main() { return People().map(function (p) { return p.distinct_id; }); }`,
  'fails.js': `function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .groupBy([function (e) {
      if (e.properties.country === 'FR') throw new Error('no FR here');
      return e.name; }], mixpanel.reducer.count());
}`,
};

beforeAll(async () => {
  store = await makeJqlStore();
  dir = tempDir('quarry-shard-cli-');
  for (const [name, text] of Object.entries(SCRIPTS)) fs.writeFileSync(path.join(dir, name), text);
});
afterAll(() => cleanTemp());

const at = (f: string) => path.join(dir, f);

async function ok(args: string[]): Promise<string> {
  const r = await runCli(args, { cwd: dir });
  expect(r.stderr.includes('internal error') ? r.stderr : '', args.join(' ')).toBe('');
  expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

async function plan(script: string, name: string, shards = '3'): Promise<{ file: string; tasks: number; stage: unknown }> {
  const file = at(name);
  await ok(['plan', at(script), '--store', store.dir, '--shards', shards, ...FIXED, '--out', file]);
  const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { tasks: unknown[]; stage: unknown };
  return { file, tasks: doc.tasks.length, stage: doc.stage };
}

describe('quarry plan / exec-shard / merge / finish', { timeout: 300_000 }, () => {
  for (const script of ['by-name.js', 'per-user.js', 'people.js']) {
    it(`${script}: the same bytes as quarry run --threads 1 (json and csv)`, async () => {
      const p = await plan(script, `${script}.plan.json`);
      const ids = Array.from({ length: p.tasks }, (_, i) => i);
      const shuffled = [...ids].reverse();
      for (const id of shuffled) await ok(['exec-shard', p.file, '--task', String(id), '--out', at(`${script}.${id}.part`)]);
      // A late duplicate of task 0 replaces its file with the same bytes.
      const first = fs.readFileSync(at(`${script}.0.part`));
      await ok(['exec-shard', p.file, '--task', '0', '--out', at(`${script}.0.part`)]);
      expect(fs.readFileSync(at(`${script}.0.part`)).equals(first)).toBe(true);
      const parts = ids.map((id) => at(`${script}.${id}.part`));
      await ok(['merge', p.file, ...parts, '--out', at(`${script}.all.part`)]);
      for (const format of ['json', 'csv']) {
        const expected = await ok(['run', at(script), '--store', store.dir, '--threads', '1', ...FIXED, '--format', format]);
        expect(await ok(['finish', p.file, at(`${script}.all.part`), '--keep-pin', '--format', format])).toBe(expected);
        // Parts given straight to finish are merged first.
        expect(await ok(['finish', p.file, ...parts, '--keep-pin', '--format', format])).toBe(expected);
      }
      if (script !== 'people.js') expect(p.stage).not.toBeNull();
    }, 300_000);
  }

  it('a script error in a task exits 1 with the file and line, and no part is written', async () => {
    const p = await plan('fails.js', 'fails.plan.json');
    const codes: Array<number | null> = [];
    let message = '';
    for (let id = 0; id < p.tasks; id++) {
      const r = await runCli(['exec-shard', p.file, '--task', String(id), '--out', at(`fails.${id}.part`)], { cwd: dir });
      codes.push(r.code);
      if (r.code === 1) message = r.stderr;
      else expect(r.code, r.stderr).toBe(0);
    }
    expect(codes).toContain(1);
    expect(message).toMatch(/^fails\.js:4:\d+ /);
    expect(message).toContain('no FR here');
    expect(message).not.toContain('    at ');
    codes.forEach((c, id) => expect(fs.existsSync(at(`fails.${id}.part`))).toBe(c === 0));
  });

  it('bad inputs are clear errors: truncated or foreign parts, gaps, overlaps, another plan, an unknown task', async () => {
    // Split by users: exactly 3 tasks.
    const p = await plan('per-user.js', 'bad.plan.json');
    expect(p.tasks).toBe(3);
    const other = await plan('by-name.js', 'bad-other.plan.json');
    for (let id = 0; id < 3; id++) await ok(['exec-shard', p.file, '--task', String(id), '--out', at(`bad.${id}.part`)]);
    await ok(['exec-shard', other.file, '--task', '1', '--out', at('bad-other.1.part')]);
    const text = fs.readFileSync(at('bad.1.part'), 'utf8');
    fs.writeFileSync(at('cut.part'), text.slice(0, Math.floor(text.length / 2)));
    fs.writeFileSync(at('foreign.part'), '{"hello": "world"}\n');
    const fail = async (args: string[], code: number, re: RegExp) => {
      const r = await runCli(args, { cwd: dir });
      expect(r.code, r.stderr).toBe(code);
      expect(r.stderr).toMatch(re);
      expect(r.stderr).not.toContain('    at ');
    };
    await fail(['merge', p.file, at('bad.0.part'), at('cut.part'), '--out', at('x.part')], 1, /cut\.part is not a complete partial-state file/);
    await fail(['merge', p.file, at('foreign.part'), '--out', at('x.part')], 1, /foreign\.part is not a quarry partial-state file/);
    await fail(['merge', p.file, at('bad.0.part'), at('bad.2.part'), '--out', at('x.part')], 1, /leave out task 1/);
    await fail(['merge', p.file, at('bad.0.part'), at('bad.1.part'), at('bad.1.part'), '--out', at('x.part')], 1, /overlaps/);
    await fail(['merge', p.file, at('bad.0.part'), at('bad-other.1.part'), '--out', at('x.part')], 1, /made from another plan/);
    await fail(['finish', p.file, at('bad.0.part')], 1, /needs the merged state of all 3 tasks/);
    await fail(['exec-shard', p.file, '--task', '7', '--out', at('x.part')], 1, /no task 7 in this plan: its tasks are 0 to 2/);
    fs.writeFileSync(at('edited.plan.json'), fs.readFileSync(p.file, 'utf8').replace('"batchRows":', '"batchRows":1'));
    await fail(['exec-shard', at('edited.plan.json'), '--task', '0', '--out', at('x.part')], 1, /was changed after quarry plan wrote it/);
    // A day partition edited (line 2 on; a task checks the digest of each day it reads).
    const lines = fs.readFileSync(p.file, 'utf8').split('\n');
    lines[1] = lines[1]!.replace(/"rows":(\d+)/, (_, n) => `"rows":${Number(n) + 1}`);
    fs.writeFileSync(at('edited-day.plan.json'), lines.join('\n'));
    await fail(
      ['exec-shard', at('edited-day.plan.json'), '--task', '0', '--out', at('x.part')],
      1,
      /changed after quarry plan wrote it \(day \S+ does not match its digest\)/,
    );
    expect(fs.existsSync(at('x.part'))).toBe(false);
  });

  it('the pin keeps the planned snapshot through later imports and garbage collection; finish releases it', async () => {
    const p = await plan('by-name.js', 'pin.plan.json');
    const pins = () => fs.readdirSync(path.join(store.dir, PINS_DIR)).filter((f) => f.endsWith('.json'));
    expect(pins().length).toBeGreaterThan(0);
    const planned = JSON.parse(fs.readFileSync(p.file, 'utf8')) as { store: { pin: { id: string } } };
    // Two imports move the store two generations on; the planned snapshot's files stay.
    for (let k = 0; k < 2; k++) {
      await importEvents(store.reopen(), [
        {
          label: 'more',
          records: [{ line: 1, value: { event: 'view', properties: { time: 1458003600 + k, distinct_id: 'zed', $insert_id: `pin${k}`, amount: 1 } } }],
        },
      ]);
    }
    collectGarbage(store.dir);
    for (let id = 0; id < p.tasks; id++) await ok(['exec-shard', p.file, '--task', String(id), '--out', at(`pin.${id}.part`)]);
    await ok(['merge', p.file, ...Array.from({ length: p.tasks }, (_, id) => at(`pin.${id}.part`)), '--out', at('pin.all.part')]);
    await ok(['finish', p.file, at('pin.all.part'), '--format', 'json']);
    expect(pins()).not.toContain(`${planned.store.pin.id}.json`);
  });

  it('a store that cannot be read is retryable: exit 70, then the same task succeeds', async () => {
    const p = await plan('by-name.js', 'retry.plan.json');
    const events = path.join(store.dir, 'events');
    fs.renameSync(events, `${events}.away`);
    let r: Awaited<ReturnType<typeof runCli>>;
    try {
      r = await runCli(['exec-shard', p.file, '--task', '0', '--out', at('retry.0.part')], { cwd: dir });
    } finally {
      fs.renameSync(`${events}.away`, events);
    }
    expect(r.code, r.stderr).toBe(70);
    expect(r.stderr).toMatch(/task 0 could not read the store \(retryable\)/);
    expect(fs.existsSync(at('retry.0.part'))).toBe(false);
    await ok(['exec-shard', p.file, '--task', '0', '--out', at('retry.0.part')]);
  });

  it('quarry plan - reads the script from standard input and names it <stdin>, as quarry run does', async () => {
    const file = at('stdin.plan.json');
    const r = await runCli(['plan', '-', '--store', store.dir, '--shards', '2', ...FIXED, '--out', file], { cwd: dir, input: SCRIPTS['by-name.js'] });
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { script: { filename: string; source: string } };
    expect(doc.script).toMatchObject({ filename: '<stdin>', source: SCRIPTS['by-name.js'] });
    const both = await runCli(['plan', '-', '--params-file', '-', '--store', store.dir, '--shards', '2', '--out', file], { cwd: dir, input: '{}' });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('standard input can hold the script or the params, not both');
  });

  it('--help shows an example for each command', async () => {
    for (const cmd of ['plan', 'exec-shard', 'merge', 'finish']) expect(await ok([cmd, '--help'])).toMatch(/Examples:\n\s+quarry /);
  });
});
