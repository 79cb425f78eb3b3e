/**
 * The parse worker's byte scanner (scan-event-line.ts) packs a line exactly as JSON.parse
 * + normalizeEvent + EventPacker.add would, or declines it and leaves it to them. So a
 * block packed with the scanner (blockRecords' onLine) unpacks to the same batch as the
 * block packed record by record: the same events, values of every type, skips and their
 * lines, user ids, and the hashes the importing thread relies on.
 *
 * Lines are written as raw text, not JSON.stringify's: numbers in every JSON form (and
 * some that are not JSON: "01", "1.", "+1", ".5"), strings with escapes, control
 * characters, non-ASCII and invalid UTF-8, whitespace anywhere, duplicate and numeric
 * keys, nested values, missing or odd event fields, other top-level fields, and lines
 * cut short or with a stray byte.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type PackedBatch, unpackBatch } from '../../../src/ingest/batch-codec.js';
import { blockRecords } from '../../../src/ingest/block-records.js';
import { EventPacker } from '../../../src/ingest/event-packer.js';
import type { NormalizeOptions } from '../../../src/ingest/sources/events-export.js';
import { expectWorkerHashes } from './helpers.js';

const ws = fc.constantFrom('', '', '', ' ', '\t', ' \r ', '  ');

/**
 * Tokens as they appear in a file. `clean`: only what the scanner reads itself (so most
 * clean lines take its path); else also, now and then, the odd ones it must leave to
 * JSON.parse (about one per line, so each is often the line's only oddity).
 */
function tokens(clean: boolean) {
  const pick = <T>(good: fc.Arbitrary<T>, odd: fc.Arbitrary<T>, oddWeight = 1) =>
    clean ? good : fc.oneof({ weight: 20, arbitrary: good }, { weight: oddWeight, arbitrary: odd });
  const plainText = fc.constantFrom('web', 'Chrome', 'Mac OS X', 'São Paulo', 'Zürich', '東京', '😀', 'x', '', 'a b', '$os', 'null', '12');
  const string = pick(
    plainText.map((s) => `"${s}"`),
    fc.constantFrom('"a\\"b"', '"tab\\there"', '"\\u00e9"', '"\\ud83d\\ude00"', '"\\\\"', '"a\tb"', '"\u0001"', '"\xff"'),
  );
  const number = pick(
    fc.oneof(
      fc.integer({ min: -1e6, max: 1e6 }).map(String),
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
      // Long integers: summing digits in a double rounds at each step past 2^53; a correct parse rounds once.
      fc
        .tuple(fc.integer({ min: 1, max: 9 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 13, maxLength: 19 }))
        .map(([d, ds]) => `${d}${ds.join('')}`),
      // Decimals of every length, leading zeros after the point too (read by one division up to 15 digits).
      fc
        .tuple(fc.boolean(), fc.nat({ max: 999_999 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 14 }))
        .map(([neg, int, frac]) => `${neg ? '-' : ''}${int}.${frac.join('')}`),
      fc.constantFrom(
        '0',
        '-0',
        '-0.0',
        '0.5',
        '-12.25e3',
        '1E+2',
        '1e-7',
        '9007199254740993',
        '1704153602148',
        '0.1',
        '0.30000000000000004',
        '123456789.012345',
      ),
    ),
    fc.constantFrom('01', '1.', '+1', '.5', '-', '1e', '1e+', '--1', '0x10'), // not JSON
  );
  const literal = pick(fc.constantFrom('true', 'false', 'null'), fc.constantFrom('tru', 'nul', 'falsey'));
  const value = clean
    ? fc.oneof({ weight: 5, arbitrary: string }, { weight: 4, arbitrary: number }, { weight: 2, arbitrary: literal })
    : fc.oneof(
        { weight: 6, arbitrary: string },
        { weight: 5, arbitrary: number },
        { weight: 2, arbitrary: literal },
        { weight: 1, arbitrary: fc.constantFrom('{}', '[]', '[1, "a"]', '{"a": {"b": [null]}}', '[{"x": 1}]') },
      );
  const key = pick(
    fc.constantFrom('mp_lib', '$os', '$browser', '$city', 'page', 'method', 'amount', 'mp_country_code', '__proto__', 'constructor', '1a', 'é'),
    fc.constantFrom('0', '12', '', 'a\\"k', 'time', 'mp_lib'),
  );
  const time = pick(
    // March to November 2014: both of New York's daylight-saving changes.
    fc.integer({ min: 1_394_000_000, max: 1_415_500_000 }).map(String),
    fc.constantFrom('1400000000000', '1400000000.5', '"1400000000"', '"2014-05-13T16:53:20"', '0', '-5', 'null', '1e300', '"x"'),
  );
  const distinct = pick(fc.constantFrom('"u1"', '"u2"', '"ü3"', '"26ed6741-539b-4bce"'), fc.constantFrom('""', '7', 'null', '["u"]', '"u\\u0031"'));
  const insert = pick(fc.constantFrom('"i1"', '"i2"', '"0upchl4-0lgkwm3"', '"ï"'), fc.constantFrom('""', '1', 'null', '{"a":1}', '"i\\n"'));
  const name = pick(fc.constantFrom('"Login"', '"Page View"', '"Pürchase"'), fc.constantFrom('""', '3', 'null', '"a\\u0062"'));
  const missing = clean ? 0 : 12; // 1 in this many event fields is left out (fc.option's freq)
  return { value, key, time, distinct, insert, name, missing };
}

