/**
 * Issue 9 items 3, 4, 9 (ingest) and 11: `$insert_id` compared as values; times
 * outside the stored range are skipped records with their line; JSON nested deeper
 * than the limit is a skipped record, never a stack overflow; a damaged stream ends
 * in the importer's error path (exit 1, message, lock released). The crash items run
 * as child processes of the built CLI.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { importEvents, importPeople, importPeopleCsv, importUpdates, MAX_JSON_DEPTH } from '../../../src/ingest/index.js';
import { LOCK_FILE, Store } from '../../../src/store/index.js';
import { MAX_TIME_MS } from '../../../src/time/index.js';
import { cleanTemp, partitionEvents, runCli, tempDir, writeTemp } from '../../helpers/index.js';
import { inline, tempStore, userProfile } from './helpers.js';

afterAll(cleanTemp);

const reasons = (r: { reasons: Map<string, { places: string[]; count: number }> }) => Object.fromEntries([...r.reasons].map(([k, v]) => [k, v.places]));
const T = 1456790400; // 2016-03-01T00:00:00Z, seconds
/** A list nested `depth` levels deep: nested(2) = [[1]]. */
const nested = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;

describe('$insert_id compares values', () => {
  it('1, "1", [1], ["1"] and {"k":1} are five events; exact repeats of each are duplicates', async () => {
    const store = tempStore();
    const ids: unknown[] = [1, '1', [1], ['1'], { k: 1 }];
    const ev = (id: unknown, n: number) => ({ event: 'e', properties: { time: T, distinct_id: 'u', $insert_id: id, n } });
    const r = await importEvents(store, [inline('a.json', [...ids.map((id) => ev(id, 1)), ...ids.map((id) => ev(id, 2))])[0]!]);
    expect(r.toJSON()).toMatchObject({ read: 10, imported: 5, duplicates: 5 });
    const stored = partitionEvents(store, '2016-03-01');
    expect(stored.map((e) => e.insertId)).toEqual(ids);
    expect(stored.map((e) => e.properties.n)).toEqual([2, 2, 2, 2, 2]);
    // A later import compares with the stored values, types kept.
    const r2 = await importEvents(store, [inline('b.json', [ev([1], 3), ev(1.0, 3), ev({ k: 1 }, 3), ev([[1]], 3)])[0]!]);
    expect(r2.toJSON()).toMatchObject({ imported: 1, duplicates: 3 });
    expect(Store.open(store.dir).eventCount).toBe(6);
  });

  it('objects compare by content, whatever the key order', async () => {
    const store = tempStore();
    const recs = JSON.parse(
      `[{"event":"e","properties":{"time":${T},"$insert_id":{"a":1,"b":2}}},{"event":"e","properties":{"time":${T},"$insert_id":{"b":2,"a":1}}}]`,
    ) as unknown[];
    const r = await importEvents(store, [inline('o.json', recs)[0]!]);
    expect(r.toJSON()).toMatchObject({ imported: 1, duplicates: 1 });
  });
});

