/**
 * issue 9, the sandbox's crash items as a user meets them: the built CLI in a child
 * process, checking the exit code, the message and (where the failure was the host
 * growing without bound) the child's peak memory. Needs `npm run build`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { importEvents, readRecords } from '../../src/ingest/index.js';
import { runCli, runMeasuredCli, startMeasuredCli } from '../helpers/cli.js';
import { tempDir, tempStore, writeTemp } from '../helpers/temp.js';

let store: string;
let dir: string;
const SPEC = "Events({from_date: '2023-11-01', to_date: '2023-11-30'})";
const EVENTS = 20_000; // 5 batches of 4,096
const script = (name: string, body: string) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, body);
  return f;
};
const MB = 1024;

beforeAll(async () => {
  const lines: string[] = [];
  for (let i = 0; i < EVENTS; i++)
    lines.push(JSON.stringify({ event: `e${i % 3}`, properties: { distinct_id: `u${i % 500}`, time: 1_700_000_000 + i, n: i } }));
  const s = tempStore();
  await importEvents(s, [{ label: 'ev.jsonl', records: readRecords(writeTemp('ev.jsonl', `${lines.join('\n')}\n`)) }]);
  store = s.dir;
  dir = tempDir('quarry-crash-');
});

describe('item 5: values returned by the sandbox count against a host budget', () => {
  it('a custom reducer returning 16 MB per batch ends with exit 3 naming the step; the host stays small', async () => {
    const f = script(
      'big-partials.js',
      `function main() {\n  return ${SPEC}\n    .reduce(function (acc, items) { return 'z'.repeat(16 * 1024 * 1024) + items.length; });\n}\n`,
    );
    const r = await runMeasuredCli(['run', f, '--store', store, '--memory', '64', '--threads', '1']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/values the script returned to quarry passed the host budget \(64 MB.*--memory MB.*at the step written at big-partials\.js:3:6/s);
    expect(r.peakKb).toBeLessThan(900 * MB);
  });
  it('values nested deeper than the limit are a script error, at once', async () => {
    const f = script(
      'deep-key.js',
      `function main() {\n  return ${SPEC}.groupBy([function (e) { var k = 'x'; for (var i = 0; i < 1500; i++) k = [k]; return k; }], mixpanel.reducer.count());\n}\n`,
    );
    const r = await runCli(['run', f, '--store', store, '--timeout', '60']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/deep-key\.js:2:\d+ InvalidQuery: a value the script returned is nested deeper than 500 levels/);
  });
});

describe('item 6: a console flood', () => {
  const FLOOD = `function main() {\n  for (var i = 0; i < 400000; i++) console.log('line ' + i + ' ' + 'x'.repeat(100));\n  return ${SPEC}.reduce(mixpanel.reducer.count());\n}\n`;

  it('to a slow reader: bounded, one line on what was dropped, the result intact, the host small', async () => {
    const f = script('flood.js', FLOOD);
    const { child, peakKb } = startMeasuredCli(['run', f, '--store', store]);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (b) => (stdout += b));
    // A slow reader: 64 KB, then a pause.
    child.stderr!.on('data', (b: Buffer) => {
      stderr += b.toString();
      child.stderr!.pause();
      setTimeout(() => child.stderr!.resume(), 5);
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([EVENTS]);
    expect(stderr.length).toBeLessThan(5 * 1024 * 1024);
    const dropped = stderr.split('\n').filter((l) => /console output over the 4 MB limit of a run was dropped/.test(l));
    expect(dropped).toHaveLength(1);
    expect(dropped[0]).toMatch(/dropped: [\d,]+ lines \([\d.]+ MB\)/);
    expect(peakKb()).toBeLessThan(600 * MB);
  });
  it('into a reader that goes away: the run finishes quietly with its result', async () => {
    const f = script('flood2.js', FLOOD);
    const { child } = startMeasuredCli(['run', f, '--store', store]);
    let stdout = '';
    child.stdout!.on('data', (b) => (stdout += b));
    // Like `| head -c 1000`: read a little, then close the pipe.
    child.stderr!.once('data', () => child.stderr!.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([EVENTS]);
  });
});

describe('item 7: promise chains', () => {
  it('a finished 30k chain of promises resolved by promises: exit 0 and no Aborted message', async () => {
    const f = script(
      'chain.js',
      `function f(n) { return n ? Promise.resolve().then(function () { return f(n - 1); }) : Promise.resolve(0); }\nf(30000);\nfunction main() { return ${SPEC}.reduce(mixpanel.reducer.count()); }\n`,
    );
    const r = await runCli(['run', f, '--store', store]);
    expect(r.stderr).not.toMatch(/Aborted|Assertion/);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([EVENTS]);
  });
  it('a 1M chain past the memory limit: exit 3, a memory message, no Aborted', async () => {
    const f = script(
      'chain1m.js',
      `var p = Promise.resolve(0);\nfor (var i = 0; i < 1e6; i++) p = p.then(function (x) { return x + 1; });\nfunction main() { return ${SPEC}.reduce(mixpanel.reducer.count()); }\n`,
    );
    const r = await runMeasuredCli(['run', f, '--store', store, '--memory', '32']);
    expect(r.stderr).not.toMatch(/Aborted|Assertion/);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/more memory than the sandbox limit \(32 MB\).*--memory MB/);
    expect(r.peakKb).toBeLessThan(800 * MB);
  });
  it('promise jobs queued by callbacks run after each batch and meet the deadline', async () => {
    const f = script(
      'chain-cb.js',
      `function main() {\n  return ${SPEC}.filter(function (e) { var p = Promise.resolve(0); for (var i = 0; i < 3000; i++) p = p.then(function (x) { return x + 1; }); return true; })\n    .reduce(mixpanel.reducer.count());\n}\n`,
    );
    const r = await runCli(['run', f, '--store', store, '--timeout', '3']);
    expect(r.stderr).not.toMatch(/Aborted|Assertion/);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/time limit \(3 s\)/);
  });
});

describe('item 12: clear errors', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['throw null', 'function main() { throw null; }', /null\.js:1:1 Error: the script threw null/],
    ['throw Symbol()', "function main() { throw Symbol('s'); }", /symbol\.js:1:1 Error: the script threw a symbol/],
    [
      'a message getter that loops',
      "function main() { var o = {}; Object.defineProperty(o, 'message', { get: function () { for (;;) {} } }); throw o; }",
      /getter\.js:1:1 Error: the script threw an object without a readable message/,
    ],
    [
      'a cyclic result',
      `function main() { return ${SPEC}.map(function (e) { var o = {}; o.o = o; return o; }); }`,
      /cyclic\.js:1:\d+ InvalidQuery: the result of \.map\(\), the last step, has a circular reference/,
    ],
    [
      'a BigInt result',
      `function main() { return ${SPEC}.map(function (e) { return 10n; }); }`,
      /bigint\.js:1:\d+ InvalidQuery: a function returned a BigInt \(10n\)/,
    ],
    ['a filter that throws null', `function main() { return ${SPEC}.filter(function (e) { throw null; }); }`, /null-cb\.js:1:\d+ Error: the script threw null/],
  ];
  const names = ['null', 'symbol', 'getter', 'cyclic', 'bigint', 'null-cb'];
  it.each(cases.map((c, i) => [...c, names[i]!] as const))('%s', async (_n, body, re, name) => {
    const t0 = Date.now();
    const r = await runCli(['run', script(`${name}.js`, `${body}\n`), '--store', store, '--timeout', '60']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(re);
    // Error formatting gives up quickly: far from the 60 s timeout.
    expect(Date.now() - t0).toBeLessThan(30_000);
  });
  it('a 32 MB error message is cut', async () => {
    const r = await runCli(['run', script('huge.js', "function main() { throw new Error('x'.repeat(32 * 1024 * 1024)); }\n"), '--store', store]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/huge\.js:1:\d+ Error: x+… \(33,554,432 characters in all; cut\)/);
    expect(r.stderr.length).toBeLessThan(20_000);
  });
  it('--out after an exit 3 leaves the old file and no temporary file', async () => {
    const out = path.join(tempDir('quarry-out-'), 'result.json');
    fs.writeFileSync(out, 'old');
    const f = script('slow.js', `function main() { return ${SPEC}.map(function (e) { if (e.properties.n === 19000) for (;;) {} return e.properties.n; }); }\n`);
    const r = await runCli(['run', f, '--store', store, '--timeout', '3', '--out', out]);
    expect(r.code).toBe(3);
    expect(fs.readFileSync(out, 'utf8')).toBe('old');
    expect(fs.readdirSync(path.dirname(out))).toEqual(['result.json']);
    const ok = await runCli(['run', script('ok.js', `function main() { return ${SPEC}.reduce(mixpanel.reducer.count()); }\n`), '--store', store, '--out', out]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toEqual([EVENTS]);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['result.json']);
  });
});
