/**
 * A query reads one snapshot while ingestion commits: two background commits that
 * rewrite a day partition it has not read yet change neither its result nor its
 * files (pinned; without the pin the second commit's garbage collection would delete
 * them).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeJqlStore } from '../helpers/jql-store.js';
import { rawRequest, serve, type TestServer } from '../helpers/serve.js';

import { type Store, valueAt } from '../../src/store/index.js';
import { partitionEvents } from '../helpers/events.js';

let server: TestServer;
beforeAll(async () => {
  server = await serve((await makeJqlStore()).dir);
});
afterAll(async () => {
  await server?.close();
});

it('a running query keeps its snapshot through two commits of the days it reads', async () => {
  // 600 ms per event, a day at a time: the query reaches 17 March (3 events on each of
  // the days before) after ~3.6 s; the commits land before that.
  const script =
    'function main() { return Events({from_date: "2016-03-15", to_date: "2016-03-17"}).map(function(e){ var t = Date.now(); while (Date.now() - t < 600) {} return e.properties.$insert_id; }); }';
  const running = rawRequest(`${server.url}/api/2.0/jql`, {
    method: 'POST',
    body: new URLSearchParams({ script }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  await new Promise((r) => setTimeout(r, 300));
  for (const k of [1, 2]) {
    const ev = [17].map((d) => ({ event: 'late', properties: { time: Date.UTC(2016, 2, d, 12) / 1000, distinct_id: 'zed', $insert_id: `late-${d}-${k}` } }));
    expect((await rawRequest(`${server.url}/import`, { method: 'POST', body: JSON.stringify(ev), headers: { 'content-type': 'application/json' } })).text).toBe(
      '1',
    );
    await server.ctx.ingest.flush();
  }
  const r = await running;
  expect(r.status).toBe(200);
  // The fixture's ten events, none of the late ones.
  expect((JSON.parse(r.text) as string[]).sort()).toEqual(['e1', 'e10', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'e8', 'e9']);
  // A new query sees them.
  const after = await rawRequest(`${server.url}/api/2.0/jql`, {
    method: 'POST',
    body: new URLSearchParams({
      script: 'function main() { return Events({from_date: "2016-03-15", to_date: "2016-03-17"}).reduce(mixpanel.reducer.count()); }',
    }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  expect(JSON.parse(after.text)).toEqual([12]);
});

it('a pinned snapshot keeps its files through commits that supersede them twice (the server collects garbage around its pins)', async () => {
  const snap = server.ctx.snapshots.open();
  // The insert ids, then every property column's length (which reads each file).
  const ids = (store: Store) => {
    const p = store.openPartition('2016-03-16');
    const col = p.column('$insert_id');
    return Array.from({ length: p.length }, (_, i) => valueAt(col, i) as string).concat(p.keys().map((k) => String(p.column(k)?.length)));
  };
  const before = partitionEvents(snap.store, '2016-03-16').map((e) => e.insertId);
  for (const k of [3, 4]) {
    const ev = [{ event: 'later', properties: { time: Date.UTC(2016, 2, 16, 12) / 1000, distinct_id: 'zed', $insert_id: `later-${k}` } }];
    expect((await rawRequest(`${server.url}/import`, { method: 'POST', body: JSON.stringify(ev), headers: { 'content-type': 'application/json' } })).text).toBe(
      '1',
    );
    await server.ctx.ingest.flush();
  }
  // Read only now: every file of the old snapshot's 16 March partition is still there.
  const read = ids(snap.store);
  expect(read.slice(0, before.length)).toEqual(before);
  snap.release();
  expect(partitionEvents(server.ctx.snapshots.open().store, '2016-03-16')).toHaveLength(before.length + 2);
});
