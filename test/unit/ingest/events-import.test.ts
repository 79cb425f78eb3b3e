/**
 * importEvents end to end on tiny inputs with hand-computed results: every input
 * shape, skipped records, time forms, timezones and day partitions, deduplication,
 * typed columns, sort order, --strict.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.js';
import { type EventInput, fileInputs, importEvents } from '../../../src/ingest/index.js';
import { LOCK_FILE, NO_USER, valueAt } from '../../../src/store/index.js';
import { cleanTemp, partitionEvents, rawEvent, storeEvents, tempStore } from '../../helpers/index.js';

const FIX = path.resolve(import.meta.dirname, '../../fixtures/events');
const files = (...names: string[]) => fileInputs(names.map((n) => path.join(FIX, n)));
const inline = (label: string, values: unknown[]): EventInput => ({ label, records: values.map((value, i) => ({ line: i + 1, value })) });
const reasons = (r: { reasons: Map<string, { places: string[]; count: number }> }) =>
  Object.fromEntries([...r.reasons].map(([k, v]) => [k, [v.count, v.places]]));

afterAll(cleanTemp);

const S = (iso: string) => Date.parse(iso);
/** The store raw.jsonl describes, by day, in stored order (user number, time). */
const RAW_STORE = {
  '2016-03-01': [
    { name: 'signup', distinctId: 'alice', time: S('2016-03-01T00:00:00Z'), insertId: 'i1', properties: { plan: 'free', age: 30 } },
    { name: 'view', distinctId: 'alice', time: S('2016-03-01T02:00:00Z'), insertId: 'i3', properties: { page: '/pricing', paid: true } },
    { name: 'view', distinctId: 'bob', time: S('2016-03-01T01:00:00Z'), insertId: 'i2', properties: { page: '/home', tags: ['a', 'b'] } },
  ],
  '2016-03-02': [{ name: 'purchase', distinctId: 'alice', time: S('2016-03-02T00:00:00Z'), insertId: 'i4', properties: { amount: 9.99, coupon: null } }],
};

describe('input shapes', () => {
  it.each(['raw.jsonl', 'array.json', 'raw.jsonl.gz', 'array.json.gz'])('%s', async (name) => {
    const store = tempStore();
    const r = await importEvents(store, files(name));
    expect(r.toJSON()).toMatchObject({ read: 4, imported: 4, duplicates: 0, skipped: 0 });
    expect(r.summary('events')).toBe('read 4, imported 4 events, skipped 0');
    expect(storeEvents(store)).toEqual(RAW_STORE);
    const s = store.reopen();
    expect(s.users.ids).toEqual(['alice', 'bob']);
    expect(s.manifest.users.count).toBe(2);
    expect(s.eventCount).toBe(4);
    expect(s.manifest.generation).toBe(1);
    expect(fs.existsSync(path.join(s.dir, LOCK_FILE))).toBe(false);
  });

  it.each(['pipelines.json', 'pipelines.json.gz'])('Data Pipelines JSON: %s', async (name) => {
    const store = tempStore();
    const r = await importEvents(store, files(name));
    expect(r.toJSON()).toMatchObject({ read: 4, imported: 4, skipped: 0 });
    const d1 = RAW_STORE['2016-03-01'];
    expect(storeEvents(store)).toEqual({
      '2016-03-01': [
        { ...d1[0], properties: { ...d1[0]!.properties, $device_id: 'd-1', $user_id: 'alice' } },
        d1[1],
        { ...d1[2], properties: { ...d1[2]!.properties, $device_id: 'd-2' } },
      ],
      '2016-03-02': RAW_STORE['2016-03-02'],
    });
  });

  it('several files in one import: one commit', async () => {
    const store = tempStore();
    const r = await importEvents(store, files('raw.jsonl', 'bom-crlf.jsonl'));
    expect(r.toJSON()).toMatchObject({ read: 6, imported: 6, skipped: 0 });
    expect(store.reopen().manifest.generation).toBe(1);
    expect(store.reopen().users.ids).toEqual(['alice', 'bob', 'u1']);
    expect(partitionEvents(store, '2016-03-01').map((e) => e.name)).toEqual(['signup', 'view', 'view', 'a', 'b']);
  });

  it('an empty file imports nothing but still commits cleanly', async () => {
    const store = tempStore();
    const r = await importEvents(store, files('empty.jsonl', 'blank-lines-only.jsonl'));
    expect(r.toJSON()).toMatchObject({ read: 0, imported: 0, skipped: 0 });
    expect(store.reopen().days()).toEqual([]);
    expect(store.reopen().manifest.users).toEqual({ file: null, count: 0 });
  });

  it('an unknown file type aborts the import; the store is untouched and unlocked', async () => {
    const store = tempStore();
    await importEvents(store, files('raw.jsonl'));
    const before = fs.readFileSync(path.join(store.dir, 'manifest.json'), 'utf8');
    const e = await importEvents(store, files('raw.jsonl', 'unknown-type.csv')).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    expect((e as Error).message).toMatch(/unknown-type\.csv: unknown file type/);
    expect(fs.readFileSync(path.join(store.dir, 'manifest.json'), 'utf8')).toBe(before);
    expect(fs.existsSync(path.join(store.dir, LOCK_FILE))).toBe(false);
    expect(fs.readdirSync(path.join(store.dir, 'events', '2016-03-01'))).toEqual(['g1']);
  });
});

