/**
 * Readers during commits (issue 9 proof): while one process commits a series of
 * imports, readers open the store again and again, in this process (every file of the
 * snapshot read) and as `quarry run` child processes (a real query). Every read sees
 * one committed state, whole: the event count is the base plus a whole number of
 * imports. A reader whose snapshot was two commits old when it read may get the clear
 * "run it again" error (exit 1), never anything else.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/index.js';
import { cleanTemp, jsonl, runCli, startCli, tempDir } from '../helpers/index.js';
import { looksClean, readWholeStore } from './helpers.js';

afterAll(cleanTemp);

const COMMITS = 8;
const BATCH = 3_000;
const T0 = 1456790400;
const COUNT_SCRIPT = path.join(import.meta.dirname, 'count-all.js');
const RERUN = /the store was changed by two or more imports while the command ran/;

describe('readers during commits', () => {
  it(`${COMMITS} commits; every snapshot read is one committed state`, async () => {
    const work = tempDir('quarry-readers-');
    const dir = path.join(work, 'store');
    Store.init(dir, { timezone: 'UTC', createdAt: '2024-01-01T00:00:00Z' });
    const files = Array.from({ length: COMMITS }, (_, k) => {
      const f = path.join(work, `b${k}.json`);
      fs.writeFileSync(
        f,
        jsonl(
          Array.from({ length: BATCH }, (_, i) => ({
            event: 'e',
            properties: { time: (T0 + (i * 86_400 * 30) / BATCH) | 0, distinct_id: `u${i % 97}`, $insert_id: `${k}-${i}`, k },
          })),
        ),
      );
      return f;
    });
    // The writer: one import after another, in a child shell loop.
    const writer = startCli(['import', 'events', files[0]!, '--store', dir]);
    let writerDone = false;
    const writes = (async () => {
      let child = writer;
      for (let k = 0; k < COMMITS; k++) {
        if (k > 0) child = startCli(['import', 'events', files[k]!, '--store', dir]);
        child.stdout!.resume();
        child.stderr!.resume();
        const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
        expect(code).toBe(0);
      }
      writerDone = true;
    })();
    const valid = (n: number) => n % BATCH === 0 && n / BATCH <= COMMITS;
    let inProcess = 0;
    let rerun = 0;
    const cliReads: Promise<void>[] = [];
    let cliOk = 0;
    while (!writerDone) {
      try {
        const { events } = readWholeStore(dir);
        expect(valid(events), `in-process read saw ${events} events`).toBe(true);
        inProcess++;
      } catch (e) {
        expect((e as Error).message).toMatch(RERUN);
        rerun++;
      }
      if (cliReads.length < 6 && inProcess % 5 === 1) {
        cliReads.push(
          runCli(['run', COUNT_SCRIPT, '--store', dir]).then((r) => {
            expect(looksClean(r.stderr), r.stderr).toBe(true);
            if (r.code === 0) {
              const [n] = JSON.parse(r.stdout) as number[];
              expect(valid(n ?? 0), `quarry run saw ${n} events`).toBe(true);
              cliOk++;
            } else {
              expect(r.code, r.stderr).toBe(1);
              expect(r.stderr).toMatch(RERUN);
            }
          }),
        );
      }
      await new Promise((r) => setTimeout(r, 15));
    }
    await writes;
    await Promise.all(cliReads);
    expect(readWholeStore(dir).events).toBe(COMMITS * BATCH);
    expect(inProcess).toBeGreaterThan(COMMITS);
    expect(cliOk).toBeGreaterThan(0);
    void rerun;
  }, 600_000);
});
