import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ScriptError } from '../../../src/errors.js';
import { explainPlan } from '../../../src/plan/index.js';
import { EV, main, recorder } from './record.js';

let r: Awaited<ReturnType<typeof recorder>>;
beforeAll(async () => {
  r = await recorder();
});
afterEach(() => r.check());

const stages = (expr: string, pre = '') => r.plan(main(expr, pre)).stages;
function invalid(src: string, re: RegExp, line?: number) {
  const e = r.error(src);
  expect(e).toBeInstanceOf(ScriptError);
  expect((e as ScriptError).kind).toBe('InvalidQuery');
  expect(e.message).toMatch(re);
  if (line !== undefined) expect((e as ScriptError).location?.line).toBe(line);
}

describe('sources', () => {
  it('Events with selectors, labels and a cohort', () => {
    const p = r.plan(
      main(
        `Events({from_date: '2024-01-01', to_date: '2024-01-31', event_selectors: [{event: 'Signup'}, {selector: 'properties["x"] > 1', label: 'big'}], cohort: 'vip'})`,
      ),
    );
    expect(p.source).toEqual({
      kind: 'events',
      fromDate: '2024-01-01',
      toDate: '2024-01-31',
      eventSelectors: [{ event: 'Signup' }, { selector: 'properties["x"] > 1', label: 'big' }],
      cohorts: ['vip'],
    });
    expect(p.stages).toEqual([]);
  });
  it('Date objects become their UTC date', () => {
    const p = r.plan(main(`Events({from_date: new Date(Date.UTC(2024, 0, 5, 23)), to_date: new Date('2024-02-01T00:30:00Z')})`));
    expect(p.source).toMatchObject({ fromDate: '2024-01-05', toDate: '2024-02-01' });
  });
  it('People with user_selectors and a list of cohorts; People() bare', () => {
    expect(r.plan(main(`People({user_selectors: [{selector: 'user["plan"] == "pro"'}], cohort: ['a', 'b']})`)).source).toEqual({
      kind: 'people',
      userSelectors: [{ selector: 'user["plan"] == "pro"' }],
      cohorts: ['a', 'b'],
    });
    expect(r.plan(main('People()')).source).toEqual({ kind: 'people', userSelectors: [], cohorts: [] });
  });
  it('join in either order, with type, selectors and cohort', () => {
    const a = r.plan(main(`join(${EV}, People(), {type: 'left', selectors: [{event: 'A', selector: 'user["x"]'}], cohort: 'c'})`)).source;
    const b = r.plan(main(`join(People(), ${EV}, {type: 'left', selectors: [{event: 'A', selector: 'user["x"]'}], cohort: 'c'})`)).source;
    expect(a).toEqual(b);
    expect(a).toMatchObject({ kind: 'join', type: 'left', cohorts: ['c'], events: { kind: 'events' }, people: { kind: 'people' } });
    expect(r.plan(main(`join(${EV}, People())`)).source).toMatchObject({ type: 'full', selectors: [] });
  });
});

