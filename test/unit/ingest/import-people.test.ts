import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { CREATE_EXISTS, fileInputs, importPeople, UPDATE_MISSING } from '../../../src/ingest/index.js';
import { cleanStores, groupProfile, inline, inputsOf, profileCount, reasons, tempFile, tempStore, userProfile, warnings } from './helpers.js';

afterEach(cleanStores);

const NOW = Date.UTC(2024, 5, 1, 12);
const SEEN_U1 = Date.UTC(2024, 2, 1, 10); // "2024-03-01T10:00:00" in UTC

describe('importPeople: input shapes', () => {
  for (const file of ['people.json', 'people.jsonl', 'people.jsonl.gz']) {
    it(`reads ${file}`, async () => {
      const store = tempStore();
      const r = await importPeople(store, inputsOf(file), { now: NOW });
      expect(r.summary('profiles')).toBe('read 3, imported 3 profiles, skipped 0');
      expect(userProfile(store, 'u1')).toEqual({
        time: SEEN_U1,
        lastSeen: SEEN_U1,
        properties: { $name: 'Ada Lovelace', $email: 'ada@example.com', plan: 'premium', age: 36, $last_seen: '2024-03-01T10:00:00' },
      });
      // A numeric $distinct_id is stored as its text.
      expect(userProfile(store, '42')).toEqual({
        time: NOW,
        lastSeen: NOW,
        properties: { $name: 'Numeric Id', tags: ['a', 'b'], $last_seen: '2024-06-01T12:00:00' },
      });
      expect(userProfile(store, 'u3')?.properties).toMatchObject({ $phone: '+4930123456', newsletter: true, $created: '2020-01-02T03:04:05' });
      expect(store.reopen().users.ids).toEqual(['u1', '42', 'u3']);
    });
  }

  it('reads $last_seen in the project timezone', async () => {
    const store = tempStore('America/New_York');
    await importPeople(store, inputsOf('people.json'), { now: NOW });
    // 10:00 in New York in March 2024 (EST, before the 10 March switch) is 15:00 UTC.
    expect(userProfile(store, 'u1')).toMatchObject({ time: Date.UTC(2024, 2, 1, 15), lastSeen: Date.UTC(2024, 2, 1, 15) });
    // Profiles without one get the import time, written back as project-time text.
    expect(userProfile(store, '42')?.properties.$last_seen).toBe('2024-06-01T08:00:00');
  });

  it('accepts records given inline, and batches (arrays) inside them', async () => {
    const store = tempStore();
    const r = await importPeople(
      store,
      inline('api', [
        [
          { $distinct_id: 'a', $properties: { x: 1 } },
          { $distinct_id: 'b', $properties: { x: 2 } },
        ],
      ]),
      { now: NOW },
    );
    expect(r.imported).toBe(2);
    expect(profileCount(store)).toBe(2);
  });

  it('$set semantics: a second import overwrites the given properties and keeps the others', async () => {
    const store = tempStore();
    await importPeople(store, inputsOf('people.json'), { now: NOW });
    await importPeople(store, inline('again', [{ $distinct_id: 'u1', $properties: { plan: 'free', city: 'London' } }]), { now: NOW + 1000 });
    expect(userProfile(store, 'u1')).toEqual({
      time: NOW + 1000,
      lastSeen: NOW + 1000,
      properties: { $name: 'Ada Lovelace', $email: 'ada@example.com', plan: 'free', age: 36, city: 'London', $last_seen: '2024-06-01T12:00:01' },
    });
  });

  it('interns new ids after the existing ones in the store-wide dictionary', async () => {
    const store = tempStore();
    await importPeople(store, inputsOf('people.json'), { now: NOW });
    await importPeople(
      store,
      inline('more', [
        { $distinct_id: 'u3', $properties: { a: 1 } },
        { $distinct_id: 'new', $properties: { a: 1 } },
      ]),
      { now: NOW },
    );
    expect(store.reopen().users.ids).toEqual(['u1', '42', 'u3', 'new']);
    expect(profileCount(store)).toBe(4);
  });
});

describe('importPeople: modes', () => {
  it('create skips (and warns about) ids that already have a profile, including repeats in the same input', async () => {
    const store = tempStore();
    await importPeople(store, inputsOf('people.json'), { now: NOW });
    const r = await importPeople(
      store,
      inline('c', [
        { $distinct_id: 'u1', $properties: { plan: 'x' } },
        { $distinct_id: 'n1', $properties: { a: 1 } },
        { $distinct_id: 'n1', $properties: { a: 2 } },
      ]),
      { mode: 'create', now: NOW },
    );
    expect(r.imported).toBe(1);
    expect(warnings(r)).toEqual({ [CREATE_EXISTS]: ['c:1', 'c:3'] });
    expect(userProfile(store, 'u1')?.properties.plan).toBe('premium');
    expect(userProfile(store, 'n1')?.properties.a).toBe(1);
  });

  it('update skips (and warns about) ids without a profile', async () => {
    const store = tempStore();
    await importPeople(store, inputsOf('people.json'), { now: NOW });
    const r = await importPeople(
      store,
      inline('u', [
        { $distinct_id: 'u1', $properties: { plan: 'x' } },
        { $distinct_id: 'ghost', $properties: { a: 1 } },
      ]),
      { mode: 'update', now: NOW },
    );
    expect(r.imported).toBe(1);
    expect(warnings(r)).toEqual({ [UPDATE_MISSING]: ['u:2'] });
    expect(userProfile(store, 'u1')?.properties.plan).toBe('x');
    expect(userProfile(store, 'ghost')).toBeUndefined();
    // The skipped id is not added to the user dictionary either.
    expect(store.reopen().users.lookup('ghost')).toBeUndefined();
  });

  it('rejects an unknown mode before touching the store', async () => {
    const store = tempStore();
    await expect(importPeople(store, inputsOf('people.json'), { mode: 'merge' as 'create' })).rejects.toThrow(
      'unknown mode "merge": use create, update or upsert',
    );
  });
});

