/**
 * Real npm clients against a server started here: the `mixpanel` library (track,
 * import with a secret over https, people operations, groups.set) and the
 * `mixpanel-jql` client (its superagent POST to mixpanel.com redirected to this
 * server). What they sent is then queried back.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/index.js';
import { makeJqlStore } from '../helpers/jql-store.js';
import { basic, copyStore, serve, type TestServer } from '../helpers/serve.js';
import { tempStore } from '../helpers/temp.js';

const require = createRequire(import.meta.url);
const Mixpanel = require('mixpanel');
const JqlClient = require('mixpanel-jql');
const superagent = createRequire(require.resolve('mixpanel-jql'))('superagent');

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'serve');
// The npm mixpanel library refuses to send a secret over plain http: this server
// speaks https with a self-signed certificate that this test process trusts.
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

let server: TestServer;
beforeAll(async () => {
  server = await serve(tempStore().dir, {
    token: 'tok',
    auth: 'apisecret',
    tls: { key: fs.readFileSync(path.join(FIXTURES, 'localhost.key')), cert: fs.readFileSync(path.join(FIXTURES, 'localhost.crt')) },
  });
});
afterAll(async () => {
  await server?.close();
});

const cb =
  <T extends unknown[]>(fn: (...a: [...T, (e?: Error) => void]) => void) =>
  (...args: T) =>
    new Promise<void>((resolve, reject) => fn(...args, (e?: Error) => (e ? reject(e) : resolve())));

async function jql(script: string): Promise<unknown> {
  const r = await fetch(`${server.url}/api/2.0/jql`, {
    method: 'POST',
    body: new URLSearchParams({ script }),
    headers: { authorization: basic('apisecret', '') },
  });
  expect(r.status).toBe(200);
  return r.json();
}

describe('npm mixpanel library', () => {
  it('track, track_batch, import with a secret, people and groups operations land in the store', async () => {
    const port = Number(new URL(server.url).port);
    const opts = { host: '127.0.0.1', port, protocol: 'https', keepAlive: false };
    const mp = Mixpanel.init('tok', { ...opts, verbose: true });
    const secret = Mixpanel.init('tok', { ...opts, secret: 'apisecret' });
    const wrongToken = Mixpanel.init('nope', { ...opts, verbose: true });

    await cb(mp.track.bind(mp))('Signed Up', { distinct_id: 'u1', plan: 'pro', $insert_id: 't1' });
    await cb(mp.track_batch.bind(mp))([
      { event: 'Viewed', properties: { distinct_id: 'u1', page: '/a', time: Date.UTC(2024, 0, 2) / 1000 } },
      { event: 'Viewed', properties: { distinct_id: 'u2', page: '/b', time: Date.UTC(2024, 0, 2) / 1000 } },
    ]);
    await cb(secret.import.bind(secret))('Old Purchase', new Date(Date.UTC(2023, 5, 1, 12)), { distinct_id: 'u2', amount: 30, $insert_id: 'imp1' });
    await expect(cb(wrongToken.track.bind(wrongToken))('Nope', { distinct_id: 'x' })).rejects.toThrow(/token/);

    await cb(mp.people.set.bind(mp.people))('u1', { $name: 'Una', plan: 'pro', gone: 1 });
    await cb(mp.people.set.bind(mp.people))('u2', { $name: 'Dos' });
    await cb(mp.people.increment.bind(mp.people))('u1', 'logins', 2);
    await cb(mp.people.increment.bind(mp.people))('u1', 'logins', 3);
    await cb(mp.people.union.bind(mp.people))('u1', { tags: ['a', 'b'] });
    await cb(mp.people.union.bind(mp.people))('u1', { tags: ['b', 'c'] });
    await cb(mp.people.unset.bind(mp.people))('u1', 'gone');
    await cb(mp.people.delete_user.bind(mp.people))('u2');
    await cb(mp.groups.set.bind(mp.groups))('company_id', 'acme', { name: 'Acme', size: 10 });

    expect(server.ctx.ingest.acknowledged).toEqual({ events: 4, updates: 9 });
    await server.ctx.ingest.flush();

    const counts = await jql(
      'function main() { return Events({from_date: "2023-01-01", to_date: "2030-12-31"}).groupBy(["name"], mixpanel.reducer.count()); }',
    );
    expect(counts).toEqual([
      { key: ['Old Purchase'], value: 1 },
      { key: ['Signed Up'], value: 1 },
      { key: ['Viewed'], value: 2 },
    ]);
    const people = (await jql('function main() { return People().map(function(u){ return {id: u.distinct_id, p: u.properties}; }); }')) as Array<{
      id: string;
      p: Record<string, unknown>;
    }>;
    expect(people).toHaveLength(1);
    expect(people[0]!.id).toBe('u1');
    expect(people[0]!.p).toMatchObject({ $name: 'Una', plan: 'pro', logins: 5, tags: ['a', 'b', 'c'] });
    expect(people[0]!.p).not.toHaveProperty('gone');
    const store = Store.open(server.ctx.options.storeDir);
    const acme = store.groupProfiles('company_id');
    expect(acme?.groupIds).toEqual(['acme']);
    expect(acme?.propertiesAt(0)).toMatchObject({ name: 'Acme', size: 10 });
    // The import's time survived: June 2023.
    expect(store.days()).toContain('2023-06-01');
    // Group profiles through engage with data_group_id (the group key).
    const groups = await fetch(`${server.url}/api/2.0/engage?data_group_id=company_id`, { headers: { authorization: basic('apisecret', '') } });
    expect(await groups.json()).toMatchObject({ total: 1, results: [{ $distinct_id: 'acme', $properties: { name: 'Acme', size: 10 } }] });
  });
});

describe('npm mixpanel-jql client', () => {
  it('its bundled script and params run here, and a script error comes back as its rejection', async () => {
    const s = await serve(copyStore((await makeJqlStore()).dir), { auth: 'apisecret' });
    const post = superagent.post;
    superagent.post = (url: string) => post.call(superagent, url.replace('https://mixpanel.com', s.url));
    try {
      const client = new JqlClient('apisecret');
      const result = await client
        .query()
        .codes('function main() { return Events({from_date: params.from, to_date: params.to}).groupBy(["name"], mixpanel.reducer.count()); }')
        .params({ from: '2016-03-16', to: '2016-03-17' })
        .send();
      // 16-17 March by hand: bob view + purchase, carol view + purchase, alice view, dave signup, anonymous view.
      expect(result).toEqual([
        { key: ['purchase'], value: 2 },
        { key: ['signup'], value: 1 },
        { key: ['view'], value: 4 },
      ]);
      await expect(client.query().codes('function main() { return nothing(); }').send()).rejects.toThrow(/Mixpanel Error: .*nothing/);
      const bad = new JqlClient('wrong');
      await expect(bad.query().codes('function main() { return []; }').send()).rejects.toThrow(/Invalid credentials/);
    } finally {
      superagent.post = post;
      await s.close();
    }
  });
});