describe('transformations', () => {
  it('filter, map, flatten, sortAsc/sortDesc with paths and functions', () => {
    expect(
      stages(
        `${EV}.filter(function (e) { return e.properties.country == 'US'; }).map(e => e.name).flatten().sortAsc('properties.n').sortDesc(function (x) { return x.value; })`,
      ),
    ).toEqual([
      { kind: 'filter', fn: 0 },
      { kind: 'map', fn: 1 },
      { kind: 'flatten' },
      { kind: 'sortAsc', accessor: { kind: 'path', path: 'properties.n' } },
      { kind: 'sortDesc', accessor: { kind: 'fn', fnId: 2, reads: ['value'] } },
    ]);
    const p = r.plan(main(`${EV}.filter(function (e) { return e.properties.country == 'US'; })`));
    expect(p.fns).toEqual([{ id: 0, reads: ['properties.country'], name: '' }]);
  });
  it('the same function object used twice gets one id', () => {
    const p = r.plan(main(`${EV}.filter(keep).filter(keep)`, 'function keep(e) { return e.x; }'));
    expect(p.stages).toEqual([
      { kind: 'filter', fn: 0 },
      { kind: 'filter', fn: 0 },
    ]);
    expect(p.fns[0]!.name).toBe('keep');
  });
  it('reduce with one reducer, a list, and a custom function', () => {
    expect(stages(`${EV}.reduce(mixpanel.reducer.count())`)).toEqual([
      { kind: 'reduce', reducers: [{ kind: 'builtin', name: 'count', args: [] }], list: false },
    ]);
    expect(stages(`${EV}.reduce([mixpanel.reducer.sum('properties.n'), function (accs, items) { return accs.length + items.length; }])`)).toEqual([
      {
        kind: 'reduce',
        list: true,
        reducers: [
          { kind: 'builtin', name: 'sum', args: [], accessor: { kind: 'path', path: 'properties.n' } },
          { kind: 'fn', fnId: 0 },
        ],
      },
    ]);
  });
  it('every built-in reducer', () => {
    const [st] = stages(`${EV}.reduce([
      mixpanel.reducer.count({account_for_sampling: true}), mixpanel.reducer.sum('a'), mixpanel.reducer.avg('a', {account_for_sampling: true}),
      mixpanel.reducer.min('a'), mixpanel.reducer.max('a'), mixpanel.reducer.min_by('a'), mixpanel.reducer.max_by('event.sampling_factor'),
      mixpanel.reducer.numeric_summary('a'), mixpanel.reducer.numeric_percentiles('a', [50, 90]), mixpanel.reducer.numeric_percentiles('a', 50),
      mixpanel.reducer.top(5), mixpanel.reducer.any(), mixpanel.reducer.null(), mixpanel.reducer.noop(), mixpanel.reducer.object_merge(),
      mixpanel.reducer.count_unique('distinct_id'), mixpanel.reducer.sum(mixpanel.to_number('properties.s'))])`);
    const rs = (st as { reducers: Array<{ name: string; args: unknown[]; options?: unknown; accessor?: unknown }> }).reducers;
    expect(rs.map((x) => x.name)).toEqual([
      'count',
      'sum',
      'avg',
      'min',
      'max',
      'min_by',
      'max_by',
      'numeric_summary',
      'numeric_percentiles',
      'numeric_percentiles',
      'top',
      'any',
      'null',
      'noop',
      'object_merge',
      'count_unique',
      'sum',
    ]);
    expect(rs[0]!.options).toEqual({ account_for_sampling: true });
    expect(rs[2]!.options).toEqual({ account_for_sampling: true });
    expect(rs[8]!.args).toEqual([[50, 90]]);
    expect(rs[10]!.args).toEqual([5]);
    expect(rs[16]!.accessor).toEqual({ kind: 'to_number', inner: { kind: 'path', path: 'properties.s' } });
  });
  it('reducers are enumerable: mixpanel.reducer[params.task]', () => {
    const p = r.plan(main(`${EV}.reduce(mixpanel.reducer[params.task]('properties.n'))`), { task: 'max' });
    expect(p.stages[0]).toMatchObject({ reducers: [{ name: 'max' }] });
    expect(r.plan(main(`Object.keys(mixpanel.reducer).length > 10 ? ${EV} : null`)).stages).toEqual([]);
  });
  it('groupBy with paths, functions, multiple_keys, numeric_bucket variants and to_*', () => {
    const [st] = stages(`${EV}.groupBy([
      'properties.$city', function (e) { return e.name; }, mixpanel.multiple_keys('properties.tags'),
      mixpanel.numeric_bucket('time', mixpanel.daily_time_buckets), mixpanel.numeric_bucket('properties.n', [0, 10, 100]),
      mixpanel.numeric_bucket(mixpanel.to_number('properties.s'), {bucket_size: 5, offset: 1}), mixpanel.numeric_bucket('properties.n', []),
      mixpanel.to_string('properties.b'), mixpanel.to_boolean('properties.c'), mixpanel.numeric_bucket('time', mixpanel.hourly_time_buckets)],
      [mixpanel.reducer.count()])`);
    expect(st).toEqual({
      kind: 'groupBy',
      list: true,
      reducers: [{ kind: 'builtin', name: 'count', args: [] }],
      keys: [
        { kind: 'path', path: 'properties.$city' },
        { kind: 'fn', fnId: 0, reads: ['name'] },
        { kind: 'multiple_keys', inner: { kind: 'path', path: 'properties.tags' } },
        { kind: 'numeric_bucket', inner: { kind: 'path', path: 'time' }, spec: { time_buckets: 'daily' } },
        { kind: 'numeric_bucket', inner: { kind: 'path', path: 'properties.n' }, spec: [0, 10, 100] },
        { kind: 'numeric_bucket', inner: { kind: 'to_number', inner: { kind: 'path', path: 'properties.s' } }, spec: { bucket_size: 5, offset: 1 } },
        { kind: 'numeric_bucket', inner: { kind: 'path', path: 'properties.n' }, spec: [] },
        { kind: 'to_string', inner: { kind: 'path', path: 'properties.b' } },
        { kind: 'to_boolean', inner: { kind: 'path', path: 'properties.c' } },
        { kind: 'numeric_bucket', inner: { kind: 'path', path: 'time' }, spec: { time_buckets: 'hourly' } },
      ],
    });
  });
  it('every time bucket constant', () => {
    for (const u of ['hourly', 'daily', 'weekly', 'monthly', 'quarterly', 'annual']) {
      const [st] = stages(`${EV}.groupBy([mixpanel.numeric_bucket('time', mixpanel.${u}_time_buckets)], mixpanel.reducer.count())`);
      expect((st as { keys: Array<{ spec: unknown }> }).keys[0]!.spec).toEqual({ time_buckets: u });
    }
  });
  it('groupBy with a single key not in a list; slice on a derived row', () => {
    expect(stages(`${EV}.groupBy('name', mixpanel.reducer.count()).groupBy([mixpanel.slice('key', 0, 1)], mixpanel.reducer.sum('value'))`)).toEqual([
      { kind: 'groupBy', keys: [{ kind: 'path', path: 'name' }], reducers: [{ kind: 'builtin', name: 'count', args: [] }], list: false },
      {
        kind: 'groupBy',
        keys: [{ kind: 'slice', path: 'key', start: 0, limit: 1 }],
        reducers: [{ kind: 'builtin', name: 'sum', args: [], accessor: { kind: 'path', path: 'value' } }],
        list: false,
      },
    ]);
  });
  it('groupByUser with and without keys, after filters', () => {
    expect(stages(`${EV}.filter(e => e.x).groupByUser(function (state, items) { return (state || 0) + items.length; })`)[1]).toEqual({
      kind: 'groupByUser',
      keys: [],
      reducers: [{ kind: 'fn', fnId: 1 }],
      list: false,
    });
    expect(stages(`${EV}.groupByUser(['name'], [mixpanel.reducer.count()])`)[0]).toEqual({
      kind: 'groupByUser',
      keys: [{ kind: 'path', path: 'name' }],
      reducers: [{ kind: 'builtin', name: 'count', args: [] }],
      list: true,
    });
  });
  it('applyGroupLimits, internalLimitHierarchically and the mixpanel.reducer.applyGroupLimits alias', () => {
    const g = `${EV}.groupBy(['name'], mixpanel.reducer.count())`;
    expect(stages(`${g}.applyGroupLimits([10, 5], 100)`)[1]).toEqual({ kind: 'applyGroupLimits', limits: [10, 5], globalLimit: 100 });
    expect(stages(`${g}.internalLimitHierarchically([3])`)[1]).toEqual({ kind: 'applyGroupLimits', limits: [3] });
    expect(stages(`${g}.reduce(mixpanel.reducer.applyGroupLimits([2], 7))`)[1]).toEqual({ kind: 'applyGroupLimits', limits: [2], globalLimit: 7 });
  });
  it('the python mixpanel-jql client forms', () => {
    const src = `function main() { return Events({"from_date": "2016-04-01", "to_date": "2016-04-30"}).filter(function(e){return e.properties.B == 2}).groupBy([function(e){return e.name}, mixpanel.reducer.numeric_bucket(function(e){return e.properties.n}, [0, 5])], mixpanel.reducer.count()); }`;
    const p = r.plan(src);
    expect(p.stages[1]).toMatchObject({
      kind: 'groupBy',
      keys: [
        { kind: 'fn', reads: ['name'] },
        { kind: 'numeric_bucket', spec: [0, 5] },
      ],
    });
  });
  it('sortDesc after reduce(top(5)); chains are immutable', () => {
    expect(stages(`${EV}.reduce(mixpanel.reducer.top(5)).sortDesc('value')`).map((s) => s.kind)).toEqual(['reduce', 'sortDesc']);
    const p = r.plan(main('b', `var a = ${EV}; var b = a.filter(e => 1); var c = a.map(e => 2);`));
    expect(p.stages).toEqual([{ kind: 'filter', fn: 0 }]);
  });
  it('explain prints the plan', () => {
    const p = r.plan(main(`${EV}.filter(e => e.properties.x).groupBy(['name'], mixpanel.reducer.count()).applyGroupLimits([3])`));
    expect(explainPlan(p)).toBe(
      ['Events 2024-01-01..2024-01-31', '  filter fn#0 reads=[properties.x]', '  groupBy [name] count()', '  applyGroupLimits [3]'].join('\n'),
    );
  });
});

