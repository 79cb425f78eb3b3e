/**
 * A spill keeps back the latest buffered day (the one a time-ordered export is still
 * filling), so days are not split over spill runs and rewritten from them at the end.
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { daysToSpill, type EventInput, importEvents } from '../../../src/ingest/index.js';
import { cleanTemp, dumpStore, storeEvents, tempStore } from '../../helpers/index.js';

afterAll(cleanTemp);

const sized = (entries: Array<[string, number]>) => new Map(entries.map(([d, n]) => [d, { length: n }]));

describe('daysToSpill', () => {
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
  it('spills the latest day too when it alone fills a spill', () => {
    expect(
      daysToSpill(
        sized([
          ['2024-01-01', 10],
          ['2024-01-02', 500],
        ]),
        500,
      ),
    ).toEqual(['2024-01-01', '2024-01-02']);
  });
  it('spills a lone day', () => {
    expect(daysToSpill(sized([['2024-01-01', 600]]), 500)).toEqual(['2024-01-01']);
  });
});

describe('a time-ordered import with spills', () => {
  it('writes each day in one run (renamed into place, not rewritten) and stores what an import without spills does', async () => {
    // 4 days of 350 events, in 28 inputs of 50 (one batch each), spills of 500: the first
    // spill comes with day 2 at 150 events, which used to be spilled then and split.
    const day = 86_400;
    const t0 = Date.UTC(2024, 0, 1) / 1000;
    const events = Array.from({ length: 1400 }, (_, i) => ({
      event: `e${i % 3}`,
      properties: { time: t0 + Math.floor(i / 350) * day + (i % 350), distinct_id: `u${i % 17}`, $insert_id: `id${i}`, n: i },
    }));
    const inputs = (): EventInput[] =>
      Array.from({ length: 28 }, (_, f) => ({
        label: `f${f}.json`,
        records: events.slice(f * 50, f * 50 + 50).map((e, i) => ({ line: i + 1, value: e })),
      }));
    const plain = tempStore();
    const spilled = tempStore();
    await importEvents(plain, inputs());
    // A day written in one run has that run renamed into place; a split day is rewritten.
    const rename = vi.spyOn(fs, 'renameSync');
    await importEvents(spilled, inputs(), { spillRows: 500 });
    const moved = rename.mock.calls.map(([from]) => /staging[/\\](\d{4}-\d\d-\d\d)-\d+/.exec(String(from))?.[1]).filter((d) => d !== undefined);
    rename.mockRestore();
    // Days 1-3 each in one run; day 4 is still buffered at the end.
    expect(moved.sort()).toEqual(['2024-01-01', '2024-01-02', '2024-01-03']);
    expect(Object.values(storeEvents(plain)).flat()).toHaveLength(1400);
    expect(dumpStore(spilled)).toEqual(dumpStore(plain));
  });
});
