// Escapes and limits, in-thread on a leak-checked module: each must be contained
// AND leave no handle or allocation behind.
import { describe, expect, it } from 'vitest';
import { LimitError } from '../../../src/errors.js';
import { SandboxHost, type HostOpenOptions } from '../../../src/sandbox/host.js';
import { Packer } from '../../../src/sandbox/marshal/pack.js';
import { leakCheckedModule } from '../../helpers/leak-check.js';

const mod = leakCheckedModule(512 * 1024 * 1024);

const EV = `Events({from_date: '2024-01-01', to_date: '2024-01-31'})`;

function open(source: string, limits: Partial<HostOpenOptions['limits']> = {}) {
  const l = { timeoutMs: 5000, memoryBytes: 32 << 20, ...limits };
  return SandboxHost.open(mod(), { source, filename: 'script.js', params: {}, limits: l, deadlineMs: Date.now() + l.timeoutMs });
}

function mapOne(fnSrc: string, item: unknown = {}, limits: Partial<HostOpenOptions['limits']> = {}) {
  const h = open(`function main() { return ${EV}.map(${fnSrc}); }`, limits);
  try {
    return h.runBatch(new Packer().pack({ kind: 'json', items: [item] }), [{ kind: 'map', fn: 0 }]).values![0];
  } finally {
    h.close();
  }
}

function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('escapes are contained', () => {
  it('constructor chains reach only the guest', () => {
    expect(
      mapOne(
        `function () { var g = this.constructor.constructor('return this')(); return [this.constructor.constructor('return typeof process')(), typeof g.process, typeof g.require, typeof g.Q, Object.keys(g).indexOf('Q')]; }`,
      ),
    ).toEqual(['undefined', 'undefined', 'undefined', 'undefined', -1]);
    const e = thrown(() => mapOne(`function (e) { return e.constructor.constructor('return process')(); }`));
    expect(e.message).toMatch(/ReferenceError: 'process' is not defined/);
  });
  it('quarry internals are not reachable from globals', () => {
    expect(mapOne(`function () { return Object.getOwnPropertyNames(globalThis).filter(function (k) { return /quarry|^Q$|__q/.test(k); }); }`)).toEqual([]);
  });
  it('__proto__ keys in returned JSON do not pollute host objects', () => {
    const v = mapOne(
      `function () { var o = JSON.parse('{"__proto__": {"polluted": 1}, "a": {"__proto__": {"deep": 2}}}'); o.b = {}; o.b['__proto__'] = 5; return o; }`,
    ) as Record<string, unknown>;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).deep).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(v, '__proto__')).toBe(true);
    expect((v.__proto__ as Record<string, unknown>).polluted).toBe(1);
    const copy: Record<string, unknown> = {};
    for (const k of Object.keys(v)) Object.defineProperty(copy, k, { value: v[k], enumerable: true });
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
  });
  it('getters on returned objects run in the guest; only their JSON crosses', () => {
    expect(
      mapOne(
        `function () { var o = {get x() { return 42; }}; Object.defineProperty(o, 'hidden', {get: function () { throw new Error('no'); }, enumerable: false}); return o; }`,
      ),
    ).toEqual({ x: 42 });
    const e = thrown(() => mapOne(`function () { return {get x() { while (true) {} }}; }`, {}, { timeoutMs: 300 }));
    expect(e).toBeInstanceOf(LimitError);
  });
  it('toJSON tricks and monkeypatched builtins cannot forge results', () => {
    expect(mapOne(`function () { JSON.stringify = function () { return '{"rows": 1}'; }; return 1; }`)).toBe(1);
  });
});

describe('limits', () => {
  it('while(true) in top-level code, main(), a filter and a reducer', () => {
    for (const src of ['while (true) {}\nfunction main() {}', `function main() { for (;;) {} }`]) {
      const e = thrown(() => open(src, { timeoutMs: 200 }));
      expect(e).toBeInstanceOf(LimitError);
      expect((e as LimitError).limit).toBe('timeout');
      expect(e.message).toMatch(/time limit \(0\.2 s\); raise it with --timeout SECONDS/);
    }
    const h = open(`function main() { return ${EV}.filter(function () { while (true) {} }).reduce(function (a, items) { for (;;) {} }); }`, { timeoutMs: 300 });
    const items = new Packer().pack({ kind: 'json', items: [1] });
    expect(thrown(() => h.runBatch(items, [{ kind: 'filter', fn: 0 }]))).toBeInstanceOf(LimitError);
    expect(thrown(() => h.runBatch(items, [{ kind: 'reduce', fn: 1, groupsFrom: 'all' }]))).toBeInstanceOf(LimitError);
    h.close();
  });
  it('promise jobs that never end meet the deadline', () => {
    const e = thrown(() => open(`(function loop() { Promise.resolve().then(loop); })();\nfunction main() { return ${EV}; }`, { timeoutMs: 300 }));
    expect(e).toBeInstanceOf(LimitError);
    expect((e as LimitError).limit).toBe('timeout');
  });
  it('huge strings and big arrays hit the memory limit', () => {
    for (const src of [`var s = 'x'; for (;;) s += s;`, `var a = []; for (;;) a.push({n: a.length, s: 'abc' + a.length});`]) {
      const e = thrown(() => open(`${src}\nfunction main() {}`));
      expect(e).toBeInstanceOf(LimitError);
      expect((e as LimitError).limit).toBe('memory');
      expect(e.message).toMatch(/memory .*\(32 MB\).*raise it with --memory MB/);
    }
  });
  it('deep recursion hits the stack limit cleanly (and the runtime still disposes)', () => {
    const e = thrown(() => open(`function f(n) { return f(n + 1) + 1; }\nf(0);\nfunction main() {}`));
    expect(e).toBeInstanceOf(LimitError);
    expect((e as LimitError).limit).toBe('stack');
    expect(e.message).toMatch(/stack .*256 KB.* at script\.js:1:\d+/);
    const h = open(`function f(n) { return f(n + 1) + 1; }\nfunction main() { return ${EV}.map(function (x) { return f(0); }); }`);
    expect(thrown(() => h.runBatch(new Packer().pack({ kind: 'json', items: [1] }), [{ kind: 'map', fn: 0 }]))).toBeInstanceOf(LimitError);
    h.close();
  });
  it('a user try/catch cannot swallow the timeout', () => {
    const e = thrown(() => open(`for (;;) { try { while (true) {} } catch (e) {} }\nfunction main() {}`, { timeoutMs: 200 }));
    expect(e).toBeInstanceOf(LimitError);
  });
});
