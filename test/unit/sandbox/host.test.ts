// The sandbox engine side, in-thread on a leak-checked module: every test ends with
// no QuickJS handle or allocation left behind.
import { describe, expect, it } from 'vitest';
import { ScriptError } from '../../../src/errors.js';
import { SandboxHost, type GuestStep, type HostOpenOptions } from '../../../src/sandbox/host.js';
import { Packer } from '../../../src/sandbox/marshal/pack.js';
import { leakCheckedModule } from '../../helpers/leak-check.js';
import type { GuestItems } from '../../../src/sandbox/marshal/columnar.js';
import { booleans, json, numbers, strings } from './columns.js';

const mod = leakCheckedModule();

const EV = `Events({from_date: '2024-01-01', to_date: '2024-01-31'})`;

function open(source: string, extra: Partial<HostOpenOptions> = {}) {
  return SandboxHost.open(mod(), {
    source,
    filename: 'script.js',
    params: {},
    limits: { timeoutMs: 5000, memoryBytes: 64 << 20 },
    deadlineMs: Date.now() + 5000,
    ...extra,
  });
}

/** A script whose main() registers `fns` in order: fn ids 0..n-1. */
function withFns(fns: string[], pre = '') {
  return `${pre}\nfunction main() { var q = ${EV}; ${fns.map((f) => `q = q.filter(${f});`).join(' ')} return q; }`;
}

function run(h: SandboxHost, items: GuestItems, steps: GuestStep[]) {
  return h.runBatch(new Packer().pack(items), steps);
}

function errorOf(f: () => unknown): ScriptError {
  try {
    f();
  } catch (e) {
    return e as ScriptError;
  }
  throw new Error('expected an error');
}

const events = (): GuestItems => ({
  kind: 'events',
  length: 4,
  columns: {
    name: strings(['a', 'b', 'a', 'c']),
    distinctId: strings(['u1', undefined, 'u2', 'u1']),
    time: new Float64Array([1000, 2000, 3000, 4000]),
    samplingFactor: null,
    properties: {
      country: strings(['US', 'FR', undefined, null]),
      n: numbers([1, 2.5, null, undefined]),
      ok: booleans([true, false, true, false]),
      tags: json([['x', 'y'], { k: 1 }, undefined, null]),
    },
  },
});

