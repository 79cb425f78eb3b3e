/**
 * Property: for random expressions from the grammar over random records, the
 * vectorized evaluator gives the row evaluator's verdict on every row, whatever
 * the batch size (1, 7, all rows), column encoding (typed, JSON text, dictionaries
 * with duplicates) or context. fast-check prints the seed and the expression text
 * of the smallest failing case.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { SelectorAst } from '../../src/selector/ast.js';
import { compileRow, compileVector, formatAst, parseSelector, type SelectorContext, type SelectorEnv, type SelectorRecord } from '../../src/selector/index.js';
import { batchOf, type ColumnOptions } from '../unit/selector/batch-helper.js';

/** SELECTOR_PROP_RUNS=5000 for a longer hunt. */
const RUNS = Number(process.env.SELECTOR_PROP_RUNS ?? 400);

const KEYS = ['a', 'b', 's', '$time', 'with space'];
const STRINGS = [
  '',
  'a',
  'A',
  'b',
  'US',
  'us',
  'false',
  'FALSE',
  '0',
  '2',
  ' 3 ',
  '12abc',
  '1e3',
  'NaN',
  '2016-03-01',
  '2016-03-01T10:00:00',
  '2016-03-01 10:00:00+02:00',
  '2016-03-15T12:00:00Z',
  '2016-03-15T12:00:00.999',
  '2016-02-30',
  '[1,2]',
  '["a"]',
  '{"x":1}',
  'San Francisco',
  'san',
  'é',
  '😀',
  '\uE000',
  'x,y',
];
const NUMBERS = [0, -0, 1, 2, 3, -1, 2.5, -2.5, 42.5, 0.1, 1458043200, 1458043200000, 4294967295, 4294967296, 1e21, 9e15];

const number = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...NUMBERS) },
  { weight: 3, arbitrary: fc.integer({ min: -3, max: 3 }) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
);
const string = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('US', 'a', '2', '2016-03-01') }, // a small core, so literals meet data
  { weight: 4, arbitrary: fc.constantFrom(...STRINGS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 4 }) },
);

const scalar: fc.Arbitrary<unknown> = fc.oneof(fc.constant(null), fc.boolean(), number, string);
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('x', 'y'), scalar, { maxKeys: 2 }) },
);
const bag = fc.dictionary(fc.constantFrom(...KEYS), value, { minKeys: 1, maxKeys: 5 });

const record: fc.Arbitrary<SelectorRecord> = fc.record(
  {
    properties: fc.option(bag, { nil: undefined, freq: 6 }),
    user: fc.option(bag, { nil: undefined, freq: 6 }),
    time: fc.option(fc.oneof(fc.constant(1458043200000), fc.integer({ min: 0, max: 2_000_000_000_000 })), { nil: undefined, freq: 6 }),
  },
  { requiredKeys: [] },
);

const FUNCTIONS: [string, number][] = [
  ['defined', 1],
  ['string', 1],
  ['number', 1],
  ['boolean', 1],
  ['datetime', 1],
  ['list', 1],
  ['floor', 1],
  ['ceil', 1],
  ['round', 1],
  ['has_prefix', 2],
  ['has_suffix', 2],
];

const { expr } = fc.letrec<{ expr: SelectorAst; leaf: SelectorAst }>((tie) => ({
  leaf: fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('access' as const),
        source: fc.constantFrom('properties' as const, 'user' as const, 'event' as const, 'behaviors' as const),
        key: fc.constantFrom(...KEYS),
      }),
    },
    { weight: 2, arbitrary: number.map((v) => ({ kind: 'literal' as const, value: v })) },
    { weight: 2, arbitrary: string.map((v) => ({ kind: 'literal' as const, value: v })) },
    { weight: 1, arbitrary: fc.boolean().map((v) => ({ kind: 'literal' as const, value: v })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'now' as const }) },
  ),
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 3, arbitrary: tie('leaf') },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(...FUNCTIONS)
        .chain(([fn, arity]) => fc.array(tie('expr'), { minLength: arity, maxLength: arity }).map((args) => ({ kind: 'call', fn, args }) as SelectorAst)),
    },
    { weight: 1, arbitrary: fc.array(tie('expr'), { maxLength: 3 }).map((items) => ({ kind: 'list' as const, items })) },
    { weight: 1, arbitrary: tie('expr').map((arg) => ({ kind: 'negate' as const, arg })) },
    { weight: 1, arbitrary: tie('expr').map((arg) => ({ kind: 'not' as const, arg })) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('arith' as const),
        op: fc.constantFrom('+' as const, '-' as const, '*' as const, '/' as const, '%' as const),
        left: tie('expr'),
        right: tie('expr'),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('compare' as const),
        op: fc.constantFrom('==' as const, '!=' as const, '<' as const, '<=' as const, '>' as const, '>=' as const, 'in' as const),
        left: tie('expr'),
        right: tie('expr'),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('logical' as const),
        op: fc.constantFrom('and' as const, 'or' as const),
        left: tie('expr'),
        right: tie('expr'),
      }),
    },
  ),
}));

