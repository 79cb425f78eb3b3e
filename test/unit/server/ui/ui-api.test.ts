/**
 * The Users page's JSON endpoints (/ui/api/...) over the hand-checkable cohort
 * fixture (test/unit/cohort/fixture.ts): every expected answer below is worked out
 * from the fixture's rows by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, defaultServerOptions, type Server } from '../../../../src/server/index.js';
import type {
  CohortsResponse,
  CountsResponse,
  Criterion,
  ImportPreviewResponse,
  ImportStatusResponse,
  MetaResponse,
  UserResponse,
  UsersResponse,
} from '../../../../src/server/ui/api-types.js';
import { type PropertyFilter, selectorFor } from '../../../../src/server/ui/filter-selector.js';
import type { Store } from '../../../../src/store/index.js';
import { cleanup, makeStore } from '../../cohort/fixture.js';

let store: Store;
let server: Server;

beforeAll(async () => {
  store = await makeStore();
  server = await buildServer({ ...defaultServerOptions(store.dir), log: false });
});
afterAll(async () => {
  await server.close();
  cleanup();
});

async function post<T>(url: string, body: unknown, status = 200): Promise<T> {
  const r = await server.app.inject({ method: 'POST', url, payload: body as object });
  expect(r.statusCode, r.body).toBe(status);
  return r.json() as T;
}
async function get<T>(url: string, status = 200): Promise<T> {
  const r = await server.app.inject({ method: 'GET', url });
  expect(r.statusCode, r.body).toBe(status);
  return r.json() as T;
}

async function ids(criteria: Criterion | null, all = false): Promise<string[]> {
  const r = await post<UsersResponse>('/ui/api/users', { all, criteria, sort: '$distinct_id', pageSize: 100 });
  expect(r.total).toBe(r.rows.length);
  return r.rows.map((x) => x.distinctId);
}

describe('/ui/api/meta', () => {
  it('lists properties with kinds, event names and counts', async () => {
    const m = await get<MetaResponse>('/ui/api/meta');
    expect(m.profiles).toBe(4);
    expect(m.users).toBe(5);
    expect(m.eventNames).toEqual(['Login', 'Purchase']);
    const kind = Object.fromEntries(m.properties.map((p) => [p.name, p.kind]));
    expect(kind).toMatchObject({ age: 'number', plan: 'string', $city: 'string', tags: 'list' });
    expect(m.reservedProperties).toContain('$phone');
    expect(m.examples.map((e) => e.name)).toContain('events-by-name');
  });
});

describe('/ui/api/users', () => {
  it('User Profiles vs All Users', async () => {
    expect(await ids(null)).toEqual(['a', 'b', 'c', 'e']);
    expect(await ids(null, true)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  const cases: [PropertyFilter, 'string' | 'number' | 'list', string[]][] = [
    [{ property: 'plan', op: 'equals', value: 'pro' }, 'string', ['a', 'c']],
    [{ property: 'plan', op: 'does not equal', value: 'pro' }, 'string', ['b', 'e']],
    [{ property: '$city', op: 'contains', value: 'ar' }, 'string', ['b', 'c']],
    [{ property: '$city', op: 'does not contain', value: 'ar' }, 'string', ['a', 'e']],
    [{ property: 'age', op: 'is set' }, 'number', ['a', 'b']],
    [{ property: 'age', op: 'is not set' }, 'number', ['c', 'e']],
    [{ property: 'age', op: 'greater than', value: '35' }, 'number', ['b']],
    [{ property: 'age', op: 'less than', value: '35' }, 'number', ['a']],
    [{ property: 'age', op: 'between', value: '30', value2: '40' }, 'number', ['a', 'b']],
    [{ property: 'tags', op: 'contains', value: 'x' }, 'list', ['e']],
  ];
  for (const [f, kind, expected] of cases) {
    it(`${f.property} ${f.op} ${f.value ?? ''}`, async () => {
      expect(await ids({ type: 'property', where: selectorFor(f, kind) })).toEqual(expected);
    });
  }

  it('behaviour filters, and/or, and cohort membership', async () => {
    const twice: Criterion = { type: 'behavior', event: 'Purchase', count: { op: '>=', value: 2 } };
    expect(await ids(twice)).toEqual(['a']);
    expect(await ids(twice, true)).toEqual(['a', 'd']);
    const never: Criterion = { type: 'behavior', event: 'Purchase', count: { op: '==', value: 0 } };
    expect(await ids(never)).toEqual(['c', 'e']);
    const pro: Criterion = { type: 'property', where: 'properties["plan"] == "pro"' };
    expect(await ids({ operator: 'or', children: [twice, pro] }, true)).toEqual(['a', 'c', 'd']);
    expect(await ids({ operator: 'and', children: [twice, pro] }, true)).toEqual(['a']);
  });

  it('sorts and pages on the server', async () => {
    const p1 = await post<UsersResponse>('/ui/api/users', { sort: 'age', desc: true, pageSize: 1, page: 1, columns: ['age', '$name'] });
    expect(p1).toMatchObject({ total: 4, page: 1, pageSize: 1, columns: ['age', '$name'] });
    expect(p1.rows).toEqual([{ distinctId: 'b', hasProfile: true, values: [40, 'Bob'] }]);
    const p2 = await post<UsersResponse>('/ui/api/users', { sort: 'age', desc: true, pageSize: 1, page: 2, columns: ['age'] });
    expect(p2.rows[0]!.distinctId).toBe('a');
  });

  it('a bad selector is a 400 with the parser message, not a stack trace', async () => {
    const r = await post<{ error: string }>('/ui/api/users', { criteria: { type: 'property', where: 'properties["plan"] ==' } }, 400);
    expect(r.error).toMatch(/selector|expected/i);
    expect(r.error).not.toMatch(/at .*\.ts:\d+/);
  });

  it('exports the whole view as CSV, streamed', async () => {
    const q = { all: true, criteria: { type: 'behavior', event: 'Purchase', count: { op: '>=', value: 1 } }, columns: ['$name'], sort: '$distinct_id' };
    const r = await server.app.inject({ method: 'GET', url: `/ui/api/users/export?format=csv&q=${encodeURIComponent(JSON.stringify(q))}` });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-disposition']).toContain('attachment');
    expect(r.body.split('\n')).toEqual(['$distinct_id,$name', 'a,Ann', 'b,Bob', 'd,', '']);
  });
});

describe('/ui/api/user', () => {
  it("a user's profile, feed newest first, events per day, first and last seen", async () => {
    const u = await get<UserResponse>('/ui/api/user?id=a&limit=3');
    expect(u.profile?.properties.plan).toBe('pro');
    expect(u.events.map((e) => [e.name, e.localTime])).toEqual([
      ['Purchase', '2024-03-30T12:00:00'],
      ['Purchase', '2024-03-29T12:00:00'],
      ['Purchase', '2024-03-28T12:00:00'],
    ]);
    expect(u.nextBefore).toBe(Date.UTC(2024, 2, 28, 12));
    expect(u.perDay).toEqual([
      { day: '2024-03-01', count: 1 },
      { day: '2024-03-28', count: 1 },
      { day: '2024-03-29', count: 1 },
      { day: '2024-03-30', count: 1 },
    ]);
    expect([u.firstSeen, u.lastSeen]).toEqual(['2024-03-01T12:00:00', '2024-03-30T12:00:00']);
    const logins = await get<UserResponse>('/ui/api/user?id=a&event=Login');
    expect(logins.events.map((e) => e.name)).toEqual(['Login']);
    expect(logins.nextBefore).toBeNull();
  });

  it('an unknown user is a 400 naming it', async () => {
    expect((await get<{ error: string }>('/ui/api/user?id=nobody', 400)).error).toContain('"nobody"');
  });
});

describe('/ui/api/counts', () => {
  it('total vs unique per day, and split by a property', async () => {
    const c = await post<CountsResponse>('/ui/api/counts', { event: 'Purchase', from: '2024-03-28', to: '2024-03-30', by: 'amount' });
    expect(c.days).toEqual([
      { day: '2024-03-28', total: 1, unique: 1 },
      { day: '2024-03-29', total: 1, unique: 1 },
      { day: '2024-03-30', total: 4, unique: 3 },
    ]);
    expect([c.total, c.unique]).toEqual([6, 3]);
    expect(c.split).toHaveLength(6);
    expect(c.split!.find((s) => s.value === 100)).toEqual({ value: 100, total: 1, unique: 1 });
  });
});

describe('/ui/api/cohorts', () => {
  it('create with a size as of now, use, refuse to delete while used, rename, delete', async () => {
    const buyers: Criterion = { type: 'behavior', event: 'Purchase', count: { op: '>=', value: 1 } };
    let r = await post<CohortsResponse>('/ui/api/cohorts', { name: 'Buyers', description: 'bought', criteria: buyers });
    expect(r.cohorts.map((c) => [c.name, c.size, c.kind, c.description])).toEqual([['Buyers', 3, 'dynamic', 'bought']]);
    r = await post<CohortsResponse>('/ui/api/cohorts', {
      name: 'Pro buyers',
      criteria: {
        operator: 'and',
        children: [
          { type: 'cohort', cohort: 'Buyers', operator: 'in' },
          { type: 'property', where: 'properties["plan"] == "pro"' },
        ],
      },
    });
    expect(r.cohorts.find((c) => c.name === 'Pro buyers')?.size).toBe(1);
    expect(r.cohorts.find((c) => c.name === 'Buyers')?.usedBy).toEqual(['Pro buyers']);
    const opened = await post<UsersResponse>('/ui/api/users', { all: true, cohort: 'Buyers', sort: '$distinct_id' });
    expect(opened.rows.map((x) => x.distinctId)).toEqual(['a', 'b', 'd']);
    const refused = await server.app.inject({ method: 'DELETE', url: '/ui/api/cohorts?name=Buyers' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toContain('Pro buyers');
    const renamed = await server.app.inject({ method: 'PATCH', url: '/ui/api/cohorts', payload: { from: 'Pro buyers', to: 'Pros' } });
    expect((renamed.json() as CohortsResponse).cohorts.map((c) => c.name).sort()).toEqual(['Buyers', 'Pros']);
    const del = await server.app.inject({ method: 'DELETE', url: '/ui/api/cohorts?name=Pros' });
    expect((del.json() as CohortsResponse).cohorts.map((c) => c.name)).toEqual(['Buyers']);
    const csv = await server.app.inject({ method: 'GET', url: '/ui/api/cohorts/members.csv?name=Buyers' });
    expect(
      csv.body
        .split('\n')
        .slice(1, -1)
        .map((l) => l.split(',')[0])
        .sort(),
    ).toEqual(['a', 'b', 'd']);
  });

  it('a static cohort from an uploaded CSV of ids', async () => {
    const r = await server.app.inject({
      method: 'POST',
      url: '/ui/api/cohorts/from-csv?name=Picked',
      headers: { 'content-type': 'text/csv' },
      payload: 'a\ne\nzz\n',
    });
    expect(r.statusCode, r.body).toBe(200);
    expect((r.json() as CohortsResponse).cohorts.find((c) => c.name === 'Picked')).toMatchObject({ kind: 'static', size: 2 });
  });
});

describe('/ui/api/profile', () => {
  it('create warns on an existing profile and writes nothing; update warns on a missing one', async () => {
    const exists = await post<{ changed: boolean; warnings: string[] }>('/ui/api/profile', { id: 'a', mode: 'create', set: { plan: 'x' } });
    expect(exists.changed).toBe(false);
    expect(exists.warnings.join()).toMatch(/exists/);
    const missing = await post<{ changed: boolean; warnings: string[] }>('/ui/api/profile', { id: 'zz', mode: 'update', set: { plan: 'x' } });
    expect(missing.changed).toBe(false);
    expect((await get<UserResponse>('/ui/api/user?id=a')).profile?.properties.plan).toBe('pro');
    const phone = await post<{ changed: boolean; warnings: string[] }>('/ui/api/profile', { id: 'c', set: { $phone: '4155550100' } });
    expect(phone.changed).toBe(true);
    expect(phone.warnings.join()).toContain('+');
    const unset = await post<{ profile: Record<string, unknown> }>('/ui/api/profile/unset', { id: 'c', names: ['$phone'] });
    expect(unset.profile).not.toHaveProperty('$phone');
  });
});

describe('/ui/api/import', () => {
  it('upload and preview write nothing; confirm imports a header-less file with the chosen identifier column', async () => {
    const csv = 'x1@example.com,new-1,gold\nx2@example.com,new-2,silver\n,new-3,bronze\n';
    const up = await server.app.inject({ method: 'POST', url: '/ui/api/import/upload', headers: { 'content-type': 'text/csv' }, payload: csv });
    const { uploadId } = up.json() as { uploadId: string };
    const preview = await post<ImportPreviewResponse>('/ui/api/import/preview', { uploadId, header: false });
    expect(preview).toMatchObject({ rowCount: 3, headers: ['column 1', 'column 2', 'column 3'] });
    expect(preview.rows[2]).toEqual(['', 'new-3', 'bronze']);
    expect((await post<UsersResponse>('/ui/api/users', {})).total).toBe(4);
    let job = await post<ImportStatusResponse>('/ui/api/import/confirm', {
      uploadId,
      header: false,
      columns: ['$email', '', 'tier'],
      idColumn: 1,
      mode: 'create',
    });
    for (let i = 0; i < 100 && job.state === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = await get<ImportStatusResponse>(`/ui/api/import/status?job=${job.jobId}`);
    }
    expect(job.state).toBe('done');
    expect(job.report).toMatchObject({ read: 3, imported: 3, created: 3, updated: 0, skipped: 0 });
    const u = await get<UserResponse>('/ui/api/user?id=new-1');
    expect(u.profile?.properties).toMatchObject({ $email: 'x1@example.com', tier: 'gold' });
    expect((await get<UserResponse>('/ui/api/user?id=new-3')).profile?.properties).not.toHaveProperty('$email');
    // The upload is used up.
    await post('/ui/api/import/preview', { uploadId, header: false }, 400);

    // Again, with a header row: one known id (updated) and one new (created).
    const up2 = await server.app.inject({
      method: 'POST',
      url: '/ui/api/import/upload',
      headers: { 'content-type': 'text/csv' },
      payload: 'id,Tier\nnew-1,platinum\nnew-9,tin\n',
    });
    const second = (up2.json() as { uploadId: string }).uploadId;
    expect((await post<ImportPreviewResponse>('/ui/api/import/preview', { uploadId: second, header: true })).suggested).toEqual(['id', 'Tier']);
    job = await post<ImportStatusResponse>('/ui/api/import/confirm', { uploadId: second, header: true, columns: ['id', 'tier'], idColumn: 0, mode: 'upsert' });
    for (let i = 0; i < 100 && job.state === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = await get<ImportStatusResponse>(`/ui/api/import/status?job=${job.jobId}`);
    }
    expect(job.report).toMatchObject({ read: 2, imported: 2, created: 1, updated: 1 });
    expect((await get<UserResponse>('/ui/api/user?id=new-1')).profile?.properties).toMatchObject({ $email: 'x1@example.com', tier: 'platinum' });
  });
});

describe('/ui/api/jql', () => {
  it('rows and figures of a script', async () => {
    const r = await post<{ rows: unknown[]; stats: Record<string, unknown> }>('/ui/api/jql', {
      script: 'function main() { return Events({from_date: "2024-03-01", to_date: "2024-03-31"}).groupBy(["name"], mixpanel.reducer.count()); }',
    });
    expect(r.rows).toEqual([
      { key: ['Login'], value: 2 },
      { key: ['Purchase'], value: 6 },
    ]);
    // The figures `quarry run --stats` prints.
    expect(Object.keys(r.stats)).toEqual(expect.arrayContaining(['rowsScanned', 'partitionsScanned', 'partitionsPruned', 'sandboxCalls', 'stageMs']));
  });

  it('a script error names its line', async () => {
    const r = await post<{ error: string; line?: number }>(
      '/ui/api/jql',
      { script: 'function main() {\n  return Events({from_date: "2024-03-01", to_date: "2024-03-31"})\n    .map(e => e.x.y);\n}' },
      412,
    );
    expect(r.line).toBe(3);
    expect(r.error).toMatch(/line 3|:3/);
  });
});

describe('with --auth', () => {
  it('the page and its endpoints need the query credentials (the browser asks once)', async () => {
    const other = await makeStore();
    const guarded = await buildServer({ ...defaultServerOptions(other.dir), log: false, auth: 'svc:s3cret' });
    try {
      for (const url of ['/', '/ui/api/meta']) {
        const r = await guarded.app.inject({ method: 'GET', url });
        expect(r.statusCode).toBe(401);
        expect(r.headers['www-authenticate']).toContain('Basic');
      }
      const ok = await guarded.app.inject({
        method: 'GET',
        url: '/ui/api/meta',
        headers: { authorization: `Basic ${Buffer.from('svc:s3cret').toString('base64')}` },
      });
      expect(ok.statusCode).toBe(200);
    } finally {
      await guarded.close();
    }
  });
});
