/** `quarry run` as a user runs it: a real child process, exit codes, formats, errors. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, cliEnv, runCli } from '../helpers/cli.js';
import { makeJqlStore } from '../helpers/jql-store.js';
import { tempDir } from '../helpers/temp.js';

let store: string;
let dir: string;
const script = (name: string, text: string) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
};
const COUNT = `function main() {\n  return Events({from_date: '2016-03-15', to_date: '2016-03-17'}).groupBy(['name'], mixpanel.reducer.count());\n}\n`;
// By hand from test/fixtures/jql/events.jsonl.
const COUNTS = [
  { key: ['purchase'], value: 3 },
  { key: ['signup'], value: 2 },
  { key: ['view'], value: 5 },
];

beforeAll(async () => {
  store = (await makeJqlStore()).dir;
  dir = tempDir('quarry-run-');
});

describe('quarry run', () => {
  it('prints the hosted JSON shape and exits 0', async () => {
    const r = await runCli(['run', script('count.js', COUNT), '--store', store]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(COUNTS);
  });

  it('writes jsonl and csv, to a file with --out', async () => {
    const jsonl = await runCli(['run', script('count.js', COUNT), '--store', store, '--format', 'jsonl']);
    expect(
      jsonl.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual(COUNTS);
    const out = path.join(dir, 'out.csv');
    const csv = await runCli(['run', script('count.js', COUNT), '--store', store, '--format', 'csv', '--out', out]);
    expect(csv.code).toBe(0);
    expect(fs.readFileSync(out, 'utf8').trim().split(/\r?\n/)).toEqual(['key.0,value', 'purchase,3', 'signup,2', 'view,5']);
  });

  it('reads the script from standard input with -', () => {
    const r = spawnSync(process.execPath, [BIN, 'run', '-', '--store', store], { input: COUNT, env: cliEnv(), encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(COUNTS);
  });

  it('--explain prints the plan and where each function runs, without running it', async () => {
    const f = script(
      'ex.js',
      `function main() {\n  return Events({from_date: '2016-03-15', to_date: '2016-03-17'})\n    .filter(function (e) { return e.properties.country == 'US'; })\n    .groupByUser(function (s, evs) { return (s || 0) + evs[0].properties.amount; });\n}\n`,
    );
    const r = await runCli(['run', f, '--store', store, '--explain']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Events 2016-03-15..2016-03-17');
    expect(r.stdout).toContain('fn#0: native (translated)');
    expect(r.stdout).toContain('fn#1: sandbox, reads properties.amount');
    const off = await runCli(['run', f, '--store', store, '--explain', '--no-translate']);
    expect(off.stdout).toContain('fn#0: sandbox, reads properties.country');
  });

  it('quarry repl reads JQL from standard input and prints results', () => {
    const input = 'Events({from_date: "2016-03-15", to_date: "2016-03-17"})\n  .reduce(mixpanel.reducer.count())\n';
    const r = spawnSync(process.execPath, [BIN, 'repl', '--store', store], { input, env: cliEnv(), encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('10'); // all 10 fixture events
  });

  it('passes params, and console.log goes to stderr', async () => {
    const f = script(
      'params.js',
      `function main() {\n  console.log('day is', params.day);\n  return Events({from_date: params.day, to_date: params.day}).reduce(mixpanel.reducer.count());\n}\n`,
    );
    const r = await runCli(['run', f, '--store', store, '--params', '{"day":"2016-03-16"}']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([3]); // e4, e5, e6 are the events of 2016-03-16 (UTC)
    expect(r.stderr).toContain('[params.js] day is 2016-03-16');
  });

  it('--expect: exit 0 when equal, 4 with a readable diff when not', async () => {
    const good = path.join(dir, 'good.json');
    fs.writeFileSync(good, JSON.stringify(COUNTS));
    expect((await runCli(['run', script('count.js', COUNT), '--store', store, '--expect', good])).code).toBe(0);
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify([{ key: ['purchase'], value: 4 }, ...COUNTS.slice(1)]));
    const r = await runCli(['run', script('count.js', COUNT), '--store', store, '--expect', bad]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('$[0].value: expected 4, got 3');
  });

  it('a runtime error points into the user file and exits 1, without a stack trace', async () => {
    const f = script(
      'oops.js',
      `function main() {\n  return Events({from_date: '2016-03-15', to_date: '2016-03-17'})\n    .filter(function (e) {\n      return e.properties.nothing.here == 1;\n    });\n}\n`,
    );
    const r = await runCli(['run', f, '--store', store]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/oops\.js:4:\d+ TypeError: /);
    expect(r.stderr).toContain('return e.properties.nothing.here == 1;');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a syntax error exits 1 with the line', async () => {
    const r = await runCli([
      'run',
      script('syntax.js', 'function main() {\n  return Events({from_date: "2016-03-15", to_date: "2016-03-17"}.;\n}\n'),
      '--store',
      store,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/syntax\.js:2:\d+ SyntaxError/);
  });

  it('the time limit exits 3 and says how to raise it', async () => {
    const r = await runCli(['run', script('loop.js', 'function main() { while (true) {} }\n'), '--store', store, '--timeout', '1']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('--timeout');
  });

  it('the output limit exits 3', async () => {
    const f = script(
      'big.js',
      `function main() {\n  return Events({from_date: '2016-03-15', to_date: '2016-03-17'}).map(function (e) { return new Array(100000).join('x'); });\n}\n`,
    );
    const r = await runCli(['run', f, '--store', store, '--max-output', '0.5']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('--max-output');
  });

  it('usage errors exit 2', async () => {
    expect((await runCli(['run'])).code).toBe(2);
    expect((await runCli(['run', 'x.js', '--no-such-option'])).code).toBe(2);
    expect((await runCli(['run', script('count.js', COUNT), '--store', store, '--params', '{bad'])).code).toBe(2);
  });

  it('--stats reports work done natively and in the sandbox', async () => {
    // Counts per name come from the manifest: no partition is read.
    const byName = JSON.parse((await runCli(['run', script('count.js', COUNT), '--store', store, '--stats'])).stderr.trim().split('\n').pop()!).stats;
    expect(byName).toMatchObject({ rowsScanned: 0, partitionsScanned: 0, sandboxCalls: 0 });
    const byCountry = script(
      'country.js',
      `function main() {\n  return Events({from_date: '2016-03-15', to_date: '2016-03-17'}).groupBy(['properties.country'], mixpanel.reducer.count());\n}\n`,
    );
    const stats = JSON.parse((await runCli(['run', byCountry, '--store', store, '--stats'])).stderr.trim().split('\n').pop()!).stats;
    expect(stats).toMatchObject({ rowsScanned: 10, sandboxCalls: 0, partitionsScanned: 3 });
    const f = script(
      'cb.js',
      `function main() {\n  return Events({from_date: '2016-03-15', to_date: '2016-03-17'}).filter(function (e) { var p = e.properties; return p.country == 'US'; }).reduce(mixpanel.reducer.count());\n}\n`,
    );
    const s2 = JSON.parse((await runCli(['run', f, '--store', store, '--stats'])).stderr.trim().split('\n').pop()!).stats;
    expect(s2.sandboxCalls).toBeGreaterThan(0);
  });
});
