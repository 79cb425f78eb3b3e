/**
 * Spilling to staging partitions (small `spillRows`) must not change what is stored:
 * every column of every partition equals the no-spill import, and both equal a plain
 * JavaScript model of "dedup keep-last, then sort by (user number, time, input order)".
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type EventInput, importEvents } from '../../../src/ingest/index.js';
import { dayOf } from '../../../src/time/index.js';
import { cleanTemp, dumpStore, rawEvent, type StoredEvent, storeEvents, tempStore } from '../../helpers/index.js';

afterAll(cleanTemp);

interface Ev {
  name: string;
  distinctId: string | undefined;
  time: number; // UTC ms
  insertId: unknown;
  props: Record<string, unknown>;
}

const toRaw = (e: Ev) => rawEvent(e.name, e.distinctId, e.time, e.props, e.insertId);
const inputs = (batches: Ev[][]): EventInput[] =>
  batches.map((b, f) => ({ label: `f${f}.json`, records: b.map((e, i) => ({ line: i + 1, value: toRaw(e) })) }));

/** The reference: what the store should hold after importing `imports` one after another. */
function reference(imports: Ev[][][], tz: string): Record<string, StoredEvent[]> {
  const all = imports.flat(2);
  const users = new Map<string, number>();
  for (const e of all) if (e.distinctId !== undefined && !users.has(e.distinctId)) users.set(e.distinctId, users.size);
  const userOf = (e: Ev) => (e.distinctId === undefined ? -1 : users.get(e.distinctId)!);
  const last = new Map<string, number>();
  all.forEach((e, i) => {
    if (e.insertId !== undefined) last.set(JSON.stringify([e.name, e.time, userOf(e), e.insertId]), i);
  });
  const kept = all
    .map((e, i) => ({ e, i }))
    .filter(({ e, i }) => e.insertId === undefined || last.get(JSON.stringify([e.name, e.time, userOf(e), e.insertId])) === i);
  const byDay: Record<string, { e: Ev; i: number }[]> = {};
  for (const k of kept) (byDay[dayOf(tz, k.e.time)] ??= []).push(k);
  const out: Record<string, StoredEvent[]> = {};
  for (const day of Object.keys(byDay).sort()) {
    out[day] = byDay[day]!.sort((a, b) => userOf(a.e) - userOf(b.e) || a.e.time - b.e.time || a.i - b.i).map(({ e }) => ({
      name: e.name,
      distinctId: e.distinctId,
      time: e.time,
      insertId: e.insertId,
      properties: { ...e.props },
    }));
  }
  return out;
}

const BASE = Date.UTC(2016, 2, 1, 20); // evenings, so non-UTC zones shift days around
const value = fc.oneof(
  fc.constantFrom('x', 'y', 'z', ''),
  fc.integer({ min: -3, max: 3 }),
  fc.double({ min: -10, max: 10, noNaN: true }).filter((x) => !Object.is(x, -0)),
  fc.boolean(),
  fc.constant(null),
  fc.constant([1, 'a']),
  fc.constant({ k: 1 }),
);
const event: fc.Arbitrary<Ev> = fc.record({
  name: fc.constantFrom('view', 'click', 'buy'),
  distinctId: fc.constantFrom('u0', 'u1', 'u2', 'u3', 'u4', undefined),
  // Few distinct times (collisions on purpose) over about three days.
  time: fc.tuple(fc.integer({ min: 0, max: 11 }), fc.integer({ min: 0, max: 2 })).map(([h, s]) => BASE + h * 6 * 3_600_000 + s * 1000),
  // 1, "1", [1] and {k: 1} are four different ids (compared as values, issue 9).
  insertId: fc.constantFrom<unknown>('i0', 'i1', 'i2', '1', 1, [1], { k: 1 }, undefined),
  props: fc.dictionary(fc.constantFrom('p', 'q', 'r', '$city'), value, { maxKeys: 3 }),
});
/** Events plus exact re-sends of earlier ones with new properties (the dedup case). */
const eventList = fc
  .tuple(
    fc.array(event, { minLength: 1, maxLength: 40 }),
    fc.array(fc.tuple(fc.nat(), fc.dictionary(fc.constantFrom('p', 'q'), value, { maxKeys: 2 })), { maxLength: 12 }),
  )
  .map(([evs, dups]) => {
    const out = [...evs];
    for (const [k, props] of dups) {
      const src = out[k % out.length]!;
      out.push({ ...src, insertId: src.insertId ?? 'i9', props });
    }
    return out;
  });
