/**
 * A day buffered packed (PackedDayRows) keeps `$insert_id` packed: the writer encodes its
 * column from batch codes and dedup unpacks only the rows it compares. The partition must
 * be byte for byte the one written from the same rows unpacked (EventRows): every file,
 * with ids of every type, repeated within and across batches, and duplicates to drop;
 * and the one written from the same records parsed inline (parseEventBatch), as an import
 * without parse workers writes them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { batchStrings } from '../../../src/ingest/batch-codec.js';
import { EventPacker } from '../../../src/ingest/event-packer.js';
import { PackedDayRows } from '../../../src/ingest/packed-day-rows.js';
import { parseEventBatch } from '../../../src/ingest/parse-events.js';
import { EventRows } from '../../../src/store/event-rows.js';
import { writeEventPartition } from '../../../src/store/event-partition.js';
import { dirBytes } from '../../helpers/index.js';

const NORM = { timezoneShifted: false, timezone: 'UTC' };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quarry-packed-id-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const record = fc.record({
  event: fc.constantFrom('a', 'b'),
  properties: fc.record(
    {
      time: fc.integer({ min: 1_400_000_000, max: 1_400_000_003 }),
      distinct_id: fc.constantFrom('u1', 'u2'),
      // Lone surrogates ('\ud800', '\udfff': two ids, one UTF-8 text) must stay two ids.
      $insert_id: fc.oneof(fc.constantFrom('i1', 'i2', 'é', '', 1, 2.5, true, null, '\u0000s', '\ud800', '\udfff'), fc.jsonValue({ maxDepth: 2 })),
      p: fc.constantFrom('x', 1),
      // Kinds and counts kept by the packer: booleans and nulls, JSON values among strings.
      q: fc.constantFrom(true, false, null),
      r: fc.oneof(fc.constantFrom('y', null), fc.jsonValue({ maxDepth: 1 })),
    },
    { requiredKeys: ['time', 'distinct_id'] },
  ),
});

describe('packed $insert_id', () => {
  let run = 0;
  it('property: a packed day writes the same bytes as the day unpacked', () => {
    fc.assert(
      fc.property(fc.array(fc.array(record, { maxLength: 30 }), { minLength: 1, maxLength: 3 }), (batches) => {
        const day = new PackedDayRows();
        // The same records parsed inline (no packing): the import's other path.
        const inline = new EventRows();
        const userNumber = (id: string | null) => (id === 'u1' ? 0 : 1);
        for (const recs of batches) {
          const packer = new EventPacker(NORM);
          recs.forEach((r, i) => packer.add({ line: i + 1, value: r }));
          const { packed } = packer.done();
          // A user number per event's distinct_id (by its place in the batch), the same as inline's.
          const table = batchStrings(packed);
          const userOf = Int32Array.from(packed.distinctIds, (s) => userNumber(table[s]!));
          for (const d of packed.days) day.append(d, packed, userOf);
          const parsed = parseEventBatch(
            recs.map((r, i) => ({ line: i + 1, value: r })),
            NORM,
          );
          for (const [, rows] of parsed.days) {
            rows.users.forEach((u, i) => {
              rows.users[i] = userNumber(parsed.distinctIds[u]!);
            });
            inline.append(rows);
          }
        }
        const dirA = path.join(tmp, `a${run}`);
        const dirB = path.join(tmp, `b${run}`);
        const dirC = path.join(tmp, `c${run++}`);
        const a = writeEventPartition(dirA, 'a', day.toWrite());
        const b = writeEventPartition(dirB, 'b', day.toEventRows());
        const c = writeEventPartition(dirC, 'c', inline);
        for (const [x, dir] of [
          [b, dirB],
          [c, dirC],
        ] as const) {
          expect(a.duplicates).toBe(x.duplicates);
          expect(a.meta.rows).toBe(x.meta.rows);
          // Each column's kind and count: from the packer's tag mask and count (PackedValues.seen) on the packed side.
          expect(a.meta.columns).toEqual(x.meta.columns);
          expect(dirBytes(dirA)).toEqual(dirBytes(dir));
        }
      }),
      { numRuns: 150 },
    );
  });
});