describe('InvalidQuery', () => {
  it('groupByUser misplaced, with the line of the call', () => {
    invalid(
      `function main() {\n  var q = ${EV}.map(e => e);\n  return q.groupByUser(mixpanel.reducer.count());\n}`,
      /groupByUser\(\) must come directly after the source/,
      3,
    );
    // QuickJS reports a multi-line chain at the line where its statement starts.
    invalid(`function main() {\n  return ${EV}\n    .map(e => e)\n    .groupByUser(mixpanel.reducer.count());\n}`, /groupByUser/, 2);
  });
  it('transformations inside join', () => {
    invalid(`function main() {\n  return join(\n    ${EV}.filter(e => 1),\n    People());\n}`, /join\(\) takes bare sources: move \.filter\(\)/, 3);
  });
  it('join needs one of each', () => invalid(main(`join(${EV}, ${EV})`), /one Events\(\.\.\.\) and one People/));
  it('bad join type', () => invalid(main(`join(${EV}, People(), {type: 'outer'})`), /type must be "full"/));
  it('bad and missing dates name the field', () => {
    invalid(main(`Events({from_date: '2024-1-01', to_date: '2024-01-31'})`), /from_date must be a date "YYYY-MM-DD"/, 3);
    invalid(main(`Events({from_date: '2024-01-01'})`), /needs to_date/);
    invalid(main(`Events({from_date: '2024-02-30', to_date: '2024-03-01'})`), /from_date is not a real date/);
    invalid(main(`Events({from_date: new Date('nope'), to_date: '2024-03-01'})`), /from_date is an invalid Date/);
    invalid(main('Events()'), /needs a spec object/);
  });
  it('unknown key types and object keys', () => {
    invalid(main(`${EV}.groupBy([42], mixpanel.reducer.count())`), /groupBy key 1 must be a property path string/);
    invalid(main(`${EV}.groupBy([{a: 1}], mixpanel.reducer.count())`), /groupBy key 1 must be .* got an object/);
    invalid(main(`${EV}.groupBy([mixpanel.reducer.count()], mixpanel.reducer.count())`), /where a key or accessor was expected/);
  });
  it('bad reducers and arguments', () => {
    invalid(main(`${EV}.reduce('count')`), /expected a reducer/);
    invalid(main(`${EV}.filter('properties.x')`), /\.filter\(\) needs a function/);
    invalid(main(`${EV}.groupBy(['name'])`), /needs keys and a reducer/);
    invalid(main(`${EV}.groupBy(['name'], mixpanel.reducer.count()).applyGroupLimits(5)`), /list of whole numbers/);
    invalid(main(`${EV}.groupBy([mixpanel.numeric_bucket('x', {})], mixpanel.reducer.count())`), /numeric_bucket needs/);
    invalid(main(`${EV}.reduce(mixpanel.reducer.top('x'))`), /top\(n\) needs a whole number/);
  });
  it('cohort must be names', () => invalid(main(`People({cohort: 5})`), /cohort must be a cohort name/));
  it('main() returning something else', () => {
    invalid(main('[1, 2]'), /main\(\) must return a query .* it returned an array/);
    invalid(main('undefined'), /it returned undefined/);
    invalid(main('mixpanel.reducer.count()'), /it returned a mixpanel.reducer descriptor/);
    invalid('var x = 1;', /must define a function main\(\)/);
  });
});
