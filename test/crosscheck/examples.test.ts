/**
 * Every examples/*.js, run on the built-in demo store, against its result computed
 * another way: the SQL twin examples/sql/<name>.sql over the same demo records in
 * DuckDB, or (for custom reducers that SQL cannot express simply) plain JavaScript
 * over the generated records.
 *
 * SQL twins return either `key` (a list) and `value` columns, one row per groupBy
 * row in groupBy's key order, or a single `value` column (one item per row).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoStore } from '../../src/cli/build-demo.js';
import { shutdownSandboxPool } from '../../src/sandbox/index.js';
import type { Store } from '../../src/store/index.js';
import { approxEqual, flatEvents, loadDemoIntoDuckDB, type FlatEvent } from './demo-duckdb.js';
import { collectQuery } from '../helpers/query.js';

const EXAMPLES = path.join(import.meta.dirname, '..', '..', 'examples');

/** Examples whose expected result is computed in JavaScript rather than SQL. */
const IN_JS: Record<string, (events: FlatEvent[]) => unknown[]> = {
  // Distinct active days per user in March, then users per number of days.
  'active-days-per-user': (events) => {
    const days = new Map<string, Set<string>>();
    for (const e of events) {
      if (e.distinct_id === null) continue;
      const day = new Date(e.time * 1000).toISOString().slice(0, 10);
      if (day < '2024-03-01' || day > '2024-03-31') continue;
      let s = days.get(e.distinct_id);
      if (!s) days.set(e.distinct_id, (s = new Set()));
      s.add(day);
    }
    const perN = new Map<number, number>();
    for (const s of days.values()) perN.set(s.size, (perN.get(s.size) ?? 0) + 1);
    return [...perN].sort((a, b) => a[0] - b[0]).map(([n, users]) => ({ key: [n], value: users }));
  },
};

let tmp: string;
let store: Store;
let duck: Awaited<ReturnType<typeof loadDemoIntoDuckDB>>;
let events: FlatEvent[];

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quarry-examples-'));
  store = await buildDemoStore(path.join(tmp, 'store'));
  duck = await loadDemoIntoDuckDB(tmp);
  events = flatEvents();
}, 120_000);

afterAll(async () => {
  duck?.close();
  await shutdownSandboxPool();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function runExample(name: string): Promise<unknown[]> {
  const source = fs.readFileSync(path.join(EXAMPLES, `${name}.js`), 'utf8');
  return collectQuery({ store, source, filename: `${name}.js`, params: {} });
}

const names = fs
  .readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.js'))
  .map((f) => f.slice(0, -3))
  .sort();

describe('examples on the demo store vs DuckDB / plain JavaScript', () => {
  it('every example has a twin, and the README lists it', () => {
    const readme = fs.readFileSync(path.join(EXAMPLES, 'README.md'), 'utf8');
    expect(names.length).toBeGreaterThanOrEqual(15);
    for (const n of names) {
      expect(fs.existsSync(path.join(EXAMPLES, 'sql', `${n}.sql`)) || n in IN_JS, `${n}: no twin`).toBe(true);
      expect(readme, `${n} not in README`).toContain(`${n}.js`);
    }
  });

  for (const name of names) {
    it(name, async () => {
      let expected: unknown[];
      if (name in IN_JS) expected = IN_JS[name]!(events);
      else {
        const rows = await duck.query(fs.readFileSync(path.join(EXAMPLES, 'sql', `${name}.sql`), 'utf8'));
        expected = rows.map((r) => ('key' in r ? { key: r.key, value: r.value } : r.value));
      }
      const actual = await runExample(name);
      // A check that cannot pass vacuously: every example has a non-empty result.
      expect(expected.length).toBeGreaterThan(0);
      const diff = approxEqual(actual, expected);
      expect(diff, `${name}: ${diff}\nactual ${JSON.stringify(actual).slice(0, 800)}\nexpected ${JSON.stringify(expected).slice(0, 800)}`).toBeNull();
    });
  }
});
