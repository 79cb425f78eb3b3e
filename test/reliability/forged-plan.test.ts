/**
 * issue 9 item 8: the recorded plan does not trust shapes a script can build. Objects
 * shaped like quarry's old markers are plain data and get a clear InvalidQuery (exit
 * 1), never an internal error, another callback or a silently empty result; the
 * script cannot read the real markers (the mark is random and never in its reach).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ScriptError } from '../../src/errors.js';
import { EV, main, recorder } from '../unit/plan/record.js';

let r: Awaited<ReturnType<typeof recorder>>;
beforeAll(async () => {
  r = await recorder();
});
afterEach(() => r.check());

function invalid(src: string, re: RegExp): void {
  const e = r.error(src);
  expect(e).toBeInstanceOf(ScriptError);
  expect(e.message).toMatch(re);
  expect((e as ScriptError).location?.line).toBeGreaterThan(0);
}

describe('forged markers are plain data', () => {
  it('.filter({$fn: 0}) and .map({$fn: 0}) are not functions, even when function 0 exists', () => {
    invalid(main(`${EV}.filter({$fn: 0})`), /\.filter\(\) needs a function; got an object/);
    invalid(main(`${EV}.filter(function (e) { return true; }).map({$fn: 0})`), /\.map\(\) needs a function; got an object/);
  });
  it('join({$collection: ...}, People()) is not a collection', () => {
    invalid(
      main(`join({$collection: {source: {kind: 'events', args: []}, stages: []}}, People())`),
      /join\(\) first argument must be Events\(\.\.\.\) or People\(\.\.\.\); got an object/,
    );
    invalid(main(`join({$collection: {source: null, stages: null}}, People())`), /join\(\) first argument/);
  });
  it("from_date: {$date: 'not a date'} is not a Date", () => {
    invalid(
      main(`Events({from_date: {$date: 'not a date'}, to_date: '2024-01-31'})`),
      /from_date must be a date "YYYY-MM-DD" or a Date; got \{"\$date":"not a date"\}/,
    );
    invalid(main(`Events({from_date: {$date: '2024-01-01'}, to_date: '2024-01-31'})`), /from_date must be a date/);
    invalid(main(`Events({from_date: new Date('nope'), to_date: '2024-01-31'})`), /from_date is an invalid Date/);
    invalid(main(`Events({from_date: new Date(8.64e15), to_date: '2024-01-31'})`), /from_date is an invalid Date/);
  });
  it('hand-made mixpanel descriptors are not helpers', () => {
    invalid(main(`${EV}.reduce({$mp: 'reducer', name: 'count', args: []})`), /expected a reducer .*; got an object/);
    invalid(main(`${EV}.groupBy([{$mp: 'multiple_keys', inner: 'name'}], mixpanel.reducer.count())`), /groupBy key 1 must be .*; got an object/);
    invalid(main(`${EV}.reduce({$mp: 'applyGroupLimits', limits: [1]})`), /expected a reducer/);
  });
  it('a mutated real descriptor is still validated', () => {
    invalid(main(`${EV}.reduce(r)`, `var r = mixpanel.reducer.top(2); r.args = ['x'];`), /top\(n\) needs a whole number/);
    invalid(main(`${EV}.groupBy([k], mixpanel.reducer.count())`, `var k = mixpanel.slice('x', 0); k.start = {};`), /slice\(\) needs a whole number start/);
  });
  it('a collection cannot be built or read from its constructor or fields', () => {
    invalid(main(`new (${EV}.constructor)({}, {}, [])`), /collections are made by Events\(\), People\(\) and join\(\)/);
    const keys = r.plan(
      main(
        `${EV}.map(function () { return 1; })`,
        `
      var c = ${EV}.filter(function () { return true; });
      var seen = Object.getOwnPropertyNames(c).concat(Object.getOwnPropertySymbols(c).map(String));
      if (seen.length !== 0 || c._q !== undefined) throw new Error('collection internals visible: ' + seen);`,
      ),
    );
    expect(keys.stages).toHaveLength(1);
  });
  it('setters and toJSON a script installs on prototypes never see the plan', () => {
    const p = r.plan(
      main(
        `${EV}.filter(function (e) { return true; }).groupBy(['name'], mixpanel.reducer.count())`,
        `
      var marks = Object.keys;
      function saw(v) {
        if (v !== null && typeof v === 'object' && marks(v).some(function (k) { return k.indexOf('$quarry') === 0; })) throw new Error('saw a marker');
      }
      Object.defineProperty(Object.prototype, 'args', { set: saw, configurable: true });
      Object.defineProperty(Object.prototype, 'v', { set: saw, configurable: true });
      Object.defineProperty(Array.prototype, '0', { set: saw, configurable: true });
      Object.prototype.toJSON = function () { saw(this); return {}; };
      Array.prototype.push = function (v) { saw(v); };
      Array.prototype.join = function () { return 'x'; };`,
      ),
    );
    expect(p.stages.map((s) => s.kind)).toEqual(['filter', 'groupBy']);
  });
});
