/**
 * ProfileRowReader decodes one stored value at a time from the column files' bytes; it
 * must give what ProfileTable's decoded columns give (the same key order, undefined for
 * missing keys, null for JSON null, strings decoded the same way, a BOM included).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { type Profile, ProfileTable, propertyBag, writeProfileTable } from '../../../src/store/index.js';
import { ProfileRowReader } from '../../../src/store/profile-row-reader.js';
import { seededInts } from '../../helpers/seeded.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

// Per key a family of values, so columns of every kind are written (string, number, boolean, json).
const FAMILIES: Record<string, unknown[]> = {
  ascii: ['a', 'bb', '', null],
  text: ['é', '\ufeffbom', '中文', 'x', null],
  num: [1, -0, 2.5, Number.NaN, null],
  bool: [true, false, null],
  mixed: ['s', 1, true, ['l', { o: null }], { k: 'é' }, null],
  list: [['a'], [], { z: 1 }],
};

for (const seed of [1, 2, 3]) {
  it(`reads every row as ProfileTable does (seed ${seed})`, () => {
    const r = seededInts(seed);
    const profiles = new Map<number, Profile>();
    for (let u = 0; u < 400; u++) {
      const properties = propertyBag();
      for (const [k, vals] of Object.entries(FAMILIES)) if (r(3) > 0) properties[k] = vals[r(vals.length)];
      profiles.set(u * 3, { time: u, lastSeen: u, properties });
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quarry-rows-'));
    dirs.push(dir);
    const meta = writeProfileTable(path.join(dir, 'p'), 'p', profiles, 'user');
    const table = new ProfileTable(dir, meta);
    const reader = new ProfileRowReader(new ProfileTable(dir, meta));
    for (let row = 0; row < table.length; row++) {
      const want = table.propertiesAt(row);
      const got = reader.propertiesAt(row);
      expect(got).toEqual(want);
      expect(Object.keys(got)).toEqual(Object.keys(want));
    }
    // A column let go of is read again from its file when asked.
    reader.forget('text');
    expect(reader.valueAt('text', 5)).toEqual(table.propertiesAt(5).text);
  });
}