/** Split into 1-3 files. */
const files = eventList.chain((evs) =>
  fc.array(fc.nat({ max: evs.length }), { maxLength: 2 }).map((cuts) => {
    const at = [0, ...cuts.sort((a, b) => a - b), evs.length];
    return at.slice(1).map((end, j) => evs.slice(at[j], end));
  }),
);

describe('spill to staging partitions', () => {
  it('property: spill == no spill == reference model (one or two imports, UTC or New York)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(files, { minLength: 1, maxLength: 2 }),
        fc.integer({ min: 1, max: 9 }),
        fc.constantFrom('UTC', 'America/New_York'),
        async (imports, spillRows, tz) => {
          const plain = tempStore(tz);
          const spilled = tempStore(tz);
          let dupPlain = 0;
          let dupSpilled = 0;
          for (const batches of imports) {
            const a = await importEvents(plain, inputs(batches));
            const b = await importEvents(spilled, inputs(batches), { spillRows });
            dupPlain += a.duplicates;
            dupSpilled += b.duplicates;
            expect(b.imported).toBe(a.imported);
          }
          expect(dumpStore(spilled)).toEqual(dumpStore(plain));
          const want = reference(imports, tz);
          expect(storeEvents(plain)).toEqual(want);
          const total = imports.flat(2).length;
          const stored = Object.values(want).reduce((n, d) => n + d.length, 0);
          expect(dupPlain).toBe(total - stored);
          expect(dupSpilled).toBe(dupPlain);
          // No staging run survives the commit.
          const staging = path.join(spilled.dir, 'staging');
          if (fs.existsSync(staging)) expect(fs.readdirSync(staging, { recursive: true }).filter((f) => /g\d+$/.test(String(f)))).toEqual([]);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('spillRows 7 over 500 events on 4 days with duplicates: identical stores, every column compared', async () => {
    const evs: Ev[] = [];
    for (let i = 0; i < 500; i++) {
      evs.push({
        name: ['a', 'b', 'c'][i % 3]!,
        distinctId: i % 11 === 0 ? undefined : `u${(i * 7) % 13}`,
        time: Date.UTC(2016, 2, 1) + ((i * 7919) % (4 * 86_400)) * 1000,
        insertId: i % 4 === 0 ? undefined : `id${i % 150}`,
        props: { n: i, s: `s${i % 5}`, ...(i % 3 ? { b: i % 2 === 0 } : { j: [i] }), ...(i % 7 ? {} : { nul: null }) },
      });
    }
    // Re-send 60 of them later with new properties.
    for (let i = 0; i < 60; i++) evs.push({ ...evs[i * 8 + 1]!, props: { resent: i } });
    const plain = tempStore();
    const spilled = tempStore();
    const a = await importEvents(plain, inputs([evs.slice(0, 300), evs.slice(300)]));
    const b = await importEvents(spilled, inputs([evs.slice(0, 300), evs.slice(300)]), { spillRows: 7 });
    expect(b.toJSON()).toEqual(a.toJSON());
    expect(dumpStore(spilled)).toEqual(dumpStore(plain));
    expect(storeEvents(plain)).toEqual(reference([[evs]], 'UTC'));
    expect(a.duplicates).toBeGreaterThan(0);
  });
});
