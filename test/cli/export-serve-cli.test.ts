/**
 * `quarry export` and `quarry serve` from the command line: import(export(store))
 * gives the same store; the flat tables read back through DuckDB (Parquet) and
 * apache-arrow's reader (Arrow IPC) with the values of the store; `serve` refuses a
 * non-loopback address without --auth. Needs `npm run build`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importEvents, importPeople, readRecords } from '../../src/ingest/index.js';
import { Store } from '../../src/store/index.js';
import { runCli, startCli } from '../helpers/cli.js';
import { storeEvents } from '../helpers/events.js';
import { cleanTemp, tempDir, tempStore, writeTemp } from '../helpers/temp.js';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'jql');
let src: Store;
beforeAll(async () => {
  src = tempStore();
  // The JQL fixture events, plus one with a millisecond time and one without a user.
  const extra = writeTemp(
    'extra.jsonl',
    [
      JSON.stringify({ event: 'ms', properties: { time: 1458000000.123, distinct_id: 'alice', $insert_id: 'm1', nested: { a: [1, { b: null }] } } }),
      JSON.stringify({ event: 'anon', properties: { time: 1458000001, $insert_id: 'm2', flag: true } }),
    ].join('\n'),
  );
  await importEvents(src, [
    { label: 'events', records: readRecords(path.join(FIXTURES, 'events.jsonl')) },
    { label: 'extra', records: readRecords(extra) },
  ]);
  await importPeople(Store.open(src.dir), [{ label: 'people', records: readRecords(path.join(FIXTURES, 'profiles.jsonl')) }]);
});
afterAll(() => cleanTemp());

describe('quarry export events', () => {
  it('jsonl in the hosted shape: importing it gives the same store', async () => {
    const out = path.join(tempDir(), 'all.jsonl');
    const r = await runCli(['export', 'events', '--store', src.dir, '--from', '2016-01-01', '--to', '2016-12-31', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('wrote 12 events');
    const e1 = fs
      .readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .find((l) => l.properties.$insert_id === 'e1');
    expect(e1).toEqual({ event: 'signup', properties: { time: 1458000000, distinct_id: 'alice', $insert_id: 'e1', country: 'US', plan: 'free' } });
    const copy = Store.init(path.join(tempDir(), 'copy'));
    const imp = await runCli(['import', 'events', out, '--store', copy.dir]);
    expect(imp.code, imp.stderr).toBe(0);
    expect(storeEvents(copy)).toEqual(storeEvents(src));
  });

  it('--event, --where and --limit select like the raw export API', async () => {
    const r = await runCli([
      'export',
      'events',
      '--store',
      src.dir,
      '--from',
      '2016-03-15',
      '--to',
      '2016-03-17',
      '--event',
      'view',
      '--where',
      'properties["country"] == "US"',
    ]);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    // By hand: US views are e2 (alice), e6 (carol), e7 (alice).
    expect(lines.map((l) => l.properties.$insert_id).sort()).toEqual(['e2', 'e6', 'e7']);
    const lim = await runCli(['export', 'events', '--store', src.dir, '--from', '2016-03-15', '--to', '2016-03-17', '--limit', '4']);
    expect(lim.stdout.trim().split('\n')).toHaveLength(4);
    const bad = await runCli(['export', 'events', '--store', src.dir, '--from', '2016-3-1', '--to', '2016-03-17']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--from must be a day YYYY-MM-DD/);
  });

  it("parquet reads back in DuckDB with the store's values and types", async () => {
    const out = path.join(tempDir(), 'ev.parquet');
    expect((await runCli(['export', 'events', '--store', src.dir, '--from', '2016-01-01', '--to', '2016-12-31', '--out', out])).code).toBe(0);
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    const rows = (
      await c.runAndReadAll(`select event, epoch_ms(time) as t, distinct_id, "$insert_id" as id, country, amount, tags, flag from '${out}' order by id`)
    ).getRowsJS();
    const byId = Object.fromEntries(rows.map((r) => [r[3], r]));
    expect(byId.e5).toEqual(['purchase', 1458093600000n, 'bob', 'e5', 'CA', '100', null, null]);
    expect(byId.m1![6]).toBe(null);
    expect(byId.m1![1]).toBe(1458000000123n);
    expect(byId.m2![2]).toBe(null);
    expect(byId.m2![7]).toBe(true);
    // amount mixes numbers and a string ("7") between days: JSON text; tags are lists: JSON text.
    expect(byId.e7![5]).toBe('"7"');
    expect(byId.e2![6]).toBe('["a","b"]');
    const types = Object.fromEntries((await c.runAndReadAll(`describe select * from '${out}'`)).getRowsJS().map((r) => [r[0], r[1]]));
    expect(types).toMatchObject({ event: 'VARCHAR', time: 'TIMESTAMP', flag: 'BOOLEAN', amount: 'JSON', country: 'VARCHAR' });
  });

  it('arrow IPC file: a flat table with a UTC timestamp column', async () => {
    const out = path.join(tempDir(), 'ev.arrow');
    expect((await runCli(['export', 'events', '--store', src.dir, '--from', '2016-01-01', '--to', '2016-12-31', '--out', out])).code).toBe(0);
    const t = tableFromIPC(fs.readFileSync(out));
    expect(t.numRows).toBe(12);
    expect(t.schema.fields.slice(0, 4).map((f) => `${f.name}:${f.type}`)).toEqual([
      'event:Utf8',
      'time:Timestamp<MILLISECOND, UTC>',
      'distinct_id:Utf8',
      '$insert_id:Utf8',
    ]);
    const rows = t.toArray().map((r) => r.toJSON());
    const e4 = rows.find((r) => r.$insert_id === 'e4')!;
    expect(e4).toMatchObject({ event: 'view', time: 1458090000000, distinct_id: 'bob', country: 'CA', tags: '["b"]' });
  });

  it('csv with a header, ISO times', async () => {
    const r = await runCli(['export', 'events', '--store', src.dir, '--from', '2016-03-15', '--to', '2016-03-15', '--format', 'csv']);
    // LF line ends: the one CSV rule (docs/cli.md); --crlf gives CRLF.
    const lines = r.stdout.split('\n');
    expect(lines[0]!.startsWith('event,time,distinct_id,$insert_id,')).toBe(true);
    // Rows in store order: events without a user first, then by user and time.
    expect(lines[1]!.startsWith('anon,2016-03-15T00:00:01.000Z,,m2,')).toBe(true);
    expect(lines[2]!.startsWith('signup,2016-03-15T00:00:00.000Z,alice,e1,')).toBe(true);
  });

  it('--out into a missing folder is a usage error before any work; nothing is left behind', async () => {
    const dir = tempDir();
    for (const name of ['x.csv', 'x.parquet']) {
      const r = await runCli(['export', 'events', '--store', src.dir, '--from', '2016-03-15', '--to', '2016-03-15', '--out', path.join(dir, 'missing', name)]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('does not exist; create it first');
    }
    const ok = await runCli(['export', 'events', '--store', src.dir, '--from', '2016-03-15', '--to', '2016-03-15', '--out', path.join(dir, 'x.parquet')]);
    expect(ok.code).toBe(0);
    expect(fs.readdirSync(dir)).toEqual(['x.parquet']);
  });
});

describe('quarry export people', () => {
  it('jsonl in the engage export shape; --where; parquet', async () => {
    const r = await runCli(['export', 'people', '--store', src.dir, '--where', 'properties["plan"] == "premium"']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.$distinct_id)).toEqual(['alice', 'carol']);
    expect(lines[0]).toEqual({ $distinct_id: 'alice', $properties: { $name: 'Alice', plan: 'premium', age: 34, $last_seen: '2016-03-17T00:00:00' } });
    const out = path.join(tempDir(), 'p.parquet');
    expect((await runCli(['export', 'people', '--store', src.dir, '--out', out])).code).toBe(0);
    const db = await DuckDBInstance.create(':memory:');
    const rows = (await (await db.connect()).runAndReadAll(`select "$distinct_id", plan, age from '${out}' order by 1`)).getRowsJS();
    expect(rows).toEqual([
      ['alice', 'premium', 34],
      ['bob', 'free', 28],
      ['carol', 'premium', null],
      ['erin', 'free', 41],
    ]);
  });
});

describe('quarry serve', () => {
  it('logs one line per request (method, path, status, ms, rows) and stops on SIGTERM', async () => {
    const child = startCli(['serve', '--store', src.dir, '--port', '0']);
    let err = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr!.on('data', (b: Buffer) => {
        err += b;
        const m = /listening on (http:\/\/\S+)/.exec(err);
        if (m) resolve(m[1]!);
      });
      child.on('exit', () => reject(new Error(err)));
    });
    const r = await fetch(
      `${url}/api/2.0/jql?script=${encodeURIComponent('function main() { return Events({from_date: "2016-03-15", to_date: "2016-03-17"}).groupBy(["name"], mixpanel.reducer.count()); }')}`,
    );
    expect(await r.json()).toHaveLength(5); // purchase, signup, view, and the extra "ms" and "anon"
    const code = new Promise((res) => child.once('exit', res));
    child.kill('SIGTERM');
    expect(await code).toBe(0);
    expect(err).toMatch(/\nGET \/api\/2\.0\/jql 200 \d+ms 5 rows\n/);
  });

  it('refuses a non-loopback address without --auth (exit 2, says how to fix)', async () => {
    const r = await runCli(['serve', '--store', src.dir, '--host', '0.0.0.0', '--port', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/refusing to listen on 0\.0\.0\.0 without --auth/);
    expect(r.stderr).toMatch(/--auth USER:SECRET/);
  });
});
