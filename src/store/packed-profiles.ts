/**
 * Profiles held compactly while a transaction updates them. A Profile object costs
 * about 1 KB (its property bag has a null prototype, so V8 keeps it in dictionary
 * mode: a hash table per profile); an array of its values and their JS strings still
 * ~425 B (1.19M engage profiles kept 722 MB live and peaked at 1.26 GB). Here a profile
 * is a slot: its times and where its record lies in typed arrays, and its values as
 * one byte record (packed-values.ts) in large shared buffers, in the order of its
 * "shape" (its key list, shared by every profile with the same keys in the same order).
 * A Profile (a fresh bag) is built only when one is read. Decision 0031.
 */
import type { Profile } from './profiles.js';
import { T_FALSE, T_JSON, T_NULL, T_NUMBER, T_OTHER, T_STRING, T_TRUE, T_UNDEFINED, measure, type Measured } from './packed-values.js';
import { propertyBag } from './property-bag.js';

/** Bytes per buffer: large enough that buffers are few, small enough that the last one's slack is small. */
const CHUNK_BYTES = 4 << 20;
/** Rewrite the records when at least this many bytes are dead (replaced or freed) and they outnumber the live ones. */
const COMPACT_AT_BYTES = 32 << 20;

type Utf8Buffer = Buffer & { utf8Slice(start: number, end: number): string };

/** One value's place in a record (see `locate`). */
export interface ValueRef {
  buf: Uint8Array;
  tagAt: number;
  start: number;
  end: number;
}

const EMPTY = new Uint8Array(0);

export class PackedProfiles {
  private count = 0;
  private time = new Float64Array(1024);
  private lastSeen = new Float64Array(1024);
  private shapeOf = new Int32Array(1024);
  /** Where slot s's record lies: chunks[chunkOf[s]] from offsetOf[s], lengthOf[s] bytes (-1: freed). */
  private chunkOf = new Int32Array(1024);
  private offsetOf = new Int32Array(1024);
  private lengthOf = new Int32Array(1024);
  private chunks: Utf8Buffer[] = [];
  private chunkUsed = 0;
  private liveBytes = 0;
  private deadBytes = 0;
  /** T_OTHER values (kept as they are); freed entries become undefined. */
  private readonly others: unknown[] = [];
  /** Key lists in a profile's own key order (kept, so a read profile iterates as it was set). */
  private readonly shapes: string[][] = [];
  private readonly shapeIds = new Map<string, number>();
  private readonly compactAt: number;

  /** `compactAtBytes`: tests set it low to exercise the rewrite. */
  constructor(compactAtBytes = COMPACT_AT_BYTES) {
    this.compactAt = compactAtBytes;
  }

  /** Slots given out so far (slot numbers are 0..length-1, never reused). */
  get length(): number {
    return this.count;
  }

  /** Store `p` in a new slot; returns the slot. */
  add(p: Profile): number {
    const slot = this.count++;
    if (slot === this.time.length) this.grow();
    this.lengthOf[slot] = -1;
    this.put(slot, p);
    return slot;
  }

  /** Whether `slot` holds a profile (not freed). */
  live(slot: number): boolean {
    return this.lengthOf[slot]! >= 0;
  }

  /** Replace the profile in `slot`. Values are copied into the record (profiles are never modified in place: applyUpdate copies). */
  put(slot: number, p: Profile): void {
    const keys = Object.keys(p.properties);
    const sig = JSON.stringify(keys);
    let shape = this.shapeIds.get(sig);
    if (shape === undefined) {
      shape = this.shapes.length;
      this.shapes.push(keys);
      this.shapeIds.set(sig, shape);
    }
    const measured: Measured[] = new Array(keys.length);
    let size = 0;
    for (let i = 0; i < keys.length; i++) {
      const m = measure(p.properties[keys[i]!]);
      measured[i] = m;
      size += 1 + m.bytes;
    }
    this.release(slot);
    const old = this.lengthOf[slot]!;
    if (old >= size) {
      // Fits where the previous record was: write over it.
      this.deadBytes += old - size;
    } else {
      if (old >= 0) this.deadBytes += old;
      this.allocate(slot, size);
    }
    this.lengthOf[slot] = size;
    this.liveBytes += size;
    this.write(slot, keys, measured, p.properties);
    this.time[slot] = p.time;
    this.lastSeen[slot] = p.lastSeen;
    this.shapeOf[slot] = shape;
    if (this.deadBytes >= this.compactAt && this.deadBytes > this.liveBytes) this.compact();
  }