/**
 * Expressions shaped like real selectors: comparisons of accessors, casts and
 * arithmetic against literals drawn from the same pools as the data, combined with
 * and/or/not. Random trees above mostly evaluate to undefined; these give batches
 * where some rows match and others do not.
 */
const access = fc.record({
  kind: fc.constant('access' as const),
  source: fc.constantFrom('properties' as const, 'user' as const, 'event' as const),
  key: fc.constantFrom('a', 'b', 's', '$time'),
}) as fc.Arbitrary<SelectorAst>;
const lit = fc.oneof(number, string, fc.boolean()).map((value) => ({ kind: 'literal', value }) as SelectorAst);
const call = (fn: string, ...args: SelectorAst[]) => ({ kind: 'call', fn, args }) as SelectorAst;
const operand: fc.Arbitrary<SelectorAst> = fc.oneof(
  { weight: 5, arbitrary: access },
  { weight: 3, arbitrary: lit },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom('string', 'number', 'boolean', 'datetime', 'list', 'floor', 'round'), access).map(([fn, a]) => call(fn, a)),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(access, fc.constantFrom('+', '-', '*', '/', '%'), lit).map(([left, op, right]) => ({ kind: 'arith', op, left, right }) as SelectorAst),
  },
  { weight: 1, arbitrary: fc.array(lit, { maxLength: 4 }).map((items) => ({ kind: 'list', items }) as SelectorAst) },
  { weight: 1, arbitrary: fc.array(fc.oneof(lit, access), { maxLength: 3 }).map((items) => ({ kind: 'list', items }) as SelectorAst) },
  { weight: 1, arbitrary: fc.constant({ kind: 'now' } as SelectorAst) },
);
const predicate: fc.Arbitrary<SelectorAst> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(operand, fc.constantFrom('==', '!=', '<', '<=', '>', '>=', 'in'), operand)
      .map(([left, op, right]) => ({ kind: 'compare', op, left, right }) as SelectorAst),
  },
  { weight: 1, arbitrary: operand.map((a) => call('defined', a)) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('has_prefix', 'has_suffix'), operand, operand).map(([fn, a, b]) => call(fn, a, b)) },
  { weight: 1, arbitrary: operand },
);
const { boolExpr } = fc.letrec<{ boolExpr: SelectorAst }>((tie) => ({
  boolExpr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: predicate },
    { weight: 1, arbitrary: tie('boolExpr').map((arg) => ({ kind: 'not', arg }) as SelectorAst) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(tie('boolExpr'), fc.constantFrom('and', 'or'), tie('boolExpr'))
        .map(([left, op, right]) => ({ kind: 'logical', op, left, right }) as SelectorAst),
    },
  ),
}));
const predicateText = boolExpr.map(formatAst);

/** The expression as selector text: the property shows (and shrinks) text, which is what users write. */
const expression = expr.map(formatAst);
const context = fc.constantFrom<SelectorContext>('event', 'user', 'join', 'export', 'engage');
const env = fc.record({
  timezone: fc.constantFrom('UTC', 'America/New_York', 'Asia/Kolkata'),
  nowSeconds: fc.constantFrom(1458475200, 1700000000),
}) as fc.Arbitrary<SelectorEnv>;
const options = fc.record({ forceJson: fc.boolean(), duplicateDictionary: fc.boolean(), viaCodec: fc.boolean() }) as fc.Arbitrary<ColumnOptions>;

/** Rows drawn (with repeats) from a few distinct records, as real batches repeat values. */
const rows = fc
  .tuple(fc.array(record, { minLength: 3, maxLength: 10 }), fc.array(fc.nat(), { minLength: 1, maxLength: 200 }))
  .map(([base, picks]) => picks.map((p) => base[p % base.length]!));

