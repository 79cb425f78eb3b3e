/** Project-timezone arithmetic: offsets, project time <-> UTC, days, DST edges. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayOf, daysBetween, formatLocal, fromProjectTime, isValidTimezone, offsetAt, startOfDay, toProjectTime } from '../../../src/time/index.js';

const U = (iso: string) => Date.parse(iso);
const H = 3_600_000;

describe('isValidTimezone', () => {
  it.each([
    ['UTC', true],
    ['Etc/UTC', true],
    ['Europe/Berlin', true],
    ['America/Los_Angeles', true],
    ['Asia/Kolkata', true],
    ['Mars/Olympus', false],
    ['', false],
    ['+01:00', false],
  ])('%j -> %s', (tz, ok) => {
    expect(isValidTimezone(tz)).toBe(ok);
  });
});

describe('offsetAt / toProjectTime', () => {
  it.each([
    ['UTC', '2016-07-01T12:00:00Z', 0],
    ['Europe/Berlin', '2016-01-15T12:00:00Z', 1],
    ['Europe/Berlin', '2016-07-15T12:00:00Z', 2],
    ['America/New_York', '2016-01-15T12:00:00Z', -5],
    ['America/New_York', '2016-07-15T12:00:00Z', -4],
    ['Asia/Kolkata', '2016-07-15T12:00:00Z', 5.5],
    ['Australia/Sydney', '2016-01-15T12:00:00Z', 11],
    ['Europe/Berlin', '1969-12-31T23:59:59.500Z', 1],
  ])('%s at %s: %s h', (tz, iso, hours) => {
    expect(offsetAt(tz, U(iso))).toBe(hours * H);
    expect(toProjectTime(tz, U(iso))).toBe(U(iso) + hours * H);
  });

  it('Berlin DST switches exactly at 01:00 UTC', () => {
    expect(offsetAt('Europe/Berlin', U('2016-03-27T00:59:59.999Z'))).toBe(H);
    expect(offsetAt('Europe/Berlin', U('2016-03-27T01:00:00Z'))).toBe(2 * H);
    expect(offsetAt('Europe/Berlin', U('2016-10-30T00:59:59.999Z'))).toBe(2 * H);
    expect(offsetAt('Europe/Berlin', U('2016-10-30T01:00:00Z'))).toBe(H);
  });

  it('non-finite input has offset 0', () => {
    expect(offsetAt('Europe/Berlin', Number.NaN)).toBe(0);
  });

  // BUG (src/time/zone.ts, not fixed here): offsets are cached per UTC hour and computed
  // at the start of the hour, so zones whose transitions fall on a half hour (St. John's
  // at 05:30 UTC, Lord Howe at 15:30 UTC) get the old offset for 30 minutes after a change.
  it("St. John's: the offset changes at 05:30 UTC on 2016-03-13 (half-hour transition)", () => {
    expect(offsetAt('America/St_Johns', U('2016-03-13T05:45:00Z'))).toBe(-2.5 * H);
  });
  it('Lord Howe: the offset changes at 15:30 UTC on 2016-10-01 (half-hour transition)', () => {
    expect(offsetAt('Australia/Lord_Howe', U('2016-10-01T15:45:00Z'))).toBe(11 * H);
  });
});

describe('fromProjectTime', () => {
  it('ordinary wall times map back exactly', () => {
    expect(fromProjectTime('Europe/Berlin', U('2016-07-01T12:00:00Z'))).toBe(U('2016-07-01T10:00:00Z'));
    expect(fromProjectTime('America/New_York', U('2016-01-01T00:00:00Z'))).toBe(U('2016-01-01T05:00:00Z'));
    expect(fromProjectTime('UTC', 12345)).toBe(12345);
  });

  it('a wall time that occurs twice (fall back) gives the earlier instant', () => {
    expect(fromProjectTime('Europe/Berlin', U('2016-10-30T02:30:00Z'))).toBe(U('2016-10-30T00:30:00Z'));
    expect(fromProjectTime('America/New_York', U('2016-11-06T01:30:00Z'))).toBe(U('2016-11-06T05:30:00Z'));
  });

  it('Berlin: a wall time that never occurs (spring forward) gives the instant one offset later', () => {
    // 02:30 does not exist on 2016-03-27; 01:30 UTC is 03:30 CEST.
    expect(fromProjectTime('Europe/Berlin', U('2016-03-27T02:30:00Z'))).toBe(U('2016-03-27T01:30:00Z'));
  });

  // BUG (src/time/zone.ts): west of UTC the skipped wall time maps to the instant one
  // hour EARLIER (01:30 EST), not later (03:30 EDT) as documented and as in Berlin.
  it('New York: a skipped wall time (02:30 on 2016-03-13) gives 03:30 EDT, as documented', () => {
    expect(fromProjectTime('America/New_York', U('2016-03-13T02:30:00Z'))).toBe(U('2016-03-13T07:30:00Z'));
  });

  it('property: project time -> UTC -> project time is the identity; the result is the earliest such instant', () => {
    const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney', 'America/Sao_Paulo', 'Pacific/Auckland'];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: U('1990-01-01T00:00:00Z'), max: U('2030-01-01T00:00:00Z') }), (tz, utc) => {
        const local = toProjectTime(tz, utc);
        const back = fromProjectTime(tz, local);
        expect(toProjectTime(tz, back)).toBe(local);
        expect(back).toBeLessThanOrEqual(utc);
        expect(utc - back === 0 || utc - back === H).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('days', () => {
  it('dayOf: the day in the zone', () => {
    expect(dayOf('UTC', U('2016-03-01T23:30:00Z'))).toBe('2016-03-01');
    expect(dayOf('Europe/Berlin', U('2016-03-01T23:30:00Z'))).toBe('2016-03-02');
    expect(dayOf('Europe/Berlin', U('2016-03-01T22:59:59.999Z'))).toBe('2016-03-01');
    expect(dayOf('America/Los_Angeles', U('2016-03-02T07:59:59Z'))).toBe('2016-03-01');
    expect(dayOf('Asia/Kolkata', U('2016-03-01T18:30:00Z'))).toBe('2016-03-02');
    expect(dayOf('Asia/Kolkata', U('2016-03-01T18:29:59Z'))).toBe('2016-03-01');
  });

  it('startOfDay: midnight in the zone, on 23-, 24- and 25-hour days', () => {
    expect(startOfDay('UTC', '2016-03-01')).toBe(U('2016-03-01T00:00:00Z'));
    expect(startOfDay('Europe/Berlin', '2016-03-01')).toBe(U('2016-02-29T23:00:00Z'));
    expect(startOfDay('Europe/Berlin', '2016-03-28') - startOfDay('Europe/Berlin', '2016-03-27')).toBe(23 * H);
    expect(startOfDay('Europe/Berlin', '2016-10-31') - startOfDay('Europe/Berlin', '2016-10-30')).toBe(25 * H);
    expect(startOfDay('America/New_York', '2016-03-14') - startOfDay('America/New_York', '2016-03-13')).toBe(23 * H);
    expect(startOfDay('America/New_York', '2016-11-07') - startOfDay('America/New_York', '2016-11-06')).toBe(25 * H);
  });

  it('property: startOfDay(dayOf(t)) <= t < startOfDay(next day), whole-hour zones', () => {
    const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney'];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: U('2000-01-01T00:00:00Z'), max: U('2030-01-01T00:00:00Z') }), (tz, t) => {
        const d = dayOf(tz, t);
        const next = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
        expect(startOfDay(tz, d)).toBeLessThanOrEqual(t);
        expect(startOfDay(tz, next)).toBeGreaterThan(t);
        expect(dayOf(tz, startOfDay(tz, d))).toBe(d);
      }),
      { numRuns: 2000 },
    );
  });

  // BUG (src/time/zone.ts): when midnight itself is skipped (São Paulo started DST at
  // 00:00 on 2018-11-04) startOfDay returns 23:00 of the previous day instead of
  // 01:00, the first instant of the day.
  it('startOfDay when midnight does not exist (America/Sao_Paulo, 2018-11-04) lies in that day', () => {
    expect(dayOf('America/Sao_Paulo', startOfDay('America/Sao_Paulo', '2018-11-04'))).toBe('2018-11-04');
  });

  it('formatLocal and daysBetween', () => {
    expect(formatLocal('Europe/Berlin', U('2016-07-01T10:00:00.123Z'))).toBe('2016-07-01T12:00:00');
    expect(formatLocal('UTC', U('2016-07-01T10:00:00Z'))).toBe('2016-07-01T10:00:00');
    expect(daysBetween('2016-02-27', '2016-03-01')).toEqual(['2016-02-27', '2016-02-28', '2016-02-29', '2016-03-01']);
    expect(daysBetween('2016-03-01', '2016-03-01')).toEqual(['2016-03-01']);
    expect(daysBetween('2016-03-02', '2016-03-01')).toEqual([]);
    expect(daysBetween('2016-12-31', '2017-01-01')).toEqual(['2016-12-31', '2017-01-01']);
  });
});
