/**
 * `--store s3://bucket/prefix`: a store uploaded to a local S3-compatible server
 * (s3rver, started here) gives byte-for-byte the output of the same store on disk;
 * pruning limits the bytes fetched (--stats); a missing bucket or store, refused
 * credentials, an unreachable endpoint and writes give clear messages, exit 1 and no
 * stack trace. Needs `npm run build`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoStore } from '../../src/cli/build-demo.js';
import { runCli } from '../helpers/cli.js';
import { type LocalS3, startLocalS3 } from '../helpers/s3-server.js';
import { cleanTemp, tempDir, writeTemp } from '../helpers/temp.js';

const EXAMPLES = path.join(import.meta.dirname, '..', '..', 'examples');
const URI = 's3://quarry-test/stores/demo';
let s3: LocalS3;
let local: string;
let storeBytes = 0;

beforeAll(async () => {
  local = path.join(tempDir(), 'demo');
  await buildDemoStore(local, { events: 20_000 });
  s3 = await startLocalS3();
  await s3.upload(local, 'quarry-test', 'stores/demo');
  const du = (d: string): number =>
    fs.readdirSync(d, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? du(path.join(d, e.name)) : fs.statSync(path.join(d, e.name)).size), 0);
  storeBytes = du(local);
}, 120_000);
afterAll(async () => {
  await s3?.close();
  cleanTemp();
});

function fetchedOf(stderr: string): { files: number; bytes: number; lateFiles: number } {
  const line = stderr.split('\n').find((l) => l.startsWith('{"stats"'));
  return JSON.parse(line!).stats.fetched;
}

function expectClearFailure(r: { code: number | null; stderr: string }, ...fragments: string[]) {
  expect(r.code, r.stderr).toBe(1);
  for (const f of fragments) expect(r.stderr).toContain(f);
  expect(r.stderr).not.toMatch(/^\s+at /m);
}

describe('quarry run --store s3://...', () => {
  const examples = [
    'events-by-name.js',
    'active-days-per-user.js',
    'people-by-plan.js',
    'revenue-by-plan.js',
    'signup-purchase-funnel.js',
    'top-cart-items.js',
    'unique-users-by-country.js',
    'weekly-active-users.js',
  ];
  it.each(examples)(
    '%s: the same bytes as the store on disk',
    async (ex) => {
      const file = path.join(EXAMPLES, ex);
      const onDisk = await runCli(['run', file, '--store', local, '--format', 'json', '--threads', '1']);
      expect(onDisk.code, onDisk.stderr).toBe(0);
      const env = s3.env();
      const onS3 = await runCli(['run', file, '--store', URI, '--format', 'json', '--threads', '1', '--stats'], { env });
      expect(onS3.code, onS3.stderr).toBe(0);
      expect(onS3.stdout).toBe(onDisk.stdout);
      // The plan's prefetch covered every file the query read.
      expect(fetchedOf(onS3.stderr).lateFiles).toBe(0);
      // A second run reads the mirror: nothing fetched.
      const again = await runCli(['run', file, '--store', URI, '--format', 'json', '--threads', '1', '--stats'], { env });
      expect(again.stdout).toBe(onDisk.stdout);
      expect(fetchedOf(again.stderr).bytes).toBe(0);
    },
    120_000,
  );

  it('with worker threads: the same bytes', async () => {
    const file = path.join(EXAMPLES, 'active-days-per-user.js');
    const onDisk = await runCli(['run', file, '--store', local, '--format', 'json', '--threads', '2']);
    const onS3 = await runCli(['run', file, '--store', URI, '--format', 'json', '--threads', '2'], { env: s3.env() });
    expect(onS3.code, onS3.stderr).toBe(0);
    expect(onS3.stdout).toBe(onDisk.stdout);
  }, 120_000);

  it('fetches only the partitions left after pruning and the columns read', async () => {
    const oneDay = writeTemp(
      'one-day.js',
      "function main() { return Events({ from_date: '2024-03-05', to_date: '2024-03-05' }).groupBy([e => e.properties.$browser], mixpanel.reducer.count()); }",
    );
    const month = writeTemp(
      'month.js',
      "function main() { return Events({ from_date: '2024-03-01', to_date: '2024-03-31' }).groupBy([e => e.properties.$browser], mixpanel.reducer.count()); }",
    );
    const whole = writeTemp(
      'whole.js',
      "function main() { return Events({ from_date: '2024-03-01', to_date: '2024-03-31' }).map(e => JSON.stringify(e).length).reduce(mixpanel.reducer.sum()); }",
    );
    const stats = async (f: string) => {
      const r = await runCli(['run', f, '--store', URI, '--format', 'json', '--threads', '1', '--stats'], { env: s3.env() });
      expect(r.code, r.stderr).toBe(0);
      const local1 = await runCli(['run', f, '--store', local, '--format', 'json', '--threads', '1']);
      expect(r.stdout).toBe(local1.stdout);
      return fetchedOf(r.stderr);
    };
    const day = await stats(oneDay);
    const mon = await stats(month);
    const all = await stats(whole);
    for (const s of [day, mon, all]) expect(s.lateFiles).toBe(0);
    expect(day.bytes).toBeGreaterThan(0);
    expect(day.bytes * 10).toBeLessThan(mon.bytes); // 1 day of 31
    expect(mon.bytes).toBeLessThan(all.bytes); // one property of many
    expect(all.bytes).toBeLessThan(storeBytes);
  }, 120_000);

  it('a manifest-only query (events per name) fetches no data file', async () => {
    const r = await runCli(['run', path.join(EXAMPLES, 'events-by-name.js'), '--store', URI, '--stats'], { env: s3.env() });
    expect(r.code, r.stderr).toBe(0);
    expect(fetchedOf(r.stderr).files).toBe(0);
  });
});

describe('the shard protocol over S3: quarry plan --store s3://...', () => {
  const FIXED = ['--seed', '3', '--now', '2024-04-01T00:00:00Z'];
  // Split by users (a custom groupByUser reducer). Joins split by users are left out: their
  // float sums follow the shard order, as with threads (docs/shard-protocol.md).
  it.each(['active-days-per-user.js'])(
    '%s: tasks on other machines (their own mirrors) give the bytes of the store on disk',
    async (ex) => {
      const file = path.join(EXAMPLES, ex);
      const work = tempDir('quarry-s3-shards-');
      const planFile = path.join(work, 'plan.json');
      // Each command gets its own cache: a machine that never saw the store.
      const planned = await runCli(['plan', file, '--store', URI, '--shards', '2', ...FIXED, '--out', planFile], { env: s3.env() });
      expect(planned.code, planned.stderr).toBe(0);
      const plan = JSON.parse(fs.readFileSync(planFile, 'utf8')) as { store: { uri: string; pin: unknown }; tasks: unknown[] };
      expect(plan.store.uri).toBe(URI);
      // Nothing to pin on S3 (the store is written and collected elsewhere).
      expect(plan.store.pin).toBeNull();
      const parts: string[] = [];
      for (let id = 0; id < plan.tasks.length; id++) {
        parts.push(path.join(work, `${id}.part`));
        const r = await runCli(['exec-shard', planFile, '--task', String(id), '--out', parts[id]!], { env: s3.env() });
        expect(r.code, r.stderr).toBe(0);
      }
      const finished = await runCli(['finish', planFile, ...parts, '--format', 'json'], { env: s3.env() });
      expect(finished.code, finished.stderr).toBe(0);
      const onDisk = await runCli(['run', file, '--store', local, '--format', 'json', '--threads', '1', ...FIXED]);
      expect(onDisk.code, onDisk.stderr).toBe(0);
      expect(finished.stdout).toBe(onDisk.stdout);
    },
    240_000,
  );
});

describe('other reading commands over S3', () => {
  const same = async (args: string[]) => {
    const onDisk = await runCli([...args, '--store', local]);
    expect(onDisk.code, onDisk.stderr).toBe(0);
    const onS3 = await runCli([...args, '--store', URI], { env: s3.env() });
    expect(onS3.code, onS3.stderr).toBe(0);
    expect(onS3.stdout).toBe(onDisk.stdout);
    return onS3;
  };
  it('users (profiles prefetched)', async () => {
    await same(['users', '--columns', '*', '--format', 'json']);
  }, 120_000);
  it('export events and people', async () => {
    await same(['export', 'events', '--from', '2024-03-01', '--to', '2024-03-03']);
    await same(['export', 'people']);
  }, 120_000);
  it('count, which fetches files as its readers ask for them (no prefetch)', async () => {
    await same(['count', 'Purchase', '--by', 'method', '--from', '2024-03-01', '--to', '2024-03-02', '--format', 'json']);
  }, 120_000);
  it('info, from the manifest alone', async () => {
    const r = await runCli(['info', '--store', URI, '--json'], { env: s3.env() });
    expect(r.code, r.stderr).toBe(0);
    const local1 = await runCli(['info', '--store', local, '--json']);
    const [i3, il] = [JSON.parse(r.stdout), JSON.parse(local1.stdout)];
    expect({ ...i3, store: undefined }).toEqual({ ...il, store: undefined });
    expect(i3.store).toBe(URI);
  });
  it('serve refuses a store on S3', async () => {
    const r = await runCli(['serve', '--store', URI, '--port', '0'], { env: s3.env() });
    expectClearFailure(r, 'needs a local one', 'aws s3 sync');
  });
});

describe('clear failures', () => {
  const script = () => path.join(EXAMPLES, 'people-by-plan.js');
  it('a bucket that does not exist', async () => {
    const r = await runCli(['run', script(), '--store', 's3://no-such-bucket/x'], { env: s3.env() });
    expectClearFailure(r, 'no bucket "no-such-bucket"', 'QUARRY_S3_ENDPOINT');
  });
  it('a prefix that holds no store', async () => {
    const r = await runCli(['run', script(), '--store', 's3://quarry-test/nothing-here'], { env: s3.env() });
    expectClearFailure(r, 's3://quarry-test/nothing-here is not a quarry store', 'aws s3 sync');
  });
  it('refused credentials', async () => {
    const r = await runCli(['run', script(), '--store', URI], { env: s3.env({ AWS_ACCESS_KEY_ID: 'WRONG', AWS_SECRET_ACCESS_KEY: 'WRONG' }) });
    expectClearFailure(r, 'refused the credentials', 'AWS_ACCESS_KEY_ID');
  });
  it('an endpoint nobody listens on', async () => {
    const r = await runCli(['run', script(), '--store', URI], { env: s3.env({ QUARRY_S3_ENDPOINT: 'http://127.0.0.1:1', AWS_MAX_ATTEMPTS: '1' }) });
    expectClearFailure(r, 'cannot reach the S3 endpoint http://127.0.0.1:1');
  });
  it('a bad s3:// URI is a usage error', async () => {
    const r = await runCli(['run', script(), '--store', 's3://X'], { env: s3.env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('s3://BUCKET/PREFIX');
  });
  it('import into a store on S3: import locally, then upload', async () => {
    const events = writeTemp('e.jsonl', '{"event":"a","properties":{"time":1,"distinct_id":"u"}}\n');
    const r = await runCli(['import', 'events', events, '--store', URI], { env: s3.env() });
    expectClearFailure(r, 'quarry reads but does not write', 'aws s3 sync');
    const c = await runCli(['cohort', 'delete', 'nothing', '--store', URI], { env: s3.env() });
    expect(c.code, c.stderr).not.toBe(0);
    expect(c.stderr).toContain('quarry reads but does not write');
    expect(c.stderr).not.toMatch(/^\s+at /m);
  });
});
