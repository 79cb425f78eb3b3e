/**
 * A spill keeps back the latest buffered day (the one a time-ordered export is still
 * filling), so days are not split over spill runs and rewritten from them at the end.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { daysToSpill, type EventInput, importEvents } from '../../../src/ingest/index.js';
import { cleanTemp, dumpStore, storeEvents, tempStore } from '../../helpers/index.js';

afterAll(cleanTemp);

/** A hold of two 500-row spills: a latest day below it is kept back. */
const hold = 1000;

const sized = (entries: Array<[string, number]>) => new Map(entries.map(([d, n]) => [d, { length: n }]));

describe('daysToSpill', () => {
  it('by default holds back the latest day only while it is under two spills', () => {
    expect(daysToSpill(sized([['2024-01-02', 999]]), 500)).toEqual([]);
    expect(daysToSpill(sized([['2024-01-02', 1000]]), 500)).toEqual(['2024-01-02']);
  });
  it('spills every day but the latest', () => {
    expect(
      daysToSpill(
        sized([
          ['2024-01-03', 10],
          ['2024-01-01', 300],
          ['2024-01-02', 200],
        ]),
        500,
      ),
    ).toEqual(['2024-01-01', '2024-01-02']);
  });
  it('holds back the latest day while it is under the hold, even when it alone fills a spill', () => {
    expect(
      daysToSpill(
        sized([
          ['2024-01-01', 10],
          ['2024-01-02', hold - 1],
        ]),
        500,
        hold,
      ),
    ).toEqual(['2024-01-01']);
    expect(daysToSpill(sized([['2024-01-02', 500]]), 500, hold)).toEqual([]);
    expect(daysToSpill(sized([['2024-01-02', hold - 1]]), 500, hold)).toEqual([]);
  });
  it('spills the latest day too when it alone reaches the hold', () => {
    expect(
      daysToSpill(
        sized([
          ['2024-01-01', 10],
          ['2024-01-02', hold],
        ]),
        500,
        hold,
      ),
    ).toEqual(['2024-01-01', '2024-01-02']);
    expect(daysToSpill(sized([['2024-01-01', hold]]), 500, hold)).toEqual(['2024-01-01']);
  });
  it('takes the hold as a number of rows', () => {
    expect(daysToSpill(sized([['2024-01-01', 900]]), 500, 900)).toEqual(['2024-01-01']);
    expect(daysToSpill(sized([['2024-01-01', 899]]), 500, 900)).toEqual([]);
  });
});

/** Every file under `dir`, as base64, by relative path. */
function files(dir: string, rel = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = path.join(rel, f.name);
    if (f.isDirectory()) Object.assign(out, files(dir, r));
    else out[r] = fs.readFileSync(path.join(dir, r)).toString('base64');
  }
  return out;
}

/**
 * `days` days of `perDay` events in time order, in inputs of 50 (one batch each),
 * imported without spills and with `spillRows`; which days had a run renamed into place
 * (a day written in one run is; a split day is rewritten from its runs).
 */
async function timeOrdered(days: number, perDay: number, spillRows: number, holdSpills?: number) {
  const day = 86_400;
  const t0 = Date.UTC(2024, 0, 1) / 1000;
  const events = Array.from({ length: days * perDay }, (_, i) => ({
    event: `e${i % 3}`,
    properties: { time: t0 + Math.floor(i / perDay) * day + (i % perDay), distinct_id: `u${i % 17}`, $insert_id: `id${i}`, n: i, s: `v${i % 5}` },
  }));
  const inputs = (): EventInput[] =>
    Array.from({ length: Math.ceil(events.length / 50) }, (_, f) => ({
      label: `f${f}.json`,
      records: events.slice(f * 50, f * 50 + 50).map((e, i) => ({ line: i + 1, value: e })),
    }));
  const plain = tempStore();
  const spilled = tempStore();
  await importEvents(plain, inputs());
  const rename = vi.spyOn(fs, 'renameSync');
  await importEvents(spilled, inputs(), { spillRows, holdSpills });
  const moved = rename.mock.calls.map(([from]) => /staging[/\\](\d{4}-\d\d-\d\d)-\d+/.exec(String(from))?.[1]).filter((d) => d !== undefined);
  rename.mockRestore();
  expect(Object.values(storeEvents(plain)).flat()).toHaveLength(events.length);
  expect(dumpStore(spilled)).toEqual(dumpStore(plain));
  return { moved: moved.sort(), plain, spilled };
}

describe('a time-ordered import with spills', () => {
  it('writes each day in one run (renamed into place, not rewritten) and stores what an import without spills does', async () => {
    // 4 days of 350 events, spills of 500: the first spill comes with day 2 at 150
    // events, which used to be spilled then and split.
    const { moved } = await timeOrdered(4, 350, 500);
    // Days 1-3 each in one run; day 4 is still buffered at the end.
    expect(moved).toEqual(['2024-01-01', '2024-01-02', '2024-01-03']);
  });

  it('with holdSpills 2, writes days larger than a spill (under the hold) in one run too, byte for byte as without spills', async () => {
    // Each day fills a spill alone. Spilled when it did (the rule before), every day was
    // split and rewritten from two runs.
    const { moved, plain, spilled } = await timeOrdered(4, hold - 1, 500, 2);
    expect(moved).toEqual(['2024-01-01', '2024-01-02', '2024-01-03']);
    expect(files(path.join(spilled.dir, 'events'))).toEqual(files(path.join(plain.dir, 'events')));
  });

  it('with holdSpills 2, splits a day larger than the hold over runs, and stores the same', async () => {
    // Several holds' worth of events on one day, spills of 500: a run each time the day
    // reaches the hold, the rest buffered.
    const { moved } = await timeOrdered(1, 4 * hold + 100, 500, 2);
    expect(moved).toEqual([]);
  });
});
