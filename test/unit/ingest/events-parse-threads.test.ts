/**
 * Parsing on worker threads (line blocks -> parse-pool.ts -> packed batches) must not change anything: the store, the
 * report (counts, skip reasons and their places) and the user numbers are the same as
 * when the same files are parsed inline, whatever the number of threads, the batch
 * boundaries (small chunks of many records) or the spill size. Both are also checked
 * against the reference model of events-spill.test.ts's kind: keep-last dedup.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { fileInputs, importEvents } from '../../../src/ingest/index.js';
import { parseThreadsFor } from '../../../src/ingest/parse-pool.js';
import { cleanTemp, dumpStore, rawEvent, tempDir, tempStore } from '../../helpers/index.js';

afterAll(cleanTemp);

const BASE = Date.UTC(2016, 2, 1, 20);
const value = fc.oneof(
  fc.constantFrom('x', 'y', ''),
  fc.integer({ min: -3, max: 3 }),
  fc.boolean(),
  fc.constant(null),
  fc.constant([1, 'a']),
  fc.constant({ k: 1 }),
);
const good = fc
  .record({
    name: fc.constantFrom('view', 'click', 'buy'),
    distinctId: fc.constantFrom('u0', 'u1', 'u2', 'u3', undefined),
    time: fc.tuple(fc.integer({ min: 0, max: 11 }), fc.integer({ min: 0, max: 2 })).map(([h, s]) => BASE + h * 6 * 3_600_000 + s * 1000),
    insertId: fc.constantFrom<unknown>('i0', 'i1', '1', 1, undefined),
    props: fc.dictionary(fc.constantFrom('p', 'q', '$city'), value, { maxKeys: 3 }),
  })
  .map((e) => JSON.stringify(rawEvent(e.name, e.distinctId, e.time, e.props, e.insertId)));
/** Lines that must be skipped, each for its own reason. */
const bad = fc.constantFrom(
  '{"event": "x"',
  '{"properties": {"time": 1}}',
  '{"event": "x", "properties": {}}',
  '[1,2]',
  '"text"',
  `{"event":"deep","properties":{"time":1,"a":${'['.repeat(80)}${']'.repeat(80)}}}`,
);
const lines = fc.array(fc.oneof({ weight: 5, arbitrary: good }, { weight: 1, arbitrary: bad }), { minLength: 1, maxLength: 300 });

function writeFiles(dir: string, files: string[][], asArray: boolean): string[] {
  return files.map((ls, i) => {
    const f = path.join(dir, `f${i}.json`);
    // An array file cannot hold a line that is not JSON (it would break the array itself).
    const valid = (l: string) => {
      try {
        JSON.parse(l);
        return true;
      } catch {
        return false;
      }
    };
    fs.writeFileSync(f, asArray ? `[\n${ls.filter(valid).join(',\n')}\n]\n` : `${ls.join('\n')}\n`);
    return f;
  });
}

/**
 * An import's report, or its error. A lines file whose first line is a JSON array reads as
 * an array file and stops at its second line: both paths must then refuse it the same way.
 */
const outcome = (p: Promise<{ toJSON(): unknown }>) =>
  p.then(
    (r) => ({ report: r.toJSON() }),
    (e: Error) => ({ error: `${e.name}: ${e.message}` }),
  );

