// The public API through its real worker thread: the watchdog, worker deaths and
// everything that crosses the thread boundary.
import { afterAll, describe, expect, it } from 'vitest';
import { LimitError, ScriptError } from '../../../src/errors.js';
import { openSession, shutdownSandboxPool, type OpenOptions, type SandboxSession } from '../../../src/sandbox/index.js';
import { strings } from './columns.js';

afterAll(() => shutdownSandboxPool());

const EV = `Events({from_date: '2024-01-01', to_date: '2024-01-31'})`;
const open = (source: string, o: Partial<OpenOptions> = {}) =>
  openSession({ source, filename: 'q.js', params: {}, limits: { timeoutMs: 10_000, memoryBytes: 64 << 20 }, ...o });

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

describe('session', () => {
  it('plan, batches with a selection, stats, console routing', async () => {
    const lines: string[] = [];
    const s = await open(
      `console.log('hi', {a: 1});\nfunction main() { return ${EV}.filter(function (e) { console.warn(e.name); return e.name != 'b'; }).map(function (e) { return e.name; }); }`,
      {
        onConsole: (l, level) => lines.push(`${level} ${l}`),
      },
    );
    expect(s.plan.stages.map((x) => x.kind)).toEqual(['filter', 'map']);
    expect(s.plan.fns[0]!.reads).toEqual(['name']);
    const r = await s.runBatch({
      items: { kind: 'events', length: 4, columns: { name: strings(['a', 'b', 'c', 'd']) }, selection: Int32Array.from([1, 2, 3]) },
      steps: [
        { kind: 'filter', fn: 0 },
        { kind: 'map', fn: 1 },
      ],
    });
    expect(Array.from(r.rows)).toEqual([2, 3]); // physical rows
    expect(r.values).toEqual(['c', 'd']);
    expect(lines).toEqual(['log hi {"a":1}', 'warn b', 'warn c', 'warn d']);
    expect(s.stats).toMatchObject({ calls: 2, rowsIn: 3 });
    expect(s.stats.bytesIn).toBeGreaterThan(0);
    expect(s.stats.bytesOut).toBeGreaterThan(0);
    await s.close();
  });
  it('rows default to all when nothing is filtered; combine and user state across calls', async () => {
    const s = await open(`function main() { return ${EV}.groupByUser(function (state, items) {
      state = state || {first: new Date(items[0].time), n: 0};
      state.n += items.length; return state; }); }`);
    const batch = (ids: string[], t: number[]) => ({
      kind: 'events' as const,
      length: ids.length,
      columns: { distinctId: strings(ids), time: Float64Array.from(t) },
    });
    await s.userReduce(0, batch(['u1', 'u1', 'u2'], [0, 1, 2]), [
      ['u1', 2],
      ['u2', 1],
    ]);
    await s.userReduce(0, batch(['u1'], [3]), [['u1', 1]]);
    expect(await s.userResults(0)).toEqual([
      { key: 'u1', value: { first: '1970-01-01T00:00:00.000Z', n: 3 } },
      { key: 'u2', value: { first: '1970-01-01T00:00:00.002Z', n: 1 } },
    ]);
    const r = await s.runBatch({ items: { kind: 'json', items: [1, 2] }, steps: [{ kind: 'keys', fns: [0] }] }).catch((e: Error) => e);
    expect(r).toBeInstanceOf(Error); // a (state, items) reducer used as a key sees item 1 as state: items[0] throws
    await s.close();
  });
  it('script errors arrive as ScriptError with the user location', async () => {
    const e = await rejection(open('var a = 1;\nfunction main() {\n  return a.b.c;\n}'));
    expect(e).toBeInstanceOf(ScriptError);
    expect((e as ScriptError).location).toEqual({ file: 'q.js', line: 3, column: expect.any(Number) });
    expect(e.message).toMatch(/^q\.js:3:\d+ TypeError: cannot read property 'c' of undefined\n  return a\.b\.c;\n\s+\^/);
    const s = await open(`function main() {\n  return ${EV}.filter(function (e) {\n    return e.x.y;\n  });\n}`);
    const c = await rejection(s.runBatch({ items: { kind: 'json', items: [{}] }, steps: [{ kind: 'filter', fn: 0 }] }));
    expect((c as ScriptError).location?.line).toBe(3);
    // the session survives a script error in a callback
    expect((await s.runBatch({ items: { kind: 'json', items: [{ x: { y: 1 } }] }, steps: [{ kind: 'filter', fn: 0 }] })).rows).toEqual(Int32Array.from([0]));
    await s.close();
  });
  it('a reused worker starts clean', async () => {
    const a = await open(`leaked = 1; function main() { return ${EV}; }`);
    await a.close();
    const b = await open(`var __t = typeof leaked; function main() { return ${EV}.map(function () { return __t; }); }`);
    expect((await b.runBatch({ items: { kind: 'json', items: [0] }, steps: [{ kind: 'map', fn: 0 }] })).values).toEqual(['undefined']);
    await b.close();
  });
});

describe('limits through the worker', () => {
  it('an infinite loop in a filter: LimitError timeout, then the session is dead', async () => {
    const s = await open(`function main() { return ${EV}.filter(function () { for (;;) {} }); }`, { limits: { timeoutMs: 400, memoryBytes: 64 << 20 } });
    const e = await rejection(s.runBatch({ items: { kind: 'json', items: [1] }, steps: [{ kind: 'filter', fn: 0 }] }));
    expect(e).toBeInstanceOf(LimitError);
    expect((e as LimitError).limit).toBe('timeout');
    expect(e.message).toMatch(/--timeout SECONDS/);
    expect(await rejection(s.runBatch({ items: { kind: 'json', items: [1] }, steps: [] }))).toBeInstanceOf(LimitError);
    await s.close();
  });
  it('a worker stuck outside QuickJS is terminated by the watchdog', async () => {
    // 8 s: the session's clock includes the worker's start, slow on a loaded machine.
    const s = await open(`function main() { return ${EV}; }`, { limits: { timeoutMs: 8000, memoryBytes: 64 << 20 } });
    const t0 = Date.now();
    const e = await rejection((s as unknown as { call(m: object): Promise<unknown> }).call({ op: 'debugHang', ms: 60_000 }));
    expect(e).toBeInstanceOf(LimitError);
    expect((e as LimitError).limit).toBe('timeout');
    // Far below the 60 s hang: the watchdog ended it.
    expect(Date.now() - t0).toBeLessThan(30_000);
    await s.close();
  });
  it('a worker that exhausts its Node heap becomes a memory LimitError, not a crash', async () => {
    const s = await open(`function main() { return ${EV}; }`);
    const e = await rejection((s as unknown as { call(m: object): Promise<unknown> }).call({ op: 'debugHeap' }));
    expect(e).toBeInstanceOf(LimitError);
    expect((e as LimitError).limit).toBe('memory');
    await s.close();
  }, 60_000);
  it('memory: QuickJS heap limit and the capped wasm memory', async () => {
    const e = await rejection(
      open(`var a = []; for (;;) a.push(new Array(1000).join('x') + a.length);\nfunction main() {}`, { limits: { timeoutMs: 20_000, memoryBytes: 16 << 20 } }),
    );
    expect(e).toBeInstanceOf(LimitError);
    expect(e.message).toMatch(/\(16 MB\).*--memory MB/);
  });
  it('deep recursion: stack LimitError', async () => {
    const e = await rejection(open(`function f() { return f() + 1; }\nfunction main() { return f(); }`));
    expect((e as LimitError).limit).toBe('stack');
  });
});

export type { SandboxSession };