describe('items built in the guest', () => {
  it('are plain objects with the hosted fields', () => {
    const h = open(withFns(['function (e) { return JSON.stringify([e, Object.keys(e), Object.keys(e.properties), "distinct_id" in e, {...e}.name]) }']));
    const r = run(h, events(), [{ kind: 'map', fn: 0 }]);
    const rows = r.values!.map((v) => JSON.parse(v as string));
    expect(rows[0]).toEqual([
      { name: 'a', distinct_id: 'u1', time: 1000, sampling_factor: 1, properties: { country: 'US', n: 1, ok: true, tags: ['x', 'y'] } },
      ['name', 'distinct_id', 'time', 'sampling_factor', 'properties'],
      ['country', 'n', 'ok', 'tags'],
      true,
      'a',
    ]);
    // missing key -> absent; JSON null -> null; missing distinct_id -> undefined
    expect(rows[1][0]).toEqual({ name: 'b', time: 2000, sampling_factor: 1, properties: { country: 'FR', n: 2.5, ok: false, tags: { k: 1 } } });
    expect(rows[2][0].properties).toEqual({ n: null, ok: true });
    expect(rows[3][0].properties).toEqual({ country: null, ok: false, tags: null });
    h.close();
  });
  it('mutation, hasOwnProperty and for...in behave like plain objects', () => {
    const h = open(
      withFns([
        'function (e) { e.properties.extra = 1; delete e.time; var ks = []; for (var k in e) ks.push(k); return [ks, e.hasOwnProperty("name"), e.properties.extra] }',
      ]),
    );
    const r = run(h, events(), [{ kind: 'map', fn: 0 }]);
    expect(r.values![0]).toEqual([['name', 'distinct_id', 'sampling_factor', 'properties'], true, 1]);
    h.close();
  });
  it('only the sent columns appear, through a selection', () => {
    const h = open(withFns(['function (e) { return e }']));
    const r = run(h, { kind: 'events', length: 4, columns: { name: strings(['a', 'b', 'a', 'c']) }, selection: Int32Array.from([3, 1]) }, [
      { kind: 'map', fn: 0 },
    ]);
    expect(r.values).toEqual([{ name: 'c' }, { name: 'b' }]);
    h.close();
  });
  it('people and join items', () => {
    const h = open(withFns(['function (x) { return x }']));
    const people: GuestItems = {
      kind: 'people',
      length: 2,
      columns: {
        distinctId: strings(['u1', 'u2']),
        time: new Float64Array([5, 6]),
        lastSeen: new Float64Array([7, 8]),
        properties: { plan: strings(['pro', undefined]) },
      },
    };
    expect(run(h, people, [{ kind: 'map', fn: 0 }]).values).toEqual([
      { distinct_id: 'u1', time: 5, last_seen: 7, properties: { plan: 'pro' } },
      { distinct_id: 'u2', time: 6, last_seen: 8, properties: {} },
    ]);
    const joined: GuestItems = {
      kind: 'join',
      length: 3,
      events: { name: strings(['a', 'b', 'a']), distinctId: strings(['u1', 'u9', 'u1']) },
      people: { distinctId: strings(['u1', 'u9', 'u2']), properties: { plan: strings(['pro', 'x', 'free']) } },
      hasEvent: Uint8Array.from([1, 1, 0]),
      hasUser: Uint8Array.from([1, 0, 1]),
    };
    expect(run(h, joined, [{ kind: 'map', fn: 0 }]).values).toEqual([
      { distinct_id: 'u1', event: { name: 'a', distinct_id: 'u1' }, user: { distinct_id: 'u1', properties: { plan: 'pro' } } },
      { distinct_id: 'u9', event: { name: 'b', distinct_id: 'u9' } },
      { distinct_id: 'u2', user: { distinct_id: 'u2', properties: { plan: 'free' } } },
    ]);
    h.close();
  });
  it('large dictionaries travel as per-batch subsets', () => {
    const dict = Array.from({ length: 10000 }, (_, i) => `id${i}`);
    const col = strings(['id5', 'id9999', 'id5'], dict);
    const h = open(withFns(['function (e) { return e.distinct_id }']));
    expect(run(h, { kind: 'events', length: 3, columns: { distinctId: col } }, [{ kind: 'map', fn: 0 }]).values).toEqual(['id5', 'id9999', 'id5']);
    h.close();
  });
  it('cached dictionaries are sent once per session', () => {
    const packer = new Packer();
    const col = strings(['a', 'b']);
    const first = packer.pack({ kind: 'events', length: 2, columns: { name: col } });
    const second = packer.pack({ kind: 'events', length: 2, columns: { name: col } });
    expect(first.extraText).toContain('"a"');
    expect(second.extraText).not.toContain('"a"');
    const h = open(withFns(['function (e) { return e.name }']));
    expect(h.runBatch(first, [{ kind: 'map', fn: 0 }]).values).toEqual(['a', 'b']);
    expect(h.runBatch(second, [{ kind: 'map', fn: 0 }]).values).toEqual(['a', 'b']);
    h.close();
  });
});

