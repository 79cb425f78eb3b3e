/**
 * A batch packed on a parse worker (EventPacker, record by record) and unpacked on the
 * importing thread is the batch parseEventBatch makes inline from the same records: every value of every type (strings shared or not, -0,
 * null, objects and lists, absent $insert_id), names, times, sampling factors and the
 * distinct_ids in order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unpackBatch } from '../../../src/ingest/batch-codec.js';
import { EventPacker } from '../../../src/ingest/event-packer.js';
import { parseEventBatch } from '../../../src/ingest/parse-events.js';
import type { RawRecord } from '../../../src/ingest/read-records.js';
import { expectWorkerHashes } from './helpers.js';

const value = fc.oneof(
  fc.constantFrom('x', 'y', '', '😀', 'é'),
  fc.double({ noNaN: true }),
  fc.constantFrom(-0, 0, 1e300, 3.5),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 3 }),
);
const record = fc.record({
  event: fc.constantFrom('a', 'b', 'constructor'),
  properties: fc.record(
    {
      time: fc.integer({ min: 1_400_000_000, max: 1_400_900_000 }),
      distinct_id: fc.constantFrom('u1', 'u2', '', 7),
      $insert_id: fc.oneof(fc.constantFrom('i1', 'i2', 1, null, ''), fc.jsonValue({ maxDepth: 2 })),
      p: value,
      q: value,
      __proto__: value,
      mp_sampling_factor: fc.constant(2),
    },
    { requiredKeys: ['time'] },
  ),
});

describe('batch codec', () => {
  it('property: unpack(pack(batch)) equals the batch', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 40 }), (recs) => {
        // As read from a file; a top-level "-0" parses to -0 (toEqual tells it from 0).
        const raw: RawRecord[] = recs.map((r, i) => ({ line: i + 1, value: JSON.parse(JSON.stringify(r).replace('"p":0,', '"p":-0,')) }));
        const norm = { timezoneShifted: false, timezone: 'UTC' };
        const packer = new EventPacker(norm);
        for (const r of raw) packer.add(r);
        const packed = structuredClone(packer.done().packed);
        expect(unpackBatch(packed)).toEqual(parseEventBatch(raw, norm));
        expectWorkerHashes(packed);
      }),
      { numRuns: 200 },
    );
  });
});
