/**
 * The sandbox worker of a `quarry run` compiles QuickJS under the one-run tiering budget
 * (src/sandbox/wasm-tiering.ts, decision 0043): recording main() sends no QuickJS function
 * to V8's optimizing compiler, whose background compiles a short run would otherwise pay
 * for and wait on at exit. A worker started with the default budget, as servers and shard
 * threads start them, does send some (else this test would prove nothing). V8 reports
 * each finished wasm compile with `--trace-wasm-compilation-times`. quarry sets the budget
 * only on the V8 versions it knows (wasm-tiering.ts), so elsewhere this is skipped.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const knownV8 = process.versions.v8.startsWith('11.3.');
const TRACE = '--trace-wasm-compilation-times';
const SCRIPT = 'function main() { return Events({from_date: "2024-01-01", to_date: "2024-01-31"}).groupBy(["name"], mixpanel.reducer.count()); }';
const optimized = (trace: string) => trace.split('\n').filter((l) => /using TurboFan/.test(l)).length;

describe.skipIf(!knownV8)('QuickJS tiering of a quarry run', () => {
  const dir = tempDir('quarry-tiering-');
  const script = path.join(dir, 'q.js');
  fs.writeFileSync(script, SCRIPT);

  it('a quarry run optimizes no QuickJS function; a default worker recording the same main() does', async () => {
    const store = path.join(dir, 'store');
    expect((await runCli(['init', '--store', store])).code).toBe(0);
    // Module by module (no bundle), so the trace flag does not make the bundles' code caches be rewritten.
    // The answer goes to a file: V8's trace lines share standard output with no line discipline.
    const out = path.join(dir, 'out.json');
    const run = await runCli(['run', script, '--store', store, '--out', out], { env: { QUARRY_NO_BUNDLE: '1' }, nodeArgs: [TRACE] });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toEqual([]);
    expect(optimized(run.stdout)).toBe(0);

    const sandbox = JSON.stringify(path.join(REPO, 'dist/src/sandbox/index.js'));
    const child = spawnSync(
      process.execPath,
      [
        TRACE,
        '--input-type=module',
        '-e',
        `const s = await import(${sandbox});
         const x = await s.openSession({ source: ${JSON.stringify(SCRIPT)}, filename: 'q.js', params: {}, limits: { timeoutMs: 60000, memoryBytes: 256 << 20 } });
         await x.close();`, // no shutdown: the exit waits for V8's background compiles, so each is reported
      ],
      { encoding: 'utf8' },
    );
    expect(child.status, child.stderr).toBe(0);
    expect(optimized(child.stdout)).toBeGreaterThan(0);
  });
});
