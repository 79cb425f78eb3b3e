/**
 * `quarry import events` killed midway (SIGKILL: nothing runs; SIGINT: default
 * handler, also no cleanup) in a real child process leaves the store exactly as it
 * was; the next import takes over the stale lock, clears the orphaned files and works.
 * Needs `npm run build` (the child runs bin/quarry.js).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FILE, readManifestFile, referencedPaths, Store } from '../../../src/store/index.js';
import { cleanTemp, REPO, runCli, startCli, tempDir } from '../../helpers/index.js';

const FIX = path.resolve(import.meta.dirname, '../../fixtures/events');
const N = 300_000;
const DAYS = 60;
let big = '';

beforeAll(() => {
  big = path.join(tempDir('quarry-big-'), 'big.jsonl');
  const fd = fs.openSync(big, 'w');
  let s = '';
  for (let i = 0; i < N; i++) {
    const time = 1456790400 + Math.floor((i * DAYS * 86_400) / N);
    s += `{"event":"e${i % 5}","properties":{"time":${time},"distinct_id":"u${i % 997}","$insert_id":"big-${i}","n":${i},"s":"v${i % 13}"}}\n`;
    if (s.length > 1 << 20) {
      fs.writeSync(fd, s);
      s = '';
    }
  }
  fs.writeSync(fd, s);
  fs.closeSync(fd);
});
afterAll(cleanTemp);

/** Generation directories on disk, relative to the store. */
function generationDirs(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => /(^|\/)g\d+(\.arrow)?$/.test(f))
    .sort();
}

async function freshStore(): Promise<string> {
  const dir = path.join(tempDir('quarry-atomic-'), 'store');
  expect((await runCli(['init', '--store', dir])).code).toBe(0);
  const r = await runCli(['import', 'events', path.join(FIX, 'raw.jsonl'), '--store', dir]);
  expect(r.stdout).toBe('read 4, imported 4 events, skipped 0\n');
  return dir;
}

/**
 * Start the big import and send `signal` once `ready(dir)` holds (polled every 2 ms).
 * Resolves with how the child ended.
 */
function importAndKill(
  dir: string,
  signal: NodeJS.Signals,
  ready: (dir: string) => boolean,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; sent: boolean }> {
  const child = startCli(['import', 'events', big, '--store', dir]);
  let sent = false;
  const timer = setInterval(() => {
    if (!sent && ready(dir)) {
      sent = true;
      child.kill(signal);
    }
  }, 2);
  return new Promise((resolve) => {
    child.on('exit', (code, sig) => {
      clearInterval(timer);
      resolve({ code, signal: sig, sent });
    });
  });
}

const lockTakenFor = (ms: number) => {
  let since = 0;
  return (dir: string) => {
    if (!fs.existsSync(path.join(dir, LOCK_FILE))) return false;
    since ||= Date.now();
    return Date.now() - since >= ms;
  };
};
const writingPartitions = (dir: string) => {
  try {
    return fs.readdirSync(path.join(dir, 'events')).filter((d) => fs.existsSync(path.join(dir, 'events', d, 'g2'))).length >= 3;
  } catch {
    return false;
  }
};

