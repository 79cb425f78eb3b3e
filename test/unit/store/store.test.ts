import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/errors.js';
import { DEFAULT_COLUMNS, Store } from '../../../src/store/index.js';
import { cleanTemp, tempDir } from '../../helpers/index.js';

afterAll(cleanTemp);

describe('Store', () => {
  it('init writes an empty manifest with the settings', () => {
    const dir = path.join(tempDir(), 'a', 'b');
    const s = Store.init(dir, { timezone: 'Europe/Berlin', createdAt: '2024-01-01T00:00:00Z' });
    expect(s.dir).toBe(path.resolve(dir));
    expect(Store.exists(dir)).toBe(true);
    expect(Store.open(dir).manifest).toEqual({
      format: 'quarry-store',
      version: 1,
      generation: 0,
      settings: { timezone: 'Europe/Berlin', defaultColumns: DEFAULT_COLUMNS, createdAt: '2024-01-01T00:00:00Z' },
      users: { file: null, count: 0 },
      events: {},
      profiles: null,
      groups: {},
      cohorts: [],
    });
    expect(s.days()).toEqual([]);
    expect(s.eventCount).toBe(0);
    expect(s.profiles()).toBeNull();
    expect(s.groupProfiles('company')).toBeNull();
    expect(() => s.openPartition('2016-03-01')).toThrow(new StoreError('no events on 2016-03-01'));
  });

  it('init refuses an existing store and an unknown timezone', () => {
    const dir = tempDir();
    Store.init(dir);
    expect(() => Store.init(dir)).toThrow(`a quarry store already exists at ${dir}`);
    expect(() => Store.init(path.join(dir, 'x'), { timezone: 'Mars/Olympus' })).toThrow(
      new StoreError('unknown timezone "Mars/Olympus": use an IANA name such as UTC, Europe/Berlin or America/Los_Angeles'),
    );
    expect(() => Store.init(path.join(dir, 'y'), { timezone: '' })).toThrow(StoreError);
    expect(fs.existsSync(path.join(dir, 'x'))).toBe(false);
  });

  it('open: a clear error for a missing store, a damaged manifest and a newer format', () => {
    const dir = tempDir();
    expect(() => Store.open(dir)).toThrow(new StoreError(`${dir} is not a quarry store (no manifest.json). Create one with: quarry init --store ${dir}`));
    fs.writeFileSync(path.join(dir, 'manifest.json'), '{"format":');
    expect(() => Store.open(dir)).toThrow(StoreError);
    expect(() => Store.open(dir)).toThrow(/cannot read the store at/);
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ format: 'quarry-store', version: 99 }));
    expect(() => Store.open(dir)).toThrow('holds a store of format quarry-store v99; this quarry reads quarry-store v1.');
  });

  it('days() filters inclusively and sorts', () => {
    const dir = tempDir();
    const s = Store.init(dir);
    const meta = { dir: 'x', rows: 1, minTime: 0, maxTime: 0, names: {}, columns: {}, hasSampling: false };
    Object.assign(s.manifest.events, { '2016-03-03': meta, '2016-03-01': meta, '2016-03-02': { ...meta, rows: 2 } });
    expect(s.days()).toEqual(['2016-03-01', '2016-03-02', '2016-03-03']);
    expect(s.days('2016-03-02')).toEqual(['2016-03-02', '2016-03-03']);
    expect(s.days(undefined, '2016-03-02')).toEqual(['2016-03-01', '2016-03-02']);
    expect(s.days('2016-03-02', '2016-03-02')).toEqual(['2016-03-02']);
    expect(s.eventCount).toBe(4);
  });
});
