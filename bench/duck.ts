/**
 * DuckDB side of the benchmark, run as its own process by run.ts:
 *
 *   node dist/bench/duck.js load  <size>            build bench/data/<size>/duck.db from the JSONL files
 *   node dist/bench/duck.js query <size> <file.sql> run one query, print its rows as JSON arrays
 *
 * The database file is built once per size, so (like quarry's import) loading is not counted
 * in query times. Tables:
 *   events(name, distinct_id, time, insert_id, <every event property as a column>, seq)
 *     seq: the line number in the export file (ties in time keep file order, as in quarry)
 *     time: Unix seconds (UTC), distinct_id: NULL when missing or "" (as quarry's store does),
 *     price/amount/item_count: JSON (numbers, sometimes numeric strings: a JQL selector's
 *     numeric comparison never matches a string, so queries test json_type).
 *     Exact duplicates on (name, time, distinct_id, $insert_id) are dropped, one kept, as quarry's
 *     importer does.
 *   profiles(distinct_id, <every profile property as a column>)
 */
import fs from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { parseSize, paths } from './sizes.js';

const EVENT_PROPS: [string, string][] = [
  ['time', 'BIGINT'],
  ['distinct_id', 'VARCHAR'],
  ['$insert_id', 'VARCHAR'],
  ['mp_lib', 'VARCHAR'],
  ['$os', 'VARCHAR'],
  ['$browser', 'VARCHAR'],
  ['$city', 'VARCHAR'],
  ['mp_country_code', 'VARCHAR'],
  ['method', 'VARCHAR'],
  ['page', 'VARCHAR'],
  ['utm_source', 'VARCHAR'],
  ['item_id', 'VARCHAR'],
  ['category', 'VARCHAR'],
  ['price', 'JSON'],
  ['quantity', 'BIGINT'],
  ['amount', 'JSON'],
  ['currency', 'VARCHAR'],
  ['item_count', 'JSON'],
  ['payment_method', 'VARCHAR'],
  ['coupon', 'VARCHAR'],
  ['mp_processing_time_ms', 'BIGINT'],
];
const PROFILE_PROPS: [string, string][] = [
  ['$name', 'VARCHAR'],
  ['$first_name', 'VARCHAR'],
  ['$last_name', 'VARCHAR'],
  ['$email', 'VARCHAR'],
  ['$city', 'VARCHAR'],
  ['$country_code', 'VARCHAR'],
  ['plan', 'VARCHAR'],
  ['signup_date', 'VARCHAR'],
  ['age', 'BIGINT'],
  ['$created', 'VARCHAR'],
  ['$last_seen', 'VARCHAR'],
  ['favorite_categories', 'VARCHAR[]'],
  ['newsletter', 'BOOLEAN'],
];
const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
const struct = (props: [string, string][]) => `STRUCT(${props.map(([n, t]) => `${q(n)} ${t}`).join(', ')})`;

function jsonable(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(jsonable);
  return v;
}

async function load(size: string): Promise<void> {
  const p = paths(parseSize(size));
  for (const f of [p.duckdb, `${p.duckdb}.wal`]) fs.rmSync(f, { force: true });
  const db = await DuckDBInstance.create(p.duckdb);
  const c = await db.connect();
  const t0 = performance.now();
  await c.run(`CREATE TEMP TABLE raw AS SELECT *, row_number() OVER () AS seq FROM read_json(${lit(p.events)}, format='newline_delimited',
    columns={event: 'VARCHAR', properties: ${lit(struct(EVENT_PROPS))}})`);
  const tRead = performance.now();
  const cols = EVENT_PROPS.filter(([n]) => n !== 'time' && n !== 'distinct_id' && n !== '$insert_id')
    .map(([n]) => `properties.${q(n)} AS ${q(n)}`)
    .join(', ');
  await c.run(`CREATE TABLE events AS
    SELECT event AS name, NULLIF(properties.distinct_id, '') AS distinct_id, properties.time AS time,
           properties."$insert_id" AS insert_id, ${cols}, seq
    FROM raw
    QUALIFY row_number() OVER (PARTITION BY event, properties.time, properties.distinct_id, properties."$insert_id" ORDER BY seq) = 1
    ORDER BY time, seq`);
  await c.run('DROP TABLE raw');
  const tEvents = performance.now();
  const pcols = PROFILE_PROPS.map(([n]) => `"$properties".${q(n)} AS ${q(n)}`).join(', ');
  await c.run(`CREATE TABLE profiles AS SELECT "$distinct_id" AS distinct_id, ${pcols}
    FROM read_json(${lit(p.profiles)}, format='newline_delimited',
      columns={"$distinct_id": 'VARCHAR', "$properties": ${lit(struct(PROFILE_PROPS))}})`);
  await c.run('CHECKPOINT');
  const tEnd = performance.now();
  const n = (await c.runAndReadAll('SELECT count(*) FROM events')).getRowsJS()[0]![0];
  c.closeSync();
  db.closeSync();
  process.stdout.write(
    `${JSON.stringify({
      events: Number(n),
      readJsonMs: tRead - t0,
      dedupMs: tEvents - tRead,
      profilesMs: tEnd - tEvents,
      totalMs: tEnd - t0,
      dbBytes: fs.statSync(p.duckdb).size,
    })}\n`,
  );
}

async function query(size: string, sqlFile: string): Promise<void> {
  const p = paths(parseSize(size));
  const db = await DuckDBInstance.create(p.duckdb, { access_mode: 'READ_ONLY' });
  const c = await db.connect();
  const sql = fs.readFileSync(sqlFile, 'utf8');
  const t0 = performance.now();
  const rows = (await c.runAndReadAll(sql)).getRowsJS();
  const ms = performance.now() - t0;
  process.stdout.write(JSON.stringify(rows.map(jsonable)));
  process.stderr.write(`${JSON.stringify({ queryMs: ms })}\n`);
  c.closeSync();
  db.closeSync();
}

const [mode, size, file] = process.argv.slice(2);
if (mode === 'load') await load(size!);
else if (mode === 'query') await query(size!, file!);
else {
  process.stderr.write('usage: duck.js load <size> | duck.js query <size> <file.sql>\n');
  process.exit(2);
}