describe('batched steps', () => {
  it('filter then map in one crossing; truthiness decides', () => {
    const h = open(
      withFns(['function (e) { return e.properties.country == "US" || e.properties.n > 2 ? e : undefined }', 'function (e) { return e.name + "!" }']),
    );
    const r = run(h, events(), [
      { kind: 'filter', fn: 0 },
      { kind: 'map', fn: 1 },
    ]);
    expect(Array.from(r.rows!)).toEqual([0, 1]);
    expect(r.values).toEqual(['a!', 'b!']);
    h.close();
  });
  it('values cross as JSON (§5): Dates become ISO strings, undefined members vanish or become null', () => {
    const h = open(
      withFns(['function (e) { return {d: new Date(0), u: undefined, l: [undefined, 1], f: function () {}} }', 'function (x) { return typeof x.d }']),
    );
    expect(run(h, { kind: 'json', items: [1] }, [{ kind: 'map', fn: 0 }]).values).toEqual([{ d: '1970-01-01T00:00:00.000Z', l: [null, 1] }]);
    // a later step in the same request sees the JSON form too
    expect(
      run(h, { kind: 'json', items: [1] }, [
        { kind: 'map', fn: 0 },
        { kind: 'map', fn: 1 },
      ]).values,
    ).toEqual(['string']);
    h.close();
  });
  it('keys: raw values, lists kept; object keys are InvalidQuery', () => {
    const h = open(withFns(['function (e) { return e.name }', 'function (e) { return e.properties.tags }', 'function (e) { return {a: 1} }']));
    const r = run(
      h,
      {
        kind: 'json',
        items: [
          { name: 'a', properties: { tags: ['x', 'y'] } },
          { name: 'b', properties: {} },
        ],
      },
      [{ kind: 'keys', fns: [0, 1] }],
    );
    expect(r.keys).toEqual([
      ['a', ['x', 'y']],
      ['b', null],
    ]);
    const e = errorOf(() => run(h, { kind: 'json', items: [{}] }, [{ kind: 'keys', fns: [2] }]));
    expect(e.kind).toBe('InvalidQuery');
    expect(e.message).toMatch(/key components must be strings/);
    h.close();
  });
  it('keys then reduce: groups by the spliced keys, key side effects reach the reducer', () => {
    const h = open(
      withFns([
        'function (e) { var d = e.date; delete e.date; return d }',
        'function (accs, items) { return {n: items.length, sawDate: items.some(function (i) { return "date" in i })} }',
      ]),
    );
    const items = [
      { date: '1', v: 1 },
      { date: '2', v: 2 },
      { date: '1', v: 3 },
    ];
    const r = run(h, { kind: 'json', items }, [
      { kind: 'keys', fns: [0] },
      { kind: 'reduce', fn: 1, groupsFrom: 'keys' },
    ]);
    expect(r.partials).toEqual([
      { keys: ['1'], value: { n: 2, sawDate: false } },
      { keys: ['2'], value: { n: 1, sawDate: false } },
    ]);
    h.close();
  });
  it('reduce over all rows and over engine-given groups; combine', () => {
    const h = open(
      withFns([
        'function (e) { return e.v > 1 }',
        'function (accs, items) { var s = 0; accs.forEach(function (a) { s += a; }); items.forEach(function (i) { s += i.v; }); return s; }',
      ]),
    );
    const items = { kind: 'json' as const, items: [{ v: 1 }, { v: 2 }, { v: 3 }] };
    expect(
      run(h, items, [
        { kind: 'filter', fn: 0 },
        { kind: 'reduce', fn: 1, groupsFrom: 'all' },
      ]).partials,
    ).toEqual([{ value: 5 }]);
    const given = run(h, items, [{ kind: 'reduce', fn: 1, groupsFrom: 'given', groups: { row: [0, 1, 2, 2], group: [7, 7, 7, 8] } }]);
    expect(given.partials).toEqual([
      { group: 7, value: 6 },
      { group: 8, value: 3 },
    ]);
    expect(h.combine(1, [[1, 2], [10], []])).toEqual([3, 10, 0]);
    h.close();
  });
});

describe('groupByUser state', () => {
  it('lives in the guest between calls: Dates and cyclic objects survive', () => {
    const h = open(
      withFns([
        `function (state, items) {
      if (state === undefined) { state = {first: new Date(items[0].time), n: 0, calls: 0}; state.self = state; }
      state.n += items.length; state.calls++;
      if (!(state.first instanceof Date) || state.self !== state) throw new Error('state lost');
      return state;
    }`,
        'function (state) { return {n: state.n, calls: state.calls, first: state.first} }',
      ]),
    );
    const batch = (ids: string[], times: number[]): GuestItems => ({
      kind: 'events',
      length: ids.length,
      columns: { distinctId: strings(ids), time: Float64Array.from(times) },
    });
    h.userReduce(0, new Packer().pack(batch(['u1', 'u1', 'u2'], [0, 1, 2])), [
      ['u1', 2],
      ['u2', 1],
    ]);
    h.userReduce(0, new Packer().pack(batch(['u1'], [86400000])), [['u1', 1]]);
    // Cyclic states come back with their cycles (a later step may remove them; only
    // the final output must be acyclic).
    const res = h.userResults(0) as Array<{ key: string; value: Record<string, unknown> }>;
    expect(res.map((r) => [r.key, r.value.n, r.value.calls, r.value.first])).toEqual([
      ['u1', 3, 2, '1970-01-01T00:00:00.000Z'],
      ['u2', 1, 1, '1970-01-01T00:00:00.002Z'],
    ]);
    for (const r of res) expect(r.value.self).toBe(r.value);
    h.close();
    const h2 = open(withFns(['function (state, items) { return (state || 0) + items.length }']));
    h2.userReduce(0, new Packer().pack({ kind: 'json', items: [1, 2, 3] }), [
      ['["u1"]', 2],
      ['["u2"]', 1],
    ]);
    h2.userReduce(0, new Packer().pack({ kind: 'json', items: [4] }), [['["u1"]', 1]]);
    expect(h2.userResults(0)).toEqual([
      { key: '["u1"]', value: 3 },
      { key: '["u2"]', value: 1 },
    ]);
    expect(h2.userResults(0)).toEqual([]); // cleared
    h2.close();
  });
  it('Dates in finished states serialize as ISO strings', () => {
    const h = open(
      withFns(['function (state, items) { return {first: state ? state.first : new Date(items[0].t), n: (state ? state.n : 0) + items.length} }']),
    );
    h.userReduce(0, new Packer().pack({ kind: 'json', items: [{ t: 0 }, { t: 5 }] }), [
      ['u', 1],
      ['u', 1],
    ]);
    expect(h.userResults(0)).toEqual([{ key: 'u', value: { first: '1970-01-01T00:00:00.000Z', n: 2 } }]);
    h.close();
  });
});