function vectorized(text: string, ctx: SelectorContext, e: SelectorEnv, records: SelectorRecord[], size: number, opts: ColumnOptions): number[] {
  const run = compileVector(parseSelector(text), ctx, e);
  const out: number[] = [];
  for (let i = 0; i < records.length; i += size) out.push(...run(batchOf(records.slice(i, i + size), opts)));
  return out;
}

describe('selector evaluators agree', () => {
  test('row verdict == vectorized verdict, batch sizes 1, 7 and all rows', () => {
    fc.assert(
      fc.property(expression, context, env, rows, options, (text, ctx, e, records, opts) => {
        const row = compileRow(parseSelector(text), ctx, e);
        const expected = records.map((r) => (row(r) ? 1 : 0));
        for (const size of [1, 7, records.length]) {
          expect(vectorized(text, ctx, e, records, size, opts), `batch size ${size}`).toEqual(expected);
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('predicate-shaped expressions (mixed verdicts within a batch) agree', () => {
    fc.assert(
      fc.property(predicateText, context, env, rows, options, (text, ctx, e, records, opts) => {
        const row = compileRow(parseSelector(text), ctx, e);
        const expected = records.map((r) => (row(r) ? 1 : 0));
        for (const size of [1, 7, records.length]) {
          expect(vectorized(text, ctx, e, records, size, opts), `batch size ${size}`).toEqual(expected);
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('and-chains of one-column predicates over a key most rows lack (the sparse conjunction) agree', () => {
    // Rows where `sp` (a key of one event name, like `amount` of Purchase) has a value
    // are at most 1 in 10, so compile-vector's sparse-and path visits only those rows.
    const sparseRows = fc
      .tuple(
        fc.array(record, { minLength: 2, maxLength: 6 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 99 }), value), { minLength: 16, maxLength: 200 }),
      )
      .map(([base, picks]) =>
        picks.map(([p, roll, v]) => {
          const r = base[p % base.length]!;
          const bag = (b: Record<string, unknown> | undefined) => {
            const out: Record<string, unknown> = { ...(b ?? {}) };
            delete out.sp;
            if (roll < 8) out.sp = v;
            else if (roll < 10) out.sp = null;
            return out;
          };
          return { ...r, properties: r.properties === undefined && roll >= 10 ? undefined : bag(r.properties), user: bag(r.user) } as SelectorRecord;
        }),
      );
    const column = fc.record({
      kind: fc.constant('access' as const),
      source: fc.constantFrom('properties' as const, 'user' as const),
      key: fc.constantFrom('sp', 'sp', 'a', 's'),
    }) as fc.Arbitrary<SelectorAst>;
    const onePredicate: fc.Arbitrary<SelectorAst> = fc.oneof(
      {
        weight: 6,
        arbitrary: fc
          .tuple(column, fc.constantFrom('==', '!=', '<', '<=', '>', '>=', 'in'), lit, fc.boolean())
          .map(([a, op, l, flip]) => ({ kind: 'compare', op, left: flip ? l : a, right: flip ? a : l }) as SelectorAst),
      },
      { weight: 1, arbitrary: column.map((a) => call('defined', a)) },
      { weight: 1, arbitrary: column.map((a) => ({ kind: 'not', arg: call('defined', a) }) as SelectorAst) },
      { weight: 1, arbitrary: fc.tuple(column, lit).map(([a, l]) => call('has_prefix', a, l)) },
      { weight: 1, arbitrary: fc.tuple(column, lit).map(([a, l]) => ({ kind: 'compare', op: '>', left: call('number', a), right: l }) as SelectorAst) },
      { weight: 1, arbitrary: column },
    );
    const chain = fc
      .array(onePredicate, { minLength: 2, maxLength: 4 })
      .map((ps) => formatAst(ps.reduce((left, right) => ({ kind: 'logical', op: 'and', left, right }) as SelectorAst)));
    fc.assert(
      fc.property(chain, fc.constantFrom<SelectorContext>('event', 'user', 'join'), env, sparseRows, options, (text, ctx, e, records, opts) => {
        const row = compileRow(parseSelector(text), ctx, e);
        const expected = records.map((r) => (row(r) ? 1 : 0));
        for (const size of [7, records.length]) {
          expect(vectorized(text, ctx, e, records, size, opts), `batch size ${size}`).toEqual(expected);
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('formatAst output parses back to the same tree text', () => {
    fc.assert(
      fc.property(expr, (ast) => {
        const once = formatAst(parseSelector(formatAst(ast)));
        expect(formatAst(parseSelector(once))).toBe(once);
      }),
      { numRuns: 300 },
    );
  });
});
