/**
 * Event records packed as they are parsed: the parse worker's path from a record to a
 * PackedBatch (batch-codec.ts), with no EventRows in between.
 *
 * The worker used to parse a whole block into records, group them into EventRows (a JS
 * array per field and per property key) and then pack those into typed arrays. Every
 * parsed object of a block (~3,300 events, each with its properties) stayed alive until
 * the block was packed, so the young generation's scavenges copied them, and every value
 * went through two arrays. Here each record is normalized and written into its day's
 * typed arrays as soon as it is parsed, and is garbage right after (decision 0034).
 * The common export line does not even become a record: addLine packs it from the
 * scanner's byte ranges (scan-event-line.ts, decision 0036) into the same arrays.
 *
 * Unpacked, what it makes equals what parseEventBatch (the inline path) makes from the
 * same records, value for value (a property test): the same skips, the same days in order
 * of first event, each day's keys in order of first appearance, the same values by type.
 */
import { ValueTag } from '../store/column-codec.js';
import { stringHash } from '../store/string-index.js';
import { dayOf } from '../time/index.js';
import { insertTextNum, type PackedBatch, type PackedDay, packValue, StringTable } from './batch-codec.js';
import { decodeBytes } from './byte-strings.js';
import type { RawRecord } from './read-records.js';
import { EventLineScanner } from './scan-event-line.js';
import { grown } from './grown.js';
import { InsertIdBytes } from './insert-id-bytes.js';
import { normalizeEvent, type NormalizeOptions } from './sources/events-export.js';

/** String.prototype.isWellFormed (Node 20's V8 has it; TypeScript's ES2022 library does not). */
const wellFormed = (s: string): boolean => (s as string & { isWellFormed(): boolean }).isWellFormed();

/**
 * A day's arrays in a batch start small (a block of a file sorted by user may hold
 * hundreds of days of a few events each) and their first growth jumps to a block's
 * likely size: a block of ~1 MB holds ~3,300 events, mostly of one or two days, and
 * most keys are in most events. Doubling from 16 and 64 was ~7% of a parse worker's time.
 */
const GROWN_VALUES = 512;
const GROWN_EVENTS = 1024;

/** The size after `n` (full): twice n, or at least `first`. */
const nextSize = (n: number, first: number) => Math.max(n * 2, first);

/** One property key's values in one day: rows, type tags, numbers (packValue). */
class KeyValues {
  n = 0;
  rows = new Int32Array(16);
  tags = new Uint8Array(16);
  nums = new Float64Array(16);

  /** Room for one more value. */
  next(): number {
    if (this.n === this.rows.length) {
      const size = nextSize(this.n, GROWN_VALUES);
      this.rows = grown(this.rows, new Int32Array(size));
      this.tags = grown(this.tags, new Uint8Array(size));
      this.nums = grown(this.nums, new Float64Array(size));
    }
    return this.n++;
  }
}

class DayPacker {
  n = 0;
  names = new Int32Array(64);
  users = new Int32Array(64);
  times = new Float64Array(64);
  insertTags = new Uint8Array(64);
  insertNums = new Float64Array(64);
  insertHashes = new Int32Array(64);
  readonly keys = new Map<string, KeyValues>();
  /** The same columns by the key's index in the batch's StringTable (addLine). */
  readonly byKey: Array<KeyValues | undefined> = [];

  constructor(readonly day: string) {}

  /** Room for one more event. */
  next(): number {
    if (this.n === this.names.length) {
      const size = nextSize(this.n, GROWN_EVENTS);
      this.names = grown(this.names, new Int32Array(size));
      this.users = grown(this.users, new Int32Array(size));
      this.times = grown(this.times, new Float64Array(size));
      this.insertTags = grown(this.insertTags, new Uint8Array(size));
      this.insertNums = grown(this.insertNums, new Float64Array(size));
      this.insertHashes = grown(this.insertHashes, new Int32Array(size));
    }
    return this.n++;
  }