const member = (k: string, v: string, w: string[]) => `${w[0]}"${k}"${w[1]}:${w[2]}${v}${w[3]}`;
const wss = fc.array(ws, { minLength: 4, maxLength: 4 });

function lineOf(clean: boolean): fc.Arbitrary<string> {
  const t = tokens(clean);
  const field = <T>(a: fc.Arbitrary<T>) => (clean ? a : fc.option(a, { freq: t.missing }));
  const props = fc.array(fc.tuple(t.key, t.value, wss), { maxLength: 8 });
  return fc
    .record({
      name: t.name,
      time: field(t.time),
      distinct: field(t.distinct),
      insert: field(t.insert),
      // A clean line has each key once (JSON.parse keeps a duplicate's last value at its first place).
      props: clean ? fc.uniqueArray(fc.tuple(t.key, t.value, wss), { maxLength: 8, selector: (p) => p[0] }) : props,
      fieldWs: fc.array(wss, { minLength: 3, maxLength: 3 }),
      order: fc.integer({ min: 0, max: 5 }),
      top: fc.array(wss, { minLength: 3, maxLength: 3 }),
      propsFirst: fc.boolean(),
      extraTop: clean ? fc.constant(null) : fc.option(fc.constantFrom('"event": "Again"', '"properties": {}', '"other": 1', '"event_name": "x"'), { freq: 12 }),
      edit: clean ? fc.constant(null) : fc.option(fc.tuple(fc.nat(), fc.constantFrom('cut', '\x00', '}', ',', '"', 'é', '\xff')), { freq: 12 }),
    })
    .map((r) => {
      const fields: string[] = [];
      if (r.time !== null) fields.push(member('time', r.time, r.fieldWs[0]!));
      if (r.distinct !== null) fields.push(member('distinct_id', r.distinct, r.fieldWs[1]!));
      if (r.insert !== null) fields.push(member('$insert_id', r.insert, r.fieldWs[2]!));
      const members = r.props.map(([k, v, w]) => member(k, v, w));
      // The event fields anywhere among the properties.
      members.splice(Math.min(r.order, members.length), 0, ...fields);
      const w = r.top;
      const event = `${w[0]![0]}"event"${w[0]![1]}:${w[0]![2]}${r.name}${w[0]![3]}`;
      const properties = `${w[1]![0]}"properties"${w[1]![1]}:${w[1]![2]}{${members.join(',')}${members.length === 0 ? w[1]![3] : ''}}${w[1]![3]}`;
      const top = r.propsFirst ? [properties, event] : [event, properties];
      if (r.extraTop !== null) top.push(r.extraTop);
      let text = `${w[2]![0]}{${top.join(',')}}${w[2]![1]}`;
      if (r.edit !== null) {
        const [at, what] = r.edit;
        const i = at % (text.length + 1);
        text = what === 'cut' ? text.slice(0, i) : text.slice(0, i) + what + text.slice(i);
      }
      return text;
    });
}

