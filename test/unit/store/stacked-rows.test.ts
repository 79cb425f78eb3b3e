/**
 * A day finished from its stored partition, spill runs and buffer one property at a time
 * (StackedRows) writes the very bytes the whole-day path wrote: every source read back
 * into one EventRows, then writeDay. One and three buckets; mixed kinds, JSON nulls,
 * sampling and duplicates across sources.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type DaySource,
  EventPartition,
  EventRows,
  eventRowsToWrite,
  openDay,
  type PartitionMeta,
  StackedRows,
  writeDay,
  writeEventPartition,
} from '../../../src/store/index.js';
import { cleanTemp, tempDir } from '../../helpers/index.js';

afterAll(cleanTemp);

const DAY = '2016-03-01';

interface Ev {
  name: string;
  user: number;
  time: number;
  ins: unknown;
  props: Record<string, unknown>;
  sampling: number;
}

const value = fc.oneof(
  fc.constantFrom('x', 'y', ''),
  fc.integer({ min: -2, max: 2 }),
  fc.boolean(),
  fc.constant(null),
  fc.constant([1, 'a']),
  fc.constant({ k: 1 }),
);
const event: fc.Arbitrary<Ev> = fc.record({
  name: fc.constantFrom('view', 'buy'),
  user: fc.integer({ min: -1, max: 6 }),
  time: fc.integer({ min: 0, max: 3 }),
  ins: fc.constantFrom<unknown>('i0', 'i1', 1, [1], undefined),
  props: fc.dictionary(fc.constantFrom('p', 'q', 'r', '__proto__'), value, { maxKeys: 3 }),
  sampling: fc.constantFrom(1, 1, 1, 0.5),
});

function rowsOf(evs: Ev[]): EventRows {
  const r = new EventRows();
  for (const e of evs) r.push(e.name, e.user, e.time, e.ins, e.props, e.sampling);
  return r;
}

/** Every file under `dir`, by relative path. */
function files(dir: string, rel = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const r = path.join(rel, f.name);
    if (f.isDirectory()) Object.assign(out, files(dir, r));
    else out[r] = fs.readFileSync(path.join(dir, r)).toString('base64');
  }
  return out;
}

/** Generation directories numbered in call order, the same in both stores. */
function newDirs() {
  let g = 0;
  return (parent: string) => `${parent}/g${++g}`;
}

describe('StackedRows', () => {
  it('property: writes the bytes and meta of the whole-day path (stored day, runs, buffer; 1 or 3 buckets)', () => {
    fc.assert(
      fc.property(
        fc.option(fc.array(event, { minLength: 1, maxLength: 15 }), { nil: undefined }),
        fc.array(fc.array(event, { minLength: 1, maxLength: 15 }), { maxLength: 3 }),
        fc.option(fc.array(event, { minLength: 1, maxLength: 15 }), { nil: undefined }),
        fc.constantFrom(1, 3),
        (stored, runs, buffer, buckets) => {
          const dir = tempDir();
          let existing: PartitionMeta | undefined;
          if (stored) existing = writeDay(dir, DAY, rowsOf(stored), buckets, (p) => `${p}/g0`).meta;
          const runMetas = runs.map((evs, k) => writeEventPartition(path.join(dir, `staging/${k}`), `staging/${k}`, rowsOf(evs)).meta);

          const whole = new EventRows();
          if (existing) whole.append(openDay(dir, DAY, existing)!.toRows());
          for (const m of runMetas) whole.append(new EventPartition(dir, DAY, m).toRows());
          if (buffer) whole.append(rowsOf(buffer));
          const a = path.join(dir, 'a');
          const before = writeDay(a, DAY, whole, buckets, newDirs());

          const sources: DaySource[] = [];
          if (existing) sources.push(() => openDay(dir, DAY, existing!)!);
          for (const m of runMetas) sources.push(() => new EventPartition(dir, DAY, m));
          if (buffer) sources.push(eventRowsToWrite(rowsOf(buffer)));
          const b = path.join(dir, 'b');
          const after = writeDay(b, DAY, new StackedRows(sources), buckets, newDirs());

          expect(after).toEqual(before);
          expect(JSON.stringify(after.meta)).toBe(JSON.stringify(before.meta));
          if (before.meta.rows > 0 || fs.existsSync(a)) expect(files(b)).toEqual(files(a));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('reads a property from the sources only when asked, and keeps no decoded column', () => {
    const dir = tempDir();
    const run = writeEventPartition(path.join(dir, 'r'), 'r', rowsOf([{ name: 'a', user: 0, time: 1, ins: 'x', props: { p: 1, q: 's' }, sampling: 1 }])).meta;
    const opened: EventPartition[] = [];
    const rows = new StackedRows([
      () => {
        const p = new EventPartition(dir, DAY, run);
        opened.push(p);
        return p;
      },
    ]);
    const same = Int32Array.of(0);
    expect([...rows.keys()].sort()).toEqual(['p', 'q']);
    expect(opened.length).toBe(1);
    expect(rows.sparse('p', same)).toEqual({ rows: [0], values: [1] });
    expect(rows.sparse('q', Int32Array.of(4))).toEqual({ rows: [4], values: ['s'] });
    expect(rows.sparse('q', Int32Array.of(-1))).toEqual({ rows: [], values: [] });
    expect(rows.sparse('absent', same)).toEqual({ rows: [], values: [] });
    // One fresh reader per property read: the columns it decoded go with it.
    expect(opened.length).toBe(4);
  });
});
