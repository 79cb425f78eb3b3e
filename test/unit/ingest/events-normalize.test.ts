/** normalizeEvent / parseEventTime: the record shapes and time forms of event exports. */
import { describe, expect, it } from 'vitest';
import { normalizeEvent, parseEventTime } from '../../../src/ingest/index.js';
import { FIXED_KEYS } from '../../../src/ingest/sources/events-export.js';
import { EventRows } from '../../../src/store/index.js';

const UTC = { timezoneShifted: false, timezone: 'UTC' };
const T0 = Date.UTC(2016, 2, 3, 10, 13, 20); // 1457000000 s

describe('parseEventTime', () => {
  it.each([
    ['integer seconds', 1457000000, T0],
    ['integer ms', 1457000000123, T0 + 123],
    ['float seconds (kept to the ms)', 1457000000.5, T0 + 500],
    ['float seconds, sub-ms rounded', 1457000000.1236, T0 + 124],
    ['numeric string, seconds', '1457000000', T0],
    ['numeric string with spaces', ' 1457000000 ', T0],
    ['numeric string, ms', '1457000000123', T0 + 123],
    ['numeric string, float seconds', '1457000000.25', T0 + 250],
    ['ISO with Z', '2016-03-03T10:13:20Z', T0],
    ['ISO with ms and Z', '2016-03-03T10:13:20.042Z', T0 + 42],
    ['ISO without zone = UTC', '2016-03-03T10:13:20', T0],
    ['space-separated without zone = UTC', '2016-03-03 10:13:20', T0],
    ['ISO with +02:00', '2016-03-03T12:13:20+02:00', T0],
    ['ISO with -0500', '2016-03-03T05:13:20-0500', T0],
    ['1e11 is the ms threshold (below: seconds)', 99_999_999_999, 99_999_999_999_000],
    ['above 1e11: ms', 100_000_000_001, 100_000_000_001],
  ])('%s', (_what, v, expected) => {
    expect(parseEventTime(v)).toBe(expected);
  });

  it.each([[0], [-5], ['abc'], [''], ['  '], [true], [null], [undefined], [Number.NaN], [Number.POSITIVE_INFINITY], [{}], [[1457000000]]])(
    'unreadable: %j',
    (v) => {
      expect(parseEventTime(v)).toBeUndefined();
    },
  );
});

describe('normalizeEvent', () => {
  it('raw export shape: time, distinct_id and $insert_id become event fields, not properties', () => {
    const r = normalizeEvent({ event: 'view', properties: { time: 1457000000, distinct_id: 'alice', $insert_id: 'abc', page: '/', n: null } }, UTC);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { properties, ...fields } = r.event;
    expect(fields).toEqual({ name: 'view', distinctId: 'alice', time: T0, insertId: 'abc' });
    // The export's object is kept (no copy per event); the store skips the fixed keys.
    const stored = Object.fromEntries(Object.entries(properties).filter(([k]) => !FIXED_KEYS.has(k)));
    expect(stored).toEqual({ page: '/', n: null });
    const rows = new EventRows();
    rows.push('view', 0, T0, 'abc', properties);
    expect([...rows.props.keys()].sort()).toEqual(['n', 'page']);
  });

  it('the input record is not modified', () => {
    const rec = { event: 'view', properties: { time: 1457000000, distinct_id: 'a', $insert_id: 'x' } };
    const copy = structuredClone(rec);
    normalizeEvent(rec, UTC);
    expect(rec).toEqual(copy);
  });

  it('missing or empty distinct_id means no user; numbers become strings; other types are dropped', () => {
    const id = (d: unknown) => {
      const r = normalizeEvent({ event: 'e', properties: { time: 1457000000, distinct_id: d } }, UTC);
      return r.ok ? r.event.distinctId : 'skipped';
    };
    expect(id(undefined)).toBeUndefined();
    expect(id('')).toBeUndefined();
    expect(id(42)).toBe('42');
    expect(id(true)).toBeUndefined();
    expect(id('u1')).toBe('u1');
  });

  it('$insert_id: kept as given (compared as values in dedup), empty or null means none', () => {
    const ins = (v: unknown) => {
      const r = normalizeEvent({ event: 'e', properties: { time: 1457000000, $insert_id: v } }, UTC);
      return r.ok ? r.event.insertId : 'skipped';
    };
    expect(ins(12)).toBe(12);
    expect(ins([1])).toEqual([1]);
    expect(ins('')).toBeUndefined();
    expect(ins(null)).toBeUndefined();
    expect(ins('a-b')).toBe('a-b');
  });

  it('Data Pipelines shape: top-level fields, device_id/user_id become $device_id/$user_id, properties may be JSON text', () => {
    const r = normalizeEvent(
      {
        event_name: 'view',
        time: '2016-03-03T10:13:20Z',
        distinct_id: 'alice',
        device_id: 'd1',
        user_id: 'alice',
        insert_id: 'i9',
        properties: '{"page":"/","time":5}',
      },
      UTC,
    );
    expect(r).toEqual({
      ok: true,
      event: { name: 'view', distinctId: 'alice', time: T0, insertId: 'i9', properties: { page: '/', $device_id: 'd1', $user_id: 'alice' } },
    });
    const nulls = normalizeEvent({ event_name: 'v', time: 1457000000, device_id: null, user_id: null, properties: null }, UTC);
    expect(nulls).toEqual({ ok: true, event: { name: 'v', distinctId: undefined, time: T0, insertId: undefined, properties: {} } });
  });

  it.each([
    [null, 'not an event object'],
    [[1], 'not an event object'],
    ['text', 'not an event object'],
    [{ properties: { time: 1 } }, 'no "event" field'],
    [{ event: 5, properties: { time: 1457000000 } }, 'event name missing or not a string'],
    [{ event: '', properties: { time: 1457000000 } }, 'event name missing or not a string'],
    [{ event: 'e', properties: [1] }, '"properties" is not an object'],
    [{ event: 'e', properties: 'x' }, '"properties" is not an object'],
    [{ event: 'e', properties: {} }, 'no "time" property'],
    [{ event: 'e' }, 'no "time" property'],
    [{ event: 'e', properties: { time: 'soon' } }, 'unreadable "time"'],
    [{ event_name: 'e', time: 1457000000, properties: '{bad' }, '"properties" is not valid JSON text'],
    [{ event_name: 'e', properties: {} }, 'no "time" property'],
  ])('skips %j: %s', (rec, reason) => {
    expect(normalizeEvent(rec, UTC)).toEqual({ ok: false, reason });
  });

  it('--timezone-shifted: times are project wall-clock, converted back to UTC', () => {
    const berlin = (time: unknown, shifted: boolean) => {
      const r = normalizeEvent({ event: 'e', properties: { time } }, { timezoneShifted: shifted, timezone: 'Europe/Berlin' });
      return r.ok ? r.event.time : undefined;
    };
    // Winter (CET, +1): wall 2016-03-03 10:13:20 is 09:13:20 UTC.
    expect(berlin(1457000000, true)).toBe(T0 - 3_600_000);
    expect(berlin(1457000000, false)).toBe(T0);
    // Summer (CEST, +2): wall 2016-07-01 12:00 is 10:00 UTC; ms input too.
    expect(berlin(Date.UTC(2016, 6, 1, 12), true)).toBe(Date.UTC(2016, 6, 1, 10));
    // A UTC store: shifting changes nothing.
    const r = normalizeEvent({ event: 'e', properties: { time: 1457000000 } }, { timezoneShifted: true, timezone: 'UTC' });
    expect(r.ok && r.event.time).toBe(T0);
  });
});
