/**
 * One property column of a profile table being written, from the profiles packed in
 * this transaction and the rows kept from the stored table. String and JSON-kind
 * columns are built from UTF-8 bytes (Utf8Dictionary, copied JSON texts): no JS string
 * per value and no Map of them. Those were the largest passing cost of writing a table
 * (+90-150 MB for each of $email, $name and the date columns at 1.19M profiles).
 * Numbers, booleans and columns holding values kept as JS values (packed-values.ts's
 * T_OTHER) go through encodeColumn as before.
 *
 * The bytes are those encodeColumn writes for the same values (same kind, dictionary
 * order, bitmaps and texts); the property test in test/unit/ingest/profile-column.test.ts
 * compares both.
 */
import { type EncodedColumn, encodeJsonTexts, encodeStringIndices, newBitmap, type SparseBuilder, type SparseValues, setBit } from '../store/index.js';
import type { PackedProfiles } from '../store/packed-profiles.js';
import type { ProfileRowReader } from '../store/profile-row-reader.js';
import { T_FALSE, T_JSON, T_NULL, T_NUMBER, T_OTHER, T_STRING, T_TRUE, T_UNDEFINED } from '../store/packed-values.js';
import { Utf8Dictionary } from '../store/utf8-dictionary.js';

const ABSENT = -1;
/** Classes of values, as bits: the column's kind follows from which were seen. */
const SEEN_STRING = 1;
const SEEN_NUMBER = 2;
const SEEN_BOOLEAN = 4;
const SEEN_JSON = 8;
const SEEN_OTHER = 16;

function seenOf(v: unknown): number {
  if (v === undefined || v === null) return 0;
  switch (typeof v) {
    case 'string':
      return SEEN_STRING;
    case 'number':
      return SEEN_NUMBER;
    case 'boolean':
      return SEEN_BOOLEAN;
    default:
      return SEEN_JSON;
  }
}

function seenOfTag(tag: number): number {
  switch (tag) {
    case T_STRING:
      return SEEN_STRING;
    case T_NUMBER:
      return SEEN_NUMBER;
    case T_TRUE:
    case T_FALSE:
      return SEEN_BOOLEAN;
    case T_JSON:
      return SEEN_JSON;
    case T_OTHER:
      return SEEN_OTHER;
    default:
      return 0;
  }
}

/** A growing UTF-8 buffer (JSON texts, a base row's string re-encoded). */
class ByteSink {
  bytes = new Uint8Array(1 << 16);
  used = 0;
  ensure(more: number): void {
    if (this.used + more <= this.bytes.length) return;
    let n = this.bytes.length * 2;
    while (n < this.used + more) n *= 2;
    const b = new Uint8Array(n);
    b.set(this.bytes.subarray(0, this.used));
    this.bytes = b;
  }
  copy(src: Uint8Array, start: number, end: number): void {
    this.ensure(end - start);
    this.bytes.set(src.subarray(start, end), this.used);
    this.used += end - start;
  }
  text(s: string): void {
    const n = Buffer.byteLength(s, 'utf8');
    this.ensure(n);
    Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.length).write(s, this.used, n, 'utf8');
    this.used += n;
  }
}

/**
 * The values of `key` for the new table's rows: row i's value is in packed slot src[i]
 * when src[i] >= 0, else in stored row -src[i] - 1.
 */
export function profileColumn(key: string, src: ArrayLike<number>, packed: PackedProfiles, base: ProfileRowReader | null): SparseValues | EncodedColumn {
  const n = src.length;
  const loc = packed.locate(key);
  let seen = 0;
  let entries = 0;
  for (let i = 0; i < n; i++) {
    const s = src[i]!;
    if (s >= 0) {
      const tag = loc.at(s);
      if (tag === ABSENT || tag === T_UNDEFINED) continue;
      seen |= tag === T_OTHER ? seenOf(loc.value()) | SEEN_OTHER : seenOfTag(tag);
    } else {
      const v = base!.valueAt(key, -s - 1);
      if (v === undefined) continue;
      seen |= seenOf(v);
    }
    entries++;
  }
  if (entries > 0 && (seen & SEEN_OTHER) === 0) {
    if ((seen & ~SEEN_STRING) === 0) return stringColumn(key, src, loc, base, entries);
    if ((seen & SEEN_JSON) !== 0 || (seen & (seen - 1)) !== 0) return jsonColumn(key, src, loc, base, entries);
  }
  const out: SparseBuilder = { rows: [], values: [] };
  for (let i = 0; i < n; i++) {
    const s = src[i]!;
    const v = s >= 0 ? (loc.at(s) === ABSENT ? undefined : loc.value()) : base!.valueAt(key, -s - 1);
    if (v === undefined) continue;
    out.rows.push(i);
    out.values.push(v);
  }
  return out;
}

type Locator = ReturnType<PackedProfiles['locate']>;

function stringColumn(key: string, src: ArrayLike<number>, loc: Locator, base: ProfileRowReader | null, entries: number): EncodedColumn {
  const n = src.length;
  const indices = new Int32Array(n);
  const valid = newBitmap(n);
  let nullBits: Uint8Array | null = null;
  let count = 0;
  const dict = new Utf8Dictionary();
  const scratch = new ByteSink();
  const { ref } = loc;
  for (let i = 0; i < n; i++) {
    const s = src[i]!;
    let id: number;
    if (s >= 0) {
      const tag = loc.at(s);
      if (tag === T_NULL) {
        nullBits ??= newBitmap(n);
        setBit(nullBits, i);
        continue;
      }
      if (tag !== T_STRING) continue;
      id = dict.add(ref.buf, ref.start, ref.end);
    } else {
      const v = base!.valueAt(key, -s - 1);
      if (v === null) {
        nullBits ??= newBitmap(n);
        setBit(nullBits, i);
        continue;
      }
      if (typeof v !== 'string') continue;
      scratch.used = 0;
      scratch.text(v);
      id = dict.add(scratch.bytes, 0, scratch.used);
    }
    indices[i] = id;
    setBit(valid, i);
    count++;
  }
  return { bytes: encodeStringIndices(n, count, valid, nullBits, indices, dict.texts()), kind: 'string', count, entries };
}

function jsonColumn(key: string, src: ArrayLike<number>, loc: Locator, base: ProfileRowReader | null, entries: number): EncodedColumn {
  const n = src.length;
  const offsets = new Int32Array(n + 1);
  const valid = newBitmap(n);
  let nullBits: Uint8Array | null = null;
  let count = 0;
  const out = new ByteSink();
  const { ref } = loc;
  for (let i = 0; i < n; i++) {
    const s = src[i]!;
    if (s >= 0) {
      const tag = loc.at(s);
      if (tag === T_NULL) {
        nullBits ??= newBitmap(n);
        setBit(nullBits, i);
      } else if (tag === T_JSON) {
        out.copy(ref.buf, ref.start, ref.end);
        setBit(valid, i);
        count++;
      } else if (tag !== ABSENT && tag !== T_UNDEFINED) {
        out.text(JSON.stringify(loc.value()));
        setBit(valid, i);
        count++;
      }
    } else {
      const v = base!.valueAt(key, -s - 1);
      if (v === null) {
        nullBits ??= newBitmap(n);
        setBit(nullBits, i);
      } else if (v !== undefined) {
        out.text(JSON.stringify(v));
        setBit(valid, i);
        count++;
      }
    }
    offsets[i + 1] = out.used;
  }
  const texts = { offsets, bytes: out.bytes.slice(0, out.used), nulls: n - count, valid: count === n ? null : valid };
  return { bytes: encodeJsonTexts(texts, nullBits), kind: 'json', count, entries };
}
