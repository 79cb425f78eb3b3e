/**
 * A parsed batch (made on a parse worker by event-packer.ts) in a form that crosses
 * threads cheaply: typed arrays (transferred, not copied) and one string holding every
 * distinct string of the batch.
 *
 * A structured clone of the parsed objects made the importing thread rebuild every
 * string and object of every event, which cost more than parsing them inline
 * (docs/benchmarks.md, 2026-12-02). Here it only slices the batch's distinct strings
 * out of one string (property values repeat, so a batch of 5,000 events holds a few
 * thousand) and copies numbers out of typed arrays. Objects and lists cross as their
 * JSON text (JSON.stringify, as the column writer would write them) and are parsed back.
 */
import { ValueTag as Tag, unpackValue } from '../store/column-codec.js';
import { EventRows } from '../store/event-rows.js';
import type { ParsedBatch } from './parse-events.js';

// A value's type in a packed column is a ValueTag; `nums` holds the number, or the
// string's (or JSON text's) index in the batch's table.

export interface PackedDay {
  day: string;
  length: number;
  names: Int32Array;
  /** Index of each event's distinct_id in the batch's list. */
  users: Int32Array;
  times: Float64Array;
  sampling: Float64Array | null;
  /** `$insert_id`s packed: a string's number is its place in the batch's InsertIds, not in `strings`. */
  insertTags: Uint8Array;
  insertNums: Float64Array;
  /** FNV-1a over each string `$insert_id`'s UTF-8 bytes (0 for others), computed on the parse worker (Utf8Dictionary's hash). */
  insertHashes: Int32Array;
  /** Property keys (string indices); key k's values are at keyEnds[k-1]..keyEnds[k]. */
  keys: Int32Array;
  keyEnds: Int32Array;
  rows: Int32Array;
  tags: Uint8Array;
  nums: Float64Array;
}

export interface PackedBatch {
  read: number;
  skips: Array<{ line: number; reason: string }>;
  /** The strings of the batch, joined, each once; string i ends at ends[i]. */
  strings: string;
  ends: Int32Array;
  /** The string `$insert_id`s, as UTF-8 bytes in the order they came. */
  insertIds: InsertIds;
  /** String index of each valid event's distinct_id, -1 for none. */
  distinctIds: Int32Array;
  /** stringHash of each valid event's distinct_id (0 for none), computed on the parse worker. */
  distinctHashes: Int32Array;
  days: PackedDay[];
}

/**
 * A batch's string `$insert_id`s as UTF-8 bytes: id i is bytes[ends[i-1]..ends[i]].
 * They are unique but for duplicates, and end up as the UTF-8 of a column's dictionary:
 * kept as bytes from the input line to the column file, they never become JS strings
 * (a decode on the worker, a slice and a look-up on the importing thread, each).
 */
export interface InsertIds {
  bytes: Uint8Array;
  ends: Int32Array;
}

/**
 * The number of a string `$insert_id` kept in the batch's strings instead (one with a
 * lone surrogate, which UTF-8 cannot hold): negative, -1 - its index in the table.
 */
export const insertTextNum = (stringIndex: number): number => -1 - stringIndex;

/** The text of string `$insert_id` number `num` (what JSON.parse gave), for the rare readers that need it. */
export function insertIdText(ids: InsertIds, num: number, table: readonly string[]): string {
  if (num < 0) return table[-1 - num]!;
  const from = num === 0 ? 0 : ids.ends[num - 1]!;
  return Buffer.from(ids.bytes.buffer, ids.bytes.byteOffset, ids.bytes.length).toString('utf8', from, ids.ends[num]!);
}

/** A `$insert_id` packed (tag, number) as the value it stands for: a string from `ids` (or `table`), JSON text from `table`. */
export function unpackInsertId(tag: number, num: number, ids: InsertIds, table: readonly string[]): unknown {
  return tag === Tag.String ? insertIdText(ids, num, table) : unpackValue(tag, num, table);
}

export class StringTable {
  private readonly index = new Map<string, number>();
  private readonly parts: string[] = [];

  of(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.parts.length;
      this.index.set(s, i);
      this.parts.push(s);
    }
    return i;
  }

  /** The string of index i. */
  at(i: number): string {
    return this.parts[i]!;
  }

  done(): { strings: string; ends: Int32Array } {
    const ends = new Int32Array(this.parts.length);
    let at = 0;
    for (let i = 0; i < this.parts.length; i++) ends[i] = at += this.parts[i]!.length;
    return { strings: this.parts.join(''), ends };
  }
}

export function packValue(v: unknown, strings: StringTable, tags: Uint8Array, nums: Float64Array, j: number): void {
  switch (typeof v) {
    case 'string':
      tags[j] = Tag.String;
      nums[j] = strings.of(v);
      return;
    case 'number':
      tags[j] = Tag.Number;
      nums[j] = v;
      return;
    case 'boolean':
      tags[j] = v ? Tag.True : Tag.False;
      return;
    case 'undefined':
      tags[j] = Tag.Absent;
      return;
    default:
      if (v === null) tags[j] = Tag.Null;
      else {
        tags[j] = Tag.Json;
        nums[j] = strings.of(JSON.stringify(v));
      }
  }
}

/** The batch's strings, by index (a batch, or one day's chunk of it, carries the joined strings and their ends). */
export function batchStrings(p: Pick<PackedBatch, 'strings' | 'ends'>): string[] {
  const table = new Array<string>(p.ends.length);
  let from = 0;
  for (let i = 0; i < table.length; i++) {
    const to = p.ends[i]!;
    table[i] = p.strings.slice(from, to);
    from = to;
  }
  return table;
}

/**
 * Append day `d` of a packed batch to `into` (that day's buffer), each event's user
 * number taken from `userOf` by its distinct_id's place in the batch. Straight into the
 * buffer: no intermediate EventRows to copy and collect.
 */
export function appendPackedDay(into: EventRows, d: PackedDay, table: string[], ids: InsertIds, userOf: ArrayLike<number>): void {
  const base = into.length;
  const n = d.length;
  for (let i = 0; i < n; i++) {
    into.names.push(table[d.names[i]!]!);
    into.users.push(userOf[d.users[i]!]!);
    into.times.push(d.times[i]!);
    into.insertIds.push(unpackInsertId(d.insertTags[i]!, d.insertNums[i]!, ids, table));
    into.sampling.push(d.sampling === null ? 1 : d.sampling[i]!);
  }
  into.length += n;
  into.hasSampling ||= d.sampling !== null;
  let j = 0;
  for (let k = 0; k < d.keys.length; k++) {
    const key = table[d.keys[k]!]!;
    let col = into.props.get(key);
    if (col === undefined) {
      col = { rows: [], values: [] };
      into.props.set(key, col);
    }
    const { rows, values } = col;
    for (const end = d.keyEnds[k]!; j < end; j++) {
      rows.push(base + d.rows[j]!);
      values.push(unpackValue(d.tags[j]!, d.nums[j]!, table));
    }
  }
}

/** The batch as parseEventBatch returned it (values equal; objects parsed back from their JSON). */
export function unpackBatch(p: PackedBatch): ParsedBatch {
  const table = batchStrings(p);
  const distinctIds = Array.from(p.distinctIds, (d) => (d < 0 ? null : table[d]!));
  const order = Array.from(p.distinctIds, (_, i) => i);
  const days: Array<[string, EventRows]> = p.days.map((d) => {
    const r = new EventRows();
    appendPackedDay(r, d, table, p.insertIds, order);
    return [d.day, r];
  });
  return { read: p.read, skips: p.skips, distinctIds, days };
}
