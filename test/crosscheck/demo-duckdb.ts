/**
 * The demo data (src/demo, default options: the same records the demo store holds)
 * loaded into an in-memory DuckDB, for computing expected results another way.
 *
 * Tables:
 *   events(name, distinct_id, time (s), ts (TIMESTAMP, UTC), day ('YYYY-MM-DD' UTC),
 *          insert_id, mp_lib, os, browser, city, country, page, utm_source, item_id,
 *          category, price, price_text, quantity, amount, amount_text, currency,
 *          item_count, item_count_text, payment_method, coupon, method)
 *     `x` holds a property only when it is a JSON number, `x_text` only when it is a
 *     string (the demo's numeric-string anomaly); distinct_id "" is NULL (quarry's
 *     importer treats "" as no distinct_id); exact duplicates (same name, time,
 *     distinct_id, $insert_id) are kept once, as the store does.
 *   profiles(distinct_id, plan, age, newsletter, country_code, favorite_categories)
 *
 * Also `records()`: the deduplicated events as plain objects, for checks that are
 * easier in JavaScript (custom reducers).
 */
import fs from 'node:fs';
import path from 'node:path';
import { demoEvents, demoProfiles, type DemoOptions } from '../../src/demo/index.js';

export interface FlatEvent {
  name: string;
  distinct_id: string | null;
  time: number;
  insert_id: string | null;
  [k: string]: unknown;
}

const STR = [
  'mp_lib',
  '$os',
  '$browser',
  '$city',
  'mp_country_code',
  'page',
  'utm_source',
  'item_id',
  'category',
  'currency',
  'payment_method',
  'coupon',
  'method',
];
const RENAME: Record<string, string> = { $os: 'os', $browser: 'browser', $city: 'city', mp_country_code: 'country' };
const MIXED = ['price', 'quantity', 'amount', 'item_count'];

export function flatEvents(o: DemoOptions = {}): FlatEvent[] {
  const seen = new Set<string>();
  const out: FlatEvent[] = [];
  for (const e of demoEvents(o)) {
    const p = e.properties as Record<string, unknown>;
    const did = typeof p.distinct_id === 'string' && p.distinct_id !== '' ? p.distinct_id : null;
    const k = JSON.stringify([e.event, p.time, did, p.$insert_id]);
    if (seen.has(k)) continue;
    seen.add(k);
    const row: FlatEvent = { name: e.event, distinct_id: did, time: p.time as number, insert_id: (p.$insert_id as string) ?? null };
    for (const s of STR) row[RENAME[s] ?? s] = typeof p[s] === 'string' ? p[s] : null;
    for (const m of MIXED) {
      row[m] = typeof p[m] === 'number' ? p[m] : null;
      row[`${m}_text`] = typeof p[m] === 'string' ? p[m] : null;
    }
    out.push(row);
  }
  return out;
}

export async function loadDemoIntoDuckDB(dir: string, o: DemoOptions = {}) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const evFile = path.join(dir, 'events.jsonl');
  const prFile = path.join(dir, 'profiles.jsonl');
  // Raw export lines, duplicates included: DuckDB does the dedup itself.
  const ev = fs.openSync(evFile, 'w');
  let buf: string[] = [];
  const flush = () => {
    fs.writeSync(ev, buf.join(''));
    buf = [];
  };
  for (const e of demoEvents(o)) {
    const p = e.properties as Record<string, unknown>;
    const row: Record<string, unknown> = { name: e.event, distinct_id: p.distinct_id ?? null, time: p.time, insert_id: p.$insert_id ?? null };
    for (const s of STR) row[RENAME[s] ?? s] = typeof p[s] === 'string' ? p[s] : null;
    for (const m of MIXED) {
      row[m] = typeof p[m] === 'number' ? p[m] : null;
      row[`${m}_text`] = typeof p[m] === 'string' ? p[m] : null;
    }
    buf.push(`${JSON.stringify(row)}\n`);
    if (buf.length >= 10_000) flush();
  }
  flush();
  fs.closeSync(ev);
  fs.writeFileSync(
    prFile,
    [...demoProfiles(o)]
      .map((r) => {
        const p = r.$properties as Record<string, unknown>;
        return `${JSON.stringify({
          distinct_id: r.$distinct_id,
          plan: p.plan ?? null,
          age: p.age ?? null,
          newsletter: p.newsletter ?? null,
          country_code: p.$country_code ?? null,
          favorite_categories: Array.isArray(p.favorite_categories) ? p.favorite_categories : null,
        })}\n`;
      })
      .join(''),
  );

  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
  const strCols = ['name', 'distinct_id', 'insert_id', ...STR.map((s) => RENAME[s] ?? s)];
  const cols = [...strCols.map((n) => `${n}: 'VARCHAR'`), `time: 'BIGINT'`, ...MIXED.flatMap((m) => [`${m}: 'DOUBLE'`, `${m}_text: 'VARCHAR'`])].join(', ');
  await c.run(`CREATE TABLE events AS
    SELECT * REPLACE (NULLIF(distinct_id, '') AS distinct_id),
           make_timestamp(time * 1000000) AS ts, strftime(make_timestamp(time * 1000000), '%Y-%m-%d') AS day
    FROM read_json(${lit(evFile)}, format = 'newline_delimited', columns = {${cols}})
    QUALIFY row_number() OVER (PARTITION BY name, time, NULLIF(distinct_id, ''), insert_id) = 1`);
  await c.run(`CREATE TABLE profiles AS SELECT * FROM read_json(${lit(prFile)}, format = 'newline_delimited',
    columns = {distinct_id: 'VARCHAR', plan: 'VARCHAR', age: 'DOUBLE', newsletter: 'BOOLEAN', country_code: 'VARCHAR', favorite_categories: 'VARCHAR[]'})`);
  return {
    async query(sql: string): Promise<Record<string, unknown>[]> {
      return (await c.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
    },
    close() {
      c.closeSync();
      db.closeSync();
    },
  };
}

/** Deep equality where numbers may differ in the last bits (float sums in another order). */
export function approxEqual(a: unknown, b: unknown, rel = 1e-9): string | null {
  const walk = (x: unknown, y: unknown, at: string): string | null => {
    if (typeof x === 'number' && typeof y === 'number') {
      if (x === y) return null;
      return Math.abs(x - y) <= rel * Math.max(1, Math.abs(x), Math.abs(y)) ? null : `${at}: ${x} vs ${y}`;
    }
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length) return `${at}: length ${x.length} vs ${y.length}`;
      for (let i = 0; i < x.length; i++) {
        const d = walk(x[i], y[i], `${at}[${i}]`);
        if (d) return d;
      }
      return null;
    }
    if (x && y && typeof x === 'object' && typeof y === 'object' && !Array.isArray(x) && !Array.isArray(y)) {
      const kx = Object.keys(x).sort(),
        ky = Object.keys(y).sort();
      if (JSON.stringify(kx) !== JSON.stringify(ky)) return `${at}: keys ${kx} vs ${ky}`;
      for (const k of kx) {
        const d = walk((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], `${at}.${k}`);
        if (d) return d;
      }
      return null;
    }
    return Object.is(x, y) ? null : `${at}: ${JSON.stringify(x)} vs ${JSON.stringify(y)}`;
  };
  return walk(a, b, '$');
}
