/**
 * Store pins (store/pins.ts): a live pin's snapshot survives garbage collection after
 * the store moved on; an expired pin no longer protects it and its file goes; a
 * released pin is gone.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importEvents } from '../../../src/ingest/index.js';
import { collectGarbage, PINS_DIR, pinGeneration, pinnedManifests, releasePin, type Store } from '../../../src/store/index.js';
import { cleanTemp, tempStore } from '../../helpers/temp.js';

afterAll(() => cleanTemp());

async function addEvent(store: Store, k: number): Promise<Store> {
  await importEvents(store.reopen(), [
    { label: 'e', records: [{ line: 1, value: { event: 'e', properties: { time: 1458000000 + k, distinct_id: 'u', $insert_id: `i${k}` } } }] },
  ]);
  return store.reopen();
}

const dirsOf = (store: Store) => Object.values(store.manifest.events).map((p) => path.join(store.dir, p.dir));

describe('store pins', () => {
  it('keep a snapshot through commits until released; expired pins protect nothing', async () => {
    let store = await addEvent(tempStore(), 0);
    const pinned = store.manifest;
    const live = pinGeneration(store.dir, pinned);
    const old = pinGeneration(store.dir, pinned, { hours: 1, now: Date.now() - 2 * 3_600_000 });
    const files = dirsOf(store);
    for (let k = 1; k <= 3; k++) store = await addEvent(store, k);
    collectGarbage(store.dir);
    for (const f of files) expect(fs.existsSync(f)).toBe(true);
    expect(fs.existsSync(path.join(store.dir, PINS_DIR, `${old.id}.json`))).toBe(false);
    expect(pinnedManifests(store.dir).map((m) => m.generation)).toEqual([pinned.generation]);
    expect(releasePin(store.dir, live.id)).toBe(true);
    expect(releasePin(store.dir, live.id)).toBe(false);
    collectGarbage(store.dir);
    for (const f of files) expect(fs.existsSync(f)).toBe(false);
  });
});
