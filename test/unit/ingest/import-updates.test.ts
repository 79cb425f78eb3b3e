import { afterEach, describe, expect, it } from 'vitest';
import { importPeople, importUpdates } from '../../../src/ingest/index.js';
import { cleanStores, groupProfile, inline, inputsOf, profileCount, reasons, tempStore, userProfile, warnings } from './helpers.js';

afterEach(cleanStores);

const NOW = Date.UTC(2024, 5, 1, 12);
const day = (d: number) => Date.UTC(2024, 0, d);

describe('importUpdates', () => {
  it('applies every operation in file order (hand-computed profile)', async () => {
    const store = tempStore();
    const r = await importUpdates(store, inputsOf('updates.jsonl'), { now: NOW });
    expect(r.summary('updates')).toBe('read 8, imported 8 updates, skipped 0, warnings 1 (1 $add is not allowed on group profiles (ignored): updates.jsonl:8)');
    // 1: $set plan=free n=1 @Jan 1 (s)   2: $add n+2 visits+1 @Jan 2 (ms)
    // 3: $append tags a, then $union [b,a] -> [a,b]; $ignore_time @Jan 3: time moves, last_seen stays Jan 2
    // 4: $set_once keeps plan=free, adds first; $remove a -> [b]; $unset plan @Jan 4
    expect(userProfile(store, 'u1')).toEqual({
      time: day(4),
      lastSeen: day(4),
      properties: { n: 3, visits: 1, tags: ['b'], first: 'yes', $last_seen: '2024-01-04T00:00:00' },
    });
    // 5, 6: created then deleted.  7: $unset on a missing profile creates nothing.
    expect(userProfile(store, 'u2')).toBeUndefined();
    expect(userProfile(store, 'u3')).toBeUndefined();
    expect(profileCount(store)).toBe(1);
    // 8: group update, keyed by $group_key + $group_id, without the refused $add.
    expect(groupProfile(store, 'company_id', 'acme')?.properties).toEqual({ name: 'Acme', $last_seen: '2024-06-01T12:00:00' });
  });

  it('$ignore_time leaves last_seen where it was', async () => {
    const store = tempStore();
    await importUpdates(
      store,
      inline('a', [
        { $distinct_id: 'x', $set: { a: 1 }, $time: day(2) },
        { $distinct_id: 'x', $set: { a: 2 }, $time: day(3), $ignore_time: true },
      ]),
    );
    expect(userProfile(store, 'x')).toEqual({ time: day(3), lastSeen: day(2), properties: { a: 2, $last_seen: '2024-01-02T00:00:00' } });
  });

  it('unpacks batches: arrays of records and base64 JSON (the data= form value)', async () => {
    const store = tempStore();
    const r = await importUpdates(store, inputsOf('updates-batches.json'), { now: NOW });
    expect(r.imported).toBe(4);
    expect(userProfile(store, 'b1')?.properties).toMatchObject({ k: 11 });
    expect(userProfile(store, 'b2')?.properties).toMatchObject({ k: 2 });
    expect(userProfile(store, 'b3')?.properties).toMatchObject({ via: 'base64' });
  });

  it('updates profiles imported from an export', async () => {
    const store = tempStore();
    await importPeople(store, inputsOf('people.json'), { now: NOW });
    await importUpdates(store, inline('u', [{ $distinct_id: 'u1', $add: { age: 1 }, $union: { tags: ['x'] }, $ignore_time: true }]), { now: NOW + 5 });
    expect(userProfile(store, 'u1')).toEqual({
      time: NOW + 5,
      lastSeen: Date.UTC(2024, 2, 1, 10),
      properties: { $name: 'Ada Lovelace', $email: 'ada@example.com', plan: 'premium', age: 37, tags: ['x'], $last_seen: '2024-03-01T10:00:00' },
    });
  });

  it('re-sending an exported profile as $set with $ignore_time (mixpanel-utils import_people) keeps its $last_seen', async () => {
    const store = tempStore();
    await importUpdates(store, inline('u', [{ $distinct_id: 'p', $set: { a: 1, $last_seen: '2023-05-06T07:08:09' }, $ignore_time: true, $ip: 0 }]), {
      now: NOW,
    });
    expect(userProfile(store, 'p')).toMatchObject({ time: NOW, lastSeen: Date.UTC(2023, 4, 6, 7, 8, 9), properties: { $last_seen: '2023-05-06T07:08:09' } });
  });

  it('groupKey names the group of records carrying only $group_id (or $distinct_id)', async () => {
    const store = tempStore();
    const r = await importUpdates(
      store,
      inline('g', [
        { $group_id: 'acme', $set: { a: 1 } },
        { $distinct_id: 'globex', $set_once: { a: 2 } },
        { $group_id: 'acme', $append: { l: 1 } },
      ]),
      {
        groupKey: 'company_id',
        now: NOW,
      },
    );
    expect(groupProfile(store, 'company_id', 'acme')?.properties).toMatchObject({ a: 1 });
    expect(groupProfile(store, 'company_id', 'acme')?.properties).not.toHaveProperty('l');
    expect(groupProfile(store, 'company_id', 'globex')?.properties).toMatchObject({ a: 2 });
    expect(warnings(r)).toEqual({ '$append is not allowed on group profiles (ignored)': ['g:3'] });
    expect(store.reopen().profiles()).toBeNull();
  });

  it('skips bad records with reasons and places; warns about the parts of a record it ignores', async () => {
    const store = tempStore();
    const r = await importUpdates(store, inputsOf('updates-bad-records.jsonl'), { now: NOW });
    expect(reasons(r)).toEqual({
      'no "$distinct_id"': ['updates-bad-records.jsonl:2'],
      'no update operation ($set, $set_once, $add, $append, $union, $remove, $unset, $delete)': ['updates-bad-records.jsonl:3'],
      'group update without a "$group_key"': ['updates-bad-records.jsonl:4'],
      'not an update object': ['updates-bad-records.jsonl:5#0', 'updates-bad-records.jsonl:5#1'],
    });
    expect(warnings(r)).toEqual({
      'unknown key "$bogus" ignored': ['updates-bad-records.jsonl:6'],
      '$add: the amount for "a" is not a number (ignored)': ['updates-bad-records.jsonl:6'],
    });
    expect(userProfile(store, 'u1')?.properties.a).toBe(1);
  });

  it('--strict aborts on any skipped record with nothing written', async () => {
    const store = tempStore();
    await expect(importUpdates(store, inputsOf('updates-bad-records.jsonl'), { strict: true })).rejects.toThrow(
      /^import aborted \(--strict\): read 7, imported 2 updates, skipped 5 .*Nothing was written\.$/,
    );
    expect(store.reopen().manifest.generation).toBe(0);
  });

  it('warns about a phone without +', async () => {
    const store = tempStore();
    const r = await importUpdates(store, inline('p', [{ $distinct_id: 'x', $set: { $phone: '0301234' } }]), { now: NOW });
    expect(warnings(r)).toEqual({ '$phone does not start with "+"': ['p:1'] });
  });
});