  /** Let go of a deleted profile's values (the slot is not used again). */
  free(slot: number): void {
    const len = this.lengthOf[slot]!;
    if (len < 0) return;
    this.release(slot);
    this.deadBytes += len;
    this.lengthOf[slot] = -1;
  }

  get(slot: number): Profile {
    const keys = this.shapes[this.shapeOf[slot]!]!;
    const properties = propertyBag();
    const buf = this.chunks[this.chunkOf[slot]!]!;
    let at = this.offsetOf[slot]!;
    for (let i = 0; i < keys.length; i++) {
      properties[keys[i]!] = this.valueAt(buf, at);
      at = this.skip(buf, at);
    }
    return { time: this.time[slot]!, lastSeen: this.lastSeen[slot]!, properties };
  }

  timeAt(slot: number): number {
    return this.time[slot]!;
  }
  lastSeenAt(slot: number): number {
    return this.lastSeen[slot]!;
  }

  /** Every property key some stored profile has (freed slots' keys may be included). */
  propertyKeys(): Set<string> {
    const out = new Set<string>();
    for (const keys of this.shapes) for (const k of keys) out.add(k);
    return out;
  }

  /**
   * Where `key`'s value lies in a slot's record, for the table writer's byte paths:
   * `at(slot)` gives the value's tag (-1 when the profile lacks the key) and leaves in
   * `ref` its buffer and payload range (a string's or JSON text's UTF-8 bytes; a
   * number's 8 bytes); `value(ref)` decodes it.
   */
  locate(key: string): { ref: ValueRef; at(slot: number): number; value(): unknown } {
    const pos = new Int32Array(this.shapes.length);
    for (let s = 0; s < this.shapes.length; s++) pos[s] = this.shapes[s]!.indexOf(key);
    const ref: ValueRef = { buf: EMPTY, tagAt: 0, start: 0, end: 0 };
    return {
      ref,
      at: (slot) => {
        const at = pos[this.shapeOf[slot]!]!;
        if (at < 0 || this.lengthOf[slot]! < 0) return -1;
        const buf = this.chunks[this.chunkOf[slot]!]!;
        let off = this.offsetOf[slot]!;
        for (let i = 0; i < at; i++) off = this.skip(buf, off);
        const tag = buf[off]!;
        ref.buf = buf;
        ref.tagAt = off;
        if (tag === T_STRING || tag === T_JSON) {
          ref.start = off + 1 + varintBytes(buf, off + 1);
          ref.end = ref.start + readVarint(buf, off + 1);
        } else {
          ref.start = off + 1;
          ref.end = this.skip(buf, off);
        }
        return tag;
      },
      value: () => this.valueAt(ref.buf as Utf8Buffer, ref.tagAt),
    };
  }

  private grow(): void {
    const n = this.time.length * 2;
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    const i32 = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.time = f64(this.time);
    this.lastSeen = f64(this.lastSeen);
    this.shapeOf = i32(this.shapeOf);
    this.chunkOf = i32(this.chunkOf);
    this.offsetOf = i32(this.offsetOf);
    this.lengthOf = i32(this.lengthOf);
  }

  /** Room for `size` bytes for `slot` at the end of the last buffer (or in a new one). */
  private allocate(slot: number, size: number): void {
    const last = this.chunks.length - 1;
    if (last < 0 || this.chunkUsed + size > this.chunks[last]!.length) {
      this.chunks.push(Buffer.allocUnsafeSlow(Math.max(CHUNK_BYTES, size)) as Utf8Buffer);
      this.chunkUsed = 0;
    }
    this.chunkOf[slot] = this.chunks.length - 1;
    this.offsetOf[slot] = this.chunkUsed;
    this.chunkUsed += size;
  }

