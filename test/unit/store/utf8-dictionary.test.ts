import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesHash, Utf8Dictionary } from '../../../src/store/utf8-dictionary.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Values laid end to end in one buffer, as a batch's `$insert_id`s are. */
function laidOut(values: string[]): { bytes: Uint8Array; ends: number[] } {
  const parts = values.map((v) => encoder.encode(v));
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  const ends: number[] = [];
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    ends.push((at += p.length));
  }
  return { bytes, ends };
}

describe('Utf8Dictionary', () => {
  // Few distinct letters, so values repeat; `collide` files every value under one hash,
  // so each look-up compares bytes with every entry (pending in a run or already copied).
  const value = fc.string({ unit: fc.constantFrom('a', 'b', 'é'), maxLength: 4 });
  const source = fc.array(value, { minLength: 1, maxLength: 30 });
  const visit = fc.record({ src: fc.nat(), at: fc.nat(), take: fc.integer({ min: 1, max: 8 }), kept: fc.boolean() });

  it('property: numbers values in order of first appearance, as a Map would, whether added byte by byte or kept in runs', () => {
    fc.assert(
      fc.property(fc.array(source, { minLength: 1, maxLength: 4 }), fc.array(visit, { maxLength: 40 }), fc.boolean(), (sources, visits, collide) => {
        const laid = sources.map(laidOut);
        const dict = new Utf8Dictionary();
        const model = new Map<string, number>();
        for (const v of visits) {
          const s = v.src % sources.length;
          const { bytes, ends } = laid[s]!;
          // A stretch of consecutive values of one source: runs for addKept.
          for (let i = v.at % ends.length, k = 0; i < ends.length && k < v.take; i++, k++) {
            const start = i === 0 ? 0 : ends[i - 1]!;
            const end = ends[i]!;
            const h = collide ? 7 : bytesHash(bytes, start, end);
            const id = v.kept ? dict.addKept(h, bytes, start, end) : dict.addHashed(h, bytes, start, end);
            const text = sources[s]![i]!;
            if (!model.has(text)) model.set(text, model.size);
            expect(id).toBe(model.get(text));
          }
        }
        expect(dict.size).toBe(model.size);
        const t = dict.texts();
        const texts = Array.from({ length: dict.size }, (_, i) => decoder.decode(t.bytes.subarray(t.offsets[i]!, t.offsets[i + 1]!)));
        expect(texts).toEqual([...model.keys()]);
      }),
      { numRuns: 300 },
    );
  });

  it('grows past its first buffers with a run pending', () => {
    const values = Array.from({ length: 5000 }, (_, i) => `id-${i}-${'x'.repeat(i % 40)}`);
    const { bytes, ends } = laidOut(values);
    const dict = new Utf8Dictionary();
    values.forEach((_, i) => {
      const start = i === 0 ? 0 : ends[i - 1]!;
      expect(dict.addKept(bytesHash(bytes, start, ends[i]!), bytes, start, ends[i]!)).toBe(i);
    });
    // Looked up again while the run is still pending: found, not added.
    expect(dict.addKept(bytesHash(bytes, 0, ends[0]!), bytes, 0, ends[0]!)).toBe(0);
    const t = dict.texts();
    expect(decoder.decode(t.bytes)).toBe(values.join(''));
    expect(t.offsets[5000]).toBe(t.bytes.length);
  });
});
