/**
 * Built-in aggregates against DuckDB on random data. A few thousand events (fixed
 * seed) with mixed property types (numbers, numeric strings, other strings, booleans,
 * null, missing) are imported into a store and, as the same raw JSON lines, into
 * DuckDB, where each quarry query has an SQL twin written from the definitions in
 * docs/reducers.md:
 *   - numeric reducers count only JSON numbers (strings and booleans are skipped);
 *   - avg/min/max of nothing is null; sum of nothing is 0;
 *   - numeric_summary.stddev is the population stddev (stddev_pop);
 *   - numeric_percentiles is linear interpolation between closest ranks (quantile_cont);
 *   - count_unique distinguishes 1 and "1" (JSON text), ignores null/missing;
 *   - to_number: numbers, numeric strings, booleans as 1/0;
 *   - distinct_id "" or missing: no user (skipped by groupByUser, not counted as unique);
 *   - exact duplicates (name, time, distinct_id, $insert_id) count once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importEvents } from '../../src/ingest/index.js';
import { shutdownSandboxPool } from '../../src/sandbox/index.js';
import { Store } from '../../src/store/index.js';
import { approxEqual } from './demo-duckdb.js';
import { collectQuery } from '../helpers/query.js';
import { seeded } from '../helpers/seeded.js';

const N = 4000;
const DAY0 = Date.UTC(2024, 4, 1) / 1000; // 2024-05-01, 7 days of data

function randomEvents(seed: number): Array<{ event: string; properties: Record<string, unknown> }> {
  const r = seeded(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const out: Array<{ event: string; properties: Record<string, unknown> }> = [];
  for (let i = 0; i < N; i++) {
    const p: Record<string, unknown> = { time: DAY0 + Math.floor(r() * 7 * 86400), $insert_id: `i${i}` };
    const u = r();
    if (u < 0.03) p.distinct_id = '';
    else if (u > 0.05) p.distinct_id = `u${Math.floor(r() * r() * 80)}`; // skewed; 0.03-0.05: none
    // g: group strings, some null or missing
    const g = r();
    if (g < 0.05) p.g = null;
    else if (g < 0.1) {
      /* missing */
    } else p.g = pick(['alpha', 'beta', 'gamma', 'Delta', 'é']);
    // n: mostly numbers (ints, floats, negatives), some numeric strings, junk, booleans, null
    const n = r();
    if (n < 0.6) p.n = Math.round((r() * 200 - 50) * 100) / 100;
    else if (n < 0.75) p.n = Math.floor(r() * 1000);
    else if (n < 0.8) p.n = String(Math.floor(r() * 100) / 4);
    else if (n < 0.83) p.n = pick(['abc', '', 'Infinity']);
    else if (n < 0.87) p.n = r() < 0.5;
    else if (n < 0.9) p.n = null;
    // k: small ints, their string twins, null, missing
    const k = r();
    if (k < 0.5) p.k = Math.floor(r() * 30);
    else if (k < 0.7) p.k = String(Math.floor(r() * 30));
    else if (k < 0.8) p.k = null;
    out.push({ event: pick(['open', 'click', 'buy', 'share']), properties: p });
    if (r() < 0.02) out.push({ event: out[out.length - 1]!.event, properties: { ...p } }); // exact duplicate
  }
  return out;
}

