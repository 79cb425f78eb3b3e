import { describe, expect, it } from 'vitest';
import { criteriaFromArgs, parseDefinition, propertySelector } from '../../../src/cohort/index.js';
import { SelectorError, UserError } from '../../../src/errors.js';

describe('parseDefinition: quarry shape', () => {
  const def = {
    operator: 'and',
    children: [
      { type: 'property', where: 'properties["plan"] == "pro"' },
      { type: 'behavior', event: 'Purchase', count: { op: '>=', value: 3 }, window: { last: 30, unit: 'day' }, where: 'properties["amount"] > 5' },
      {
        operator: 'or',
        children: [
          { type: 'cohort', cohort: 'A', operator: 'in' },
          { type: 'behavior', event: null, window: { from: '2024-01-01', to: '2024-01-31' }, distinctDays: true, count: { op: '==', value: 0 } },
        ],
      },
    ],
  };

  it('accepts and round-trips it, bare or wrapped in {criteria}', () => {
    expect(parseDefinition(def)).toEqual(def);
    expect(parseDefinition({ criteria: def })).toEqual(def);
    expect(parseDefinition(JSON.parse(JSON.stringify(parseDefinition(def))))).toEqual(def);
  });

  it('defaults a behaviour count to "at least once" and a cohort operator to "in"', () => {
    expect(parseDefinition({ type: 'behavior', event: 'X' })).toEqual({ type: 'behavior', event: 'X', count: { op: '>=', value: 1 } });
    expect(parseDefinition({ type: 'cohort', cohort: 'A' })).toEqual({ type: 'cohort', cohort: 'A', operator: 'in' });
  });

  it.each([
    [{ operator: 'xor', children: [{ type: 'cohort', cohort: 'A' }] }, 'operator: expected "and" or "or"'],
    [{ operator: 'and', children: [] }, 'children: expected a non-empty list'],
    [{ type: 'behavior', event: 'X', count: { op: '>=', value: -1 } }, 'count.value: expected a whole number >= 0'],
    [{ type: 'behavior', event: 'X', count: { op: '~', value: 1 } }, 'count.op: expected one of'],
    [{ type: 'behavior', event: 'X', window: { last: 0 } }, 'window.last: expected a whole number >= 1'],
    [{ type: 'behavior', event: 'X', window: { from: '2024-02-30', to: '2024-03-01' } }, 'window.from: expected a date'],
    [{ type: 'behavior', event: 'X', window: { from: '2024-03-02', to: '2024-03-01' } }, 'is after to'],
    [{ type: 'behavior', event: 'X', typo: 1 }, 'unknown key "typo"'],
    [{ type: 'nope' }, 'unknown criterion'],
    [{ operator: 'and', children: [{ type: 'cohort', cohort: '' }] }, 'children[0].cohort'],
    ['text', 'expected a JSON object'],
  ])('rejects %j', (input, message) => {
    expect(() => parseDefinition(input)).toThrow(UserError);
    expect(() => parseDefinition(input)).toThrow(message);
  });

  it('a malformed selector is a SelectorError with the caret, naming where it is', () => {
    try {
      parseDefinition({ type: 'property', where: 'properties["a"] = 1' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SelectorError);
      expect((e as Error).message).toContain('where: line 1, column 17');
      expect((e as Error).message).toMatch(/\n\s+\^/);
    }
  });
});

describe('parseDefinition: the hosted stored shape', () => {
  const hosted = {
    selector: {
      operator: 'and',
      children: [
        { property: 'user', value: 'plan', operator: '==', operand: 'premium', type: 'string' },
        { property: 'behaviors', value: 'bhvr_0', operator: '>=', operand: 3 },
        { property: 'cohort', value: 456, operator: 'in' },
      ],
    },
    behaviors: { bhvr_0: { count: { event_selector: { event: 'Purchase' }, type: 'absolute' }, window: { unit: 'day', value: 30 } } },
  };

  it('becomes property, behaviour and cohort criteria', () => {
    expect(parseDefinition(hosted)).toEqual({
      operator: 'and',
      children: [
        { type: 'property', where: 'properties["plan"] == "premium"' },
        { type: 'behavior', event: 'Purchase', count: { op: '>=', value: 3 }, window: { last: 30, unit: 'day' } },
        { type: 'cohort', cohort: 456, operator: 'in' },
      ],
    });
  });

  it('is accepted inside {"raw_cohort": ...}', () => {
    expect(parseDefinition({ raw_cohort: hosted })).toEqual(parseDefinition(hosted));
  });

  it('reads from_date/to_date windows, event selectors, "did not" (== 0) and distinct days', () => {
    const c = parseDefinition({
      selector: { operator: 'or', children: [{ property: 'behaviors', value: 'b', operator: '==', operand: 0 }] },
      behaviors: {
        b: {
          count: { event_selector: { event: 'Login', selector: 'properties["method"] == "sso"' }, aggregationOperator: 'unique', property: { name: 'time' } },
          from_date: '2024-01-01',
          to_date: '2024-01-31',
        },
      },
    });
    expect(c).toEqual({
      type: 'behavior',
      event: 'Login',
      where: 'properties["method"] == "sso"',
      count: { op: '==', value: 0 },
      window: { from: '2024-01-01', to: '2024-01-31' },
      distinctDays: true,
    });
  });

  it.each([
    [{ value: 'p', operator: 'defined' }, 'defined(properties["p"])'],
    [{ value: 'p', operator: 'not defined' }, 'not defined(properties["p"])'],
    [{ value: 'p', operator: '!=', operand: 'x' }, 'properties["p"] != "x"'],
    [{ value: 'p', operator: '==', operand: ['x', 'y'] }, '(properties["p"] == "x" or properties["p"] == "y")'],
    [{ value: 'p', operator: 'in', operand: 'x' }, '"x" in properties["p"]'],
    [{ value: 'p', operator: 'not in', operand: ['x'] }, 'not (properties["p"] == "x")'],
    [{ value: 'age', operator: '>', operand: 30, type: 'number' }, 'properties["age"] > 30'],
    [{ value: 'd', operator: '<', operand: '2024-01-01', type: 'datetime' }, 'datetime(properties["d"]) < datetime("2024-01-01")'],
  ])('property %j -> %s', (node, selector) => {
    expect(propertySelector(node as Record<string, unknown>, '')).toBe(selector);
  });

  it('rejects aggregates it cannot evaluate, unknown behaviours and operators, with the place', () => {
    const agg = {
      selector: { operator: 'and', children: [{ property: 'behaviors', value: 'b', operator: '>', operand: 1 }] },
      behaviors: { b: { count: { event_selector: { event: 'P' }, aggregationOperator: 'sum', property: 'amount' } } },
    };
    expect(() => parseDefinition(agg)).toThrow('behaviors.b.count.aggregationOperator: property aggregates');
    expect(() =>
      parseDefinition({ selector: { operator: 'and', children: [{ property: 'behaviors', value: 'zz', operator: '>', operand: 1 }] }, behaviors: {} }),
    ).toThrow('no behaviour "zz"');
    expect(() => parseDefinition({ selector: { operator: 'and', children: [{ property: 'user', value: 'p', operator: 'matches', operand: 1 }] } })).toThrow(
      'selector.children[0].operator: unsupported property operator',
    );
  });
});

describe('parseDefinition: the inline and_batch shape', () => {
  it('each entry is "did any of these events"', () => {
    expect(parseDefinition({ raw_cohort: { and_batch: [{ event_selectors: [{ event: 'Purchase' }], filter_type: 'selector' }] } })).toEqual({
      type: 'behavior',
      event: 'Purchase',
      count: { op: '>=', value: 1 },
    });
    expect(
      parseDefinition({
        or_batch: [{ event_selectors: [{ event: 'A' }, { event: 'B', selector: 'properties["x"] == 1' }] }, { selector: 'properties["plan"] == "pro"' }],
      }),
    ).toEqual({
      operator: 'or',
      children: [
        {
          operator: 'or',
          children: [
            { type: 'behavior', event: 'A', count: { op: '>=', value: 1 } },
            { type: 'behavior', event: 'B', where: 'properties["x"] == 1', count: { op: '>=', value: 1 } },
          ],
        },
        { type: 'property', where: 'properties["plan"] == "pro"' },
      ],
    });
  });
});

describe('criteriaFromArgs', () => {
  it('builds criteria in order, modifiers attached to the behaviour before them', () => {
    const words = [
      'cohort',
      'create',
      'N',
      '--store',
      's',
      '--did',
      'Purchase',
      '--at-least',
      '3',
      '--within',
      '30d',
      '--event-where',
      'properties["amount"] > 5',
      '--where',
      'properties["plan"] == "pro"',
      '--not-did',
      'Login',
      '--from=2024-01-01',
      '--to',
      '2024-01-31',
      '--in-cohort',
      'A',
      '--not-in-cohort',
      'B',
    ];
    expect(criteriaFromArgs(words, false)).toEqual({
      operator: 'and',
      children: [
        { type: 'behavior', event: 'Purchase', count: { op: '>=', value: 3 }, window: { last: 30, unit: 'day' }, where: 'properties["amount"] > 5' },
        { type: 'property', where: 'properties["plan"] == "pro"' },
        { type: 'behavior', event: 'Login', count: { op: '==', value: 0 }, window: { from: '2024-01-01', to: '2024-01-31' } },
        { type: 'cohort', cohort: 'A', operator: 'in' },
        { type: 'cohort', cohort: 'B', operator: 'not in' },
      ],
    });
  });

  it('--any makes an OR; one criterion stands alone; none gives null', () => {
    expect(criteriaFromArgs(['--in-cohort', 'A', '--in-cohort', 'B'], true)).toEqual({
      operator: 'or',
      children: [
        { type: 'cohort', cohort: 'A', operator: 'in' },
        { type: 'cohort', cohort: 'B', operator: 'in' },
      ],
    });
    expect(criteriaFromArgs(['--did', 'X', '--exactly', '2', '--distinct-days', '--within', '4w'], false)).toEqual({
      type: 'behavior',
      event: 'X',
      count: { op: '==', value: 2 },
      distinctDays: true,
      window: { last: 4, unit: 'week' },
    });
    expect(criteriaFromArgs(['--store', 'x'], false)).toBeNull();
  });

  it('negates counts of --not-did: "not at least 3" is "fewer than 3"', () => {
    expect(criteriaFromArgs(['--not-did', 'X', '--at-least', '3'], false)).toMatchObject({ count: { op: '<', value: 3 } });
    expect(criteriaFromArgs(['--not-did', 'X', '--at-most', '3'], false)).toMatchObject({ count: { op: '>', value: 3 } });
    expect(criteriaFromArgs(['--not-did', 'X', '--exactly', '3'], false)).toMatchObject({ count: { op: '!=', value: 3 } });
  });

  it.each([
    [['--at-least', '3'], '--at-least must follow a --did'],
    [['--did', 'X', '--at-least', 'three'], 'needs a whole number'],
    [['--did', 'X', '--at-least', '1', '--at-most', '2'], 'was already given'],
    [['--did', 'X', '--within', 'soon'], 'expected a number of days'],
    [['--did', 'X', '--from', '2024-01-01'], '--from and --to go together'],
    [['--did', 'X', '--within', '3d', '--from', '2024-01-01', '--to', '2024-01-02'], 'not both'],
    [['--did', 'X', '--from', '2024-02-01', '--to', '2024-01-02'], 'is after'],
    [['--did'], 'needs a value'],
  ])('%j is an error', (words, message) => {
    expect(() => criteriaFromArgs(words, false)).toThrow(message);
  });

  it('checks selectors at once (caret)', () => {
    expect(() => criteriaFromArgs(['--where', 'properties["a"] =='], false)).toThrow(SelectorError);
  });
});