describe('times outside the stored range', () => {
  it('are skipped with their line: past year 9999, beyond the Date range, before 1970', async () => {
    const store = tempStore();
    const times: unknown[] = [1e20, MAX_TIME_MS, '+010000-01-01T00:00:00Z', 8.64e15, '1969-12-31T23:59:59Z', MAX_TIME_MS - 1, T];
    const r = await importEvents(store, [
      inline(
        't.json',
        times.map((time) => ({ event: 'e', properties: { time } })),
      )[0]!,
    ]);
    const out = '"time" out of range (must be after 1970-01-01T00:00:00Z and before 9999-12-31T00:00:00Z)';
    expect(reasons(r)).toEqual({ [out]: ['t.json:1', 't.json:2', 't.json:3', 't.json:4', 't.json:5'] });
    expect(r.imported).toBe(2);
    expect(Store.open(store.dir).days()).toEqual(['2016-03-01', '9999-12-30']);
  });

  it('the last valid instant lands on a four-digit day in every zone', async () => {
    for (const tz of ['Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
      const store = tempStore(tz);
      await importEvents(store, [inline('t.json', [{ event: 'e', properties: { time: MAX_TIME_MS - 1 } }])[0]!]);
      expect(Store.open(store.dir).days()[0]).toMatch(/^\d{4}-\d\d-\d\d$/);
    }
  });

  it('--timezone-shifted times are checked after the shift too', async () => {
    const store = tempStore('Asia/Tokyo'); // +09:00 in 1970: 1970-01-01T01:00 wall time is before 1970 in UTC
    const r = await importEvents(store, [inline('t.json', [{ event: 'e', properties: { time: 3600 } }])[0]!], { timezoneShifted: true });
    expect(r.skipped).toBe(1);
  });

  it('profile $time and $last_seen out of range: a warning, the import time is used', async () => {
    const store = tempStore();
    const now = Date.UTC(2024, 0, 1);
    const r = await importUpdates(store, inline('u.json', [{ $distinct_id: 'u', $time: 1e20, $set: { a: 1 } }]), { now });
    expect([...r.warningReasons.keys()]).toEqual([
      '"$time" out of range ignored (must be after 1970-01-01T00:00:00Z and before 9999-12-31T00:00:00Z; the import time is used)',
    ]);
    expect(userProfile(store, 'u')!.time).toBe(now);
    const p = await importPeople(store, inline('p.json', [{ $distinct_id: 'v', $properties: { $last_seen: '+275760-09-13T00:00:00' } }]), { now });
    expect(p.warnings).toBe(1);
    expect(userProfile(store, 'v')!.lastSeen).toBe(now);
  });
});

describe('deeply nested JSON', () => {
  it(`a record nested deeper than ${MAX_JSON_DEPTH} levels is skipped; ${MAX_JSON_DEPTH} levels import`, async () => {
    const store = tempStore();
    // The record is level 1, properties level 2, so a value of depth MAX-2 is the most.
    const ok = `{"event":"e","properties":{"time":${T},"v":${nested(MAX_JSON_DEPTH - 2)}}}`;
    const deep = `{"event":"e","properties":{"time":${T},"v":${nested(MAX_JSON_DEPTH - 1)}}}`;
    const huge = `{"event":"e","properties":{"time":${T},"v":${nested(10_000)}}}`;
    const file = writeTemp('deep.jsonl', [ok, deep, huge].join('\n'));
    const { fileInputs } = await import('../../../src/ingest/index.js');
    const r = await importEvents(store, fileInputs([file]));
    expect(reasons(r)).toEqual({ [`nested deeper than ${MAX_JSON_DEPTH} levels of objects and lists`]: ['deep.jsonl:2', 'deep.jsonl:3'] });
    expect(r.imported).toBe(1);
  });

  it('Data Pipelines "properties" given as JSON text are held to the same depth', async () => {
    const store = tempStore();
    const rec = (depth: number) => ({ event_name: 'e', time: T, distinct_id: 'u', properties: `{"v":${nested(depth)}}` });
    const r = await importEvents(store, [inline('p.json', [rec(MAX_JSON_DEPTH - 2), rec(MAX_JSON_DEPTH - 1), rec(10_000)])[0]!]);
    expect(reasons(r)).toEqual({ [`nested deeper than ${MAX_JSON_DEPTH} levels of objects and lists`]: ['p.json:2', 'p.json:3'] });
  });

  it('a CSV cell with deeply nested JSON stays text under --infer-types', async () => {
    const store = tempStore();
    const csv = writeTemp('d.csv', `$distinct_id,v\nu,"${nested(10_000)}"\n`);
    await importPeopleCsv(store, csv, { inferTypes: true, now: Date.UTC(2024, 0, 1) });
    expect(userProfile(store, 'u')!.properties.v).toBe(nested(10_000));
  });
});

describe('child processes: no stack trace, a clear message, exit 1, the lock released', () => {
  const deepLine = `{"event":"e","properties":{"time":${T},"v":${nested(10_000)}}}\n`;
  const gz = (text: string) => {
    const z = zlib.gzipSync(text);
    return z.subarray(0, Math.floor(z.length / 2));
  };
  const bigCsv = ['$distinct_id,name', ...Array.from({ length: 20_000 }, (_, i) => `u${i},name ${i}`)].join('\n');
  const bigJsonl = Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ $distinct_id: `u${i}`, $properties: { i }, $set: { i } })).join('\n');
  const cases: [string, string[], (dir: string) => string, RegExp][] = [
    [
      'year 10000 in events',
      ['import', 'events'],
      () => writeTemp('y.json', `{"event":"e","properties":{"time":${T}}}\n{"event":"e","properties":{"time":"+010000-01-01T00:00:00Z"}}\n`),
      /"time" out of range \(must be after .*\): y\.json:2/,
    ],
    ['JSON nested 10,000 deep', ['import', 'events'], () => writeTemp('d.json', deepLine), /nested deeper than 100 levels of objects and lists: d\.json:1/],
    [
      'JSON nested 10,000 deep, people',
      ['import', 'people'],
      () => writeTemp('d.json', `{"$distinct_id":"u","$properties":{"v":${nested(10_000)}}}\n`),
      /nested deeper than 100 levels/,
    ],
    ['truncated .csv.gz, people', ['import', 'people'], () => writeTemp('p.csv.gz', gz(bigCsv)), /p\.csv\.gz: the gzip data is damaged or truncated/],
    [
      'truncated .json.gz, events',
      ['import', 'events'],
      () => writeTemp('e.json.gz', gz(Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ event: 'e', properties: { time: T + i } })).join('\n'))),
      /e\.json\.gz: the gzip data is damaged or truncated/,
    ],
    ['truncated .json.gz, people', ['import', 'people'], () => writeTemp('p.json.gz', gz(bigJsonl)), /the gzip data is damaged or truncated/],
    ['truncated .json.gz, updates', ['import', 'updates'], () => writeTemp('u.json.gz', gz(bigJsonl)), /the gzip data is damaged or truncated/],
    ['a directory given as events', ['import', 'events'], () => tempDir(), /cannot read .*: it is a directory, not a file/],
    ['a directory given as people', ['import', 'people'], () => tempDir(), /cannot read .*: it is a directory, not a file/],
    ['a directory given as updates', ['import', 'updates'], () => tempDir(), /cannot read .*: it is a directory, not a file/],
    [
      'a directory named .csv given as people',
      ['import', 'people'],
      () => {
        const d = path.join(tempDir(), 'x.csv');
        fs.mkdirSync(d);
        return d;
      },
      /cannot read .*x\.csv: not a file/,
    ],
  ];
  it.each(cases)('%s', async (_name, command, make, message) => {
    const store = tempStore();
    const file = make(store.dir);
    const before = fs.readFileSync(path.join(store.dir, 'manifest.json'), 'utf8');
    const r = await runCli([...command, file, '--store', store.dir]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout + r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at |internal error|Error:/);
    expect(fs.existsSync(path.join(store.dir, LOCK_FILE))).toBe(false);
    if (/damaged/.test(message.source)) expect(fs.readFileSync(path.join(store.dir, 'manifest.json'), 'utf8')).toBe(before);
  });
});