let tmp: string;
let store: Store;
let query: (sql: string) => Promise<Record<string, unknown>[]>;
let closeDuck: () => void;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quarry-agg-'));
  const events = randomEvents(20240501);
  const file = path.join(tmp, 'events.jsonl');
  fs.writeFileSync(file, events.map((e) => `${JSON.stringify(e)}\n`).join(''));
  store = Store.init(path.join(tmp, 'store'), { timezone: 'UTC' });
  await importEvents(store, [{ label: 'random', records: events.map((value, i) => ({ line: i + 1, value })) }]);
  store = store.reopen();

  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  // Raw JSON per property; typed views of it, as docs/reducers.md defines them.
  await c.run(`CREATE TABLE raw AS SELECT event AS name, properties AS p, row_number() OVER () AS seq
    FROM read_json('${file.replace(/'/g, "''")}', format = 'newline_delimited', columns = {event: 'VARCHAR', properties: 'JSON'})`);
  await c.run(`CREATE TABLE ev AS
    SELECT name,
           NULLIF(p->>'distinct_id', '') AS distinct_id,
           (p->>'time')::BIGINT AS time,
           make_timestamp((p->>'time')::BIGINT * 1000000) AS ts,
           CASE WHEN json_type(p->'g') = 'VARCHAR' THEN p->>'g' END AS g,
           CASE WHEN json_type(p->'n') IN ('BIGINT', 'UBIGINT', 'DOUBLE') THEN (p->>'n')::DOUBLE END AS n,
           CASE WHEN json_type(p->'n') IN ('BIGINT', 'UBIGINT', 'DOUBLE') THEN (p->>'n')::DOUBLE
                WHEN json_type(p->'n') = 'BOOLEAN' THEN CASE WHEN (p->>'n') = 'true' THEN 1 ELSE 0 END
                WHEN json_type(p->'n') = 'VARCHAR' AND lower(trim(p->>'n')) NOT IN ('', 'infinity', '+infinity', '-infinity', 'inf', 'nan')
                  THEN TRY_CAST(p->>'n' AS DOUBLE) END AS n_conv,
           CASE WHEN json_type(p->'k') IN ('BIGINT', 'UBIGINT', 'DOUBLE', 'VARCHAR') THEN (p->'k')::VARCHAR END AS k_json
    FROM raw
    QUALIFY row_number() OVER (PARTITION BY name, p->>'time', NULLIF(p->>'distinct_id', ''), p->>'$."$insert_id"' ORDER BY seq) = 1`);
  query = async (sql) => (await c.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  closeDuck = () => {
    c.closeSync();
    db.closeSync();
  };
}, 120_000);

