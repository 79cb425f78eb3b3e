/**
 * User buckets on disk and in the reader: the layout `events/<day>/b<k>/g<N>/`, a user
 * shard of a bucketed store reads only its buckets (the per-shard `--stats`), and a
 * rebucket that fails half-way leaves the store as it was.
 * Expectations come from the generated events (bucket = user number mod B), not from quarry.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

// The compiled build (npm test builds first): worker threads load plain .js.
const dist = (m: string) => import(new URL(`../../dist/src/${m}`, import.meta.url).href);
const { runQuery } = (await dist('exec/index.js')) as typeof import('../../src/exec/index.js');
const { importEvents } = (await dist('ingest/index.js')) as typeof import('../../src/ingest/index.js');
const { shutdownSandboxPool } = (await dist('sandbox/index.js')) as typeof import('../../src/sandbox/index.js');
const { activityDays, userHistory } = (await dist('users/index.js')) as typeof import('../../src/users/index.js');
const { Store, rebucket } = (await dist('store/index.js')) as typeof import('../../src/store/index.js');
type Store = import('../../src/store/index.js').Store;

afterAll(() => shutdownSandboxPool());

const T0 = 1458000000; // 2016-03-15 00:00 UTC
const USERS = 10;
const DAYS = 3;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** User k has k + 1 events per day; users are numbered u0 = 0, u1 = 1, ... in order of appearance. */
async function storeOf(buckets: number): Promise<Store> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quarry-bucket-read-'));
  dirs.push(dir);
  const store = Store.init(dir, { buckets });
  const records: Array<{ line: number; value: unknown }> = [];
  for (let d = 0; d < DAYS; d++) {
    for (let k = 0; k < USERS; k++) {
      for (let j = 0; j <= k; j++)
        records.push({
          line: records.length + 1,
          value: { event: 'e', properties: { time: T0 + d * 86_400 + k * 60 + j, distinct_id: `u${k}`, $insert_id: `${d}-${k}-${j}` } },
        });
    }
  }
  await importEvents(store, [{ label: 'gen', records }]);
  return store.reopen();
}

/** Events of the users in `buckets` of B, over all days. */
function rowsOfBuckets(buckets: number[], B: number): number {
  let n = 0;
  for (let k = 0; k < USERS; k++) if (buckets.includes(k % B)) n += (k + 1) * DAYS;
  return n;
}

const PER_USER = `function main() { return Events({from_date: '2016-03-15', to_date: '2016-03-17'}).groupByUser(function (s, evs) { return (s || 0) + evs.length; }); }`;

async function stats(store: Store, threads: number) {
  const q = await runQuery({ store, source: PER_USER, filename: 't.js', threads, parallelMinRows: 0 });
  const out: unknown[] = [];
  for await (const item of q.items) out.push(item);
  await q.close();
  return { out, stats: q.stats };
}

describe('user buckets', () => {
  it('lays a day out as one directory per bucket and records B in the manifest', async () => {
    const store = await storeOf(3);
    expect(store.manifest.settings.buckets).toBe(3);
    const day = store.manifest.events['2016-03-15']!;
    expect(day.rows).toBe(55);
    expect(day.buckets!.map((b) => b?.dir)).toEqual([0, 1, 2].map((k) => `events/2016-03-15/b${k}/g${store.manifest.generation}`));
    expect(day.buckets!.map((b) => b?.rows)).toEqual([0, 1, 2].map((k) => rowsOfBuckets([k], 3) / DAYS));
    for (const b of day.buckets!) expect(fs.existsSync(path.join(store.dir, b!.dir, 'user.arrow'))).toBe(true);
    // A store of one bucket keeps the layout of stores written before buckets existed.
    const one = await storeOf(1);
    expect(one.manifest.settings.buckets).toBeUndefined();
    expect(one.manifest.events['2016-03-15']!.dir).toBe(`events/2016-03-15/g${one.manifest.generation}`);
    expect(one.manifest.events['2016-03-15']!.buckets).toBeUndefined();
  });

  it('a user shard reads only its buckets (--stats per shard)', async () => {
    const store = await storeOf(4);
    const one = await stats(store, 1);
    const two = await stats(store, 2);
    expect(two.out).toEqual(one.out);
    expect(two.stats.threads).toBe(2);
    expect(two.stats.shards).toEqual([
      { users: [0, 2], buckets: [0, 2], partitionsScanned: DAYS, rowsScanned: rowsOfBuckets([0, 2], 4) },
      { users: [1, 2], buckets: [1, 3], partitionsScanned: DAYS, rowsScanned: rowsOfBuckets([1, 3], 4) },
    ]);
    expect(two.stats.rowsScanned).toBe(rowsOfBuckets([0, 1, 2, 3], 4));
    // Three threads over four buckets: two shards aligned to the buckets, not three that read them all.
    const three = await stats(store, 3);
    expect(three.out).toEqual(one.out);
    expect(three.stats.shards!.map((s) => s.buckets)).toEqual([
      [0, 2],
      [1, 3],
    ]);
    // Without buckets a shard holds a range of user numbers and reads only their rows
    // (decision 0024): user k has k + 1 events a day.
    const flat = await stats(await storeOf(1), 2);
    expect(flat.out).toEqual(one.out);
    const ranges = flat.stats.shards!.map((s) => s.userRange!);
    expect(ranges[0]![0]).toBe(-1);
    expect(ranges[1]![0]).toBe(ranges[0]![1]);
    const rowsOfUsers = ([lo, hi]: [number, number]) => {
      let n = 0;
      for (let k = Math.max(0, lo); k < Math.min(hi, USERS); k++) n += (k + 1) * DAYS;
      return n;
    };
    expect(flat.stats.shards!.map((s) => s.rowsScanned)).toEqual(ranges.map(rowsOfUsers));
    expect(flat.stats.rowsScanned).toBe(rowsOfBuckets([0], 1));
    for (const s of flat.stats.shards!) expect(s.rowsScanned).toBeLessThan(rowsOfBuckets([0], 1));
  });

  it("a user's page reads only the user's bucket and shows what a one-bucket store shows", async () => {
    const one = await storeOf(1);
    const three = await storeOf(3);
    for (const id of ['u0', 'u4', 'u8']) {
      expect(userHistory(three, id, { limit: 50 })).toEqual(userHistory(one, id, { limit: 50 }));
      expect(activityDays(three, id)).toEqual(activityDays(one, id));
    }
    expect(activityDays(three, 'u4').perDay.map((d) => d.count)).toEqual([5, 5, 5]);
  });

  it('a rebucket that fails half-way leaves the store as it was', async () => {
    const store = await storeOf(1);
    const before = fs.readFileSync(path.join(store.dir, 'manifest.json'), 'utf8');
    const want = (await stats(store, 1)).out;
    await expect(
      rebucket(store, 3, (done) => {
        if (done === 2) throw new Error('crash');
      }),
    ).rejects.toThrow('crash');
    expect(fs.readFileSync(path.join(store.dir, 'manifest.json'), 'utf8')).toBe(before);
    // What the failed run wrote is gone; the store reads as before.
    expect(fs.readdirSync(path.join(store.dir, 'events/2016-03-15'))).toEqual([`g${store.manifest.generation}`]);
    expect((await stats(store.reopen(), 1)).out).toEqual(want);
    await expect(rebucket(store, 0)).rejects.toThrow('--buckets must be a whole number');
  });
});
