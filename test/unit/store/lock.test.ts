/** The writer lock: one writer at a time, named holder, stale takeover, readers never blocked. */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/errors.js';
import { importEvents } from '../../../src/ingest/index.js';
import { acquireLock, LOCK_FILE, removeStaleLock, Store } from '../../../src/store/index.js';
import { cleanTemp, rawEvent, tempStore } from '../../helpers/index.js';

afterAll(cleanTemp);

const inline = (values: unknown[]) => [{ label: 'in.json', records: values.map((value, i) => ({ line: i + 1, value })) }];
const writeLock = (dir: string, pid: number, command = 'import events x.json') =>
  fs.writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid, command, since: '2024-01-01T00:00:00.000Z' }));
/** A pid that belonged to a process that has exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

describe('writer lock', () => {
  it('a second writer gets a StoreError naming the holder pid and command (another live process)', async () => {
    const store = tempStore();
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      writeLock(store.dir, holder.pid!);
      const e = (() => {
        try {
          store.begin('second');
        } catch (x) {
          return x;
        }
      })();
      expect(e).toBeInstanceOf(StoreError);
      expect((e as Error).message).toBe(
        `the store at ${store.dir} is being written by another quarry process (pid ${holder.pid}, "import events x.json", since 2024-01-01T00:00:00.000Z). ` +
          `Wait for it to finish; if that process is gone, delete ${path.join(store.dir, LOCK_FILE)}.`,
      );
      await expect(importEvents(store, inline([rawEvent('e', 'u', 1456790400)]))).rejects.toThrow(`pid ${holder.pid}`);
      // The lock is still the holder's.
      expect(JSON.parse(fs.readFileSync(path.join(store.dir, LOCK_FILE), 'utf8')).pid).toBe(holder.pid);
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('two writers in one process: the second is refused too', () => {
    const store = tempStore();
    const tx = store.begin('first');
    expect(() => store.begin('second')).toThrow(StoreError);
    expect(() => store.begin('second')).toThrow(/another writer in this process \(pid \d+, "first"/);
    tx.abort();
    store.begin('third').abort();
  });

  it('a stale lock (dead pid) is taken over', async () => {
    const store = tempStore();
    writeLock(store.dir, deadPid());
    const r = await importEvents(store, inline([rawEvent('e', 'u', 1456790400)]));
    expect(r.imported).toBe(1);
    expect(fs.existsSync(path.join(store.dir, LOCK_FILE))).toBe(false);
  });

  it('a lock left by an earlier process with our pid (container restart) is stale', () => {
    const store = tempStore();
    writeLock(store.dir, process.pid);
    store.begin('after restart').abort();
  });

  it('an unreadable lock file is busy while fresh (its writer may be alive), taken over once old', () => {
    const store = tempStore();
    fs.writeFileSync(path.join(store.dir, LOCK_FILE), 'garbage{');
    expect(() => acquireLock(store.dir, 'x')).toThrow(/lock file that is being written or is damaged/);
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(path.join(store.dir, LOCK_FILE), old, old);
    const release = acquireLock(store.dir, 'x');
    expect(JSON.parse(fs.readFileSync(path.join(store.dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid, command: 'x' });
    release();
    release(); // idempotent
    expect(fs.existsSync(path.join(store.dir, LOCK_FILE))).toBe(false);
  });

  it('readers are not blocked by a write in progress and see the last committed state', async () => {
    const store = tempStore();
    await importEvents(store, inline([rawEvent('a', 'u', 1456790400)]));
    const tx = store.begin('slow write');
    tx.writeFile(`${tx.newDir('events/2016-03-01')}/name.arrow`, 'half written');
    const reader = Store.open(store.dir);
    expect(reader.eventCount).toBe(1);
    expect(reader.openPartition('2016-03-01').name.dictionary).toEqual(['a']);
    expect(reader.users.ids).toEqual(['u']);
    tx.abort();
  });

  it('a lock file just created and still empty is busy, not stale (the race of issue 9)', () => {
    const store = tempStore();
    fs.writeFileSync(path.join(store.dir, LOCK_FILE), '');
    expect(() => acquireLock(store.dir, 'x')).toThrow(StoreError);
    expect(fs.readFileSync(path.join(store.dir, LOCK_FILE), 'utf8')).toBe('');
  });

  it('a taker that judged a stale lock never removes the newer lock that replaced it', () => {
    const store = tempStore();
    const file = path.join(store.dir, LOCK_FILE);
    const stale = JSON.stringify({ pid: deadPid(), command: 'killed', since: '2024-01-01T00:00:00.000Z' });
    // Another process took the stale lock over and holds a new one...
    const live = JSON.stringify({ pid: process.pid, command: 'winner', since: '2024-01-01T00:00:01.000Z', token: 't' });
    fs.writeFileSync(file, live);
    // ...when a slower process, which read the stale content earlier, acts on it.
    removeStaleLock(store.dir, stale);
    expect(fs.readFileSync(file, 'utf8')).toBe(live);
    expect(fs.readdirSync(store.dir).filter((f) => f.startsWith('lock.'))).toEqual([]);
  });

  it('only one taker removes a stale lock: while one holds the takeover marker, others leave the lock alone', () => {
    const store = tempStore();
    const file = path.join(store.dir, LOCK_FILE);
    const stale = JSON.stringify({ pid: deadPid(), command: 'killed', since: '2024-01-01T00:00:00.000Z' });
    fs.writeFileSync(file, stale);
    const marker = path.join(store.dir, `${LOCK_FILE}.takeover-${createHash('sha256').update(stale).digest('hex').slice(0, 24)}`);
    fs.linkSync(file, marker); // a taker in the middle of its takeover
    removeStaleLock(store.dir, stale);
    expect(fs.readFileSync(file, 'utf8')).toBe(stale);
    fs.rmSync(marker);
    removeStaleLock(store.dir, stale);
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.existsSync(marker)).toBe(false);
  });

  it('a commit whose lock was removed meanwhile publishes nothing', async () => {
    const store = tempStore();
    await importEvents(store, inline([rawEvent('a', 'u', 1456790400)]));
    const tx = store.begin('loses its lock');
    tx.manifest.cohorts.push({ name: 'x', createdAt: '2024-01-01T00:00:00Z', members: [] });
    fs.rmSync(path.join(store.dir, LOCK_FILE));
    expect(() => tx.commit()).toThrow(/lost the writer lock/);
    tx.abort();
    expect(store.reopen().manifest.cohorts).toEqual([]);
    expect(store.reopen().eventCount).toBe(1);
  });
});

describe('writer lock: leftovers', () => {
  it('a lock temp file of a dead process is removed by the next write; one of a live process is kept', () => {
    const store = tempStore();
    const dead = path.join(store.dir, `${LOCK_FILE}.tmp-${deadPid()}-abc`);
    const live = path.join(store.dir, `${LOCK_FILE}.tmp-${process.ppid}-def`);
    fs.writeFileSync(dead, '{}');
    fs.writeFileSync(live, '{}');
    store.begin('gc').abort();
    expect(fs.existsSync(dead)).toBe(false);
    expect(fs.existsSync(live)).toBe(true);
  });
});

describe('writer lock: the store directory cannot be written', () => {
  it('a store directory that vanished is a StoreError', () => {
    const store = tempStore();
    fs.rmSync(store.dir, { recursive: true });
    expect(() => acquireLock(store.dir, 'x')).toThrow(/cannot take the writer lock .*Check that the store directory exists/);
  });
});
