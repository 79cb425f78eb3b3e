/**
 * Writer-lock race (issue 9 item 1): rounds of N import processes started on one
 * barrier, against a fresh store and against a store holding a stale lock (a dead
 * process's). Every process either imports (exit 0) or is refused because the store
 * is busy (exit 1, a clear message); afterwards the store opens, every file it refers
 * to reads, and the event count is the sum of the successful imports.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCK_FILE, Store } from '../../src/store/index.js';
import { cleanTemp, jsonl, runCli, tempDir } from '../helpers/index.js';
import { looksClean, onBarrier, readWholeStore } from './helpers.js';
import { seeded } from '../helpers/seeded.js';

afterAll(cleanTemp);

const ROUNDS = Number(process.env.QUARRY_STRESS_LOCK_ROUNDS ?? 16);
const WRITERS = Number(process.env.QUARRY_STRESS_LOCK_WRITERS ?? 5);

const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

/** An events file whose events no other file of the test shares (no deduplication across files). */
function eventsFile(dir: string, tag: string, n: number): string {
  const f = path.join(dir, `${tag}.json`);
  const t0 = 1456790400;
  fs.writeFileSync(
    f,
    jsonl(
      Array.from({ length: n }, (_, i) => ({ event: `e-${tag}`, properties: { time: t0 + i * 3600, distinct_id: `u${i % 7}`, $insert_id: `${tag}-${i}`, i } })),
    ),
  );
  return f;
}

const COUNT_SCRIPT = path.join(import.meta.dirname, 'count-all.js');
const IMPORTED = /imported (\d+) events/;

describe('writer-lock race', () => {
  it(`${ROUNDS} rounds of ${WRITERS} imports on a barrier: one store state, events = sum of successful imports`, async () => {
    const rand = seeded(9001);
    const work = tempDir('quarry-race-');
    const busy: string[] = [];
    let succeeded = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const stale = round % 2 === 1;
      const dir = path.join(work, `store-${round}`);
      Store.init(dir, { timezone: 'UTC', createdAt: '2024-01-01T00:00:00Z' });
      let expected = 0;
      if (stale) {
        // A committed import, then a lock left by a process that was killed.
        const r = await runCli(['import', 'events', eventsFile(work, `r${round}-base`, 20), '--store', dir]);
        expect(r.code).toBe(0);
        expected += 20;
        fs.writeFileSync(
          path.join(dir, LOCK_FILE),
          JSON.stringify({ pid: deadPid(), command: 'import events killed.json', since: '2024-01-01T00:00:00.000Z' }),
        );
      }
      const sizes = Array.from({ length: WRITERS }, () => 5 + Math.floor(rand() * 60));
      const files = sizes.map((n, w) => eventsFile(work, `r${round}-w${w}`, n));
      const results = await onBarrier(
        files.map((f) => ['import', 'events', f, '--store', dir]),
        work,
      );
      for (const [w, r] of results.entries()) {
        const out = r.stdout + r.stderr;
        expect(looksClean(out), out).toBe(true);
        if (r.code === 0) {
          expect(Number(IMPORTED.exec(r.stdout)?.[1]), out).toBe(sizes[w]);
          expected += sizes[w]!;
          succeeded++;
        } else {
          expect(r.code, out).toBe(1);
          expect(r.stderr, out).toMatch(/is being written by another quarry process|lock file that is being written|other processes keep taking it/);
          busy.push(r.stderr);
        }
      }
      expect(fs.existsSync(path.join(dir, LOCK_FILE)), `round ${round}: lock left behind`).toBe(false);
      expect(readWholeStore(dir).events, `round ${round}`).toBe(expected);
      // And a real query through the CLI on the last rounds of each kind.
      if (round >= ROUNDS - 2) {
        const c = await runCli(['run', COUNT_SCRIPT, '--store', dir]);
        expect(c.code, c.stderr).toBe(0);
        expect(JSON.parse(c.stdout)).toEqual([expected]);
      }
    }
    // The race did happen: some writers were refused, and every round had a winner.
    expect(succeeded).toBeGreaterThanOrEqual(ROUNDS);
  }, 600_000);
});