  done(strings: StringTable, transfer: ArrayBuffer[]): PackedDay {
    let total = 0;
    for (const k of this.keys.values()) total += k.n;
    const keys = new Int32Array(this.keys.size);
    const keyEnds = new Int32Array(this.keys.size);
    const rows = new Int32Array(total);
    const tags = new Uint8Array(total);
    const nums = new Float64Array(total);
    let k = 0;
    let j = 0;
    for (const [key, v] of this.keys) {
      keys[k] = strings.of(key);
      rows.set(v.rows.subarray(0, v.n), j);
      tags.set(v.tags.subarray(0, v.n), j);
      nums.set(v.nums.subarray(0, v.n), j);
      j += v.n;
      keyEnds[k++] = j;
    }
    const n = this.n;
    const day: PackedDay = {
      day: this.day,
      length: n,
      names: this.names.slice(0, n),
      users: this.users.slice(0, n),
      times: this.times.slice(0, n),
      // Sampling factors come only from the profile path (EventRows.push's argument), never from an export.
      sampling: null,
      insertTags: this.insertTags.slice(0, n),
      insertNums: this.insertNums.slice(0, n),
      insertHashes: this.insertHashes.slice(0, n),
      keys,
      keyEnds,
      rows,
      tags,
      nums,
    };
    for (const a of [day.names, day.users, day.times, day.insertTags, day.insertNums, day.insertHashes, keys, keyEnds, rows, tags, nums])
      transfer.push(a.buffer as ArrayBuffer);
    return day;
  }
}

export class EventPacker {
  private read = 0;
  private readonly skips: PackedBatch['skips'] = [];
  private readonly strings = new StringTable();
  private distinctIds = new Int32Array(1024);
  private distinctHashes = new Int32Array(1024);
  /** Valid events so far: the place of the next one's distinct_id. */
  private events = 0;
  private readonly days = new Map<string, DayPacker>();
  private readonly insertIds = new InsertIdBytes();
  private scanner: EventLineScanner | null = null;

  constructor(private readonly norm: NormalizeOptions) {}

  /** One record, as parseEventBatch takes it. */
  add(rec: RawRecord): void {
    this.read++;
    if (rec.error !== undefined) {
      this.skips.push({ line: rec.line, reason: rec.error.startsWith('not valid JSON') ? 'lines that are not valid JSON' : rec.error });
      return;
    }
    const r = normalizeEvent(rec.value, this.norm);
    if (!r.ok) {
      this.skips.push({ line: rec.line, reason: r.reason });
      return;
    }
    const e = r.event;
    const strings = this.strings;
    const d = this.nextEvent(e.time);
    const row = d.n - 1;
    const event = this.events - 1;
    const distinct = e.distinctId;
    if (distinct === undefined) this.distinctIds[event] = -1;
    else {
      // Hashed here, where there is time to spare, for the importing thread's user look-up (UserDictionary.internHashed).
      this.distinctIds[event] = strings.of(distinct);
      this.distinctHashes[event] = stringHash(distinct);
    }
    d.names[row] = strings.of(e.name);
    const id = e.insertId;
    if (typeof id === 'string') {
      d.insertTags[row] = ValueTag.String;
      if (wellFormed(id)) {
        // Unique but for duplicates: kept as bytes, without a look-up (InsertIdBytes).
        d.insertNums[row] = this.insertIds.text(id);
        d.insertHashes[row] = this.insertIds.hash;
      } else {
        // A lone surrogate (from a \u escape) has no UTF-8: two such ids that differ
        // would be one in bytes, so it stays a string (batch-codec.ts insertTextNum).
        d.insertNums[row] = insertTextNum(strings.of(id));
        d.insertHashes[row] = 0;
      }
    } else packValue(id, strings, d.insertTags, d.insertNums, row);
    const props = e.properties;
    for (const key in props) {
      const v = props[key];
      if (v === undefined) continue;
      // Event fields that exports keep inside `properties` (EventRows.push skips them too).
      if (key === 'time' || key === 'distinct_id' || key === '$insert_id') continue;
      let col = d.keys.get(key);
      if (col === undefined) d.keys.set(key, (col = new KeyValues()));
      const j = col.next();
      col.rows[j] = row;
      packValue(v, strings, col.tags, col.nums, j);
    }
  }