describe('parse threads', () => {
  it('property: 1 and 2 threads == inline (store, report, user numbers)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(lines, { minLength: 1, maxLength: 3 }), fc.boolean(), fc.integer({ min: 1, max: 50 }), async (files, asArray, spillRows) => {
        const paths = writeFiles(tempDir('quarry-parse-'), files, asArray);
        const inline = tempStore();
        const a = await outcome(importEvents(inline, fileInputs(paths), { parseThreads: 0 }));
        for (const threads of [1, 2]) {
          const s = tempStore();
          const b = await outcome(importEvents(s, fileInputs(paths), { parseThreads: threads, spillRows }));
          expect(b).toEqual(a);
          expect(dumpStore(s)).toEqual(dumpStore(inline));
        }
      }),
      { numRuns: 4 },
    );
  }, 120_000);

  it('property: files parsed on workers (kept packed) and inline (array files) on the same days, into a store that has events == inline', async () => {
    // A day's buffer then takes packed batches and staging rows in either order, and the
    // second import merges buffers with stored partitions and spilled runs.
    await fc.assert(
      fc.asyncProperty(fc.array(lines, { minLength: 2, maxLength: 4 }), lines, fc.integer({ min: 1, max: 40 }), async (files, first, spillRows) => {
        const paths = files.map((ls, i) => writeFiles(tempDir('quarry-parse-'), [ls], i % 2 === 1)[0]!);
        const before = writeFiles(tempDir('quarry-parse-'), [first], false);
        const inline = tempStore();
        const s = tempStore();
        expect(await outcome(importEvents(s, fileInputs(before), { parseThreads: 1, spillRows }))).toEqual(
          await outcome(importEvents(inline, fileInputs(before), { parseThreads: 0 })),
        );
        const a = await outcome(importEvents(inline, fileInputs(paths), { parseThreads: 0 }));
        expect(await outcome(importEvents(s, fileInputs(paths), { parseThreads: 1, spillRows }))).toEqual(a);
        expect(dumpStore(s)).toEqual(dumpStore(inline));
      }),
      { numRuns: 4 },
    );
  }, 120_000);

  it('a file of many chunks: batches come back in input order (dedup keeps the last copy)', async () => {
    // ~6 MB: several 1 MB read chunks, so several batches in flight on both threads; every
    // event is sent twice, the second copy with the property `copy: 2`, which must win.
    const ls: string[] = [];
    const pad = 'x'.repeat(400);
    for (let copy = 1; copy <= 2; copy++) {
      for (let i = 0; i < 6000; i++) ls.push(JSON.stringify(rawEvent('e', `u${i % 97}`, BASE + i * 1000, { copy, pad }, `id${i}`)));
    }
    const paths = writeFiles(tempDir('quarry-parse-'), [ls], false);
    const inline = tempStore();
    const threaded = tempStore();
    const a = await importEvents(inline, fileInputs(paths), { parseThreads: 0 });
    const b = await importEvents(threaded, fileInputs(paths), { parseThreads: 2, spillRows: 1000 });
    expect(b.toJSON()).toEqual(a.toJSON());
    expect(a.imported).toBe(6000);
    expect(a.duplicates).toBe(6000);
    expect(dumpStore(threaded)).toEqual(dumpStore(inline));
    const copies = new Set<unknown>();
    const { days } = dumpStore(threaded) as { days: Record<string, { properties: Record<string, { values: unknown[] }> }> };
    for (const day of Object.values(days)) for (const v of day.properties.copy!.values) copies.add(v);
    expect([...copies]).toEqual([2]);
  }, 120_000);
});

describe('parse threads by default', () => {
  const MB = 1 << 20;
  it('two workers on two or more cores for inputs of 8 MB or more; inline otherwise; QUARRY_PARSE_THREADS=0 turns it off', () => {
    expect(parseThreadsFor(100 * MB, {}, 2)).toBe(2);
    expect(parseThreadsFor(100 * MB, {}, 8)).toBe(2);
    expect(parseThreadsFor(100 * MB, {}, 1)).toBe(0);
    expect(parseThreadsFor(MB, {}, 2)).toBe(0);
    expect(parseThreadsFor(100 * MB, { QUARRY_PARSE_THREADS: '0' }, 2)).toBe(0);
    expect(parseThreadsFor(100 * MB, { QUARRY_PARSE_THREADS: '4' }, 2)).toBe(2);
    expect(parseThreadsFor(100 * MB, { QUARRY_PARSE_THREADS: 'many' }, 2)).toBe(0);
  });
});
