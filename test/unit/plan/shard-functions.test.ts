/**
 * The shard-function verdict (plan/shard-functions): compiled from source only when
 * every function sees only globals and main() cannot change what they see; any
 * doubt re-runs main() in the shards. Each case names the functions main() would
 * register by their text in the script.
 */
import { describe, expect, it } from 'vitest';
import type { FnInfo } from '../../../src/plan/index.js';
import { shardFunctions } from '../../../src/plan/shard-functions/index.js';

function verdict(script: string, texts: string[]) {
  const fns = texts.map((source, id) => ({ id, source, name: '', reads: null }) as FnInfo);
  return shardFunctions(fns, script);
}
const reasons = (script: string, texts: string[]) => {
  const v = verdict(script, texts);
  return v.mode === 'main' ? v.reasons : [];
};

const F = 'function (e) { return e.properties.n > t; }';

describe('compiled from source', () => {
  it('globals, params and top-level helpers', () => {
    const s = `var t = 3;\nfunction big(x) { return x > params.min; }\nfunction main() {\n  return Events({}).filter(function (e) { return big(e.properties.n) && e.properties.n > t; });\n}`;
    const fn = 'function (e) { return big(e.properties.n) && e.properties.n > t; }';
    expect(verdict(s, [fn])).toEqual({ mode: 'compiled', fns: [{ id: 0, start: s.indexOf(fn), end: s.indexOf(fn) + fn.length }] });
  });

  it('a top-level function passed by name comes from its global', () => {
    const s = 'function key(e) { return e.name; }\nfunction main() { return Events({}).groupBy([key], mixpanel.reducer.count()); }';
    expect(verdict(s, ['function key(e) { return e.name; }'])).toEqual({ mode: 'compiled', fns: [{ id: 0, global: 'key' }] });
  });

  it('a top-level counter in a function main() only records', () => {
    const s = 'var n = 0;\nfunction key(e) { n++; return e.name; }\nfunction main() { return Events({}).groupBy([key], mixpanel.reducer.count()); }';
    expect(verdict(s, ['function key(e) { n++; return e.name; }']).mode).toBe('compiled');
  });

  it('a groupByUser reducer that changes its state', () => {
    const fn = 'function (s, evs) { s = s || { n: 0 }; evs.forEach(function (e) { s.n++; }); return s; }';
    expect(verdict(`function main() { return Events({}).groupByUser(${fn}); }`, [fn]).mode).toBe('compiled');
  });

  it('a helper declared inside main() that closes over nothing', () => {
    const s = 'function main() {\n  function big(e) { return e.properties.n > 10; }\n  return Events({}).filter(big);\n}';
    expect(verdict(s, ['function big(e) { return e.properties.n > 10; }']).mode).toBe('compiled');
  });

  it('a named function expression calling itself', () => {
    const fn = 'function f(e, d) { return d ? f(e, d - 1) : e.name; }';
    expect(verdict(`function main() { return Events({}).map(${fn}); }`, [fn]).mode).toBe('compiled');
  });
});

describe('main() re-run in the shards', () => {
  it('a closure over a variable of main()', () => {
    expect(reasons(`function main() { var t = params.min; return Events({}).filter(${F}); }`, [F])).toEqual(['fn#0 closes over `t` (main)']);
  });

  it('a closure over a helper function declared in main()', () => {
    const fn = 'function (e) { return ok(e); }';
    const s = `function main() { function ok(e) { return true; } return Events({}).filter(${fn}); }`;
    expect(reasons(s, [fn])).toEqual(['fn#0 closes over `ok` (main)']);
  });

  it("a closure over another function's variable", () => {
    const s = `function make(t) { return ${F}; }\nfunction main() { return Events({}).filter(make(3)); }`;
    expect(reasons(s, [F])).toEqual(['fn#0 closes over `t` (make)']);
  });

  it('an arrow using the this of its enclosing function', () => {
    const fn = '(e) => this.ok';
    expect(reasons(`function main() { return Events({}).filter(${fn}); }`, [fn])).toEqual(['fn#0 uses `this` of main']);
  });

  it('main() writes a global the functions read', () => {
    const fn = 'function (e) { return e.properties.n > t; }';
    const r = reasons(`var t = 0;\nfunction main() { t = params.min; return Events({}).filter(${fn}); }`, [fn]);
    expect(r).toEqual(['main() may change what the functions see: a function writes the global `t` (line 2)']);
  });

  it('main() changes a global object, or draws a random number', () => {
    const fn = 'function (e) { return cfg.on; }';
    expect(reasons(`var cfg = {};\nfunction main() { cfg.on = true; return Events({}).filter(${fn}); }`, [fn])[0]).toMatch(/writes a property \(line 2\)/);
    expect(reasons(`var cfg = [];\nfunction main() { cfg.push(1); return Events({}).filter(${fn}); }`, [fn])[0]).toMatch(/calls `\.push`/);
    expect(reasons(`function main() { Math.random(); return Events({}).filter(${fn}); }`, [fn])[0]).toMatch(/calls `\.random`/);
    expect(reasons(`var add = Object.assign;\nfunction main() { add(cfg, {}); return Events({}).filter(${fn}); }`, [fn])[0]).toMatch(
      /takes `\.assign` as a value/,
    );
  });

  it('a counter in a function main() could call', () => {
    const s = 'var n = 0;\nfunction key(e) { n++; return e.name; }\nfunction main() { key({}); return Events({}).groupBy([key], mixpanel.reducer.count()); }';
    expect(reasons(s, ['function key(e) { n++; return e.name; }'])).toEqual([
      'main() may change what the functions see: a function writes the global `n` (line 2)',
    ]);
  });

  it('a script that could replace a collection step', () => {
    const s =
      'var n = 0;\nvar P = Object.getPrototypeOf(Events({}));\nfunction key(e) { n++; return e.name; }\nfunction main() { return Events({}).groupBy([key], mixpanel.reducer.count()); }';
    expect(reasons(s, ['function key(e) { n++; return e.name; }'])[0]).toMatch(/writes the global `n`/);
  });

  it('functions not written in the script, or written twice', () => {
    expect(reasons('function main() { return Events({}).filter(Boolean); }', ['function Boolean() {\n    [native code]\n}'])[0]).toMatch(
      /not a function written in the script/,
    );
    const s = `function main() { var a = Events({}).filter(${F}); return Events({}).filter(${F}); }`;
    expect(reasons(s, [F])[0]).toMatch(/appears more than once/);
  });

  it('a top-level function whose name is reassigned', () => {
    const s =
      'function key(e) { return e.name; }\nkey = function (e) { return 1; };\nfunction main() { return Events({}).groupBy([key], mixpanel.reducer.count()); }';
    expect(reasons(s, ['function key(e) { return e.name; }'])[0]).toMatch(/name is reassigned/);
  });

  it('arguments.callee: the function object itself', () => {
    const fn = 'function (e) { return arguments.callee.limit > 0; }';
    expect(reasons(`function main() { return Events({}).filter(${fn}); }`, [fn])[0]).toMatch(/arguments\.callee/);
  });

  it('eval, or a script acorn cannot parse', () => {
    const fn = 'function (e) { return eval("1"); }';
    expect(reasons(`function main() { return Events({}).filter(${fn}); }`, [fn])).toContain('fn#0 uses eval or with');
    expect(reasons('function main( { return 1 }', ['x'])).toEqual(['the script could not be parsed for scope analysis']);
  });
});
