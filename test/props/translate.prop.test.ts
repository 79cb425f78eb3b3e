/**
 * Translated callbacks (native evaluation of quarry's expression form) against the
 * same functions run in the sandbox, on random data: identical results, including
 * JavaScript's coercion rules for ==, +, <, truthiness, undefined and null, string
 * methods and Date getters. Where the sandbox throws, both paths must throw.
 */
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runQuery } from '../../src/exec/index.js';
import { importEvents } from '../../src/ingest/index.js';
import { translateFunction } from '../../src/plan/index.js';
import { shutdownSandboxPool } from '../../src/sandbox/index.js';
import { Store } from '../../src/store/index.js';

const T0 = 1458000000;
let store: Store;

beforeAll(async () => {
  // A fixed, messy data set: every value type in every property.
  const values: unknown[] = ['US', 'us', '', '10', '2.5', 'abc', 0, 1, 10, -3, 2.5, true, false, null, ['a', 'b'], [], { a: 1 }];
  const records = [];
  let i = 0;
  for (const a of values) {
    for (const b of [values[(i * 7) % values.length], undefined, values[(i * 3 + 1) % values.length]]) {
      const properties: Record<string, unknown> = { time: T0 + i * 3607, $insert_id: `i${i}` };
      if (i % 5 !== 0) properties.distinct_id = `u${i % 4}`;
      if (a !== undefined) properties.x = a;
      if (b !== undefined) properties.y = b;
      properties.country = ['US', 'CA', 'us', null][i % 4];
      records.push({ line: i + 1, value: { event: ['a', 'b', 'c'][i % 3], properties } });
      i++;
    }
  }
  store = Store.init(fs.mkdtempSync(path.join(os.tmpdir(), 'quarry-translate-')));
  await importEvents(store, [{ label: 'gen', records }]);
  store = store.reopen();
});
afterAll(async () => {
  await shutdownSandboxPool();
  fs.rmSync(store.dir, { recursive: true, force: true });
});

const leaf = fc.constantFrom(
  'e.name',
  'e.distinct_id',
  'e.time',
  'e.sampling_factor',
  'e.properties.x',
  'e.properties.y',
  'e.properties.country',
  'e.properties.missing',
  '"US"',
  '""',
  '"10"',
  '"a"',
  '0',
  '1',
  '10',
  '-3',
  '2.5',
  'true',
  'false',
  'null',
  'undefined',
);
const { expr } = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc
      .tuple(tie('expr'), fc.constantFrom('==', '===', '!=', '!==', '<', '<=', '>', '>=', '+', '-', '*', '%', '&&', '||'), tie('expr'))
      .map(([a, op, b]) => `(${a} ${op} ${b})`),
    tie('expr').map((a) => `!${a}`),
    tie('expr').map((a) => `(typeof ${a})`),
    fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([c, a, b]) => `(${c} ? ${a} : ${b})`),
    fc.constantFrom('e.properties.x.length', 'e.name.toLowerCase()', 'e.name.indexOf("a")', 'e.name.slice(0, 1)', 'String(e.name)'),
    fc.constantFrom(
      'new Date(e.time).getHours()',
      'new Date(e.time).getDay()',
      'new Date(e.time).toISOString().slice(0, 10)',
      'e.properties.country.toUpperCase()',
    ),
  ),
}));

async function run(source: string, translate: boolean): Promise<{ ok: unknown } | { error: string }> {
  try {
    const q = await runQuery({ store, source, filename: 't.js', translate });
    const out: unknown[] = [];
    for await (const item of q.items) out.push(item);
    await q.close();
    return { ok: JSON.parse(JSON.stringify(out)) };
  } catch (e) {
    return { error: (e as Error).name };
  }
}

const wrap = (body: string) => `function main() { return Events({from_date: '2016-03-14', to_date: '2016-03-20'})${body}; }`;

describe('translated callbacks agree with the sandbox', () => {
  it('as filters', async () => {
    await fc.assert(
      fc.asyncProperty(expr, async (x) => {
        const src = wrap(`.filter(function (e) { return ${x}; }).groupBy(["name", "properties.x"], mixpanel.reducer.count())`);
        const a = await run(src, true);
        const b = await run(src, false);
        if ('error' in b) expect('error' in a).toBe(true);
        else expect(a).toEqual(b);
      }),
      { numRuns: 60 },
    );
  });

  it('as a filter before a count by one key (tested in the count loop when it reads one dictionary column)', async () => {
    const tails = [
      '.groupBy(["name"], mixpanel.reducer.count())',
      '.groupBy(["properties.country"], mixpanel.reducer.count())',
      '.reduce(mixpanel.reducer.count())',
      // A key of mixed kinds: the fused count declines on some days and the general path runs.
      '.groupBy(["properties.x"], mixpanel.reducer.count())',
    ];
    await fc.assert(
      fc.asyncProperty(expr, fc.constantFrom(...tails), async (x, tail) => {
        const src = wrap(`.filter(function (e) { return ${x}; })${tail}`);
        const a = await run(src, true);
        const b = await run(src, false);
        if ('error' in b) expect('error' in a).toBe(true);
        else expect(a).toEqual(b);
      }),
      { numRuns: 60 },
    );
  });

  it('as key functions and reducer accessors', async () => {
    await fc.assert(
      fc.asyncProperty(expr, expr, async (k, v) => {
        const src = wrap(`.groupBy([e => ${k}], [mixpanel.reducer.count(), mixpanel.reducer.sum(e => ${v}), mixpanel.reducer.count_unique(e => ${v})])`);
        const a = await run(src, true);
        const b = await run(src, false);
        if ('error' in b) expect('error' in a).toBe(true);
        else expect(a).toEqual(b);
      }),
      { numRuns: 60 },
    );
  });

  it('as map functions', async () => {
    await fc.assert(
      fc.asyncProperty(expr, async (x) => {
        const src = wrap(`.map(e => ${x})`);
        const a = await run(src, true);
        const b = await run(src, false);
        if ('error' in b) expect('error' in a).toBe(true);
        else expect(a).toEqual(b);
      }),
      { numRuns: 40 },
    );
  });

  it('translates the subset and refuses the rest', () => {
    expect(translateFunction('e => e.properties.country == "US"')).not.toBeNull();
    expect(translateFunction('function (e) { return new Date(e.time).getHours(); }')).not.toBeNull();
    expect(translateFunction('e => e.properties.name.toLowerCase().indexOf("a") >= 0')).not.toBeNull();
    for (const refused of [
      'e => helper(e)',
      'e => { e.x = 1; return e; }',
      'e => e.properties.constructor',
      'e => params.x',
      'function (e) { var a = 1; return a; }',
      'e => String(e.name)',
      'e => `${e.name}`',
    ]) {
      expect(translateFunction(refused)).toBeNull();
    }
  });
});