describe('importPeople: bad input', () => {
  it('skips bad records with their reasons and lines, and warns about a phone without +', async () => {
    const store = tempStore();
    const r = await importPeople(store, inputsOf('people-bad-records.jsonl'), { now: NOW });
    expect(r.read).toBe(6);
    expect(r.imported).toBe(2);
    expect(reasons(r)).toEqual({
      'no "$distinct_id"': ['people-bad-records.jsonl:2'],
      'lines that are not valid JSON': ['people-bad-records.jsonl:3'],
      '"$properties" missing or not an object': ['people-bad-records.jsonl:4'],
      '"$distinct_id" is not a string or number': ['people-bad-records.jsonl:5'],
    });
    expect(warnings(r)).toEqual({ '$phone does not start with "+"': ['people-bad-records.jsonl:6'] });
    expect(userProfile(store, 'ok3')?.properties.$phone).toBe('030 1234');
  });

  it('--strict aborts on any skipped record and writes nothing', async () => {
    const store = tempStore();
    await expect(importPeople(store, inputsOf('people-bad-records.jsonl'), { strict: true })).rejects.toThrow(
      /^import aborted \(--strict\): read 6, imported 2 profiles, skipped 4 \(1 no "\$distinct_id": people-bad-records.jsonl:2; .*Nothing was written\.$/,
    );
    expect(store.reopen().manifest.generation).toBe(0);
    expect(store.reopen().profiles()).toBeNull();
  });

  it('a file that is not JSON is an error with nothing written', async () => {
    const store = tempStore();
    await expect(importPeople(store, inputsOf('people.csv'))).rejects.toThrow(/unknown file type/);
    expect(store.reopen().manifest.generation).toBe(0);
  });
});

describe('importPeople: group profiles', () => {
  it('keys group profiles by $group_id, or by $distinct_id as exports write them', async () => {
    const store = tempStore();
    const r = await importPeople(store, inputsOf('groups.json'), { groupKey: 'company_id', now: NOW });
    expect(r.imported).toBe(2);
    expect(groupProfile(store, 'company_id', 'acme')?.properties).toEqual({ $name: 'Acme Inc', employees: 120, $last_seen: '2024-06-01T12:00:00' });
    expect(groupProfile(store, 'company_id', '7')?.properties.$name).toBe('Seven Ltd');
    // Groups do not touch user profiles or the user dictionary.
    expect(store.reopen().profiles()).toBeNull();
    expect(store.reopen().users.size).toBe(0);
  });

  it('keeps each group key in its own table', async () => {
    const store = tempStore();
    await importPeople(store, inputsOf('groups.json'), { groupKey: 'company_id', now: NOW });
    await importPeople(store, inline('t', [{ $group_id: 'acme', $properties: { other: true } }]), { groupKey: 'team id/x', now: NOW });
    expect(groupProfile(store, 'company_id', 'acme')?.properties.other).toBeUndefined();
    expect(groupProfile(store, 'team id/x', 'acme')?.properties.other).toBe(true);
    // A readable prefix and a hash of the whole key (src/store/group-dir.ts).
    expect(store.reopen().manifest.groups['team id/x']?.dir).toMatch(/^groups\/teamidx-[0-9a-f]{24}\/g2$/);
  });
});

describe('importPeople: large files', () => {
  it('reads every record of a file larger than one read chunk (1 MB)', async () => {
    const store = tempStore();
    const n = 30_000;
    const text = Array.from({ length: n }, (_, i) => JSON.stringify({ $distinct_id: `u${i}`, $properties: { $name: `Person number ${i}`, i } })).join('\n');
    const f = tempFile('big.jsonl', text);
    expect(fs.statSync(f).size).toBeGreaterThan(2 << 20);
    const r = await importPeople(store, fileInputs([f]), { now: NOW });
    expect([r.read, r.imported]).toEqual([n, n]);
    expect(userProfile(store, `u${n - 1}`)?.properties.i).toBe(n - 1);
  });
});

describe('importPeople: progress', () => {
  it('reports the records read', async () => {
    const store = tempStore();
    const seen: number[] = [];
    const many = Array.from({ length: 25_000 }, (_, i) => ({ $distinct_id: `u${i}`, $properties: { i } }));
    await importPeople(store, inline('many', many), { now: NOW, onProgress: (p) => seen.push(p.records) });
    expect(seen).toEqual([10_000, 20_000, 25_000]);
    expect(profileCount(store)).toBe(25_000);
  });
});
