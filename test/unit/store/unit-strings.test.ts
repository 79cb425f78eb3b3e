import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringHash } from '../../../src/store/string-index.js';
import { UnitStrings } from '../../../src/store/unit-strings.js';

// Short strings over a small alphabet (many repeats), with Latin-1, lone surrogates and
// astral characters: the first unit above 255 widens the store in the middle of a string,
// and ranges can cut a surrogate pair in half.
const text = fc.array(fc.constantFrom('a', 'b', 'é', 'ÿ', '\ud800', '\udc00', '😀', 'ж', ''), { maxLength: 6 }).map((p) => p.join(''));
const encoder = new TextEncoder();

/** An Arrow Utf8 dictionary's raw form (what the user file holds) of `texts`, laid out from byte `pad`. */
function rawUtf8(texts: string[], pad = 0): { length: number; valueOffsets: Int32Array; values: Uint8Array } {
  const parts = texts.map((t) => encoder.encode(t));
  const values = new Uint8Array(pad + parts.reduce((n, p) => n + p.length, 0));
  const valueOffsets = new Int32Array(texts.length + 1);
  let at = pad;
  valueOffsets[0] = at;
  parts.forEach((p, i) => {
    values.set(p, at);
    valueOffsets[i + 1] = at += p.length;
  });
  return { length: texts.length, valueOffsets, values };
}

describe('UnitStrings', () => {
  it('property: gives the ids a Map gives and reads every string back unit for unit, whole or from ranges', () => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 300 }), fc.array(text, { maxLength: 40 }), fc.boolean(), (added, probes, lookFirst) => {
        const s = new UnitStrings();
        const map = new Map<string, number>();
        // Looking up before adding builds the table while the store is empty; otherwise it is built on the first add.
        if (lookFirst) expect(s.find('a')).toBe(-1);
        const joined = added.join('');
        let at = 0;
        added.forEach((t, i) => {
          const want = map.get(t) ?? map.set(t, map.size).get(t)!;
          const got =
            i % 3 === 0
              ? s.add(t)
              : i % 3 === 1
                ? s.add(joined, at, at + t.length)
                : s.addHashed(stringHash(joined, at, at + t.length), joined, at, at + t.length);
          expect(got).toBe(want);
          at += t.length;
        });
        const keys = [...map.keys()];
        expect(s.size).toBe(keys.length);
        expect(s.texts()).toEqual(keys);
        keys.forEach((k, i) => expect(s.text(i)).toBe(k));
        for (const p of probes) expect(s.find(p)).toBe(map.get(p) ?? -1);
        const wrapped = `x${probes.join('|')}y`;
        let from = 1;
        for (const p of probes) {
          expect(s.find(wrapped, from, from + p.length)).toBe(map.get(p) ?? -1);
          from += p.length + 1;
        }
        // UTF-8 as it is only while every unit is ASCII.
        const ascii = keys.every((k) => /^[\x00-\x7f]*$/.test(k));
        const utf8 = s.asciiUtf8();
        expect(utf8 !== null).toBe(ascii);
        if (utf8 !== null)
          expect(Array.from({ length: keys.length }, (_, i) => Buffer.from(utf8.bytes.subarray(utf8.offsets[i], utf8.offsets[i + 1])).toString())).toEqual(
            keys,
          );
      }),
      { numRuns: 300 },
    );
  });

  it('property: strings appended twice are found by their later place, before and after the table grows', () => {
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 60 }), fc.nat(600), (stored, extra) => {
        const s = new UnitStrings();
        const model = new Map<string, number>();
        stored.forEach((t, i) => {
          expect(s.append(t)).toBe(i);
          model.set(t, i); // set(): the later place wins
        });
        for (const [t, id] of model) expect(s.find(t)).toBe(id);
        // New strings past the table's first size: rehashing keeps the later-wins rule.
        for (let i = 0; i < extra; i++) expect(s.add(`new-${i}`)).toBe(stored.length + i);
        for (const [t, id] of model) expect(s.add(t)).toBe(id);
        expect(s.size).toBe(stored.length + extra);
      }),
      { numRuns: 100 },
    );
  });

  it('property: reads a stored UTF-8 dictionary as TextDecoder does, in order, duplicates kept', () => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 60 }), fc.nat(5), (texts, pad) => {
        const raw = rawUtf8(texts, pad);
        const decoded = Array.from({ length: texts.length }, (_, i) =>
          new TextDecoder().decode(raw.values.subarray(raw.valueOffsets[i], raw.valueOffsets[i + 1])),
        );
        const s = UnitStrings.fromUtf8(raw);
        expect(s.texts()).toEqual(decoded);
        const last = new Map(decoded.map((t, i) => [t, i]));
        for (const [t, id] of last) expect(s.find(t)).toBe(id);
        expect(s.add('new')).toBe(last.get('new') ?? texts.length);
      }),
      { numRuns: 200 },
    );
  });

  it('takes an ASCII dictionary as its bytes: offsets relative to the first, UTF-8 given back unchanged', () => {
    const raw = rawUtf8(['u-1', '', 'user-22'], 3);
    const s = UnitStrings.fromUtf8(raw);
    expect(s.texts()).toEqual(['u-1', '', 'user-22']);
    const utf8 = s.asciiUtf8()!;
    expect(Array.from(utf8.offsets)).toEqual([0, 3, 3, 10]);
    expect(Buffer.from(utf8.bytes).toString()).toBe('u-1user-22');
    s.add('é');
    expect(s.asciiUtf8()).toBeNull();
    expect(s.texts()).toEqual(['u-1', '', 'user-22', 'é']);
  });

  it('widens in the middle of a string without losing the units already copied', () => {
    const s = new UnitStrings();
    s.add('abc');
    expect(s.add('xy\u0416z\ud800')).toBe(1);
    expect(s.text(1)).toBe('xy\u0416z\ud800');
    expect(s.texts()).toEqual(['abc', 'xy\u0416z\ud800']);
    expect(s.find('abc')).toBe(0);
  });

  it('grows its offsets, hashes, units and table, reading strings back between adds (the Buffer view follows each new array)', () => {
    const s = new UnitStrings();
    const want: string[] = [];
    for (let i = 0; i < 600; i++) {
      // Past 512 strings (offsets, hashes), 1,024 units and the first table; the unit above 0xff widens.
      const t = i === 300 ? 'wide-\u0416' : `id-${i}-${'x'.repeat(i % 7)}`;
      expect(s.add(t)).toBe(i);
      want.push(t);
      expect(s.text(i)).toBe(t);
      expect(s.text(i >> 1)).toBe(want[i >> 1]);
    }
    for (let i = 0; i < 600; i++) expect(s.add(want[i]!)).toBe(i);
    expect(s.texts()).toEqual(want);
    expect(s.size).toBe(600);
  });

  it('reads back strings longer in all than one decode span', () => {
    const big = ['a', 'b', 'c'].map((c) => c.repeat(7_000_000));
    const s = UnitStrings.fromUtf8(rawUtf8([...big, '']));
    expect(s.texts()).toEqual([...big, '']);
  });
});