describe('skipped records', () => {
  it('non-JSON lines ("export terminated early") are skipped with their line numbers', async () => {
    const store = tempStore();
    const r = await importEvents(store, files('broken-json-line.jsonl'));
    expect(r.toJSON()).toMatchObject({ read: 4, imported: 2, skipped: 2 });
    expect(reasons(r)).toEqual({ 'lines that are not valid JSON': [2, ['broken-json-line.jsonl:2', 'broken-json-line.jsonl:5']] });
    expect(r.summary('events')).toBe(
      'read 4, imported 2 events, skipped 2 (2 lines that are not valid JSON: broken-json-line.jsonl:2, broken-json-line.jsonl:5)',
    );
    expect(partitionEvents(store, '2016-03-01').map((e) => [e.name, e.distinctId])).toEqual([
      ['a', 'u1'],
      ['b', 'u2'],
    ]);
  });

  it('records that are not events are skipped, each reason with its places', async () => {
    const store = tempStore();
    const r = await importEvents(store, files('bad-records.jsonl'));
    expect(r.toJSON()).toMatchObject({ read: 8, imported: 2, skipped: 6 });
    expect(reasons(r)).toEqual({
      'no "event" field': [1, ['bad-records.jsonl:2']],
      'event name missing or not a string': [1, ['bad-records.jsonl:3']],
      'no "time" property': [1, ['bad-records.jsonl:4']],
      'unreadable "time"': [1, ['bad-records.jsonl:5']],
      '"properties" is not an object': [1, ['bad-records.jsonl:6']],
      'not an event object': [1, ['bad-records.jsonl:7']],
    });
    expect(storeEvents(store)).toEqual({
      '2016-03-01': [
        { name: 'ok', distinctId: 'u1', time: S('2016-03-01T00:00:00Z'), insertId: undefined, properties: {} },
        { name: 'ok', distinctId: 'u2', time: S('2016-03-01T00:00:01Z'), insertId: undefined, properties: {} },
      ],
    });
  });

  it('a truncated JSON array: the complete elements are imported, the truncation is one skipped record', async () => {
    const store = tempStore();
    const r = await importEvents(store, files('truncated-array.json'));
    expect(r.toJSON()).toMatchObject({ read: 3, imported: 2, skipped: 1 });
    expect(reasons(r)).toEqual({ 'the JSON array is not closed (file truncated?)': [1, ['truncated-array.json:4']] });
    expect(store.reopen().eventCount).toBe(2);
  });

  it('only the first 5 places of a reason are listed', async () => {
    const store = tempStore();
    const r = await importEvents(store, [
      inline(
        'x.json',
        Array.from({ length: 7 }, () => ({ event: 'e', properties: {} })),
      ),
    ]);
    expect(r.summary('events')).toBe('read 7, imported 0 events, skipped 7 (7 no "time" property: x.json:1, x.json:2, x.json:3, x.json:4, x.json:5, ...)');
  });

  it('--strict: any skipped record aborts with nothing written, even after spilling', async () => {
    const store = tempStore();
    await importEvents(store, files('raw.jsonl'));
    const before = fs.readFileSync(path.join(store.dir, 'manifest.json'), 'utf8');
    const good = Array.from({ length: 20 }, (_, i) => rawEvent('e', `u${i}`, 1456790400 + i * 3600));
    const e = await importEvents(store, [inline('in.json', [...good, { event: 'e' }])], { strict: true, spillRows: 7 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    expect((e as Error).message).toBe(
      'import aborted (--strict): read 21, imported 0 events, skipped 1 (1 no "time" property: in.json:21). Nothing was written.',
    );
    expect(fs.readFileSync(path.join(store.dir, 'manifest.json'), 'utf8')).toBe(before);
    expect(fs.existsSync(path.join(store.dir, LOCK_FILE))).toBe(false);
    // The staged runs are gone; only the first import's data remains.
    const leftovers = fs
      .readdirSync(store.dir, { recursive: true })
      .map(String)
      .filter((f) => /(^|\/)g\d+/.test(f) && !f.includes('/g1'));
    expect(leftovers).toEqual([]);
    expect(storeEvents(store)).toEqual(RAW_STORE);
  });

  it('--strict with clean input imports normally', async () => {
    const store = tempStore();
    const r = await importEvents(store, files('raw.jsonl'), { strict: true });
    expect(r.imported).toBe(4);
  });
});

describe('time forms', () => {
  it('seconds, ms, float seconds, numeric strings and ISO strings all land at the same UTC ms', async () => {
    const store = tempStore();
    const times = [
      1456790400,
      1456790400123,
      1456790400.5,
      '1456790400',
      '1456790400.25',
      '2016-03-01T00:00:00.250Z',
      '2016-03-01 00:00:01',
      '2016-03-01T01:00:02+01:00',
    ];
    await importEvents(store, [
      inline(
        't.json',
        times.map((t, i) => rawEvent('e', 'u', t, { i })),
      ),
    ]);
    const got = partitionEvents(store, '2016-03-01');
    const base = S('2016-03-01T00:00:00Z');
    // Sorted by time; equal times keep input order.
    expect(got.map((e) => [e.properties.i, e.time - base])).toEqual([
      [0, 0],
      [3, 0],
      [1, 123],
      [4, 250],
      [5, 250],
      [2, 500],
      [6, 1000],
      [7, 2000],
    ]);
  });
});

describe('timezones and day partitions', () => {
  it('Europe/Berlin: 23:30 UTC belongs to the next day; minTime/maxTime stay UTC', async () => {
    const store = tempStore('Europe/Berlin');
    await importEvents(store, [
      inline('b.json', [
        rawEvent('late', 'u', '2016-03-01T22:59:59Z'), // 23:59:59 CET, 03-01
        rawEvent('next', 'u', '2016-03-01T23:30:00Z'), // 00:30 CET, 03-02
        rawEvent('early', 'u', '2016-02-29T23:00:00Z'), // 00:00 CET, 03-01
      ]),
    ]);
    const s = store.reopen();
    expect(s.days()).toEqual(['2016-03-01', '2016-03-02']);
    expect(partitionEvents(s, '2016-03-01').map((e) => e.name)).toEqual(['early', 'late']);
    expect(partitionEvents(s, '2016-03-02').map((e) => e.name)).toEqual(['next']);
    expect(s.partitionMeta('2016-03-01')).toMatchObject({ minTime: S('2016-02-29T23:00:00Z'), maxTime: S('2016-03-01T22:59:59Z') });
  });

  it('the same events in a UTC store fall on other days', async () => {
    const store = tempStore('UTC');
    await importEvents(store, [
      inline('b.json', [
        rawEvent('late', 'u', '2016-03-01T22:59:59Z'),
        rawEvent('next', 'u', '2016-03-01T23:30:00Z'),
        rawEvent('early', 'u', '2016-02-29T23:00:00Z'),
      ]),
    ]);
    expect(store.reopen().days()).toEqual(['2016-02-29', '2016-03-01']);
  });

  it('DST: Berlin spring-forward (23 h) and fall-back (25 h) days keep their exact boundaries', async () => {
    const store = tempStore('Europe/Berlin');
    const at = (iso: string) => rawEvent(iso, 'u', iso);
    await importEvents(store, [
      inline('dst.json', [
        at('2016-03-26T22:59:59Z'), // 23:59:59 CET   -> 03-26
        at('2016-03-26T23:00:00Z'), // 00:00 CET      -> 03-27
        at('2016-03-27T00:59:59Z'), // 01:59:59 CET   -> 03-27 (last second before the jump)
        at('2016-03-27T01:00:00Z'), // 03:00 CEST     -> 03-27
        at('2016-03-27T21:59:59Z'), // 23:59:59 CEST  -> 03-27
        at('2016-03-27T22:00:00Z'), // 00:00 CEST     -> 03-28
        at('2016-10-29T22:00:00Z'), // 00:00 CEST     -> 10-30
        at('2016-10-30T00:30:00Z'), // 02:30 CEST (first) -> 10-30
        at('2016-10-30T01:30:00Z'), // 02:30 CET (second) -> 10-30
        at('2016-10-30T22:59:59Z'), // 23:59:59 CET   -> 10-30
        at('2016-10-30T23:00:00Z'), // 00:00 CET      -> 10-31
      ]),
    ]);
    const s = store.reopen();
    const byDay = Object.fromEntries(s.days().map((d) => [d, partitionEvents(s, d).map((e) => e.name)]));
    expect(byDay).toEqual({
      '2016-03-26': ['2016-03-26T22:59:59Z'],
      '2016-03-27': ['2016-03-26T23:00:00Z', '2016-03-27T00:59:59Z', '2016-03-27T01:00:00Z', '2016-03-27T21:59:59Z'],
      '2016-03-28': ['2016-03-27T22:00:00Z'],
      '2016-10-30': ['2016-10-29T22:00:00Z', '2016-10-30T00:30:00Z', '2016-10-30T01:30:00Z', '2016-10-30T22:59:59Z'],
      '2016-10-31': ['2016-10-30T23:00:00Z'],
    });
  });

  it('America/New_York: days run 05:00 to 05:00 UTC in winter, 04:00 to 04:00 in summer', async () => {
    const store = tempStore('America/New_York');
    const at = (iso: string) => rawEvent(iso, 'u', iso);
    await importEvents(store, [
      inline('ny.json', [at('2016-03-13T04:59:59Z'), at('2016-03-13T05:00:00Z'), at('2016-03-14T03:59:59Z'), at('2016-03-14T04:00:00Z')]),
    ]);
    const s = store.reopen();
    expect(Object.fromEntries(s.days().map((d) => [d, partitionEvents(s, d).map((e) => e.name)]))).toEqual({
      '2016-03-12': ['2016-03-13T04:59:59Z'],
      '2016-03-13': ['2016-03-13T05:00:00Z', '2016-03-14T03:59:59Z'],
      '2016-03-14': ['2016-03-14T04:00:00Z'],
    });
  });

  it('--timezone-shifted with a Berlin store: wall-clock times are converted back to UTC before partitioning', async () => {
    // 2016-03-01 23:30 as wall-clock-as-epoch: really 22:30 UTC, so day 03-01.
    const wall = Date.UTC(2016, 2, 1, 23, 30) / 1000;
    const shifted = tempStore('Europe/Berlin');
    await importEvents(shifted, [inline('old.json', [rawEvent('e', 'u', wall), rawEvent('summer', 'u', Date.UTC(2016, 6, 1, 12) / 1000)])], {
      timezoneShifted: true,
    });
    expect(storeEvents(shifted)).toEqual({
      '2016-03-01': [{ name: 'e', distinctId: 'u', time: S('2016-03-01T22:30:00Z'), insertId: undefined, properties: {} }],
      '2016-07-01': [{ name: 'summer', distinctId: 'u', time: S('2016-07-01T10:00:00Z'), insertId: undefined, properties: {} }],
    });
    // Without the flag the same value is read as UTC: 00:30 Berlin on 03-02.
    const plain = tempStore('Europe/Berlin');
    await importEvents(plain, [inline('new.json', [rawEvent('e', 'u', wall)])]);
    expect(Object.keys(storeEvents(plain))).toEqual(['2016-03-02']);
    expect(partitionEvents(plain, '2016-03-02')[0]!.time).toBe(S('2016-03-01T23:30:00Z'));
  });
});

describe('deduplication', () => {
  const T = 1456790400;
  it('within one file: same (event, time, distinct_id, $insert_id) keeps the last copy, whole', async () => {
    const store = tempStore();
    const r = await importEvents(store, [
      inline('d.json', [
        rawEvent('view', 'alice', T, { v: 1, only_first: true }, 'x'),
        rawEvent('view', 'alice', T, { v: 2 }, 'x'),
        rawEvent('view', 'alice', T, { v: 3 }, 'x'),
      ]),
    ]);
    expect(r.toJSON()).toMatchObject({ read: 3, imported: 1, duplicates: 2 });
    expect(r.summary('events')).toBe('read 3, imported 1 events, deduplicated 2, skipped 0');
    expect(partitionEvents(store, '2016-03-01')).toEqual([{ name: 'view', distinctId: 'alice', time: T * 1000, insertId: 'x', properties: { v: 3 } }]);
  });

  it('the key compares times at the ms: seconds and the same instant in ms/ISO are duplicates', async () => {
    const store = tempStore();
    const r = await importEvents(store, [
      inline('d.json', [
        rawEvent('e', 'a', T, { v: 1 }, 'x'),
        rawEvent('e', 'a', T * 1000, { v: 2 }, 'x'),
        rawEvent('e', 'a', '2016-03-01T00:00:00Z', { v: 3 }, 'x'),
      ]),
    ]);
    expect(r.duplicates).toBe(2);
    expect(partitionEvents(store, '2016-03-01').map((e) => e.properties.v)).toEqual([3]);
  });

  it('across files of one import: the later file wins', async () => {
    const store = tempStore();
    const r = await importEvents(store, [
      inline('one.json', [rawEvent('e', 'a', T, { v: 'one' }, 'x')]),
      inline('two.json', [rawEvent('e', 'a', T, { v: 'two' }, 'x')]),
    ]);
    expect(r.toJSON()).toMatchObject({ read: 2, imported: 1, duplicates: 1 });
    expect(partitionEvents(store, '2016-03-01').map((e) => e.properties.v)).toEqual(['two']);
  });

  it('across two imports: the second import wins and reports the duplicate', async () => {
    const store = tempStore();
    await importEvents(store, [inline('one.json', [rawEvent('e', 'a', T, { v: 'one', a: 1 }, 'x'), rawEvent('e', 'b', T, {}, 'y')])]);
    const r = await importEvents(store, [inline('two.json', [rawEvent('e', 'a', T, { v: 'two' }, 'x')])]);
    expect(r.toJSON()).toMatchObject({ read: 1, imported: 0, duplicates: 1 });
    expect(partitionEvents(store, '2016-03-01').map((e) => [e.distinctId, e.properties])).toEqual([
      ['a', { v: 'two' }],
      ['b', {}],
    ]);
    expect(store.reopen().eventCount).toBe(2);
  });

  it('events without $insert_id are never deduplicated', async () => {
    const store = tempStore();
    const r = await importEvents(store, [inline('d.json', [rawEvent('e', 'a', T), rawEvent('e', 'a', T), rawEvent('e', 'a', T, {}, '')])]);
    expect(r.toJSON()).toMatchObject({ imported: 3, duplicates: 0 });
    const r2 = await importEvents(store, [inline('d.json', [rawEvent('e', 'a', T)])]);
    expect(r2.imported).toBe(1);
    expect(store.reopen().eventCount).toBe(4);
  });

  it('the same $insert_id with another time, name or distinct_id is another event', async () => {
    const store = tempStore();
    const r = await importEvents(store, [
      inline('d.json', [
        rawEvent('e', 'a', T, {}, 'x'),
        rawEvent('e', 'a', T + 1, {}, 'x'),
        rawEvent('f', 'a', T, {}, 'x'),
        rawEvent('e', 'b', T, {}, 'x'),
        rawEvent('e', undefined, T, {}, 'x'),
        rawEvent('e', 'a', T, {}, 'X'),
      ]),
    ]);
    expect(r.toJSON()).toMatchObject({ imported: 6, duplicates: 0 });
  });

  it('events without distinct_id deduplicate among themselves', async () => {
    const store = tempStore();
    const r = await importEvents(store, [inline('d.json', [rawEvent('e', undefined, T, { v: 1 }, 'x'), rawEvent('e', undefined, T, { v: 2 }, 'x')])]);
    expect(r.duplicates).toBe(1);
    expect(partitionEvents(store, '2016-03-01').map((e) => e.properties.v)).toEqual([2]);
  });
});

describe('partition contents', () => {
  it('rows sorted by (user number, time, input order); users numbered by first appearance; no distinct_id is user -1 and sorts first', async () => {
    const store = tempStore();
    const T = 1456790400;
    await importEvents(store, [
      inline('s.json', [
        rawEvent('b2', 'bob', T + 2),
        rawEvent('a3', 'alice', T + 3),
        rawEvent('b1', 'bob', T + 1),
        rawEvent('a1', 'alice', T + 1),
        rawEvent('anon', undefined, T + 9),
        rawEvent('a1-second', 'alice', T + 1),
        rawEvent('empty-id', '', T + 5),
      ]),
    ]);
    const s = store.reopen();
    expect(s.users.ids).toEqual(['bob', 'alice']);
    const p = s.openPartition('2016-03-01');
    expect(Array.from({ length: p.length }, (_, i) => p.name.dictionary[p.name.indices[i]!])).toEqual([
      'empty-id',
      'anon',
      'b1',
      'b2',
      'a1',
      'a1-second',
      'a3',
    ]);
    expect(Array.from(p.user)).toEqual([NO_USER, NO_USER, 0, 0, 1, 1, 1]);
    expect(p.meta.names).toEqual({ b2: 1, a3: 1, b1: 1, a1: 1, anon: 1, 'a1-second': 1, 'empty-id': 1 });
  });

  it('property columns are typed; missing and null stay apart; $insert_id reads as a property', async () => {
    const store = tempStore();
    const T = 1456790400;
    await importEvents(store, [
      inline('p.json', [
        rawEvent('e', 'u', T, { s: 'x', n: 1.5, b: true, list: [1, 'a'], obj: { k: { d: 1 } }, mixed: 1, nul: null }, 'id-1'),
        rawEvent('e', 'u', T + 1, { s: 'y', n: -2, b: false, mixed: 'one', nul: null, sometimes: null }),
        rawEvent('e', 'u', T + 2, { s: 'x', mixed: true, sometimes: 'here' }, 'id-3'),
      ]),
    ]);
    const p = store.reopen().openPartition('2016-03-01');
    const kinds = Object.fromEntries(Object.entries(p.meta.columns).map(([k, c]) => [k, [c.kind, c.count]]));
    expect(kinds).toEqual({
      s: ['string', 3],
      n: ['number', 2],
      b: ['boolean', 2],
      list: ['json', 1],
      obj: ['json', 1],
      mixed: ['json', 3],
      nul: ['string', 0],
      sometimes: ['string', 1],
    });
    const col = (k: string) => [0, 1, 2].map((i) => valueAt(p.column(k), i));
    expect(col('s')).toEqual(['x', 'y', 'x']);
    expect((p.column('s') as { dictionary: string[] }).dictionary).toEqual(['x', 'y']);
    expect(col('n')).toEqual([1.5, -2, undefined]);
    expect(col('b')).toEqual([true, false, undefined]);
    expect(col('list')).toEqual([[1, 'a'], undefined, undefined]);
    expect(col('obj')).toEqual([{ k: { d: 1 } }, undefined, undefined]);
    expect(col('mixed')).toEqual([1, 'one', true]);
    expect(col('nul')).toEqual([null, null, undefined]);
    expect(col('sometimes')).toEqual([undefined, null, 'here']);
    expect(col('$insert_id')).toEqual(['id-1', undefined, 'id-3']);
    expect(p.column('absent')).toBeUndefined();
    expect(p.keys().sort()).toEqual(['b', 'list', 'mixed', 'n', 'nul', 'obj', 's', 'sometimes']);
  });

  it('a key present on one day but not another; $insert_id absent on a day without any', async () => {
    const store = tempStore();
    await importEvents(store, [
      inline('k.json', [rawEvent('e', 'u', '2016-03-01T10:00:00Z', { only_day1: 1 }, 'x'), rawEvent('e', 'u', '2016-03-02T10:00:00Z', { other: 'v' })]),
    ]);
    const s = store.reopen();
    const d1 = s.openPartition('2016-03-01');
    const d2 = s.openPartition('2016-03-02');
    expect(d1.keys()).toEqual(['only_day1']);
    expect(d2.keys()).toEqual(['other']);
    expect(d2.column('only_day1')).toBeUndefined();
    expect(valueAt(d2.column('only_day1'), 0)).toBeUndefined();
    expect(d1.column('$insert_id')).toBeDefined();
    expect(d2.column('$insert_id')).toBeUndefined();
  });

  it('names and keys that are Object.prototype members ("constructor", "__proto__", "toString") are ordinary data', async () => {
    const store = tempStore();
    const recs = JSON.parse(
      '[{"event":"constructor","properties":{"time":1456790400,"distinct_id":"u","constructor":"c","__proto__":{"x":1},"toString":5}},' +
        '{"event":"__proto__","properties":{"time":1456790401}},{"event":"e","properties":{"time":1456876800}}]',
    ) as unknown[];
    await importEvents(store, [inline('proto.json', recs)]);
    const s = store.reopen();
    const meta = s.partitionMeta('2016-03-01')!;
    expect(JSON.stringify(meta.names)).toBe('{"__proto__":1,"constructor":1}');
    expect(Object.keys(meta.columns).sort()).toEqual(['__proto__', 'constructor', 'toString']);
    const p = s.openPartition('2016-03-01');
    expect([0, 1].map((i) => valueAt(p.column('__proto__'), i))).toEqual([undefined, { x: 1 }]);
    expect([0, 1].map((i) => valueAt(p.column('constructor'), i))).toEqual([undefined, 'c']);
    // A day without those keys has no such columns (rather than Object.prototype's).
    const d2 = s.openPartition('2016-03-02');
    expect(d2.column('constructor')).toBeUndefined();
    expect(d2.column('toString')).toBeUndefined();
    expect(d2.column('hasOwnProperty')).toBeUndefined();
  });

  it('a second import into an existing day merges and re-sorts; untouched days keep their files', async () => {
    const store = tempStore();
    await importEvents(store, [inline('1.json', [rawEvent('x', 'b', '2016-03-01T10:00:00Z'), rawEvent('y', 'a', '2016-03-02T10:00:00Z')])]);
    const dir2 = store.reopen().partitionMeta('2016-03-02')!.dir;
    await importEvents(store, [inline('2.json', [rawEvent('z', 'a', '2016-03-01T09:00:00Z'), rawEvent('w', 'b', '2016-03-01T09:00:00Z')])]);
    const s = store.reopen();
    expect(partitionEvents(s, '2016-03-01').map((e) => e.name)).toEqual(['w', 'x', 'z']); // b=0 before a=1
    expect(s.partitionMeta('2016-03-01')!.dir).toBe('events/2016-03-01/g2');
    expect(s.partitionMeta('2016-03-02')!.dir).toBe(dir2);
    expect(s.users.ids).toEqual(['b', 'a']);
    expect(s.manifest.generation).toBe(2);
  });
});
