/**
 * Profile queries (/api/2.0/engage with sessions and concurrent pages, as
 * mixpanel-utils export_people fetches them), the cohort list, and the raw export
 * (/api/2.0/export, read as mixpanel-utils query_export splits it). Expectations come
 * from the generated inputs (profile i has plan "p{i%3}", age i).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCohort } from '../../src/cohort/index.js';
import { importEvents, importPeople } from '../../src/ingest/index.js';
import { Store } from '../../src/store/index.js';
import { basic, pythonRequestsHeaders, pythonUrlencode, rawRequest, serve, type TestServer } from '../helpers/serve.js';
import { tempStore } from '../helpers/temp.js';

const N = 2345;
const id = (i: number) => `user-${String(i).padStart(5, '0')}`;
let server: TestServer;
let dir: string;

beforeAll(async () => {
  const store = tempStore();
  dir = store.dir;
  const people = Array.from({ length: N }, (_, i) => ({ line: i + 1, value: { $distinct_id: id(i), $properties: { plan: `p${i % 3}`, age: i } } }));
  await importPeople(store, [{ label: 'people', records: people }]);
  // Events for users 0..9 (with a profile) and "ghost" (none): 2 a day on 2024-03-01..03.
  const events = [];
  for (let d = 1; d <= 3; d++) {
    for (const u of [...Array.from({ length: 10 }, (_, i) => id(i)), 'ghost']) {
      events.push({ event: 'visit', properties: { time: Date.UTC(2024, 2, d, 8) / 1000, distinct_id: u, $insert_id: `${u}-${d}-1`, day: d } });
      events.push({
        event: d === 2 ? 'buy' : 'visit',
        properties: { time: Date.UTC(2024, 2, d, 9, 30, 0, 250) / 1000, distinct_id: u, $insert_id: `${u}-${d}-2`, day: d, tags: ['x'] },
      });
    }
  }
  await importEvents(Store.open(dir), [{ label: 'events', records: events.map((value, i) => ({ line: i + 1, value })) }]);
  await createCohort(Store.open(dir), { name: 'Plan zero', criteria: { type: 'property', where: 'properties["plan"] == "p0"' } });
  await createCohort(Store.open(dir), {
    name: 'Visitors',
    criteria: { type: 'behavior', event: 'buy', op: '>=', count: 1, window: { from: '2024-01-01', to: '2024-12-31' } } as never,
  });
  server = await serve(dir, { auth: 'svc:s3cret' });
});
afterAll(async () => {
  await server?.close();
});

const get = (path: string, params: Array<[string, string]>) =>
  rawRequest(`${server.url}${path}?${pythonUrlencode(params)}`, { headers: pythonRequestsHeaders({ Authorization: basic('svc', 's3cret') }) });

describe('/api/2.0/engage', () => {
  it('pages like mixpanel-utils export_people: page 0 gives total and session_id, pages 1..N-1 concurrently, stable and complete', async () => {
    const first = await get('/api/2.0/engage', [
      ['where', 'properties["age"] >= 100'],
      ['project_id', '1'],
    ]);
    expect(first.status).toBe(200);
    const p0 = JSON.parse(first.text);
    expect(p0).toMatchObject({ page: 0, page_size: 1000, status: 'ok', total: N - 100 });
    expect(typeof p0.session_id).toBe('string');
    const pages = Math.ceil(p0.total / p0.page_size);
    const rest = await Promise.all(
      Array.from({ length: pages - 1 }, (_, k) =>
        get('/api/2.0/engage', [
          ['where', 'properties["age"] >= 100'],
          ['session_id', p0.session_id],
          ['page', String(k + 1)],
        ]),
      ),
    );
    const all = [p0, ...rest.map((r) => JSON.parse(r.text))].flatMap((p) => p.results);
    expect(all.map((r: { $distinct_id: string }) => r.$distinct_id)).toEqual(Array.from({ length: N - 100 }, (_, i) => id(i + 100)));
    expect(all[0]).toMatchObject({ $distinct_id: id(100), $properties: { plan: 'p1', age: 100 } });
    // Page 2 again, out of order: the same rows.
    const again = JSON.parse(
      (
        await get('/api/2.0/engage', [
          ['session_id', p0.session_id],
          ['page', '1'],
        ])
      ).text,
    );
    expect(again.results).toEqual(JSON.parse(rest[0]!.text).results);
  });

  it('query string and form body merged; distinct_ids, output_properties, page_size', async () => {
    const r = await rawRequest(`${server.url}/api/query/engage?page_size=2`, {
      method: 'POST',
      body: new URLSearchParams({ distinct_ids: JSON.stringify([id(5), id(7), id(9), 'nobody']), output_properties: '["age"]' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic('svc', 's3cret') },
    });
    const body = JSON.parse(r.text);
    expect(body).toMatchObject({
      total: 3,
      page_size: 2,
      results: [
        { $distinct_id: id(5), $properties: { age: 5 } },
        { $distinct_id: id(7), $properties: { age: 7 } },
      ],
    });
  });

  it('filter_by_cohort by id, by name and as raw_cohort in both hosted shapes; include_all_users', async () => {
    const list = JSON.parse(
      (await rawRequest(`${server.url}/api/query/cohorts/list`, { method: 'POST', headers: { authorization: basic('svc', 's3cret') } })).text,
    );
    const zero = list.find((c: { name: string }) => c.name === 'Plan zero');
    expect(zero).toMatchObject({ name: 'Plan zero', count: Math.ceil(N / 3), description: '', is_visible: 1, project_id: 0 });
    expect(zero.created).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const total = async (cohort: string, extra: Array<[string, string]> = []) =>
      JSON.parse((await get('/api/2.0/engage', [['filter_by_cohort', cohort], ...extra])).text).total;
    expect(await total(JSON.stringify({ id: zero.id }))).toBe(Math.ceil(N / 3));
    expect(await total('Plan zero')).toBe(Math.ceil(N / 3));
    const stored = {
      raw_cohort: {
        selector: {
          operator: 'and',
          children: [
            { property: 'user', value: 'plan', operator: '==', operand: 'p1', type: 'string' },
            { property: 'user', value: 'age', operator: '<', operand: 30 },
          ],
        },
      },
    };
    expect(await total(JSON.stringify(stored))).toBe(10); // ages 1, 4, ..., 28
    const batch = { raw_cohort: { and_batch: [{ event_selectors: [{ event: 'buy' }], filter_type: 'selector' }] } };
    // Buyers: users 0..9 and "ghost", who has no profile (included by default, not with include_all_users=false).
    expect(await total(JSON.stringify(batch))).toBe(11);
    expect(await total(JSON.stringify(batch), [['include_all_users', 'false']])).toBe(10);
  });

  it('400 for page > 0 without a session and for a bad where', async () => {
    expect((await get('/api/2.0/engage', [['page', '1']])).status).toBe(400);
    const bad = await get('/api/2.0/engage', [['where', 'properties["x" =']]);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error).toMatch(/selector/);
  });
});

describe('/api/2.0/export', () => {
  it('JSON lines in the hosted shape, read as mixpanel-utils query_export splits them', async () => {
    const r = await get('/api/2.0/export', [
      ['from_date', '2024-03-02'],
      ['to_date', '2024-03-03'],
      ['event', '["buy"]'],
    ]);
    expect(r.headers['content-type']).toMatch(/^text\/plain/);
    const lines = r.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(11);
    expect(lines.find((l) => l.properties.distinct_id === id(3))).toEqual({
      event: 'buy',
      properties: { time: Date.UTC(2024, 2, 2, 9, 30, 0, 250) / 1000, distinct_id: id(3), $insert_id: `${id(3)}-2-2`, day: 2, tags: ['x'] },
    });
  });

  it('where, limit and time_in_ms; 400 without dates', async () => {
    const r = await get('/api/2.0/export', [
      ['from_date', '2024-03-01'],
      ['to_date', '2024-03-03'],
      ['where', 'properties["day"] == 3'],
      ['limit', '5'],
      ['time_in_ms', 'true'],
    ]);
    const lines = r.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(5);
    for (const l of lines) {
      expect(l.properties.day).toBe(3);
      expect(l.properties.time).toBeGreaterThan(1e12);
    }
    const bad = await get('/api/2.0/export', [['from_date', '2024-03-01']]);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error).toMatch(/to_date/);
  });
});
