import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { toStageValue } from '../../../src/exec/serialize.js';

const roundTrip = (v: unknown) => JSON.parse(JSON.stringify(v));

describe('toStageValue', () => {
  it('hand cases (jql.md §5)', () => {
    const d = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));
    const v = {
      d,
      f: () => 1,
      u: undefined,
      list: [undefined, () => 1, NaN, Infinity, -0, 1, Symbol('s')],
      boxed: [new Number(3), new String('s'), new Boolean(false)],
      custom: { toJSON: (k: string) => `custom:${k}` },
      map: new Map([[1, 2]]),
      nested: { a: { b: [d] } },
    };
    expect(toStageValue(v)).toStrictEqual(roundTrip(v));
    expect(toStageValue(v)).toStrictEqual({
      d: '2024-01-02T03:04:05.000Z',
      list: [null, null, null, null, 0, 1, null],
      boxed: [3, 's', false],
      custom: 'custom:custom',
      map: {},
      nested: { a: { b: ['2024-01-02T03:04:05.000Z'] } },
    });
  });
  it('top-level values JSON drops give undefined; Dates at top level', () => {
    expect(toStageValue(undefined)).toBeUndefined();
    expect(toStageValue(() => 1)).toBeUndefined();
    expect(toStageValue(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
    expect(toStageValue(new Date(NaN))).toBeNull();
  });
  it('copies: shared references become independent', () => {
    const o = { a: 1 };
    const out = toStageValue([o, o]) as { a: number }[];
    expect(out[0]).not.toBe(o);
    expect(out[0]).not.toBe(out[1]);
  });
  it('__proto__ keys stay own data properties', () => {
    const v = JSON.parse('{"__proto__": {"x": 1}, "y": 2}');
    const out = toStageValue(v) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(out).toStrictEqual(roundTrip(v));
  });
  it('keeps cycles (in the copy), throws like JSON.stringify on BigInt', () => {
    const c: Record<string, unknown> = { n: 1, d: new Date(0), list: [] };
    c.self = c;
    (c.list as unknown[]).push(c);
    const out = toStageValue(c) as Record<string, unknown>;
    expect(out).not.toBe(c);
    expect(out.self).toBe(out);
    expect((out.list as unknown[])[0]).toBe(out);
    expect(out.d).toBe('1970-01-01T00:00:00.000Z');
    expect(() => toStageValue({ n: 1n })).toThrow(TypeError);
  });
  it('equals JSON.parse(JSON.stringify(v)) for arbitrary values', () => {
    const leaf = fc.oneof(
      fc.anything({ withDate: true, withBoxedValues: true, withNullPrototype: true, withSparseArray: true }),
      fc.double(),
      fc.date(),
      fc.constant(undefined),
      fc.constant(() => 1),
      fc.constant(-0),
    );
    const value = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(fc.string(), tie('v'), { maxKeys: 4 })),
    })).v;
    fc.assert(
      fc.property(value, (v) => {
        const text = JSON.stringify(v);
        if (text === undefined) expect(toStageValue(v)).toBeUndefined();
        else expect(toStageValue(v)).toStrictEqual(JSON.parse(text));
      }),
      { numRuns: 1000 },
    );
  });
});
