/**
 * Issue 9 item 2 (ingest and store side): keys named "__proto__", "constructor" and
 * "prototype" are data everywhere a property bag is built: event properties, engage
 * `$properties`, every profile update operation, CSV headers, and back out through
 * the users listing (JSON) and the profile read-back.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { importEvents, importPeople, importPeopleCsv, importUpdates } from '../../../src/ingest/index.js';
import { cleanTemp, partitionEvents, runCli, writeTemp } from '../../helpers/index.js';
import { inline, tempStore, userProfile } from './helpers.js';

afterAll(cleanTemp);

/** JSON text keeps "__proto__" as an own key (an object literal would not). */
const parse = (text: string) => JSON.parse(text) as unknown;
const ownKeys = (o: object | undefined) => Object.keys(o ?? {}).sort();

describe('hostile property names are ordinary keys', () => {
  it('event properties: __proto__, constructor, prototype stored and read back', async () => {
    const store = tempStore();
    const rec = parse('{"event":"e","properties":{"time":1456790400,"distinct_id":"u","__proto__":{"x":1},"constructor":"c","prototype":2}}');
    const pipelines = parse('{"event_name":"p","time":1456790401,"distinct_id":"u","properties":{"__proto__":[1],"constructor":{"y":2}}}');
    await importEvents(store, [inline('e.json', [rec, pipelines])[0]!]);
    const [a, b] = partitionEvents(store, '2016-03-01');
    expect(ownKeys(a!.properties)).toEqual(['__proto__', 'constructor', 'prototype']);
    expect(a!.properties.__proto__).toEqual({ x: 1 });
    expect(Object.hasOwn(a!.properties, 'x')).toBe(false);
    expect(ownKeys(b!.properties)).toEqual(['__proto__', 'constructor']);
    expect(b!.properties.__proto__).toEqual([1]);
  });

  it('people import: $properties.__proto__ keeps its key and creates no property "x"', async () => {
    const store = tempStore();
    const rec = parse('{"$distinct_id":"u1","$properties":{"__proto__":{"x":1},"constructor":"c","prototype":{"p":true},"$name":"A"}}');
    const r = await importPeople(store, inline('p.json', [rec]), { now: Date.UTC(2024, 0, 1) });
    expect(r.imported).toBe(1);
    const p = userProfile(store, 'u1')!;
    expect(ownKeys(p.properties)).toEqual(['$last_seen', '$name', '__proto__', 'constructor', 'prototype']);
    expect(p.properties.__proto__).toEqual({ x: 1 });
    expect(p.properties.x).toBeUndefined();
    // A second import ($set over the stored profile) keeps them and overwrites by key.
    await importPeople(store, inline('p2.json', [parse('{"$distinct_id":"u1","$properties":{"__proto__":"now text"}}')]), { now: Date.UTC(2024, 0, 2) });
    const q = userProfile(store, 'u1')!;
    expect(q.properties.__proto__).toBe('now text');
    expect(q.properties.constructor).toBe('c');
  });

  it('every update operation treats the names as keys', async () => {
    const store = tempStore();
    const updates = [
      '{"$distinct_id":"u","$set":{"__proto__":{"x":1}}}',
      '{"$distinct_id":"u","$set_once":{"constructor":"first","prototype":"p"}}',
      '{"$distinct_id":"u","$set_once":{"constructor":"second"}}',
      '{"$distinct_id":"u","$add":{"toString":2}}',
      '{"$distinct_id":"u","$add":{"toString":3}}',
      '{"$distinct_id":"u","$append":{"hasOwnProperty":"a"}}',
      '{"$distinct_id":"u","$union":{"valueOf":["v","w"]}}',
      '{"$distinct_id":"u","$remove":{"valueOf":"v"}}',
      '{"$distinct_id":"u","$unset":["prototype"]}',
    ].map(parse);
    const r = await importUpdates(store, inline('u.json', updates), { now: Date.UTC(2024, 0, 1) });
    expect(r.toJSON()).toMatchObject({ imported: 9, skipped: 0, warnings: 0 });
    const p = userProfile(store, 'u')!.properties;
    expect(ownKeys(p)).toEqual(['$last_seen', '__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf']);
    expect(p.__proto__).toEqual({ x: 1 });
    expect(p.constructor).toBe('first');
    expect(p.toString).toBe(5);
    expect(p.hasOwnProperty).toEqual(['a']);
    expect(p.valueOf).toEqual(['w']);
  });

  it('a CSV column headed __proto__ (or constructor) is a property', async () => {
    const store = tempStore();
    const csv = writeTemp('p.csv', '$distinct_id,__proto__,constructor,prototype\nu1,a,b,c\n');
    const r = await importPeopleCsv(store, csv, { now: Date.UTC(2024, 0, 1) });
    expect(r.imported).toBe(1);
    const p = userProfile(store, 'u1')!.properties;
    expect(ownKeys(p)).toEqual(['$last_seen', '__proto__', 'constructor', 'prototype']);
    expect([p.__proto__, p.constructor, p.prototype]).toEqual(['a', 'b', 'c']);
  });

  it('the users listing (JSON and CSV) gives the keys back: a round trip through quarry users and import people', async () => {
    const store = tempStore();
    await importPeople(store, inline('p.json', [parse('{"$distinct_id":"u1","$properties":{"__proto__":{"x":1},"constructor":"c"}}')]), {
      now: Date.UTC(2024, 0, 1),
    });
    const json = await runCli(['users', '--store', store.dir, '--columns', '__proto__,constructor', '--format', 'json']);
    expect(json.code, json.stderr).toBe(0);
    const listed = parse(json.stdout) as { $distinct_id: string; $properties: Record<string, unknown> }[];
    expect(listed).toHaveLength(1);
    expect(ownKeys(listed[0]!.$properties)).toEqual(['__proto__', 'constructor']);
    expect(listed[0]!.$properties.__proto__).toEqual({ x: 1 });
    // The listing imports back into another store unchanged.
    const other = tempStore();
    await importPeople(other, inline('back.json', listed), { now: Date.UTC(2024, 0, 1) });
    expect(userProfile(other, 'u1')!.properties.__proto__).toEqual({ x: 1 });
    const csv = await runCli(['users', '--store', store.dir, '--columns', '__proto__,constructor', '--format', 'csv']);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout.split(/\r?\n/)[0]).toBe('$distinct_id,__proto__,constructor');
  });
});