describe('an event import killed midway leaves the store as before', () => {
  it('after a kill, importing the whole file again gives every event', async () => {
    const dir = await freshStore();
    expect((await importAndKill(dir, 'SIGKILL', writingPartitions)).signal).toBe('SIGKILL');
    const r = await runCli(['import', 'events', big, '--store', dir]);
    expect(r).toMatchObject({ code: 0, stdout: `read ${N}, imported ${N} events, skipped 0\n`, stderr: '' });
    const s = Store.open(dir);
    expect(s.eventCount).toBe(N + 4);
    expect(s.days().length).toBe(DAYS);
    expect(s.users.size).toBe(997 + 2);
  });

  const cases: [string, NodeJS.Signals, (dir: string) => boolean][] = [
    ['SIGKILL while reading', 'SIGKILL', lockTakenFor(150)],
    ['SIGKILL while writing partitions', 'SIGKILL', writingPartitions],
    ['SIGINT while writing partitions', 'SIGINT', writingPartitions],
  ];
  it('SIGKILL while spilling to staging partitions (importEvents with a small spillRows)', async () => {
    const dir = await freshStore();
    const manifest = fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8');
    const dist = (p: string) => pathToFileURL(path.join(REPO, 'dist', 'src', p)).href;
    const script = `const { importEvents, fileInputs } = await import(${JSON.stringify(dist('ingest/index.js'))});
const { Store } = await import(${JSON.stringify(dist('store/index.js'))});
await importEvents(Store.open(process.argv[1]), fileInputs([process.argv[2]]), { spillRows: 20000 });
console.log('done');`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, dir, big], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b) => (out += b));
    const staged = () => {
      try {
        return fs.readdirSync(path.join(dir, 'staging')).length >= 3;
      } catch {
        return false;
      }
    };
    const timer = setInterval(() => staged() && child.kill('SIGKILL'), 2);
    const sig = await new Promise((resolve) => child.on('exit', (_c, s) => resolve(s)));
    clearInterval(timer);
    expect(sig).toBe('SIGKILL');
    expect(out).toBe('');
    expect(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')).toBe(manifest);
    expect(Store.open(dir).eventCount).toBe(4);
    const next = await runCli(['import', 'events', path.join(FIX, 'bom-crlf.jsonl'), '--store', dir]);
    expect(next).toMatchObject({ code: 0, stderr: '' });
    expect(generationDirs(dir).filter((g) => g.startsWith('staging'))).toEqual([]);
    expect(Store.open(dir).eventCount).toBe(6);
  });

  it.each(cases)('%s', async (_what, signal, ready) => {
    const dir = await freshStore();
    const manifest = fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8');
    const prev = fs.readFileSync(path.join(dir, 'manifest.prev.json'), 'utf8');
    const before = generationDirs(dir);

    const end = await importAndKill(dir, signal, ready);
    expect(end).toEqual({ code: null, signal, sent: true });

    // The lock of the dead process is still there...
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(true);
    if (ready === writingPartitions) expect(generationDirs(dir).length).toBeGreaterThan(before.length);
    // ...but the store is exactly the previous state.
    expect(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')).toBe(manifest);
    expect(fs.readFileSync(path.join(dir, 'manifest.prev.json'), 'utf8')).toBe(prev);
    const s = Store.open(dir);
    expect(s.eventCount).toBe(4);
    expect(s.users.ids).toEqual(['alice', 'bob']);
    expect(s.openPartition('2016-03-01').name.dictionary).toEqual(['signup', 'view']);
    const info = await runCli(['info', '--json', '--store', dir]);
    expect(info.code).toBe(0);
    expect(JSON.parse(info.stdout)).toMatchObject({ events: 4, days: 2, users: 2 });

    // The next import takes over the stale lock, clears the orphans, and works.
    // (A small file keeps the test fast; the big one imports in the CLI tests' time budget too.)
    const next = await runCli(['import', 'events', path.join(FIX, 'bom-crlf.jsonl'), '--store', dir]);
    expect(next.stderr).toBe('');
    expect(next.stdout).toBe('read 2, imported 2 events, skipped 0\n');
    expect(next.code).toBe(0);
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    const after = Store.open(dir);
    expect(after.eventCount).toBe(6);
    expect(after.users.ids).toEqual(['alice', 'bob', 'u1']);
    expect(after.manifest.generation).toBe(2);
    // Every generation on disk belongs to the current or previous manifest.
    const keep = new Set([...referencedPaths(readManifestFile(dir)!), ...referencedPaths(readManifestFile(dir, 'manifest.prev.json')!)]);
    expect(generationDirs(dir).filter((g) => !keep.has(g))).toEqual([]);
  });
});
