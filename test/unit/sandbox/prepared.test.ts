// A context prepared by prewarmSandbox (stdlib installed before the script arrives)
// must behave exactly like a fresh one: same seeded Math.random and fixed Date.now,
// console lines routed to the session that uses it, errors placed in the user's file,
// params visible; and options that differ from the prepared ones get a fresh context.
import { afterEach, describe, expect, it } from 'vitest';
import { ScriptError } from '../../../src/errors.js';
import { openSession, prewarmSandbox, shutdownSandboxPool, type OpenOptions } from '../../../src/sandbox/index.js';

afterEach(() => shutdownSandboxPool());

const MEM = 64 << 20;
const NOW = Date.UTC(2024, 4, 1, 12);
const SCRIPT = `console.log(Math.random(), Math.random(), Date.now(), new Date().toISOString(), JSON.stringify(params));
function main() { return Events({from_date: '2024-01-01', to_date: '2024-01-31'}); }`;

/** The console lines and plan of one session over `source`. */
async function run(source: string, o: Partial<OpenOptions>): Promise<{ lines: string[]; plan: unknown }> {
  const lines: string[] = [];
  const s = await openSession({
    source,
    filename: 'q.js',
    params: { p: 1 },
    limits: { timeoutMs: 10_000, memoryBytes: MEM },
    onConsole: (l) => lines.push(l),
    ...o,
  });
  try {
    return { lines, plan: s.plan.stages };
  } finally {
    await s.close();
  }
}

describe('prepared sandbox context', () => {
  it('gives what a fresh context gives (seed, fixed now, params, console, plan)', async () => {
    const fresh = await run(SCRIPT, { seed: 7, nowMs: NOW });
    await shutdownSandboxPool();
    prewarmSandbox(MEM, 1, { seed: 7, nowMs: NOW });
    const prepared = await run(SCRIPT, { seed: 7, nowMs: NOW });
    expect(prepared).toEqual(fresh);
    expect(fresh.lines[0]).toContain('2024-05-01T12:00:00.000Z');
    expect(fresh.lines[0]).toContain('{"p":1}');
  });

  it('other options than the prepared ones: a fresh context with the session’s own seed', async () => {
    const want = await run(SCRIPT, { seed: 8 });
    await shutdownSandboxPool();
    prewarmSandbox(MEM, 1, { seed: 7, nowMs: NOW });
    const got = await run(SCRIPT, { seed: 8 });
    expect(got.lines[0]!.split(' ').slice(0, 2)).toEqual(want.lines[0]!.split(' ').slice(0, 2));
    expect(got.lines[0]).not.toContain('2024-05-01T12:00:00.000Z');
  });

  it('errors point at the user file and line', async () => {
    prewarmSandbox(MEM, 1, {});
    const e = await run('var a = 1;\n\nnull.x;\nfunction main() { return Events({}); }', { filename: 'mine.js' }).then(
      () => {
        throw new Error('expected a script error');
      },
      (err: Error) => err,
    );
    expect(e).toBeInstanceOf(ScriptError);
    expect(e.message).toMatch(/mine\.js:3/);
  });
});
