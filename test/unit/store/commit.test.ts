/** Transactions: manifest swap, manifest.prev.json, abort, garbage collection, snapshots. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { importEvents } from '../../../src/ingest/index.js';
import { collectGarbage, LOCK_FILE, PREVIOUS_MANIFEST, readManifestFile, Store } from '../../../src/store/index.js';
import { StoreError } from '../../../src/errors.js';
import { cleanTemp, partitionEvents, rawEvent, tempStore } from '../../helpers/index.js';

afterAll(cleanTemp);

const inline = (values: unknown[]) => [{ label: 'in.json', records: values.map((value, i) => ({ line: i + 1, value })) }];
const day1 = (name: string, extra = {}) => rawEvent(name, 'u', '2016-03-01T10:00:00Z', extra);
const files = (dir: string) => fs.readdirSync(dir, { recursive: true }).map(String).sort();

describe('Transaction', () => {
  it('commit publishes everything at once and keeps the previous manifest', async () => {
    const store = tempStore();
    const m0 = fs.readFileSync(path.join(store.dir, 'manifest.json'), 'utf8');
    const tx = store.begin('test');
    expect(tx.generation).toBe(1);
    const rel = tx.newDir('events/2016-03-01');
    expect(rel).toBe('events/2016-03-01/g1');
    tx.writeFile(`${rel}/x.arrow`, 'data');
    tx.manifest.cohorts.push({ name: 'c', createdAt: 'now', members: [] });
    // Not visible before the commit.
    expect(store.reopen().manifest.cohorts).toEqual([]);
    expect(store.reopen().manifest.generation).toBe(0);
    tx.commit();
    expect(store.reopen().manifest.cohorts.map((c) => c.name)).toEqual(['c']);
    expect(store.reopen().manifest.generation).toBe(1);
    expect(fs.readFileSync(path.join(store.dir, PREVIOUS_MANIFEST), 'utf8')).toBe(m0);
    expect(fs.existsSync(path.join(store.dir, LOCK_FILE))).toBe(false);
    // Nothing referenced it, so the garbage collector removed the new dir.
    expect(fs.existsSync(path.join(store.dir, rel))).toBe(false);
    tx.commit(); // a second commit is a no-op
  });

  it('abort leaves the manifest and removes the new files', () => {
    const store = tempStore();
    const before = files(store.dir);
    const m = fs.readFileSync(path.join(store.dir, 'manifest.json'), 'utf8');
    const tx = store.begin('test');
    tx.writeFile(`${tx.newDir('events/2016-03-01')}/a.arrow`, 'x');
    tx.writeFile(`users/g${tx.generation}.arrow`, 'x');
    tx.abort();
    expect(fs.readFileSync(path.join(store.dir, 'manifest.json'), 'utf8')).toBe(m);
    expect(files(store.dir).filter((f) => /g\d/.test(f))).toEqual([]);
    expect(
      files(store.dir)
        .filter((f) => !before.includes(f))
        .every((f) => !/\.arrow$/.test(f)),
    ).toBe(true);
  });

  it('Store.write commits on return and rolls back on throw', async () => {
    const store = tempStore();
    await store.write('ok', (tx) => {
      tx.manifest.settings.defaultColumns = ['$email'];
    });
    expect(store.reopen().settings.defaultColumns).toEqual(['$email']);
    await expect(
      store.write('bad', (tx) => {
        tx.manifest.settings.defaultColumns = [];
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(store.reopen().settings.defaultColumns).toEqual(['$email']);
    expect(fs.existsSync(path.join(store.dir, LOCK_FILE))).toBe(false);
  });
});

describe('garbage collection', () => {
  it('removes generation dirs/files and temp manifests no manifest refers to; keeps current and previous', async () => {
    const store = tempStore();
    await importEvents(store, inline([day1('a')]));
    await importEvents(store, inline([day1('b')]));
    const s = store.reopen();
    expect(s.partitionMeta('2016-03-01')!.dir).toBe('events/2016-03-01/g2');
    // Leftovers of a crashed writer.
    for (const d of ['events/2016-03-01/g7', 'events/2016-04-01/g7', 'staging/2016-03-01-1/g7', 'profiles/g7'])
      fs.mkdirSync(path.join(s.dir, d), { recursive: true });
    fs.writeFileSync(path.join(s.dir, 'events/2016-03-01/g7/p0.arrow'), 'x');
    fs.writeFileSync(path.join(s.dir, 'users/g7.arrow'), 'x');
    fs.writeFileSync(path.join(s.dir, 'manifest.json.tmp-12345'), '{');
    fs.writeFileSync(path.join(s.dir, 'notes.txt'), 'mine');
    collectGarbage(s.dir);
    const left = files(s.dir).filter((f) => !f.includes('.arrow') || f.startsWith('users'));
    expect(left).toEqual([
      'events',
      'events/2016-03-01',
      'events/2016-03-01/g1',
      'events/2016-03-01/g2',
      'manifest.json',
      'manifest.prev.json',
      'notes.txt',
      'profiles',
      'staging',
      'users',
      'users/g1.arrow',
    ]);
  });

  it('a reader that opened before a commit still reads its snapshot; two commits later its files are gone', async () => {
    const store = tempStore();
    await importEvents(store, inline([day1('a', { v: 1 })]));
    const old = Store.open(store.dir);
    expect(old.eventCount).toBe(1);
    await importEvents(store, inline([day1('b', { v: 2 })]));
    // The old snapshot still sees one event and can read its files.
    expect(old.eventCount).toBe(1);
    expect(old.days()).toEqual(['2016-03-01']);
    expect(partitionEvents(old, '2016-03-01').length).toBe(2); // partitionEvents reopens: the new state
    const p = old.openPartition('2016-03-01');
    expect(p.length).toBe(1);
    expect(p.name.dictionary).toEqual(['a']);
    expect(p.column('v')).toBeDefined();
    expect(store.reopen().eventCount).toBe(2);
    await importEvents(store, inline([day1('c')]));
    expect(fs.existsSync(path.join(store.dir, old.partitionMeta('2016-03-01')!.dir))).toBe(false);
    // Reading a file of that snapshot now is a clear StoreError ("run it again"), not ENOENT.
    expect(() => old.openPartition('2016-03-01').column('v')).toThrow(StoreError);
    expect(() => old.openPartition('2016-03-01').column('v')).toThrow(/changed by two or more imports while the command ran\. Run it again\./);
  });

  it('a file the current manifest names that is missing: "the store is damaged", not "run it again"', async () => {
    const store = tempStore();
    await importEvents(store, inline([day1('a', { v: 1 })]));
    const s = Store.open(store.dir);
    fs.rmSync(path.join(store.dir, s.partitionMeta('2016-03-01')!.dir, 'p0.arrow'));
    expect(() => s.openPartition('2016-03-01').column('v')).toThrow(
      /is damaged: events\/2016-03-01\/g1\/p0\.arrow is missing, though its manifest refers to it/,
    );
  });

  it('garbage collection removes nothing when manifest.json cannot be found', async () => {
    const store = tempStore();
    await importEvents(store, inline([day1('a')]));
    const before = files(store.dir);
    fs.renameSync(path.join(store.dir, 'manifest.json'), path.join(store.dir, 'elsewhere.json'));
    collectGarbage(store.dir);
    expect(files(store.dir)).toEqual(
      before
        .filter((f) => f !== 'manifest.json')
        .concat('elsewhere.json')
        .sort(),
    );
  });

  it('a writer that lost its lock removes nothing when it aborts (the files of the next writer survive)', async () => {
    const store = tempStore();
    await importEvents(store, inline([day1('a')]));
    const tx = store.begin('loses its lock');
    fs.rmSync(path.join(store.dir, LOCK_FILE));
    // Another writer takes the lock and starts writing its generation.
    const other = store.begin('the next writer');
    const rel = other.newDir('events/2016-03-05');
    other.writeFile(`${rel}/name.arrow`, 'in flight');
    tx.abort();
    expect(fs.existsSync(path.join(store.dir, rel, 'name.arrow'))).toBe(true);
    expect(fs.existsSync(path.join(store.dir, LOCK_FILE))).toBe(true);
    other.abort();
    expect(fs.existsSync(path.join(store.dir, rel))).toBe(false);
  });

  it('readManifestFile: null when absent', () => {
    const store = tempStore();
    expect(readManifestFile(store.dir, 'nope.json')).toBeNull();
  });
});

describe('crash while saving the previous manifest', () => {
  it('a copy that dies halfway leaves manifest.prev.json whole, and later writes work', async () => {
    const store = tempStore();
    await importEvents(store, inline([day1('a')]));
    const prevBefore = fs.readFileSync(path.join(store.dir, PREVIOUS_MANIFEST), 'utf8');
    const manifestBefore = fs.readFileSync(path.join(store.dir, 'manifest.json'), 'utf8');
    // Simulate the process dying in the middle of the copy: half the bytes, then stop.
    const spy = vi.spyOn(fs, 'copyFileSync').mockImplementation((src, dest) => {
      const bytes = fs.readFileSync(src);
      fs.writeFileSync(dest, bytes.subarray(0, bytes.length >> 1));
      throw new Error('killed');
    });
    try {
      await expect(importEvents(store, inline([day1('b')]))).rejects.toThrow('killed');
    } finally {
      spy.mockRestore();
    }
    expect(fs.readFileSync(path.join(store.dir, 'manifest.json'), 'utf8')).toBe(manifestBefore);
    expect(fs.readFileSync(path.join(store.dir, PREVIOUS_MANIFEST), 'utf8')).toBe(prevBefore);
    const r = await importEvents(store, inline([day1('c')]));
    expect(r.imported).toBe(1);
    expect(store.reopen().eventCount).toBe(2);
    expect(fs.readdirSync(store.dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
});
