/**
 * Durability of ingestion: a `quarry serve` child process receiving /import batches
 * is killed with SIGKILL at random moments (during appends, fsyncs and background
 * merges). Every batch that got a 200 must be in the store afterwards, once; a batch
 * that got no answer is retried against the next server and creates no duplicate
 * ($insert_id). The last server's log is replayed by a plain `quarry info`.
 * Needs `npm run build` (the server runs from dist/).
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { listSegments, Store } from '../../src/store/index.js';
import { storeEvents } from '../helpers/events.js';
import { runCli, startCli } from '../helpers/cli.js';
import { rawRequest } from '../helpers/serve.js';
import { cleanTemp, tempStore } from '../helpers/temp.js';

afterAll(() => cleanTemp());

/** A small seeded PRNG (mulberry32), so a failing run can be repeated with its seed. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function startServer(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = startCli(['serve', '--store', dir, '--port', '0', '--quiet', '--commit-interval', '0.15', '--commit-records', '700']);
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (b: Buffer) => {
      err += b;
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m) resolve({ child, url: m[1]! });
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}) before listening: ${err}`)));
  });
}

const BATCHES = 60;
const PER_BATCH = 150;
const T0 = Date.UTC(2024, 4, 1) / 1000;
const batch = (b: number) =>
  Array.from({ length: PER_BATCH }, (_, i) => {
    const k = b * PER_BATCH + i;
    // Spread over a few days, so merges rewrite several partitions.
    return { event: `e${k % 5}`, properties: { time: T0 + (k % 4) * 86_400 + k, distinct_id: `u${k % 97}`, $insert_id: `b${b}-${i}`, k } };
  });

describe('kill -9 during /import', () => {
  it('loses no acknowledged batch and duplicates no retried one', async () => {
    const seed = Number(process.env.QUARRY_SEED ?? Date.now() % 100_000);
    const rand = prng(seed);
    const dir = tempStore().dir;
    const acked = new Set<number>();
    let pending = Array.from({ length: BATCHES }, (_, b) => b);
    let kills = 0;
    for (let round = 0; pending.length > 0 && round < 12; round++) {
      const { child, url } = await startServer(dir);
      const exited = new Promise((r) => child.once('exit', r));
      const last = pending.length <= 8 || round === 11;
      // Kill a few answers into the round, a random few ms later: mid-request, mid-fsync or mid-merge.
      const killAfter = last ? Infinity : 1 + Math.floor(rand() * 8);
      let answered = 0;
      let timer: NodeJS.Timeout | undefined;
      const maybeKill = () => {
        if (++answered !== killAfter) return;
        timer = setTimeout(() => {
          kills++;
          child.kill('SIGKILL');
        }, rand() * 60);
      };
      const unanswered: number[] = [];
      // Two clients at a time, as a loader with concurrency would send.
      // The last round also re-sends batches that were answered: a client that lost the answer retries.
      const queue = last ? [...pending, 0, 1] : [...pending];
      const worker = async () => {
        for (let b = queue.shift(); b !== undefined; b = queue.shift()) {
          if (child.exitCode !== null || child.signalCode !== null) {
            unanswered.push(b);
            continue;
          }
          try {
            const r = await rawRequest(`${url}/import?strict=1`, {
              method: 'POST',
              body: JSON.stringify(batch(b)),
              headers: { 'content-type': 'application/json' },
            });
            if (r.status === 200) acked.add(b);
            else unanswered.push(b);
            maybeKill();
          } catch {
            unanswered.push(b);
          }
        }
      };
      await Promise.all([worker(), worker()]);
      if (timer) clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill(last ? 'SIGTERM' : 'SIGKILL');
      await exited;
      pending = unanswered;
    }
    expect(pending, `seed ${seed}`).toEqual([]);
    expect(acked.size).toBe(BATCHES);
    expect(kills, `seed ${seed}`).toBeGreaterThan(0);

    // Any command replays what the last server left unmerged.
    const info = await runCli(['info', '--store', dir]);
    expect(info.code).toBe(0);
    expect(listSegments(dir)).toEqual([]);

    const seen = new Map<string, number>();
    for (const e of Object.values(storeEvents(Store.open(dir))).flat()) seen.set(String(e.insertId), (seen.get(String(e.insertId)) ?? 0) + 1);
    const dupes = [...seen].filter(([, n]) => n > 1);
    expect(dupes, `seed ${seed}`).toEqual([]);
    for (const b of acked) for (let i = 0; i < PER_BATCH; i++) expect(seen.has(`b${b}-${i}`), `seed ${seed}: batch ${b}`).toBe(true);
    expect(seen.size).toBe(BATCHES * PER_BATCH);
  }, 180_000);
});