afterAll(async () => {
  closeDuck?.();
  await shutdownSandboxPool();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function jql(body: string): Promise<unknown[]> {
  const source = `function main() {\n  return ${body};\n}\n`;
  return collectQuery({ store, source, filename: 'agg.js', params: {} });
}

async function sql(text: string): Promise<unknown[]> {
  return (await query(text)).map((r) => ('key' in r ? { key: r.key, value: r.value } : r.value));
}

async function same(jqlBody: string, sqlText: string) {
  const [actual, expected] = [await jql(jqlBody), await sql(sqlText)];
  expect(expected.length).toBeGreaterThan(0);
  const diff = approxEqual(actual, expected);
  expect(diff, `${diff}\nactual ${JSON.stringify(actual).slice(0, 600)}\nexpected ${JSON.stringify(expected).slice(0, 600)}`).toBeNull();
}

const EV = `Events({ from_date: '2024-05-01', to_date: '2024-05-07' })`;
const R = 'mixpanel.reducer';

describe('aggregates vs DuckDB on random data', () => {
  it('sanity: duplicates were dropped on both sides, and every type of n occurs', async () => {
    const [n] = await jql(`${EV}.reduce(${R}.count())`);
    const rows = await query(`SELECT count(*)::DOUBLE AS c, count(n)::DOUBLE AS nums, count(n_conv)::DOUBLE AS conv FROM ev`);
    expect(n).toBe(rows[0]!.c);
    expect(n).toBeLessThan(N * 1.02);
    expect(n).toBeGreaterThanOrEqual(N);
    expect(rows[0]!.conv as number).toBeGreaterThan(rows[0]!.nums as number);
  });

  it('groupBy g: count, sum, avg, min, max', () =>
    same(
      `${EV}.groupBy(['properties.g'], [${R}.count(), ${R}.sum('properties.n'), ${R}.avg('properties.n'), ${R}.min('properties.n'), ${R}.max('properties.n')])`,
      `SELECT [g] AS key, [count(*)::DOUBLE, coalesce(sum(n), 0), avg(n), min(n), max(n)] AS value FROM ev GROUP BY g ORDER BY g NULLS FIRST`,
    ));

  it('groupBy name x g: numeric_summary', () =>
    same(
      `${EV}.groupBy(['name', 'properties.g'], ${R}.numeric_summary('properties.n'))`,
      `SELECT [name, g] AS key, {'count': count(n)::DOUBLE, 'sum': coalesce(sum(n), 0), 'sum_squares': coalesce(sum(n * n), 0),
              'avg': avg(n), 'stddev': stddev_pop(n)} AS value
       FROM ev GROUP BY name, g ORDER BY name, g NULLS FIRST`,
    ));

  it('groupBy name: sum and avg of to_number (numeric strings and booleans convert)', () =>
    same(
      `${EV}.groupBy(['name'], [${R}.sum(mixpanel.to_number('properties.n')), ${R}.avg(mixpanel.to_number('properties.n'))])`,
      `SELECT [name] AS key, [coalesce(sum(n_conv), 0), avg(n_conv)] AS value FROM ev GROUP BY name ORDER BY name`,
    ));

  it('groupBy name: count_unique of distinct_id and of a mixed-type property', () =>
    same(
      `${EV}.groupBy(['name'], [${R}.count_unique(), ${R}.count_unique('properties.k')])`,
      `SELECT [name] AS key, [count(DISTINCT distinct_id)::DOUBLE, count(DISTINCT k_json)::DOUBLE] AS value FROM ev GROUP BY name ORDER BY name`,
    ));

  it('groupBy name: numeric_percentiles (list)', () =>
    same(
      `${EV}.groupBy(['name'], ${R}.numeric_percentiles('properties.n', [0, 5, 25, 50, 75, 95, 100]))`,
      `SELECT [name] AS key, list_transform(list_zip([0, 5, 25, 50, 75, 95, 100]::DOUBLE[],
                 quantile_cont(n, [0, 0.05, 0.25, 0.5, 0.75, 0.95, 1])),
                 x -> {'percentile': x[1], 'value': x[2]}) AS value
       FROM ev GROUP BY name ORDER BY name`,
    ));

  it('reduce: median of everything', () => same(`${EV}.reduce(${R}.numeric_percentiles('properties.n', 50))`, `SELECT quantile_cont(n, 0.5) AS value FROM ev`));

  it('daily buckets: count and max', () =>
    same(
      `${EV}.groupBy([mixpanel.numeric_bucket('time', mixpanel.daily_time_buckets)], [${R}.count(), ${R}.max('properties.n')])`,
      `SELECT [epoch_ms(date_trunc('day', ts))::DOUBLE] AS key, [count(*)::DOUBLE, max(n)] AS value FROM ev GROUP BY 1 ORDER BY 1`,
    ));

  it('groupByUser: unique users per name (events without a user skipped)', () =>
    same(
      `${EV}.groupByUser(['name'], ${R}.null()).groupBy([mixpanel.slice('key', 1)], ${R}.count())`,
      `SELECT [name] AS key, count(DISTINCT distinct_id)::DOUBLE AS value FROM ev WHERE distinct_id IS NOT NULL GROUP BY name ORDER BY name`,
    ));

  it('groupByUser: daily active users', () =>
    same(
      `${EV}.groupByUser([mixpanel.numeric_bucket('time', mixpanel.daily_time_buckets)], ${R}.count()).groupBy([mixpanel.slice('key', 1)], ${R}.count())`,
      `SELECT [epoch_ms(date_trunc('day', ts))::DOUBLE] AS key, count(DISTINCT distinct_id)::DOUBLE AS value
       FROM ev WHERE distinct_id IS NOT NULL GROUP BY 1 ORDER BY 1`,
    ));

  it('groupByUser: per-user sum, then users bucketed by it', () =>
    same(
      `${EV}.groupByUser(${R}.sum('properties.n')).groupBy([mixpanel.numeric_bucket('value', { bucket_size: 500 })], ${R}.count())`,
      `SELECT [floor(s / 500) * 500] AS key, count(*)::DOUBLE AS value
       FROM (SELECT distinct_id, coalesce(sum(n), 0) AS s FROM ev WHERE distinct_id IS NOT NULL GROUP BY 1) GROUP BY 1 ORDER BY 1`,
    ));

  it('groupByUser custom reducer: events per user, then users per count', () =>
    same(
      `${EV}.groupByUser(function (s, items) { return (s || 0) + items.length; }).groupBy(['value'], ${R}.count())`,
      `SELECT [c::DOUBLE] AS key, count(*)::DOUBLE AS value
       FROM (SELECT distinct_id, count(*) AS c FROM ev WHERE distinct_id IS NOT NULL GROUP BY 1) GROUP BY c ORDER BY c`,
    ));
});
