/** referencedKeys (column projection) and timeBounds (partition pruning). */
import { describe, expect, test } from 'vitest';
import { compileRow, parseSelector, referencedKeys, timeBounds } from '../../../src/selector/index.js';

const env = { timezone: 'UTC', nowSeconds: 1458475200 };
const MAR1 = Date.UTC(2016, 2, 1);
const MAR15 = Date.UTC(2016, 2, 15);

describe('referencedKeys', () => {
  test('lists keys by source as written, sorted and unique', () => {
    const ast = parseSelector('properties["b"] == 1 and user["plan"] == "x" or event["a"] > 2 and defined(properties["b"]) or behaviors["k"] > 0');
    expect(referencedKeys(ast)).toEqual({ properties: ['a', 'b'], user: ['plan'], usesTime: false });
  });

  test('event["$time"] is the event time, not a property', () => {
    expect(referencedKeys(parseSelector('event["$time"] > datetime(1)'))).toEqual({ properties: [], user: [], usesTime: true });
    expect(referencedKeys(parseSelector('properties["$time"] > 1'))).toEqual({ properties: ['$time'], user: [], usesTime: false });
  });

  test('blank selectors read nothing', () => {
    expect(referencedKeys(parseSelector(''))).toEqual({ properties: [], user: [], usesTime: false });
  });

  test('with a context, keys are the batch columns actually read', () => {
    const ast = parseSelector('properties["a"] == 1 and user["u"] == 2 and event["e"] == 3 and event["$time"] > datetime(1)');
    expect(referencedKeys(ast, 'join')).toEqual({ properties: ['a', 'e'], user: ['u'], usesTime: true });
    expect(referencedKeys(ast, 'event')).toEqual({ properties: ['a', 'e'], user: [], usesTime: true });
    expect(referencedKeys(ast, 'user')).toEqual({ properties: [], user: ['a', 'u'], usesTime: false });
    expect(referencedKeys(ast, 'export')).toEqual({ properties: ['a', 'e'], user: [], usesTime: true });
  });
});

describe('timeBounds', () => {
  const tb = (text: string) => timeBounds(parseSelector(text), env);

  test('>= and < give inclusive ms bounds at whole seconds', () => {
    expect(tb('event["$time"] >= datetime("2016-03-01")')).toEqual({ minMs: MAR1 });
    expect(tb('event["$time"] > datetime("2016-03-01")')).toEqual({ minMs: MAR1 + 1000 });
    expect(tb('event["$time"] < datetime("2016-03-15")')).toEqual({ maxMs: MAR15 - 1 });
    expect(tb('event["$time"] <= datetime("2016-03-15")')).toEqual({ maxMs: MAR15 + 999 });
    expect(tb('event["$time"] == datetime("2016-03-15")')).toEqual({ minMs: MAR15, maxMs: MAR15 + 999 });
  });

  test('conjuncts intersect; the datetime may be on either side, or a coerced string', () => {
    expect(
      tb('properties["x"] == 1 and (event["$time"] >= datetime("2016-03-01") and datetime("2016-03-15") > event["$time"]) and event["$time"] > "2016-02-01"'),
    ).toEqual({ minMs: MAR1, maxMs: MAR15 - 1 });
  });

  test('relative bounds from NOW', () => {
    expect(tb('event["$time"] >= datetime(NOW - 86400)')).toEqual({ minMs: (env.nowSeconds - 86400) * 1000 });
  });

  test('naive strings use the project timezone', () => {
    const ny = timeBounds(parseSelector('event["$time"] >= datetime("2016-03-01")'), { ...env, timezone: 'America/New_York' });
    expect(ny).toEqual({ minMs: MAR1 + 5 * 3600_000 });
  });

  test('no bound from or, not, !=, non-datetime constants or non-constant sides', () => {
    expect(tb('event["$time"] >= datetime("2016-03-01") or properties["a"] == 1')).toEqual({});
    expect(tb('not (event["$time"] < datetime("2016-03-01"))')).toEqual({});
    expect(tb('event["$time"] != datetime("2016-03-01")')).toEqual({});
    expect(tb('event["$time"] >= 1456790400')).toEqual({});
    expect(tb('event["$time"] >= datetime(properties["ts"])')).toEqual({});
    expect(tb('')).toEqual({});
  });

  test('rows outside the bounds never match (checked against the row evaluator)', () => {
    const text = 'event["$time"] > datetime("2016-03-01T00:00:10") and event["$time"] <= datetime("2016-03-01T00:00:20")';
    const { minMs, maxMs } = tb(text);
    const match = compileRow(parseSelector(text), 'event', env);
    for (let ms = MAR1; ms < MAR1 + 30_000; ms += 250) {
      const inside = ms >= minMs! && ms <= maxMs!;
      expect(match({ time: ms, properties: {} }), String(ms)).toBe(inside);
    }
  });
});
