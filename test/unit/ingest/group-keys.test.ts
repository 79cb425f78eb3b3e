/**
 * Issue 9 item 10: any string is a valid group key. Keys map to directory names under
 * `groups/` that cannot escape it, exceed a name-length limit, or collide; stores
 * written with the earlier layout stay readable and move to the new one on their next
 * write.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importPeople, importUpdates } from '../../../src/ingest/index.js';
import { groupDirName, readManifestFile, Store } from '../../../src/store/index.js';
import { cleanTemp, runCli, writeTemp, jsonl } from '../../helpers/index.js';
import { groupProfile, inline, tempStore } from './helpers.js';

afterAll(cleanTemp);

const KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'x'.repeat(300),
  '..',
  '../..',
  '.',
  'a/b',
  'a\\b',
  'company',
  'Company',
  'COMPANY',
  ' ',
  'ключ',
  'g1',
  '%2e%2e',
];

/** Every file and directory under `dir`, relative. */
function tree(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => f.split(path.sep).join('/'));
}

describe('group profile keys', () => {
  it('every key gets its own table under groups/, read back by its key', async () => {
    const store = tempStore();
    for (const [i, key] of KEYS.entries()) {
      const r = await importPeople(store, inline('g.json', [{ $distinct_id: `id${i}`, $properties: { n: i } }]), { groupKey: key, now: Date.UTC(2024, 0, 1) });
      expect(r.imported, key).toBe(1);
    }
    const s = Store.open(store.dir);
    expect(Object.keys(s.manifest.groups).sort()).toEqual([...KEYS].sort());
    for (const [i, key] of KEYS.entries()) {
      expect(groupProfile(store, key, `id${i}`)?.properties, key).toEqual({ n: i, $last_seen: '2024-01-01T00:00:00' });
      expect(s.groupProfiles(key)!.meta.dir).toMatch(/^groups\/[A-Za-z0-9_-]*-[0-9a-f]{24}\/g\d+$/);
    }
    const dirs = new Set(KEYS.map(groupDirName));
    expect(dirs.size).toBe(KEYS.length);
    for (const d of dirs) expect(d.length).toBeLessThanOrEqual(65);
    // Nothing outside groups/ but the usual entries.
    expect(fs.readdirSync(store.dir).sort()).toEqual(['groups', 'manifest.json', 'manifest.prev.json']);
    expect(tree(path.join(store.dir, 'groups')).filter((f) => !f.includes('/')).length).toBe(KEYS.length);
    // Keys that are Object.prototype members are not found where no table exists.
    const fresh = tempStore();
    expect(fresh.groupProfiles('constructor')).toBeNull();
    expect(fresh.groupProfiles('__proto__')).toBeNull();
  });

  it('updates addressed to such keys ($group_key) work the same way', async () => {
    const store = tempStore();
    const recs = JSON.parse('[{"$group_key":"__proto__","$group_id":"g","$set":{"a":1}},{"$group_key":"..","$group_id":"g","$set":{"b":2}}]') as unknown[];
    const r = await importUpdates(store, inline('u.json', recs), { now: Date.UTC(2024, 0, 1) });
    expect(r.toJSON()).toMatchObject({ imported: 2, skipped: 0 });
    expect(groupProfile(store, '__proto__', 'g')?.properties.a).toBe(1);
    expect(groupProfile(store, '..', 'g')?.properties.b).toBe(2);
    expect(fs.readdirSync(store.dir).sort()).toEqual(['groups', 'manifest.json', 'manifest.prev.json']);
  });

  it('CLI: --group-key __proto__, constructor, .. and a 300-character key import with exit 0', async () => {
    const store = tempStore();
    const file = writeTemp('g.json', jsonl([{ $distinct_id: 'acme', $properties: { plan: 'pro' } }]));
    for (const key of ['__proto__', 'constructor', '..', 'k'.repeat(300)]) {
      const r = await runCli(['import', 'people', file, '--group-key', key, '--store', store.dir]);
      expect(r.code, `${key}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toContain('imported 1 group profiles');
    }
    expect(fs.readdirSync(store.dir).sort()).toEqual(['groups', 'manifest.json', 'manifest.prev.json']);
  });

  it('a store with the earlier layout (groups/<encoded key>/g<N>) reads as it is and moves on its next write', async () => {
    const store = tempStore();
    await importPeople(store, inline('g.json', [{ $distinct_id: 'acme', $properties: { plan: 'pro' } }]), {
      groupKey: 'company id',
      now: Date.UTC(2024, 0, 1),
    });
    // Rewrite it the way earlier versions laid it out.
    const m = readManifestFile(store.dir)!;
    const oldDir = `groups/${encodeURIComponent('company id')}/g${m.generation}`;
    fs.mkdirSync(path.join(store.dir, path.dirname(oldDir)), { recursive: true });
    fs.renameSync(path.join(store.dir, m.groups['company id']!.dir), path.join(store.dir, oldDir));
    m.groups['company id']!.dir = oldDir;
    fs.writeFileSync(path.join(store.dir, 'manifest.json'), JSON.stringify(m));
    fs.rmSync(path.join(store.dir, 'manifest.prev.json'));
    expect(groupProfile(store, 'company id', 'acme')?.properties.plan).toBe('pro');
    await importPeople(store, inline('g.json', [{ $distinct_id: 'beta', $properties: { plan: 'free' } }]), {
      groupKey: 'company id',
      now: Date.UTC(2024, 0, 2),
    });
    expect(groupProfile(store, 'company id', 'acme')?.properties.plan).toBe('pro');
    expect(groupProfile(store, 'company id', 'beta')?.properties.plan).toBe('free');
    expect(
      Store.open(store.dir)
        .groupProfiles('company id')!
        .meta.dir.startsWith(`groups/${groupDirName('company id')}/`),
    ).toBe(true);
    // The old directory is kept while the previous manifest refers to it, then collected.
    await importPeople(store, inline('g.json', [{ $distinct_id: 'gamma', $properties: {} }]), { groupKey: 'company id', now: Date.UTC(2024, 0, 3) });
    expect(fs.existsSync(path.join(store.dir, 'groups', encodeURIComponent('company id')))).toBe(false);
  });

  it('a table left at the store root by the earlier ".." bug is removed by the next write', async () => {
    const store = tempStore();
    fs.mkdirSync(path.join(store.dir, 'g3'));
    fs.writeFileSync(path.join(store.dir, 'g3', 'time.arrow'), 'x');
    await importPeople(store, inline('p.json', [{ $distinct_id: 'u', $properties: {} }]), { now: Date.UTC(2024, 0, 1) });
    expect(fs.existsSync(path.join(store.dir, 'g3'))).toBe(false);
  });
});
