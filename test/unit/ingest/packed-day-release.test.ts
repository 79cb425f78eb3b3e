/**
 * PackedDayRows.release frees a written day's batches at once (detaches their buffers).
 * What a batch's days share (its strings' ends, `$insert_id` bytes, user numbers) must
 * outlive every day of the batch still buffered: a day written after another day of
 * the same batch was released must be byte for byte the day written with nothing
 * released, whatever the order the days are written in. And an import must release
 * every packed day it writes: spilled, finished at the end, or unpacked.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { PackedBatch, PackedDay } from '../../../src/ingest/batch-codec.js';
import { EventPacker } from '../../../src/ingest/event-packer.js';
import { fileInputs, importEvents } from '../../../src/ingest/index.js';
import { PackedDayRows, type SharedBatch } from '../../../src/ingest/packed-day-rows.js';
import { writeEventPartition } from '../../../src/store/event-partition.js';
import { cleanTemp, dirBytes, dumpStore, rawEvent, tempStore } from '../../helpers/index.js';

const NORM = { timezoneShifted: false, timezone: 'UTC' };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quarry-release-'));
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
  cleanTemp();
});

/** Midnight UTC: records from two seconds before to two after fall on two days. */
const MIDNIGHT = 1_400_025_600;

const record = fc.record({
  event: fc.constantFrom('a', 'b'),
  properties: fc.record(
    {
      time: fc.integer({ min: MIDNIGHT - 2, max: MIDNIGHT + 2 }),
      distinct_id: fc.constantFrom('u1', 'u2', 'u3'),
      $insert_id: fc.oneof(fc.constantFrom('i1', 'i2', 'é'), fc.string({ maxLength: 4 })),
      p: fc.constantFrom('x', 1, null),
    },
    { requiredKeys: ['time', 'distinct_id'] },
  ),
});

function pack(records: unknown[]): PackedBatch {
  const packer = new EventPacker(NORM);
  records.forEach((r, i) => packer.add({ line: i + 1, value: r }));
  return packer.done().packed;
}

/** The day buffers of the batches, as the importer makes them (one SharedBatch a batch). */
function buffer(batches: unknown[][]): { days: Map<string, PackedDayRows>; views: ArrayBufferView[][] } {
  const days = new Map<string, PackedDayRows>();
  const views: ArrayBufferView[][] = [];
  for (const recs of batches) {
    const p = pack(recs);
    const userOf = Int32Array.from(p.distinctIds, (_, i) => i % 3);
    const shared: SharedBatch = { days: 0 };
    for (const d of p.days) {
      let rows = days.get(d.day);
      if (rows === undefined) days.set(d.day, (rows = new PackedDayRows()));
      rows.append(d, p, userOf, shared);
      views.push(dayArrays(d));
    }
    views.push([p.ends, p.insertIds.bytes, p.insertIds.ends, userOf]);
  }
  return { days, views };
}

/** Every array of a packed day (sampling only when the batch had it). */
function dayArrays(d: PackedDay): ArrayBufferView[] {
  const all = [d.names, d.users, d.times, d.sampling, d.insertTags, d.insertNums, d.insertHashes, d.keys, d.keyEnds, d.rows, d.tags, d.nums];
  return all.filter((a): a is NonNullable<typeof a> => a !== null);
}

describe('PackedDayRows.release', () => {
  let run = 0;
  it('property: days written after other days of their batches were released are unchanged', () => {
    fc.assert(
      fc.property(fc.array(fc.array(record, { minLength: 1, maxLength: 20 }), { minLength: 1, maxLength: 4 }), fc.boolean(), (batches, reverse) => {
        const kept = buffer(batches).days;
        const { days, views } = buffer(batches);
        const order = [...days.keys()].sort();
        if (reverse) order.reverse();
        for (const day of order) {
          const dir = path.join(tmp, `r${run}-${day}`);
          const ref = path.join(tmp, `k${run}-${day}`);
          writeEventPartition(dir, 'r', days.get(day)!.toWrite());
          writeEventPartition(ref, 'k', kept.get(day)!.toWrite());
          expect(dirBytes(dir)).toEqual(dirBytes(ref));
          days.get(day)!.release();
          expect(days.get(day)!.length).toBe(0);
        }
        run++;
        // Every buffer freed once all days are released: own arrays and shared ones.
        for (const group of views) for (const v of group) expect(v.byteLength).toBe(0);
      }),
      { numRuns: 100 },
    );
  });

  it("keeps a batch's shared buffers until the last of its days is released", () => {
    const p = pack([
      { event: 'a', properties: { time: MIDNIGHT - 1, distinct_id: 'u1', $insert_id: 'x' } },
      { event: 'a', properties: { time: MIDNIGHT + 1, distinct_id: 'u2', $insert_id: 'y' } },
    ]);
    expect(p.days).toHaveLength(2);
    const userOf = Int32Array.of(0, 1);
    const shared: SharedBatch = { days: 0 };
    const [first, second] = [new PackedDayRows(), new PackedDayRows()];
    first.append(p.days[0]!, p, userOf, shared);
    second.append(p.days[1]!, p, userOf, shared);
    first.release();
    expect(p.days[0]!.times.byteLength).toBe(0);
    expect(p.days[1]!.times.byteLength).toBe(8);
    expect(p.insertIds.bytes.byteLength).toBeGreaterThan(0);
    expect(userOf.byteLength).toBe(8);
    second.release();
    expect(p.insertIds.bytes.byteLength).toBe(0);
    expect(userOf.byteLength).toBe(0);
  });

  it('an import releases every packed day it writes: spilled, finished, or unpacked to meet inline rows', async () => {
    // Five days of events on parse workers with small spills (spilled days and days
    // finished at the end), then an array file (parsed inline) on the same days, which
    // unpacks the days still buffered packed.
    const lines: string[] = [];
    const base = Date.UTC(2016, 2, 1);
    for (let i = 0; i < 8000; i++)
      lines.push(JSON.stringify(rawEvent(i % 3 ? 'view' : 'buy', `u${i % 101}`, base + i * 54_000, { p: i % 7, q: `v${i % 5}` }, `id${i}`)));
    const later = lines.slice(-300).map((l) => l.replace('"view"', '"late"'));
    const linesFile = path.join(tmp, 'events.jsonl');
    const arrayFile = path.join(tmp, 'late.json');
    fs.writeFileSync(linesFile, `${lines.join('\n')}\n`);
    fs.writeFileSync(arrayFile, `[${later.join(',')}]`);

    // Lines only: the last days are finished from packed buffers. Then with the array
    // file: those days are unpacked when its rows arrive.
    for (const files of [[linesFile], [linesFile, arrayFile]]) {
      const seen: ArrayBufferView[][] = [];
      const append = PackedDayRows.prototype.append;
      const spy = vi.spyOn(PackedDayRows.prototype, 'append').mockImplementation(function (this: PackedDayRows, day, batch, userOf, shared) {
        seen.push([...dayArrays(day), batch.ends, batch.insertIds.bytes, batch.insertIds.ends, userOf]);
        append.call(this, day, batch, userOf, shared);
      });
      const threaded = tempStore();
      try {
        await importEvents(threaded, fileInputs(files), { parseThreads: 2, spillRows: 1000 });
      } finally {
        spy.mockRestore();
      }
      const inline = tempStore();
      await importEvents(inline, fileInputs(files), { parseThreads: 0 });
      expect(dumpStore(threaded)).toEqual(dumpStore(inline));
      expect(seen.length).toBeGreaterThan(4);
      for (const group of seen) for (const v of group) expect(v.byteLength).toBe(0);
    }
  }, 120_000);
});
