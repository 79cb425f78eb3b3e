/**
 * `quarry import events` in a child Node with V8's GC on the allocating threads
 * (src/cli/import-process.ts, decision 0037): when it is chosen, that the child gets the
 * flag, and that the command's output, exit code and signals are the child's.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importProcessFlags, SINGLE_THREADED_GC } from '../../src/cli/import-process.js';
import { DEFAULT_PARSE_THREADS } from '../../src/ingest/parse-pool.js';
import { Store } from '../../src/store/index.js';
import { BIN, cleanTemp, cliEnv, REPO, runCli, startCli, tempDir } from '../helpers/index.js';

const FIX = path.resolve(import.meta.dirname, '../fixtures/events');
const fx = (n: string) => path.join(FIX, n);
const PRELOAD = path.join(REPO, 'test', 'helpers', 'exec-argv.cjs');

afterAll(cleanTemp);

describe('importProcessFlags', () => {
  const busy = DEFAULT_PARSE_THREADS + 1;
  it('import events with no core to spare for the GC helpers: a child with the flag', () => {
    expect(importProcessFlags(['import', 'events', 'a.jsonl'], [], {}, busy)).toEqual([SINGLE_THREADED_GC]);
    expect(importProcessFlags(['import', 'events', '-'], ['--max-old-space-size=4096'], {}, 2)).toEqual([SINGLE_THREADED_GC]);
  });

  it('more cores than the import keeps busy: here, unless asked', () => {
    expect(importProcessFlags(['import', 'events', 'a.jsonl'], [], {}, busy + 1)).toBeNull();
    expect(importProcessFlags(['import', 'events', 'a.jsonl'], [], { QUARRY_IMPORT_GC: 'single' }, busy + 1)).toEqual([SINGLE_THREADED_GC]);
  });

  it('other commands, the child itself, and QUARRY_IMPORT_GC=parallel: here', () => {
    for (const argv of [['import', 'people', 'p.jsonl'], ['run', 'q.js'], ['import'], ['events', 'import']]) {
      expect(importProcessFlags(argv, [], {}, 2)).toBeNull();
    }
    expect(importProcessFlags(['import', 'events', 'a.jsonl'], [SINGLE_THREADED_GC], {}, 2)).toBeNull();
    expect(importProcessFlags(['import', 'events', 'a.jsonl'], [], { QUARRY_IMPORT_GC: 'parallel' }, 2)).toBeNull();
  });
});

async function newStore(): Promise<string> {
  const dir = path.join(tempDir('quarry-import-process-'), 'store');
  expect((await runCli(['init', '--store', dir])).code).toBe(0);
  return dir;
}

/** The Node processes a command ran as, in start order: pid and flags. */
function processesOf(file: string): Array<{ pid: number; execArgv: string[] }> {
  return fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { pid: number; execArgv: string[] });
}

function collect(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (b) => (stdout += b));
  child.stderr!.on('data', (b) => (stderr += b));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe.concurrent('quarry import events in a child process', () => {
  const run = async (mode: 'single' | 'parallel', args: string[]) => {
    const file = path.join(tempDir('quarry-exec-'), 'processes');
    const child = startCli(args, { nodeArgs: ['-r', PRELOAD], env: { QUARRY_IMPORT_GC: mode, QUARRY_TEST_EXEC_FILE: file } });
    return { ...(await collect(child)), processes: processesOf(file) };
  };

  it('the child has the flag, and the import, its output and the store are those of the import in one process', async () => {
    const [a, b] = [await newStore(), await newStore()];
    const args = (dir: string) => ['import', 'events', fx('raw.jsonl'), fx('array.json.gz'), '--store', dir];
    const child = await run('single', args(a));
    const inProcess = await run('parallel', args(b));
    expect(child.processes).toHaveLength(2);
    expect(child.processes[0]!.execArgv).not.toContain(SINGLE_THREADED_GC);
    expect(child.processes[1]!.execArgv).toEqual([SINGLE_THREADED_GC, '-r', PRELOAD]);
    expect(inProcess.processes).toHaveLength(1);
    expect(child.stdout).toBe('read 8, imported 4 events, deduplicated 4, skipped 0\n');
    expect({ ...child, processes: [] }).toEqual({ ...inProcess, processes: [] });
    const events = (dir: string) => Store.open(dir).eventCount;
    expect(events(a)).toBe(4);
    expect(events(b)).toBe(4);
  });

  it('a failing import: the child exit code and message, nothing imported', async () => {
    const dir = await newStore();
    const args = ['import', 'events', fx('raw.jsonl'), fx('bad-records.jsonl'), '--strict', '--store', dir];
    const child = await run('single', args);
    const inProcess = await run('parallel', args);
    expect(child.processes).toHaveLength(2);
    expect(child.code).toBe(1);
    expect(child.stderr).toMatch(/^quarry: import aborted \(--strict\)/);
    expect({ ...child, processes: [] }).toEqual({ ...inProcess, processes: [] });
    expect(Store.open(dir).eventCount).toBe(0);
  });

  it('SIGTERM to the launcher ends the child by it, and the launcher dies of it too; nothing imported', async () => {
    const dir = await newStore();
    const file = path.join(tempDir('quarry-exec-'), 'processes');
    // Reading standard input that stays open: the import is still running when the signal comes.
    const child = spawn(process.execPath, ['-r', PRELOAD, BIN, 'import', 'events', '-', '--store', dir], {
      env: cliEnv({ QUARRY_IMPORT_GC: 'single', QUARRY_TEST_EXEC_FILE: file }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdin!.write(`${fs.readFileSync(fx('raw.jsonl'), 'utf8').trim()}\n`);
    const done = collect(child);
    for (let waited = 0; !(fs.existsSync(file) && processesOf(file).length === 2); waited += 20) {
      if (waited > 20_000) throw new Error('the import child did not start');
      await new Promise((r) => setTimeout(r, 20));
    }
    const importer = processesOf(file)[1]!.pid;
    expect(isAlive(importer)).toBe(true);
    child.kill('SIGTERM');
    const r = await done;
    expect(r.signal).toBe('SIGTERM');
    expect(isAlive(importer)).toBe(false);
    expect(Store.open(dir).eventCount).toBe(0);
  });
});
