/**
 * The partial-state value encoding: what JSON cannot hold comes back as it was
 * (Object.is for numbers, same prototypes, same own keys in the same order), and the
 * text is plain JSON.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeValue, encodeValue } from '../../../../src/exec/distributed/value-codec.js';

const roundTrip = (v: unknown) => decodeValue(JSON.parse(encodeValue(v)));

describe('partial-state value codec', () => {
  it('keeps undefined, NaN, ±Infinity, -0, Dates, Sets, Maps, holes and shared references', () => {
    const shared = { a: 1 };
    const v = {
      u: undefined,
      n: [Number.NaN, Infinity, -Infinity, -0, 0, 1.5],
      d: new Date(1458000000000),
      s: new Set(['x', 'y']),
      m: new Map([[1, 'one']]),
      holes: [1, , 3],
      twice: [shared, shared],
    };
    const back = roundTrip(v) as typeof v;
    expect('u' in back && back.u === undefined).toBe(true);
    expect(back.n.map((x) => (Object.is(x, -0) ? '-0' : String(x)))).toEqual(['NaN', 'Infinity', '-Infinity', '-0', '0', '1.5']);
    expect(back.d).toBeInstanceOf(Date);
    expect(back.d.getTime()).toBe(1458000000000);
    expect([...back.s]).toEqual(['x', 'y']);
    expect([...back.m]).toEqual([[1, 'one']]);
    expect(1 in back.holes).toBe(false);
    expect(back.twice[0]).toBe(back.twice[1]);
  });

  it('keeps an own "__proto__" key as an own property (as JSON.parse makes it)', () => {
    const v = JSON.parse('{"__proto__": {"x": 1}, "b": 2}') as Record<string, unknown>;
    const back = roundTrip({ p: v }) as { p: Record<string, unknown> };
    expect(Object.getPrototypeOf(back.p)).toBe(Object.prototype);
    expect(Object.keys(back.p)).toEqual(['__proto__', 'b']);
    expect(Object.getOwnPropertyDescriptor(back.p, '__proto__')?.value).toEqual({ x: 1 });
  });

  it('keeps circular references', () => {
    const a: Record<string, unknown> = { n: 1 };
    a.self = a;
    const back = roundTrip(a) as Record<string, unknown>;
    expect(back.self).toBe(back);
  });

  it('round-trips random JSON-like values with the extra values (property)', () => {
    const extra = fc.oneof(
      fc.constant(undefined),
      fc.constant(Number.NaN),
      fc.constant(-0),
      fc.constant(Infinity),
      fc.constant(-Infinity),
      fc.double(),
      fc.date({ noInvalidDate: true }),
    );
    const value = fc.letrec((tie) => ({
      leaf: fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), extra),
      node: fc.oneof(
        { maxDepth: 3 },
        tie('leaf'),
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(fc.string(), tie('node'), { maxKeys: 4 }),
        fc.array(tie('leaf'), { maxLength: 3 }).map((xs) => new Set(xs)),
      ),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        const back = roundTrip(v);
        expect(back).toStrictEqual(v);
        expect(typeof JSON.parse(encodeValue(v))).not.toBe('undefined');
      }),
    );
  });
});
