/**
 * issue 9 item 2 (sandbox side): property bags are data. An event property named
 * `__proto__`, `constructor` or `prototype` reaches the script's `e.properties` as an
 * own key and survives the way back (values the sandbox returns, native items), on the
 * translated path, the sandbox path, the columnar batches and the JSON batches.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { importEvents, readRecords } from '../../src/ingest/index.js';
import type { Store } from '../../src/store/index.js';
import { collectQuery } from '../helpers/query.js';
import { tempStore, writeTemp } from '../helpers/temp.js';

let store: Store;

// Written as JSON text: `__proto__` is an own key of the parsed record.
const LINES = [
  '{"event":"a","properties":{"distinct_id":"u1","time":1700000000,"__proto__":{"x":1},"constructor":"c","prototype":5,"n":1}}',
  '{"event":"b","properties":{"distinct_id":"u2","time":1700000100,"__proto__":{"x":2},"constructor":"d","prototype":6,"n":2}}',
];

beforeAll(async () => {
  const s = tempStore();
  await importEvents(s, [{ label: 'ev.jsonl', records: readRecords(writeTemp('ev.jsonl', `${LINES.join('\n')}\n`)) }]);
  store = s.reopen();
});

const SPEC = "{from_date: '2023-11-01', to_date: '2023-11-30'}";

function run(body: string, translate: boolean): Promise<unknown[]> {
  return collectQuery({ store, source: `function main() { return Events(${SPEC})${body}; }`, filename: 'q.js', translate, threads: 1 });
}

describe.each([true, false])('property names of Object.prototype (translate=%s)', (translate) => {
  it('are own keys of e.properties in scripts', async () => {
    const out = await run(
      '.map(function (e) { return [Object.keys(e.properties).sort(), e.properties.__proto__, e.properties.constructor, e.properties.prototype, Object.getPrototypeOf(e.properties) === Object.prototype]; })',
      translate,
    );
    expect(out).toEqual([
      [['__proto__', 'constructor', 'n', 'prototype'], { x: 1 }, 'c', 5, true],
      [['__proto__', 'constructor', 'n', 'prototype'], { x: 2 }, 'd', 6, true],
    ]);
  });

  it('survive a round trip out of the sandbox and into the next stage', async () => {
    const out = await run(
      '.map(function (e) { return e.properties; }).filter(function (p) { return Object.keys(p).length === 4; }).map(function (p) { return p; })',
      translate,
    );
    expect(out.map((o) => Object.keys(o as object).sort())).toEqual([
      ['__proto__', 'constructor', 'n', 'prototype'],
      ['__proto__', 'constructor', 'n', 'prototype'],
    ]);
    const first = out[0] as Record<string, unknown>;
    expect(Object.getOwnPropertyDescriptor(first, '__proto__')?.value).toEqual({ x: 1 });
  });

  it('are kept on items returned without any callback and by native filters', async () => {
    const out = (await run('.filter(function (e) { return e.properties.n == 1; })', translate)) as Array<{ properties: object }>;
    expect(out).toHaveLength(1);
    expect(Object.keys(out[0]!.properties).sort()).toEqual(['__proto__', 'constructor', 'n', 'prototype']);
  });

  it('group by them, from a path and from a function', async () => {
    const out = await run(".groupBy(['properties.__proto__.x', function (e) { return e.properties.constructor; }], mixpanel.reducer.count())", translate);
    expect(out).toEqual([
      { key: [1, 'c'], value: 1 },
      { key: [2, 'd'], value: 1 },
    ]);
  });
});