describe('records longer than the cap', () => {
  it('a line or array element past maxRecordChars is one skipped record; the rest reads on', async () => {
    const { readRecords } = await import('../../../src/ingest/index.js');
    const long = 'x'.repeat(5000);
    const lines = writeTemp('l.jsonl', `{"a":1}\n{"b":"${long}"}\n{"c":3}\n{"d":"${long}${long}"}`);
    const arr = writeTemp('a.json', `[{"a":1},\n"${long}",\n{"b":"${long}"},\n{"c":3}]`);
    const read = async (f: string) => {
      const out: unknown[] = [];
      for await (const r of readRecords(f, undefined, { maxRecordChars: 1000 })) out.push(r.error ?? r.value);
      return out;
    };
    expect(await read(lines)).toEqual([{ a: 1 }, 'record longer than 1000 characters', { c: 3 }, 'record longer than 1000 characters']);
    expect(await read(arr)).toEqual([{ a: 1 }, 'record longer than 1000 characters', 'record longer than 1000 characters', { c: 3 }]);
    const lineNumbers: number[] = [];
    for await (const r of readRecords(arr, undefined, { maxRecordChars: 1000 })) lineNumbers.push(r.line);
    expect(lineNumbers).toEqual([1, 2, 3, 4]);
  });
});