describe('script environment', () => {
  const evalMain = (src: string, extra: Partial<HostOpenOptions> = {}) => {
    const h = open(`${src}\nfunction main() { return ${EV}.map(function () { return __out; }); }`, extra);
    const v = h.runBatch(new Packer().pack({ kind: 'json', items: [0] }), [{ kind: 'map', fn: 0 }]).values![0];
    h.close();
    return v;
  };
  it('globals: module/exports/define/require/process/fetch/setTimeout absent; this is the global; _ is Underscore', () => {
    expect(
      evalMain(
        `var __out = [typeof module, typeof exports, typeof define, typeof require, typeof process, typeof fetch, typeof setTimeout, this === globalThis, _.VERSION, typeof _.mapObject, _.contains([1], 1), typeof fix_reducer_signature]`,
      ),
    ).toEqual(['undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'undefined', true, '1.13.8', 'function', true, 'function']);
  });
  it('sloppy mode, implicit globals, "use strict" scripts', () => {
    expect(evalMain(`implicit = 5; var __out = implicit;`)).toBe(5);
    expect(evalMain(`'use strict';\nvar __out = (function () { return this === undefined; })();`)).toBe(true);
  });
  it('params: {} by default, given, reassigned or redeclared', () => {
    expect(evalMain(`var __out = params;`)).toEqual({});
    expect(evalMain(`var __out = params.a;`, { params: { a: [1] } })).toEqual([1]);
    expect(evalMain(`params = {b: 2}; var __out = params;`, { params: { a: 1 } })).toEqual({ b: 2 });
    expect(evalMain(`var params = {c: 3}; var __out = params;`, { params: { a: 1 } })).toEqual({ c: 3 });
  });
  it('timezone is UTC; Date.now and new Date fixed by nowMs; Math.random seeded', () => {
    expect(evalMain(`var __out = [new Date(0).getTimezoneOffset(), new Date(0).getHours()];`)).toEqual([0, 0]);
    expect(
      evalMain(`var __out = [Date.now(), new Date().getTime(), _.now(), new Date(5).getTime(), new Date() instanceof Date, typeof Date()];`, { nowMs: 1e12 }),
    ).toEqual([1e12, 1e12, 1e12, 5, true, 'string']);
    const a = evalMain(`var __out = [Math.random(), Math.random()];`, { seed: 42 });
    const b = evalMain(`var __out = [Math.random(), Math.random()];`, { seed: 42 });
    const c = evalMain(`var __out = [Math.random(), Math.random()];`, { seed: 43 });
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });
  it('console.* goes to onConsole, never into results', () => {
    const lines: string[] = [];
    const h = open(`console.log('top', 1, {a: [1]}); console.warn('w');\nfunction main() { console.error(undefined, null); return ${EV}; }`, {
      onConsole: (l, level) => lines.push(`${level}:${l}`),
    });
    h.close();
    expect(lines).toEqual(['log:top 1 {"a":[1]}', 'warn:w', 'error:undefined null']);
  });
  it('fix_reducer_signature flattens', () => {
    expect(evalMain(`var __out = [fix_reducer_signature([[1], 2, [[3]]]), fix_reducer_signature(5), fix_reducer_signature()];`)).toEqual([[1, 2, 3], [5], []]);
  });
});

describe('errors point into the user file', () => {
  it('syntax errors', () => {
    const e = errorOf(() => open('var a = 1;\nfunction main() {\n  return (1 +;\n}'));
    expect(e).toBeInstanceOf(ScriptError);
    expect(e.kind).toBe('SyntaxError');
    expect(e.location).toEqual({ file: 'script.js', line: 3, column: 14 });
    expect(e.message.split('\n')).toEqual(["script.js:3:14 SyntaxError: unexpected token in expression: ';'", '  return (1 +;', '             ^']);
  });
  it('a script that ends before its braces close: said so, at the end of its last line', () => {
    const early = errorOf(() => open('function main() {\n  return Events({from_date: "2024-01-01"}).reduce(mixpanel.reducer.count())\n\n'));
    expect(early.location).toEqual({ file: 'script.js', line: 2, column: 76 });
    expect(early.message.split('\n')).toEqual([
      "script.js:2:76 SyntaxError: the script ends before every {, ( and [ is closed (QuickJS: unexpected token in expression: '')",
      '  return Events({from_date: "2024-01-01"}).reduce(mixpanel.reducer.count())',
      `${' '.repeat(75)}^`,
    ]);
    const open2 = errorOf(() => open('function main() {\n  return Events({from_date: "2024-01-01"\n'));
    expect(open2.message.split('\n')[0]).toBe("script.js:2:41 SyntaxError: the script ends before every {, ( and [ is closed (QuickJS: expecting '}')");
    // A missing comma before the last brace is not the end of the file: QuickJS's words.
    const comma = errorOf(() => open('function main() {\n  return [1 2];\n}'));
    expect(comma.message.split('\n')[0]).not.toContain('the script ends');
  });
  it('runtime errors in top-level code and in main()', () => {
    const e = errorOf(() => open('var x;\nvar y = x.country;\nfunction main() {}'));
    expect(e.kind).toBe('TypeError');
    expect(e.location).toMatchObject({ line: 2 });
    expect(e.message).toMatch(/^script\.js:2:\d+ TypeError: cannot read property 'country' of undefined/);
    const m = errorOf(() => open('function helper(o) {\n  return o.a.b;\n}\nfunction main() {\n  return helper({});\n}'));
    expect(m.location).toMatchObject({ line: 2 });
    expect(m.userStack).toMatch(/at helper \(script\.js:2:\d+\)\n\s+at main \(script\.js:5:\d+\)/);
  });
  it('runtime errors inside callbacks give the user function line', () => {
    const h = open(`function main() {\n  return ${EV}\n    .filter(function (e) {\n      return e.properties.country.length > 2;\n    });\n}`);
    const e = errorOf(() => run(h, { kind: 'json', items: [{ properties: {} }] }, [{ kind: 'filter', fn: 0 }]));
    expect(e.kind).toBe('TypeError');
    expect(e.location).toEqual({ file: 'script.js', line: 4, column: expect.any(Number) });
    expect(e.userStack).not.toMatch(/quarry:/);
    h.close();
  });
  it('thrown non-errors', () => {
    const e = errorOf(() => open(`throw {code: 7};`));
    expect(e.message).toMatch(/uncaught object|code/);
    const s = errorOf(() => open(`throw "boom";`));
    expect(s.message).toMatch(/boom/);
  });
});

describe('property names', () => {
  it('a property named __proto__ stays data', () => {
    const h = open(
      withFns(['function (e) { return [Object.keys(e.properties), Object.getPrototypeOf(e.properties) === Object.prototype, e.properties.__proto__] }']),
    );
    const r = run(
      h,
      {
        kind: 'events',
        length: 1,
        columns: {
          properties: Object.fromEntries([
            ['__proto__', strings(['x'])],
            ['a b', strings(['y'])],
          ]),
        },
      },
      [{ kind: 'map', fn: 0 }],
    );
    expect(r.values).toEqual([[['__proto__', 'a b'], true, 'x']]);
    h.close();
  });
});
