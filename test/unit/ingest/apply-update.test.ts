import { describe, expect, it } from 'vitest';
import { applyUpdate } from '../../../src/ingest/index.js';
import type { Profile } from '../../../src/store/index.js';

const T0 = Date.UTC(2024, 0, 1);
const T1 = Date.UTC(2024, 0, 2);
const base = (properties: Record<string, unknown>): Profile => ({ time: T0, lastSeen: T0, properties });

describe('applyUpdate: operations', () => {
  it('$set overwrites and creates the profile', () => {
    expect(applyUpdate(undefined, { $set: { a: 1 } }, T1)).toEqual({ profile: { time: T1, lastSeen: T1, properties: { a: 1 } }, warnings: [] });
    expect(applyUpdate(base({ a: 1, b: 2 }), { $set: { a: 'x' } }, T1).profile).toEqual({ time: T1, lastSeen: T1, properties: { a: 'x', b: 2 } });
  });

  it('$set_once only sets keys not yet present', () => {
    expect(applyUpdate(base({ a: 1 }), { $set_once: { a: 2, b: 3 } }, T1).profile?.properties).toEqual({ a: 1, b: 3 });
    expect(applyUpdate(undefined, { $set_once: { a: 2 } }, T1).profile?.properties).toEqual({ a: 2 });
  });

  it('$add increments; a missing property counts as 0; non-numbers are warned about and left', () => {
    const r = applyUpdate(base({ n: 5, s: 'x' }), { $add: { n: -2, m: 4, s: 1, bad: 'one' } }, T1);
    expect(r.profile?.properties).toEqual({ n: 3, m: 4, s: 'x' });
    expect(r.warnings).toEqual(['$add: "s" holds a non-number (ignored)', '$add: the amount for "bad" is not a number (ignored)']);
  });

  it('$append pushes onto a list, making one when missing', () => {
    const r = applyUpdate(base({ l: [1], s: 'x' }), { $append: { l: 2, m: { k: 1 }, s: 3 } }, T1);
    expect(r.profile?.properties).toEqual({ l: [1, 2], m: [{ k: 1 }], s: 'x' });
    expect(r.warnings).toEqual(['$append: "s" is not a list (ignored)']);
  });

  it('$union adds values not already in the list', () => {
    const r = applyUpdate(base({ l: ['a', 1] }), { $union: { l: ['a', 'b', '1', 'b'], m: ['x', 'x'], bad: 'notalist' } }, T1);
    expect(r.profile?.properties).toEqual({ l: ['a', 1, 'b', '1'], m: ['x'] });
    expect(r.warnings).toEqual(['$union: the value for "bad" is not a list (ignored)']);
  });

  it('$remove removes every copy of the value; absent values and missing profiles are no-ops', () => {
    expect(applyUpdate(base({ l: ['a', 'b', 'a'], s: 'a' }), { $remove: { l: 'a', s: 'a', z: 1 } }, T1).profile?.properties).toEqual({ l: ['b'], s: 'a' });
    expect(applyUpdate(base({ l: [{ k: 1 }, { k: 2 }] }), { $remove: { l: { k: 1 } } }, T1).profile?.properties).toEqual({ l: [{ k: 2 }] });
    expect(applyUpdate(undefined, { $remove: { l: 'a' } }, T1)).toEqual({ profile: undefined, warnings: [] });
  });

  it('$unset deletes the named properties; a single name is accepted; a missing profile stays missing', () => {
    expect(applyUpdate(base({ a: 1, b: 2, c: 3 }), { $unset: ['a', 'c', 'zz'] }, T1).profile?.properties).toEqual({ b: 2 });
    expect(applyUpdate(base({ a: 1, b: 2 }), { $unset: 'a' }, T1).profile?.properties).toEqual({ b: 2 });
    expect(applyUpdate(undefined, { $unset: ['a'] }, T1).profile).toBeUndefined();
    expect(applyUpdate(base({ a: 1 }), { $unset: { a: 1 } }, T1).warnings).toEqual(['$unset needs a list of property names (ignored)']);
  });

  it('$delete deletes the profile, whatever else the record holds', () => {
    expect(applyUpdate(base({ a: 1 }), { $delete: '' }, T1).profile).toBeUndefined();
    expect(applyUpdate(base({ a: 1 }), { $set: { b: 1 }, $delete: null }, T1).profile).toBeUndefined();
  });

  it('does not modify its input', () => {
    const p = base({ l: [1], n: 1 });
    const copy = structuredClone(p);
    applyUpdate(p, { $set: { a: 1 }, $append: { l: 2 }, $add: { n: 1 }, $unset: ['n'] }, T1);
    expect(p).toEqual(copy);
  });

  it('several operations run in the fixed order $set, $set_once, $add, $append, $union, $remove, $unset', () => {
    // $set then $set_once: the $set value stays. $add after $set: adds to the new value.
    // $append then $union then $remove. $unset last among property ops.
    const r = applyUpdate(
      base({}),
      {
        $unset: ['gone'],
        $remove: { l: 'x' },
        $union: { l: ['x', 'y'] },
        $append: { l: 'z' },
        $add: { n: 1 },
        $set_once: { a: 'once', b: 'once' },
        $set: { a: 'set', n: 10, gone: 1 },
      },
      T1,
    );
    expect(r.profile?.properties).toEqual({ a: 'set', b: 'once', n: 11, l: ['z', 'y'] });
  });

  it('warns about operations with a wrong value shape and about unknown keys', () => {
    const r = applyUpdate(base({ a: 1 }), { $set: [1], $set_once: 'x', $token: 't', $ip: 0, $ignore_alias: false, $latitude: 1, $longitude: 2, foo: 1 }, T1);
    expect(r.profile?.properties).toEqual({ a: 1 });
    expect(r.warnings).toEqual([
      'unknown key "foo" ignored',
      '$set needs an object of properties (ignored)',
      '$set_once needs an object of properties (ignored)',
    ]);
  });
});

