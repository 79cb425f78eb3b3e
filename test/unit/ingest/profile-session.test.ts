/**
 * ProfileTarget keeps the old table encoded and the profiles set in a transaction
 * packed; it must behave exactly as the Map of Profile objects it replaced: the same
 * reads, the same iteration order (a key set again after a delete moves to the end),
 * and the same table bytes on commit.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProfileSession } from '../../../src/ingest/index.js';
import { type Profile, propertyBag, writeProfileTable } from '../../../src/store/index.js';
import { cleanStores, tempStore } from './helpers.js';
import { seededInts } from '../../helpers/seeded.js';

afterEach(cleanStores);

/** A small seeded generator (tests must be repeatable). */
const KEYS = ['plan', 'n', 'ok', 'tags', '__proto__', 'constructor', '$email', 'gone', 'nested'];
// Packed as bytes (packed-values.ts): '' and long text, a lone surrogate (kept as a JS
// value), an object with a null value, a large number written in exponent form. (-0 is
// not here: a JSON-kind column stores it as 0; packed-profiles.test.ts keeps it.)
const VALUES: unknown[] = [
  'free',
  'pro',
  'é ü',
  1,
  2.5,
  Number.MAX_VALUE,
  true,
  false,
  null,
  ['a', 1],
  { x: [1] },
  undefined,
  '',
  'ü'.repeat(100),
  '\ud800x',
  1e21,
  ['é', { k: null }],
];

function randomProfile(r: (n: number) => number): Profile {
  const properties = propertyBag();
  const count = r(5);
  for (let i = 0; i < count; i++) properties[KEYS[r(KEYS.length)]!] = VALUES[r(VALUES.length)];
  const time = 1_700_000_000_000 + r(1000) * 1000;
  return { time, lastSeen: time - r(3) * 1000, properties };
}

/** Random sets, deletes and reads on `target` and on a Map model, compared as they go. */
async function exercise(store: ReturnType<typeof tempStore>, groupKey: string | undefined, seed: number, model: Map<string, Profile>) {
  const r = seededInts(seed);
  await ProfileSession.run(store, 'test', async (s) => {
    const t = s.target(groupKey);
    expect([...t.entries()]).toEqual([...model]);
    for (let step = 0; step < 200; step++) {
      const id = `id${r(30)}`;
      const op = r(10);
      if (op < 5) {
        const p = randomProfile(r);
        t.set(id, p);
        model.set(id, p);
      } else if (op < 7) {
        t.set(id, undefined);
        model.delete(id);
      } else {
        expect(t.get(id)).toEqual(model.get(id));
      }
    }
    expect([...t.entries()]).toEqual([...model]);
  });
}

describe('ProfileTarget', () => {
  for (const seed of [1, 2, 3]) {
    it(`user profiles behave as a Map of profiles across two transactions (seed ${seed})`, async () => {
      const store = tempStore();
      const model = new Map<string, Profile>();
      await exercise(store, undefined, seed, model);
      // The committed table iterates in user-number order (ids numbered as first set).
      const reopened = new Map<string, Profile>();
      await ProfileSession.run(store, 'read', async (s) => {
        for (const [id, p] of s.target().entries()) reopened.set(id, p);
      });
      expect(new Map([...reopened].sort())).toEqual(new Map([...model].map(([id, p]) => [id, stored(p)] as const).sort()));
      model.clear();
      for (const [id, p] of reopened) model.set(id, p);
      await exercise(store, undefined, seed + 100, model);
    });

    it(`group profiles write the same bytes as the map they replaced (seed ${seed})`, async () => {
      const store = tempStore();
      const model = new Map<string, Profile>();
      await exercise(store, 'company_id', seed, model);
      const first = new Map([...model].map(([id, p]) => [id, stored(p)] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1)));
      model.clear();
      for (const [id, p] of first) model.set(id, p);
      await exercise(store, 'company_id', seed + 100, model);
      const s = store.reopen();
      const meta = s.manifest.groups.company_id!;
      const expectedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quarry-expected-'));
      try {
        const expected = writeProfileTable(expectedDir, meta.dir, model, 'group');
        expect(meta).toEqual(expected);
        for (const f of fs.readdirSync(expectedDir)) {
          expect(Buffer.compare(fs.readFileSync(path.join(s.dir, meta.dir, f)), fs.readFileSync(path.join(expectedDir, f))), f).toBe(0);
        }
      } finally {
        fs.rmSync(expectedDir, { recursive: true, force: true });
      }
    });
  }
});

/** A profile as the table gives it back: undefined values are not stored. */
function stored(p: Profile): Profile {
  const properties = propertyBag();
  for (const k of Object.keys(p.properties).sort()) if (p.properties[k] !== undefined) properties[k] = p.properties[k];
  return { ...p, properties };
}
