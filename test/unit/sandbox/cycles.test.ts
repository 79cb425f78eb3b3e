/** Cycles across the sandbox boundary: acyclic form + cycle list, restored in place; bad lists refused. */
import { describe, expect, it } from 'vitest';
import { acyclic, findCycle, restoreCycles, stringifyWithCycles } from '../../../src/sandbox/marshal/cycles.js';

describe('cycles', () => {
  it('round-trips a value with cycles through JSON text', () => {
    const v: Record<string, unknown> = { n: 1, list: [{ x: 1 }] };
    v.self = v;
    (v.list as Array<Record<string, unknown>>)[0]!.up = v.list;
    const { json, cycles } = stringifyWithCycles(v);
    expect(cycles).toEqual([
      [['list', 0, 'up'], ['list']],
      [['self'], []],
    ]);
    const back = JSON.parse(json) as Record<string, unknown>;
    restoreCycles(back, cycles);
    expect(back.self).toBe(back);
    expect((back.list as Array<Record<string, unknown>>)[0]!.up).toBe(back.list);
    expect(back.n).toBe(1);
  });

  it('leaves acyclic values alone (no list) and keeps shared references as copies', () => {
    const shared = { a: 1 };
    expect(stringifyWithCycles({ x: shared, y: shared })).toEqual({ json: '{"x":{"a":1},"y":{"a":1}}', cycles: null });
    expect(acyclic([shared, shared]).cycles).toEqual([]);
  });

  it('refuses cycle lists that do not lead through own properties to objects', () => {
    expect(() => restoreCycles({ a: null }, [[['a'], ['nope']]])).toThrow(/malformed/);
    expect(() => restoreCycles({ a: 1 }, [[['a'], ['a']]])).toThrow(/malformed/);
    expect(() => restoreCycles({ a: null }, [[['__proto__'], []]])).toThrow(/malformed/);
    expect(() => restoreCycles({}, 'x')).toThrow(/malformed/);
  });

  it('finds where a cycle is', () => {
    const v: Record<string, unknown> = { key: ['u'], value: { n: 1 } };
    (v.value as Record<string, unknown>).self = v.value;
    expect(findCycle(v)).toBe('value.self');
    expect(findCycle({ a: [1, { b: 2 }] })).toBeNull();
  });
});
