/**
 * The reducers' facts (src/reducer-facts/) against the forms that cannot import them:
 * the stdlib's JavaScript (mixpanel.js entries, reducer-functions.js) and the host
 * reducers (exec/reducers/). A fact changed in one place and not the other fails here.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeReducer } from '../../../src/exec/reducers/index.js';
import { REDUCER_NAMES, REDUCERS, reducerFacts } from '../../../src/reducer-facts/index.js';

const STDLIB = path.join(import.meta.dirname, '..', '..', '..', 'stdlib');
const mixpanelJs = fs.readFileSync(path.join(STDLIB, 'mixpanel.js'), 'utf8');
const functionsJs = fs.readFileSync(path.join(STDLIB, 'reducer-functions.js'), 'utf8');

/** Arguments that make a valid call of each reducer on the host (accessor at its position). */
const HOST_ARGS: Record<string, unknown[]> = { numeric_percentiles: ['v', [50]], top: [2] };

/** The entries of a `var <name> = { ... };` object literal in stdlib source: key -> its text. */
function entries(source: string, name: string): Map<string, string> {
  const start = source.indexOf(`var ${name} = {`);
  expect(start, `stdlib has var ${name}`).toBeGreaterThanOrEqual(0);
  const body = source.slice(start, source.indexOf('\n};', start));
  const out = new Map<string, string>();
  for (const m of body.matchAll(/^ {2}'?([\w$]+)'?: (.*?),?$/gm)) out.set(m[1]!, m[2]!);
  return out;
}

describe('reducer facts', () => {
  it('one file per reducer, names unique', () => {
    expect(new Set(REDUCER_NAMES).size).toBe(REDUCERS.length);
    for (const r of REDUCERS) expect(reducerFacts(r.name)).toBe(r);
    expect(reducerFacts('cnt')).toBeUndefined();
  });

  it("stdlib/mixpanel.js's mixpanel.reducer entries are the facts' sandbox forms, in order", () => {
    const stdlib = entries(mixpanelJs, 'reducers');
    const builtins = [...stdlib.keys()].filter((k) => reducerFacts(k) !== undefined);
    expect(builtins).toEqual(REDUCER_NAMES);
    for (const r of REDUCERS) expect(stdlib.get(r.name), r.name).toBe(r.sandbox.stdlib);
  });

  it("stdlib/reducer-functions.js has every reducer's function form, combining results as the facts say", () => {
    expect([...entries(functionsJs, 'IMPLS').keys()].sort()).toEqual([...REDUCER_NAMES].sort());
    for (const r of REDUCERS) expect(functionsJs.includes(`noCombine('${r.name}'`), r.name).toBe(!r.sandbox.combinesResults);
    const defaults = Object.fromEntries(REDUCERS.flatMap((r) => ('defaultAccessor' in r ? [[r.name, r.defaultAccessor]] : [])));
    const js = /var DEFAULT_ACCESSOR = (\{.*\});/
      .exec(functionsJs)![1]!
      .replace(/(\w+):/g, '"$1":')
      .replace(/'/g, '"');
    expect(JSON.parse(js)).toEqual(defaults);
  });

  it('the host runs every reducer under its name, mergeable as the facts say', () => {
    for (const r of REDUCERS) {
      const host = makeReducer({ name: r.name, args: HOST_ARGS[r.name] ?? [] });
      expect(host.name).toBe(r.name);
      expect(typeof host.merge === 'function').toBe(r.mergeable);
    }
  });

  it('order-free reducers give the same result, bit for bit, for any order of their items', () => {
    const value = fc.oneof(fc.integer({ min: -50, max: 50 }), fc.double({ min: -1e6, max: 1e6 }), fc.constantFrom(null, 'a', 'b', true));
    for (const r of REDUCERS.filter((f) => f.orderFree)) {
      fc.assert(
        fc.property(fc.array(value, { maxLength: 30 }), fc.func(fc.integer()), (vs, rank) => {
          const host = makeReducer({ name: r.name, args: HOST_ARGS[r.name] ?? [] });
          const run = (list: unknown[]) => host.result(list.reduce((acc, v) => host.add(acc, v, { distinct_id: v, v }), host.init()));
          const shuffled = vs
            .map((v, i) => ({ v, k: rank(i) }))
            .sort((a, b) => a.k - b.k)
            .map((x) => x.v);
          expect(run(shuffled), r.name).toEqual(run(vs));
        }),
        { numRuns: 50 },
      );
    }
  });
});
