import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Profile, ProfileTable, writeProfileTable } from '../../../src/store/index.js';
import { cleanTemp, tempDir } from '../../helpers/index.js';

afterAll(cleanTemp);

const p = (time: number, properties: Record<string, unknown>): Profile => ({ time, lastSeen: time + 1, properties });

describe('profile tables', () => {
  it('user profiles: sorted by user number, typed columns, null kept, lookups by user', () => {
    const dir = tempDir();
    const profiles = new Map<number, Profile>([
      [7, p(70, { $name: 'G', n: 1 })],
      [2, p(20, { $name: 'B', tags: ['x'], gone: null })],
      [5, p(50, { n: 2.5, ok: true })],
    ]);
    const meta = writeProfileTable(path.join(dir, 'profiles/g1'), 'profiles/g1', profiles, 'user');
    expect(meta).toEqual({
      dir: 'profiles/g1',
      rows: 3,
      columns: {
        $name: { kind: 'string', file: 'p0.arrow', count: 2 },
        gone: { kind: 'string', file: 'p1.arrow', count: 0 },
        n: { kind: 'number', file: 'p2.arrow', count: 2 },
        ok: { kind: 'boolean', file: 'p3.arrow', count: 1 },
        tags: { kind: 'json', file: 'p4.arrow', count: 1 },
      },
    });
    const t = new ProfileTable(dir, meta);
    expect(Array.from(t.user)).toEqual([2, 5, 7]);
    expect(Array.from(t.time)).toEqual([20, 50, 70]);
    expect(Array.from(t.lastSeen)).toEqual([21, 51, 71]);
    expect([2, 5, 7, 0, 3, 8, -1].map((u) => t.rowOfUser(u))).toEqual([0, 1, 2, -1, -1, -1, -1]);
    expect(t.propertiesAt(0)).toEqual({ $name: 'B', tags: ['x'], gone: null });
    expect(t.toMap('user')).toEqual(profiles);
  });

  it('group profiles keyed by id string', () => {
    const dir = tempDir();
    const profiles = new Map<string, Profile>([
      ['zeta', p(1, { plan: 'a' })],
      ['acme', p(2, { plan: 'b' })],
    ]);
    const meta = writeProfileTable(path.join(dir, 'g'), 'g', profiles, 'group');
    const t = new ProfileTable(dir, meta);
    expect(t.groupIds).toEqual(['acme', 'zeta']);
    expect(t.toMap('group')).toEqual(profiles);
  });

  it('an empty table', () => {
    const dir = tempDir();
    const meta = writeProfileTable(path.join(dir, 'e'), 'e', new Map<number, Profile>(), 'user');
    const t = new ProfileTable(dir, meta);
    expect(t.length).toBe(0);
    expect(t.rowOfUser(0)).toBe(-1);
    expect(t.toMap('user').size).toBe(0);
  });
});