describe('applyUpdate: modifiers and times', () => {
  it('$time in seconds (float, as the Python SDK sends) or ms (as the node SDK sends)', () => {
    expect(applyUpdate(undefined, { $set: { a: 1 }, $time: 1704153600.5 }, 0).profile).toMatchObject({ time: T1 + 500, lastSeen: T1 + 500 });
    expect(applyUpdate(undefined, { $set: { a: 1 }, $time: T1 }, 0).profile).toMatchObject({ time: T1, lastSeen: T1 });
    const bad = applyUpdate(undefined, { $set: { a: 1 }, $time: 'yesterday' }, T0);
    expect(bad.profile).toMatchObject({ time: T0 });
    expect(bad.warnings).toEqual(['unreadable "$time" ignored (the import time is used)']);
  });

  it('$ignore_time keeps last_seen; time still moves', () => {
    expect(applyUpdate(base({}), { $set: { a: 1 }, $ignore_time: true }, T1).profile).toMatchObject({ time: T1, lastSeen: T0 });
    // A profile created by such an update still needs a last-seen time: its creation time.
    expect(applyUpdate(undefined, { $set: { a: 1 }, $ignore_time: true }, T1).profile).toMatchObject({ time: T1, lastSeen: T1 });
  });

  it('an older update never moves the times back', () => {
    expect(applyUpdate({ time: T1, lastSeen: T1, properties: {} }, { $set: { a: 1 } }, T0).profile).toMatchObject({
      time: T1,
      lastSeen: T1,
      properties: { a: 1 },
    });
  });

  it('$ip is accepted and ignored (no geolocation)', () => {
    expect(applyUpdate(undefined, { $set: { a: 1 }, $ip: '1.2.3.4' }, T1)).toEqual({ profile: { time: T1, lastSeen: T1, properties: { a: 1 } }, warnings: [] });
  });
});

describe('applyUpdate: group profiles', () => {
  it('refuses $add and $append on groups, applies the rest', () => {
    const r = applyUpdate(
      undefined,
      { $group_key: 'company_id', $group_id: 'acme', $set: { a: 1 }, $add: { n: 1 }, $append: { l: 1 }, $union: { u: [1] } },
      T1,
    );
    expect(r.profile?.properties).toEqual({ a: 1, u: [1] });
    expect(r.warnings).toEqual(['$add is not allowed on group profiles (ignored)', '$append is not allowed on group profiles (ignored)']);
  });
});