  /** Drop what the slot's current record holds outside the buffers (its T_OTHER values); its bytes count as dead from here. */
  private release(slot: number): void {
    const len = this.lengthOf[slot]!;
    if (len < 0) return;
    this.liveBytes -= len;
    const buf = this.chunks[this.chunkOf[slot]!]!;
    const n = this.shapes[this.shapeOf[slot]!]!.length;
    let off = this.offsetOf[slot]!;
    for (let i = 0; i < n; i++) {
      if (buf[off] === T_OTHER) this.others[readVarint(buf, off + 1)] = undefined;
      off = this.skip(buf, off);
    }
  }

  private write(slot: number, keys: string[], measured: Measured[], properties: Record<string, unknown>): void {
    const buf = this.chunks[this.chunkOf[slot]!]!;
    let off = this.offsetOf[slot]!;
    for (let i = 0; i < measured.length; i++) {
      const m = measured[i]!;
      buf[off++] = m.tag;
      switch (m.tag) {
        case T_NUMBER:
          buf.writeDoubleLE(properties[keys[i]!] as number, off);
          off += 8;
          break;
        case T_STRING:
        case T_JSON: {
          off = writeVarint(buf, off, m.textBytes);
          off += buf.write(m.text, off, m.textBytes, 'utf8');
          break;
        }
        case T_OTHER:
          this.others.push(properties[keys[i]!]);
          off = writeFixedVarint(buf, off, this.others.length - 1);
          break;
      }
    }
  }

  private valueAt(buf: Utf8Buffer, off: number): unknown {
    switch (buf[off]) {
      case T_UNDEFINED:
        return undefined;
      case T_NULL:
        return null;
      case T_FALSE:
        return false;
      case T_TRUE:
        return true;
      case T_NUMBER:
        return buf.readDoubleLE(off + 1);
      case T_STRING: {
        const n = readVarint(buf, off + 1);
        const start = off + 1 + varintBytes(buf, off + 1);
        return buf.utf8Slice(start, start + n);
      }
      case T_JSON: {
        const n = readVarint(buf, off + 1);
        const start = off + 1 + varintBytes(buf, off + 1);
        return JSON.parse(buf.utf8Slice(start, start + n));
      }
      default:
        return this.others[readVarint(buf, off + 1)];
    }
  }

  /** Offset of the value after the one at `off`. */
  private skip(buf: Uint8Array, off: number): number {
    switch (buf[off]) {
      case T_NUMBER:
        return off + 9;
      case T_STRING:
      case T_JSON:
        return off + 1 + varintBytes(buf, off + 1) + readVarint(buf, off + 1);
      case T_OTHER:
        return off + 6;
      default:
        return off + 1;
    }
  }

  /** Copy every live record into fresh buffers, leaving the dead bytes behind. */
  private compact(): void {
    const old = this.chunks;
    this.chunks = [];
    this.chunkUsed = 0;
    for (let s = 0; s < this.count; s++) {
      const len = this.lengthOf[s]!;
      if (len < 0) continue;
      const from = old[this.chunkOf[s]!]!;
      const start = this.offsetOf[s]!;
      this.allocate(s, len);
      from.copy(this.chunks[this.chunkOf[s]!]!, this.offsetOf[s]!, start, start + len);
    }
    this.deadBytes = 0;
  }
}

function writeVarint(buf: Uint8Array, off: number, n: number): number {
  while (n >= 0x80) {
    buf[off++] = (n & 0x7f) | 0x80;
    n >>>= 7;
  }
  buf[off++] = n;
  return off;
}

/** A varint padded to 5 bytes (T_OTHER indices: their size is fixed before the index is known). */
function writeFixedVarint(buf: Uint8Array, off: number, n: number): number {
  for (let i = 0; i < 4; i++) {
    buf[off++] = (n & 0x7f) | 0x80;
    n >>>= 7;
  }
  buf[off++] = n & 0x7f;
  return off;
}

function readVarint(buf: Uint8Array, off: number): number {
  let n = 0;
  let shift = 0;
  for (;;) {
    const b = buf[off++]!;
    n += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return n;
    shift += 7;
  }
}

function varintBytes(buf: Uint8Array, off: number): number {
  let len = 1;
  while (buf[off++]! >= 0x80) len++;
  return len;
}
