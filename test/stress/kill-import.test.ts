/**
 * `kill -9` at random points of imports (issue 9 proof): 20 seeded rounds, each
 * starting a real `quarry import` (events, people or updates, in turn) and killing it
 * after a random delay somewhere between start-up and the end of its commit. After
 * every kill the store opens, every file it refers to reads, and it holds exactly the
 * state before the import or the state after it; the next round's import takes over
 * the dead process's lock.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/index.js';
import { cleanTemp, jsonl, runCli, startCli, tempDir } from '../helpers/index.js';
import { readWholeStore } from './helpers.js';
import { seeded } from '../helpers/seeded.js';

afterAll(cleanTemp);

const ROUNDS = Number(process.env.QUARRY_STRESS_KILL_ROUNDS ?? 20);
const T0 = 1456790400;

type Kind = 'events' | 'people' | 'updates';

function input(dir: string, kind: Kind, round: number, n: number): string {
  const f = path.join(dir, `r${round}-${kind}.json`);
  if (kind === 'events') {
    // Spread over 40 days so the import writes many partitions.
    fs.writeFileSync(
      f,
      jsonl(
        Array.from({ length: n }, (_, i) => ({
          event: `e${i % 5}`,
          properties: { time: (T0 + (i * 86_400 * 40) / n) | 0, distinct_id: `u${i % 500}`, $insert_id: `r${round}-${i}`, round, v: i },
        })),
      ),
    );
  } else if (kind === 'people') {
    fs.writeFileSync(f, jsonl(Array.from({ length: n / 4 }, (_, i) => ({ $distinct_id: `p${round}-${i}`, $properties: { round, i } }))));
  } else {
    fs.writeFileSync(f, jsonl(Array.from({ length: n / 4 }, (_, i) => ({ $distinct_id: `p${i}`, $add: { n: 1 }, $set: { round } }))));
  }
  return f;
}

/** What a snapshot holds, for comparing "before", "after" and "after a kill". */
function state(dir: string) {
  const whole = readWholeStore(dir);
  const s = Store.open(dir);
  return { events: whole.events, profiles: whole.profiles, generation: s.manifest.generation };
}

describe('kill -9 during imports', () => {
  it(`${ROUNDS} seeded rounds: the old state or the new one, never anything else`, async () => {
    const rand = seeded(20261202);
    const work = tempDir('quarry-kill-');
    const dir = path.join(work, 'store');
    Store.init(dir, { timezone: 'America/New_York', createdAt: '2024-01-01T00:00:00Z' });
    const kinds: Kind[] = ['events', 'people', 'updates'];
    // How long an uninterrupted import takes here, to spread the kill points over it.
    const t = Date.now();
    const warm = await runCli(['import', 'events', input(work, 'events', -1, 20_000), '--store', dir]);
    expect(warm.code, warm.stderr).toBe(0);
    const span = Math.max(300, Date.now() - t);
    let killed = 0;
    let completed = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const kind = kinds[round % 3]!;
      const file = input(work, kind, round, 20_000);
      const before = state(dir);
      const delay = Math.floor(rand() * span * 1.1);
      const child = startCli(['import', kind, file, '--store', dir]);
      let stderr = '';
      child.stderr!.on('data', (b) => (stderr += b));
      child.stdout!.resume();
      const timer = setTimeout(() => child.kill('SIGKILL'), delay);
      const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
      clearTimeout(timer);
      const after = state(dir);
      if (signal === 'SIGKILL') {
        killed++;
        // Killed: the commit happened entirely or not at all.
        if (after.generation === before.generation) expect(after).toEqual(before);
        else expect(after.generation).toBe(before.generation + 1);
      } else {
        completed++;
        expect(code, stderr).toBe(0);
        expect(after.generation).toBe(before.generation + 1);
      }
      if (after.generation === before.generation + 1 && kind === 'events') expect(after.events).toBe(before.events + 20_000);
      if (after.generation === before.generation + 1 && kind === 'people') expect(after.profiles).toBe(before.profiles + 5_000);
    }
    // A last import takes over whatever lock is left and commits; nothing stray remains.
    const last = await runCli(['import', 'events', input(work, 'events', 99, 100), '--store', dir]);
    expect(last.code, last.stderr).toBe(0);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('lock') || f.includes('.tmp-'))).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'staging'))).toBe(false);
    // Most kill points fall inside the import (the delays spread over its measured length).
    expect(killed, `${killed} killed, ${completed} completed`).toBeGreaterThanOrEqual(ROUNDS / 4);
  }, 600_000);
});