  /**
   * Read the lines of `bytes` (one block) with the byte scanner from now on (addLine).
   * The scanner's tables point into the block, so it must not change while the batch is made.
   */
  scanBlock(bytes: Uint8Array): void {
    this.scanner = new EventLineScanner(bytes, this.strings, this.norm);
  }

  /**
   * The line at bytes [from, to) of the block, packed straight from its bytes when the
   * scanner reads it (scan-event-line.ts): what add() would pack from its record. False:
   * nothing was packed; parse the line and add() its record.
   */
  addLine(from: number, to: number): boolean {
    const sc = this.scanner!;
    if (!sc.scan(from, to)) return false;
    this.read++;
    const e = sc.event;
    const buf = sc.buf;
    const values = sc.values;
    const strings = this.strings;
    const d = this.nextEvent(e.time);
    const row = d.n - 1;
    const event = this.events - 1;
    this.distinctIds[event] = values.idOf(values.slot(e.distinct.from, e.distinct.to, e.distinct.hash, e.distinct.ascii));
    // The scanner's hash of ASCII bytes is stringHash of their text; other text is hashed again.
    this.distinctHashes[event] = e.distinct.ascii ? e.distinct.hash : stringHash(strings.at(this.distinctIds[event]!));
    d.names[row] = values.idOf(values.slot(e.name.from, e.name.to, e.name.hash, e.name.ascii));
    // ASCII bytes are the id's UTF-8 as they are; other bytes are decoded and encoded
    // again, as the JSON.parse path would (invalid UTF-8 becomes U+FFFD).
    const ins = e.insert;
    d.insertTags[row] = ValueTag.String;
    d.insertNums[row] = ins.ascii ? this.insertIds.copy(buf, ins.from, ins.to, ins.hash) : this.insertIds.text(decodeBytes(buf, ins.from, ins.to, false));
    d.insertHashes[row] = this.insertIds.hash;
    for (let p = 0; p < e.n; p++) {
      const key = e.keys[p]!;
      let col = d.byKey[key];
      if (col === undefined) {
        // By the key's text, as add() files it: the two paths share a day's columns.
        const text = strings.at(key);
        col = d.keys.get(text);
        if (col === undefined) d.keys.set(text, (col = new KeyValues()));
        d.byKey[key] = col;
      }
      const j = col.next();
      col.rows[j] = row;
      const tag = e.tags[p]!;
      col.tags[j] = tag;
      if (tag === ValueTag.String) col.nums[j] = values.idOf(values.slot(e.from[p]!, e.to[p]!, e.hashes[p]!, e.ascii[p] === 1));
      else if (tag === ValueTag.Number) col.nums[j] = e.nums[p]!;
    }
    return true;
  }

  /** The day of an event at `time`, with room for it (its row: n - 1), and a place for its distinct_id (events - 1). */
  private nextEvent(time: number): DayPacker {
    const dayText = dayOf(this.norm.timezone, time);
    let d = this.days.get(dayText);
    if (d === undefined) this.days.set(dayText, (d = new DayPacker(dayText)));
    const row = d.next();
    const event = this.events++;
    if (event === this.distinctIds.length) {
      this.distinctIds = grown(this.distinctIds, new Int32Array(event * 2));
      this.distinctHashes = grown(this.distinctHashes, new Int32Array(event * 2));
    }
    d.users[row] = event;
    d.times[row] = time;
    return d;
  }

  /** The batch packed, and the buffers to transfer with it. */
  done(): { packed: PackedBatch; transfer: ArrayBuffer[] } {
    const transfer: ArrayBuffer[] = [];
    const distinctIds = this.distinctIds.slice(0, this.events);
    const distinctHashes = this.distinctHashes.slice(0, this.events);
    transfer.push(distinctIds.buffer as ArrayBuffer, distinctHashes.buffer as ArrayBuffer);
    const days = [...this.days.values()].map((d) => d.done(this.strings, transfer));
    const { strings, ends } = this.strings.done();
    transfer.push(ends.buffer as ArrayBuffer);
    const insertIds = this.insertIds.done(transfer);
    return { packed: { read: this.read, skips: this.skips, strings, ends, insertIds, distinctIds, distinctHashes, days }, transfer };
  }
}
