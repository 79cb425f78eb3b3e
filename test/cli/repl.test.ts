/** The REPL without a terminal: streams in, text out. */
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRepl } from '../../src/cli/repl/server.js';
import { completeness, isExpression, loadCompiler } from '../../src/cli/repl/is-incomplete.js';
import { complete, storeProperties } from '../../src/cli/repl/complete.js';
import { shutdownSandboxPool } from '../../src/sandbox/index.js';
import type { Store } from '../../src/store/index.js';
import { makeJqlStore } from '../helpers/jql-store.js';

let store: Store;
beforeAll(async () => {
  store = await makeJqlStore();
  await loadCompiler();
});
afterAll(() => shutdownSandboxPool());

async function session(lines: string[]): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (b) => (text += b));
  const done = startRepl({ input, output, store, historyFile: null });
  for (const l of lines) input.write(`${l}\n`);
  input.end();
  await done;
  return text;
}

describe('completeness is decided by compiling', () => {
  it.each([
    ['Events({from_date: "2016-03-15", to_date: "2016-03-17"}).groupBy(["name"],', 'incomplete'],
    ['function f() {', 'incomplete'],
    ['"abc', 'incomplete'],
    ['1 +', 'incomplete'],
    ['Events({})', 'complete'],
    ['foo bar', 'error'],
    ['Events({', 'incomplete'],
    ['Events({\n  from_date: "2016-03-15",', 'incomplete'],
    ['f(1 2', 'error'],
  ])('%s -> %s', (src, want) => expect(completeness(src)).toBe(want));

  it('tells expressions from statements', () => {
    expect(isExpression('Events({}).reduce(mixpanel.reducer.count())')).toBe(true);
    expect(isExpression('var x = 1')).toBe(false);
    expect(isExpression('function two() { return 2 }')).toBe(false);
  });
});

describe('quarry repl', () => {
  it('runs an expression typed over several lines without main(), as a table', async () => {
    const out = await session(['Events({from_date: "2016-03-15", to_date: "2016-03-17"})', '  .groupBy(["name"],', '    mixpanel.reducer.count())']);
    // The first line alone is complete and runs; the chain continues on the next lines.
    expect(out).toMatch(/purchase\s+3/);
    expect(out).toMatch(/signup\s+2/);
    expect(out).toMatch(/view\s+5/);
  });

  it('keeps top-level helpers, switches formats, sets params', async () => {
    const out = await session([
      'function twice(n) { return 2 * n; }',
      '.format json',
      '.params {"day": "2016-03-16"}',
      'Events({from_date: params.day, to_date: params.day}).reduce(mixpanel.reducer.count()).map(function (n) { return twice(n); })',
    ]);
    expect(out).toContain('[6]'); // 3 events on 2016-03-16, doubled
  });

  it('reports errors and keeps going', async () => {
    const out = await session(['foo bar', 'Events({from_date: "x", to_date: "y"})', '.nope', '.format json', 'People().reduce(mixpanel.reducer.count())']);
    expect(out).toContain('SyntaxError');
    expect(out).toContain('from_date');
    expect(out).toContain('unknown command .nope');
    expect(out).toContain('[4]');
  });

  it('an object left open and a trailing comma continue on the next line', async () => {
    const out = await session(['Events({', '  from_date: "2016-03-15",', '  to_date: "2016-03-17"', '}).groupBy(["name"],', '  mixpanel.reducer.count())']);
    expect(out).not.toContain('SyntaxError');
    expect(out).toMatch(/purchase\s+3\n/);
  });

  it('a pasted chain, one call per line, runs once: no partial result after each line', async () => {
    const out = await session([
      '.format json',
      'Events({from_date: "2016-03-15", to_date: "2016-03-17"})',
      '  .filter(function (e) { return e.name != "view"; })',
      '  .reduce(mixpanel.reducer.count())',
    ]);
    expect(out.match(/\[5\]/g)).toHaveLength(1); // 3 purchases + 2 signups
    expect(out).not.toContain('"distinct_id"'); // the raw events were never printed
  });

  it('a long table ends with a hint that names .format', async () => {
    // 10 events x 10 rows: more than the 50 a REPL table shows.
    const out = await session([
      'Events({from_date: "2016-03-15", to_date: "2016-03-17"}).map(function (e) { var a = []; for (var i = 0; i < 10; i++) a.push({i: i}); return a; }).flatten()',
    ]);
    expect(out).toContain('... 50 more row(s); type .format json or .format csv to see all');
    expect(out).not.toContain('--format');
  });

  it('completes Events, mixpanel.reducer.* and property names from the store', () => {
    const props = storeProperties(store);
    expect(complete('Eve', { properties: props, helpers: [] })).toEqual([['Events'], 'Eve']);
    expect(complete('x.reduce(mixpanel.reducer.cou', { properties: props, helpers: [] })).toEqual([['count', 'count_unique'], 'cou']);
    const [names] = complete('e.properties["', { properties: props, helpers: [] });
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((n) => n.endsWith('"]'))).toBe(true);
    expect(complete('Events({}).grou', { properties: props, helpers: [] })).toEqual([['groupBy', 'groupByUser'], 'grou']);
  });

  it('.help lists the dot-commands', async () => {
    const out = await session(['.help']);
    for (const c of ['.params', '.format', '.load', '.exit']) expect(out).toContain(c);
  });
});
