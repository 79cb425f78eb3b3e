/**
 * Ingestion over HTTP: /import strict mode and its per-record report, retries that
 * create no duplicate, the body shapes (JSON array, NDJSON, gzip, data= form in JSON
 * or base64), tokens, caps (413), verbose answers, and visibility after the next
 * background commit. mixpanel-utils' import_events is reproduced byte for byte.
 */
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/index.js';
import { storeEvents } from '../helpers/events.js';
import { basic, pythonJsonDumps, pythonRequestsHeaders, rawRequest, serve, type TestServer } from '../helpers/serve.js';
import { tempStore } from '../helpers/temp.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const T0 = Date.UTC(2024, 2, 1, 10) / 1000;
const ev = (i: number, extra: Record<string, unknown> = {}) => ({
  event: i % 2 ? 'b' : 'a',
  properties: { time: T0 + i, distinct_id: `u${i % 7}`, $insert_id: `ins-${i}`, n: i, ...extra },
});
const json = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  rawRequest(url, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });
const countEvents = (dir: string) => Object.values(storeEvents(Store.open(dir))).flat().length;

describe('/import', () => {
  it('reproduces mixpanel-utils import_events: 2,000-event batches, strict=1, project_id, SA auth; a retried batch adds nothing', async () => {
    server = await serve(tempStore().dir, { auth: 'svc:s3cret', token: 'tok' });
    const events = Array.from({ length: 4500 }, (_, i) => ev(i));
    const batches = [events.slice(0, 2000), events.slice(2000, 4000), events.slice(4000)];
    const send = (batch: unknown[]) => {
      const body = pythonJsonDumps(batch);
      return rawRequest(`${server!.url}/import?strict=1&project_id=42`, {
        method: 'POST',
        body,
        headers: pythonRequestsHeaders({
          'Content-Length': String(Buffer.byteLength(body)),
          'Content-Type': 'application/json',
          Authorization: basic('svc', 's3cret'),
        }),
      });
    };
    for (const b of batches) {
      const r = await send(b);
      expect(r.status).toBe(200);
      expect(JSON.parse(r.text)).toEqual({ code: 200, num_records_imported: b.length, status: 'OK' });
    }
    expect((await send(batches[1]!)).status).toBe(200); // a retry of a batch whose answer was lost
    await server.ctx.ingest.flush();
    expect(countEvents(server.ctx.options.storeDir)).toBe(4500);
  });

  it('strict mode reports each bad record and still imports the valid ones', async () => {
    server = await serve(tempStore().dir);
    const r = await json(`${server.url}/import?strict=1`, [
      ev(1),
      { event: 'x', properties: { distinct_id: 'u', $insert_id: 'no-time' } },
      { event: 'y', properties: { time: T0, distinct_id: 'u' } },
      ev(2),
      'not an object',
    ]);
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text)).toEqual({
      code: 400,
      error: '3 of 5 records failed validation',
      status: 'Bad Request',
      num_records_imported: 2,
      failed_records: [
        { index: 1, $insert_id: 'no-time', field: 'properties.time', message: 'no "time" property' },
        { index: 2, field: 'properties.$insert_id', message: 'properties.$insert_id is required in strict mode' },
        { index: 4, field: '', message: 'not an event object' },
      ],
    });
    await server.ctx.ingest.flush();
    expect(countEvents(server.ctx.options.storeDir)).toBe(2);
  });

  it('takes NDJSON, gzip and data= bodies; 401 without the token; 413 past 2,000 events or 10 MB', async () => {
    server = await serve(tempStore().dir, { token: 'tok', bodyLimit: 200_000 });
    const auth = { authorization: basic('tok', '') };
    const nd = [ev(1), ev(2)].map((e) => JSON.stringify(e)).join('\n') + '\n';
    expect((await rawRequest(`${server.url}/import`, { method: 'POST', body: nd, headers: { 'content-type': 'application/x-ndjson', ...auth } })).text).toBe(
      '1',
    );
    const gz = zlib.gzipSync(JSON.stringify([ev(3)]));
    const g = await rawRequest(`${server.url}/import?verbose=1`, {
      method: 'POST',
      body: gz,
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', ...auth },
    });
    expect(JSON.parse(g.text)).toMatchObject({ status: 1, num_records_imported: 1 });
    const form = `data=${encodeURIComponent(Buffer.from(JSON.stringify([ev(4)])).toString('base64'))}&verbose=1`;
    expect(
      JSON.parse(
        (await rawRequest(`${server.url}/import`, { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded', ...auth } }))
          .text,
      ).status,
    ).toBe(1);

    const denied = await json(`${server.url}/import`, [ev(5)], { authorization: basic('wrong', '') });
    expect(denied.status).toBe(401);
    expect(JSON.parse(denied.text)).toEqual({ code: 401, error: 'Invalid credentials', status: 'Unauthorized' });
    const many = await json(
      `${server.url}/import`,
      Array.from({ length: 2001 }, (_, i) => ({ event: 'e', properties: { time: T0, $insert_id: `m${i}` } })),
      auth,
    );
    expect(many.status).toBe(413);
    const huge = await json(`${server.url}/import`, [ev(6, { pad: 'x'.repeat(300_000) })], auth);
    expect(huge.status).toBe(413);
    await server.ctx.ingest.flush();
    expect(countEvents(server.ctx.options.storeDir)).toBe(4);
  });

  it('events are visible to queries only after the background commit', async () => {
    server = await serve(tempStore().dir, { commitIntervalMs: 300 });
    expect((await json(`${server.url}/import`, [ev(1)])).text).toBe('1');
    const q = () =>
      rawRequest(`${server!.url}/api/2.0/jql`, {
        method: 'POST',
        body: new URLSearchParams({
          script: 'function main() { return Events({from_date: "2024-03-01", to_date: "2024-03-01"}).reduce(mixpanel.reducer.count()); }',
        }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    const end = Date.now() + 10_000;
    let seen: unknown;
    while (Date.now() < end && JSON.stringify(seen) !== '[1]') {
      seen = JSON.parse((await q()).text);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(seen).toEqual([1]);
    expect(server.ctx.ingest.waiting).toBe(0);
  });
});

describe('/track, /engage, /groups', () => {
  it('answer 1/0 or verbose {status, error}; a wrong token stores nothing', async () => {
    server = await serve(tempStore().dir, { token: 'tok' });
    const data = (v: unknown) => `data=${encodeURIComponent(JSON.stringify(v))}`;
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    expect(
      (await rawRequest(`${server.url}/track`, { method: 'POST', body: data({ event: 'e', properties: { token: 'tok', distinct_id: 'a' } }), headers: form }))
        .text,
    ).toBe('1');
    expect(
      (
        await rawRequest(
          `${server.url}/track?data=${encodeURIComponent(Buffer.from(JSON.stringify({ event: 'e', properties: { token: 'bad' } })).toString('base64'))}`,
        )
      ).text,
    ).toBe('0');
    const v = await rawRequest(`${server.url}/track?verbose=1`, {
      method: 'POST',
      body: data([{ event: 'e', properties: { distinct_id: 'a' } }]),
      headers: form,
    });
    expect(JSON.parse(v.text)).toEqual({ status: 0, error: 'record 0: missing or invalid project token' });
    expect(
      (
        await rawRequest(`${server.url}/engage?verbose=1`, {
          method: 'POST',
          body: data([
            { $token: 'tok', $distinct_id: 'a', $set: { x: 1 } },
            { $token: 'tok', $distinct_id: 'a', $add: { n: 2 } },
          ]),
          headers: form,
        })
      ).text,
    ).toBe('{"status":1,"error":null}');
    expect(
      JSON.parse((await rawRequest(`${server.url}/engage?verbose=1`, { method: 'POST', body: data({ $token: 'tok', $distinct_id: 'a' }), headers: form })).text)
        .status,
    ).toBe(0);
    expect(
      (
        await rawRequest(`${server.url}/groups`, {
          method: 'POST',
          body: data({ $token: 'tok', $group_key: 'org', $group_id: 'o1', $set: { n: 'O' } }),
          headers: form,
        })
      ).text,
    ).toBe('1');
    await server.ctx.ingest.flush();
    const store = Store.open(server.ctx.options.storeDir);
    expect(store.eventCount).toBe(1);
    expect(store.profiles()!.propertiesAt(0)).toMatchObject({ x: 1, n: 2 });
    expect(store.groupProfiles('org')!.propertiesAt(0)).toMatchObject({ n: 'O' });
  });
});