const line = fc.oneof({ weight: 2, arbitrary: lineOf(true) }, { weight: 1, arbitrary: lineOf(false) });

const norm: NormalizeOptions = { timezoneShifted: false, timezone: 'UTC' };
/** Project timezones and shifted times: days and times come from the one time rule both paths call. */
const norms = fc.constantFrom<NormalizeOptions>(
  norm,
  { timezoneShifted: false, timezone: 'America/New_York' },
  { timezoneShifted: true, timezone: 'Asia/Kolkata' },
);

/** Lines offered to the scanner, and those it took (the property must exercise both ways). */
const offered = { lines: 0, taken: 0 };

function pack(bytes: Uint8Array, scan: boolean, o: NormalizeOptions = norm): PackedBatch {
  const packer = new EventPacker(o);
  if (scan) packer.scanBlock(bytes);
  blockRecords(
    bytes,
    100_000,
    (r) => packer.add(r),
    scan
      ? (from, to) => {
          const took = packer.addLine(from, to);
          offered.lines++;
          if (took) offered.taken++;
          return took;
        }
      : undefined,
  );
  return packer.done().packed;
}

/** `\xff`-style characters in a line stand for raw bytes (invalid UTF-8), the rest is UTF-8. */
function encode(lines: string[]): Uint8Array {
  const parts = lines.map((l) => Buffer.concat(l.split('\xff').flatMap((p, i) => (i === 0 ? [Buffer.from(p)] : [Buffer.from([0xff]), Buffer.from(p)]))));
  return new Uint8Array(Buffer.concat(parts.flatMap((p) => [p, Buffer.from('\n')])));
}

describe('byte scanner of event lines', () => {
  it('property: a block packed with the scanner unpacks to the block packed from JSON.parse records', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), norms, (lines, o) => {
        const bytes = encode(lines);
        const viaRecords = pack(bytes, false, o);
        const viaScanner = pack(bytes.slice(), true, o);
        expect(viaScanner.read).toBe(viaRecords.read);
        expect(viaScanner.skips).toEqual(viaRecords.skips);
        expect(unpackBatch(viaScanner)).toEqual(unpackBatch(viaRecords));
        expectWorkerHashes(viaScanner);
      }),
      { numRuns: 1500 },
    );
    expect(offered.taken).toBeGreaterThan(offered.lines * 0.2);
    expect(offered.taken).toBeLessThan(offered.lines * 0.8);
  });

  it('takes the common export line itself, and leaves the others to JSON.parse', () => {
    const taken = (text: string) => {
      const packer = new EventPacker(norm);
      const bytes = encode([text]);
      packer.scanBlock(bytes);
      return packer.addLine(0, bytes.length - 1);
    };
    const common =
      '{"event":"Login","properties":{"time":1704153602,"distinct_id":"u1","$insert_id":"i1","mp_lib":"web","$city":"São Paulo","n":-1.5e3,"ok":true,"x":null}}';
    expect(taken(common)).toBe(true);
    expect(taken(` { "properties" : {"time" : 1704153602 , "distinct_id":"u1","$insert_id":"i1"} , "event" : "Login" } `)).toBe(true);
    for (const other of [
      common.replace('"web"', '"w\\u0065b"'), // an escape
      common.replace('"web"', '["web"]'), // a list
      common.replace('"mp_lib"', '"1"'), // a numeric key: JSON.parse lists it first
      common.replace('"x":null', '"x":null,"x":1'), // a duplicate key
      common.replace('1704153602', '"1704153602"'), // a time as text
      common.replace(',"distinct_id":"u1"', ''), // no user
      common.replace('}}', '},"other":1}'), // another top-level field
      common.replace('-1.5e3', '01'), // not JSON
      common.replace('"web"', '"w\teb"'), // a raw control character in a string
      common.slice(0, -1), // cut short
    ])
      expect(taken(other)).toBe(false);
  });
});
