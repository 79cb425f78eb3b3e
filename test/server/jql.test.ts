/**
 * The JQL endpoint over HTTP: paths and parameter forms, the python mixpanel-jql and
 * mixpanel-utils requests reproduced byte for byte, errors and limits (401, 400, 412
 * with the script's line, 413, 429 under a burst, timeouts) and cancellation on
 * disconnect. Expected results come from the fixture store's files, by hand
 * (test/helpers/jql-store.ts).
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeJqlStore } from '../helpers/jql-store.js';
import { basic, copyStore, pythonJsonDumps, pythonRequestsHeaders, pythonUrlencode, rawRequest, serve, type TestServer } from '../helpers/serve.js';

const COUNT_BY_NAME = 'function main() { return Events({from_date: "2016-03-15", to_date: "2016-03-17"}).groupBy(["name"], mixpanel.reducer.count()); }';
// By hand from test/fixtures/jql/events.jsonl: purchase 3, signup 2, view 5.
const COUNTS = [
  { key: ['purchase'], value: 3 },
  { key: ['signup'], value: 2 },
  { key: ['view'], value: 5 },
];

let server: TestServer;
let open: TestServer;
let tight: TestServer;
beforeAll(async () => {
  const store = await makeJqlStore();
  server = await serve(store.dir, { auth: 'svc:s3cret', maxConcurrent: 2 });
  open = await serve(copyStore(store.dir), { maxOutputMB: 0.001 });
  tight = await serve(copyStore(store.dir), { timeoutMs: 1500 });
});
afterAll(async () => {
  await server?.close();
  await open?.close();
  await tight?.close();
});

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const post = (url: string, body: string, auth = basic('svc', 's3cret'), extra: Record<string, string> = {}) =>
  rawRequest(url, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: auth, ...extra } });

describe('JQL endpoint', () => {
  it('answers every documented path, POST form and GET query, with a top-level JSON array', async () => {
    for (const path of ['/api/query/jql', '/api/2.0/jql', '/api/2.0/jql/']) {
      const r = await post(server.url + path, form({ script: COUNT_BY_NAME, project_id: '123' }));
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toMatch(/^application\/json/);
      expect(JSON.parse(r.text)).toEqual(COUNTS);
    }
    const g = await rawRequest(`${server.url}/api/2.0/jql?${form({ script: COUNT_BY_NAME, workspace_id: '9' })}`, {
      headers: { authorization: basic('svc', 's3cret') },
    });
    expect(JSON.parse(g.text)).toEqual(COUNTS);
  });

  it('passes params to the script and answers CSV with format=csv', async () => {
    const script =
      'function main() { return Events({from_date: params.from, to_date: params.to}).filter(function(e){ return e.properties.country == params.c; }).groupBy(["name"], mixpanel.reducer.count()); }';
    const r = await post(`${server.url}/api/2.0/jql`, form({ script, params: JSON.stringify({ from: '2016-03-16', to: '2016-03-17', c: 'US' }) }));
    // US events on 16-17 March: carol view (e6), alice view (e7), carol purchase (e10).
    expect(JSON.parse(r.text)).toEqual([
      { key: ['purchase'], value: 1 },
      { key: ['view'], value: 2 },
    ]);
    const csv = await post(`${server.url}/api/2.0/jql`, form({ script: COUNT_BY_NAME, format: 'csv', download_file: 'x.csv' }));
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    // One CSV rule for every output (docs/cli.md): LF line ends; CSV readers take them as well as CRLF.
    expect(csv.text).toBe('key.0,value\npurchase,3\nsignup,2\nview,5\n');
  });

  it('reproduces python mixpanel-jql 0.5.1: form script only, Basic secret:, streamed gzip', async () => {
    const secretOnly = await serve(copyStore(server.ctx.options.storeDir), { auth: 'apisecret' });
    try {
      const script =
        'function main() { return Events({"from_date": "2016-03-15", "to_date": "2016-03-17"}).filter(function(e){return e.properties.country == "US"}).groupBy([function(e){return e.name}], mixpanel.reducer.count()); }';
      const body = pythonUrlencode([['script', script]]);
      const r = await rawRequest(`${secretOnly.url}/api/2.0/jql`, {
        method: 'POST',
        body,
        headers: pythonRequestsHeaders({
          'Content-Length': String(Buffer.byteLength(body)),
          'Content-Type': 'application/x-www-form-urlencoded',
          Authorization: basic('apisecret', ''),
        }),
      });
      expect(r.status).toBe(200);
      // US events: alice signup, view, purchase, view; carol view, purchase.
      expect(JSON.parse(r.text)).toEqual([
        { key: ['purchase'], value: 2 },
        { key: ['signup'], value: 1 },
        { key: ['view'], value: 3 },
      ]);
    } finally {
      await secretOnly.close();
    }
  });

  it('gzips a large result when the client accepts it', async () => {
    const script =
      'function main() { return Events({from_date: "2016-03-15", to_date: "2016-03-17"}).map(function(e){ return {n: e.name, pad: "x".repeat(300)}; }); }';
    const r = await post(`${server.url}/api/2.0/jql`, form({ script }), basic('svc', 's3cret'), { 'accept-encoding': 'gzip, deflate' });
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(r.raw.length).toBeLessThan(Buffer.byteLength(r.text));
    expect(JSON.parse(r.text)).toHaveLength(10);
  });

  it('reproduces mixpanel-utils query_jql: SA auth, script + format=json + params (json.dumps) + project_id', async () => {
    const script = 'function main() { return Events({from_date: params.from_date, to_date: params.to_date}).reduce(mixpanel.reducer.count()); }';
    const body = pythonUrlencode([
      ['script', script],
      ['format', 'json'],
      ['params', pythonJsonDumps({ from_date: '2016-03-15', to_date: '2016-03-15' })],
      ['project_id', '4242'],
    ]);
    expect(body).toContain('params=%7B%22from_date%22%3A+%222016-03-15%22%2C+%22to_date%22%3A+%222016-03-15%22%7D');
    const r = await rawRequest(`${server.url}/api/2.0/jql`, {
      method: 'POST',
      body,
      headers: pythonRequestsHeaders({
        'Content-Length': String(Buffer.byteLength(body)),
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: basic('svc', 's3cret'),
      }),
    });
    expect(JSON.parse(r.text)).toEqual([3]); // e1, e2, e3 on 15 March
  });
});

describe('JQL errors and limits', () => {
  it('401 without or with wrong credentials; plain-text user:secret and the legacy secret are accepted forms', async () => {
    const body = form({ script: COUNT_BY_NAME });
    for (const auth of ['', basic('svc', 'wrong'), basic('other', 's3cret'), 'Bearer s3cret']) {
      const r = await post(`${server.url}/api/2.0/jql`, body, auth);
      expect(r.status).toBe(401);
      expect(JSON.parse(r.text)).toEqual({ error: expect.stringContaining('Invalid credentials'), request: '/api/2.0/jql' });
    }
    expect((await post(`${server.url}/api/2.0/jql`, body, 'Basic svc:s3cret')).status).toBe(200);
    expect((await post(`${server.url}/api/2.0/jql`, body, basic('s3cret', ''))).status).toBe(200);
  });

  it('400 for a missing script', async () => {
    const r = await post(`${server.url}/api/query/jql`, form({ params: '{}' }));
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text).error).toBe('Missing required parameter: script');
  });

  it('412 with {error, request} naming the line of the script for a runtime error', async () => {
    const script =
      'function main() {\n  return Events({from_date: "2016-03-15", to_date: "2016-03-17"})\n    .map(function(e) {\n      return e.properties.nope.deeper;\n    });\n}';
    const r = await post(`${server.url}/api/query/jql?project_id=7`, form({ script }));
    expect(r.status).toBe(412);
    const body = JSON.parse(r.text);
    expect(body.request).toBe('/api/query/jql?project_id=7');
    expect(body.error).toMatch(/script\.js:4:/);
    expect(body.error).toContain('return e.properties.nope.deeper;');
  });

  it('412 for a syntax error, with its line', async () => {
    const r = await post(`${server.url}/api/2.0/jql`, form({ script: 'function main() {\n  return Events({;\n}' }));
    expect(r.status).toBe(412);
    expect(JSON.parse(r.text).error).toMatch(/script\.js:2/);
  });

  it('412 saying so when a query runs past the time limit', async () => {
    const r = await rawRequest(`${tight.url}/api/2.0/jql`, {
      method: 'POST',
      body: form({ script: 'function main() { while (true) {} }' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(r.status).toBe(412);
    expect(JSON.parse(r.text).error).toMatch(/time limit/);
  });

  it('413 when the result is larger than the output limit', async () => {
    const script = 'function main() { return Events({from_date: "2016-03-15", to_date: "2016-03-17"}).map(function(e){ return "x".repeat(500); }); }';
    const r = await rawRequest(`${open.url}/api/2.0/jql`, {
      method: 'POST',
      body: form({ script }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.text).error).toMatch(/output limit/);
  });

  it('429 with Retry-After once --max-concurrent queries run; the slots are free again afterwards', async () => {
    const slow = form({
      script:
        'function main() { return Events({from_date: "2016-03-15", to_date: "2016-03-17"}).map(function(e){ var t = Date.now(); while (Date.now() - t < 80) {} return 1; }); }',
    });
    const burst = await Promise.all(Array.from({ length: 6 }, () => post(`${server.url}/api/2.0/jql`, slow)));
    const statuses = burst.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(2);
    const limited = burst.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(4);
    for (const r of limited) {
      expect(r.headers['retry-after']).toBe('1');
      expect(JSON.parse(r.text).error).toMatch(/max-concurrent/);
    }
    expect(server.ctx.queries.running).toBe(0);
    expect((await post(`${server.url}/api/2.0/jql`, form({ script: COUNT_BY_NAME }))).status).toBe(200);
  });

  it('--rate-limit: requests past N a minute from one address get 429 (@fastify/rate-limit)', async () => {
    const limited = await serve(copyStore(server.ctx.options.storeDir), { rateLimit: 3 });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await rawRequest(`${limited.url}/api/2.0/jql`)).status);
      expect(statuses).toEqual([400, 400, 400, 429, 429]);
    } finally {
      await limited.close();
    }
  });

  it('a client that disconnects cancels its query and frees its slot', async () => {
    const script =
      'function main() { return Events({from_date: "2016-03-15", to_date: "2016-03-17"}).map(function(e){ var t = Date.now(); while (Date.now() - t < 5000) {} return 1; }); }';
    const body = form({ script });
    const u = new URL(`${server.url}/api/2.0/jql`);
    const req = http.request({
      host: u.hostname,
      port: u.port,
      path: u.pathname,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic('svc', 's3cret') },
    });
    req.on('error', () => {});
    req.end(body);
    await waitFor(() => server.ctx.queries.running === 1);
    req.destroy();
    // The sandbox worker busy in the user's loop is stopped, not waited for (5 s a call, 10 calls).
    await waitFor(() => server.ctx.queries.running === 0, 3000);
    expect(server.ctx.queries.running).toBe(0);
    expect((await post(`${server.url}/api/2.0/jql`, form({ script: COUNT_BY_NAME }))).status).toBe(200);
  });
});

async function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
