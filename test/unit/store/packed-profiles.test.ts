/**
 * PackedProfiles keeps profiles as byte records; reading one back must give the values
 * that were set: every JSON value, the numbers JSON text cannot carry (-0, NaN,
 * infinities), strings with lone surrogates, and other JS values kept as they are,
 * through replacements (in place and moved), frees and the rewrite that drops dead bytes.
 */
import { describe, expect, it } from 'vitest';
import { type Profile, propertyBag } from '../../../src/store/index.js';
import { PackedProfiles } from '../../../src/store/packed-profiles.js';
import { seededInts } from '../../helpers/seeded.js';

const date = new Date(0);
const VALUES: unknown[] = [
  'plain',
  '',
  'é ü 中文 😀',
  'x'.repeat(300),
  '\ud800 lone',
  'end \udc00',
  '\ufeffbom',
  0,
  -0,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  1e21,
  true,
  false,
  null,
  undefined,
  ['a', 1, null, ['b']],
  { k: 'v', n: { m: [1, 2] }, __proto__: null },
  { nested: -0 },
  ['\ud800'],
  date,
];

function profile(r: (n: number) => number): Profile {
  const properties = propertyBag();
  const count = r(6);
  for (let i = 0; i < count; i++) properties[`k${r(8)}`] = VALUES[r(VALUES.length)];
  return { time: r(1000) - 500, lastSeen: r(1000) * 1.5, properties };
}

describe('PackedProfiles', () => {
  for (const compactAt of [1 << 30, 64]) {
    it(`gives back what was set, through puts, frees and rewrites (compact at ${compactAt} bytes)`, () => {
      const r = seededInts(compactAt);
      const packed = new PackedProfiles(compactAt);
      const model: (Profile | undefined)[] = [];
      for (let step = 0; step < 3000; step++) {
        const op = r(10);
        if (op < 4 || model.length === 0) {
          const p = profile(r);
          expect(packed.add(p)).toBe(model.length);
          model.push(p);
        } else {
          const slot = r(model.length);
          if (model[slot] === undefined) continue;
          if (op < 8) {
            const p = profile(r);
            packed.put(slot, p);
            model[slot] = p;
          } else {
            packed.free(slot);
            model[slot] = undefined;
          }
        }
      }
      expect(packed.length).toBe(model.length);
      model.forEach((p, slot) => {
        expect(packed.live(slot)).toBe(p !== undefined);
        if (p === undefined) return;
        const got = packed.get(slot);
        expect(got).toEqual(p);
        expect(Object.keys(got.properties)).toEqual(Object.keys(p.properties));
        for (const k of Object.keys(p.properties)) expect(Object.is(got.properties[k], p.properties[k]) || typeof p.properties[k] === 'object').toBe(true);
      });
    });
  }

  it('keeps -0 inside a list or object (kept as a JS value) and a Date as the same object', () => {
    const packed = new PackedProfiles();
    const properties = propertyBag();
    properties.a = [-0];
    properties.d = date;
    const slot = packed.add({ time: 1, lastSeen: 2, properties });
    const got = packed.get(slot).properties;
    expect(Object.is((got.a as number[])[0], -0)).toBe(true);
    expect(got.d).toBe(date);
  });

  it('reads one property by slot for the writer (locate), absent where the profile lacks it', () => {
    const packed = new PackedProfiles();
    const a = propertyBag();
    a.x = 'é';
    a.y = 2;
    const b = propertyBag();
    b.y = [1];
    const sa = packed.add({ time: 0, lastSeen: 0, properties: a });
    const sb = packed.add({ time: 0, lastSeen: 0, properties: b });
    const x = packed.locate('x');
    expect(x.at(sa)).toBeGreaterThanOrEqual(0);
    expect(Buffer.from(x.ref.buf.subarray(x.ref.start, x.ref.end)).toString('utf8')).toBe('é');
    expect(x.at(sb)).toBe(-1);
    const y = packed.locate('y');
    y.at(sb);
    expect(y.value()).toEqual([1]);
    y.at(sa);
    expect(y.value()).toBe(2);
  });
});

describe('PackedProfiles: values JSON text would change', () => {
  it('keeps a list with a hole and a null-prototype object as they were set', () => {
    const packed = new PackedProfiles();
    const properties = propertyBag();
    properties.holes = [, 1];
    const bag = propertyBag();
    bag.k = 'x';
    properties.bag = bag;
    const got = packed.get(packed.add({ time: 0, lastSeen: 0, properties })).properties;
    expect(0 in (got.holes as unknown[])).toBe(false);
    expect(Object.getPrototypeOf(got.bag)).toBe(null);
  });
});
