/**
 * A JSON line of the common export shape read straight from its bytes, on a parse
 * worker: `{"event": "...", "properties": {"time": <number>, "distinct_id": "...",
 * "$insert_id": "...", <key>: <string | number | true | false | null>, ...}}`.
 *
 * JSON.parse made a JS object, a string per key and value, and then the packer walked
 * it and looked every string up again: ~60% of a parse worker's time, and the workers
 * were most of an import's CPU. Here each string is hashed as it is scanned and looked up
 * by its bytes (byte-strings.ts), and numbers are read in place.
 *
 * The scanner only says yes to a line it reads exactly as JSON.parse + normalizeEvent
 * would, and to a valid event only. Anything else (an escape in a string, a nested object
 * or list, a duplicate or numeric key, another top-level field, a time that is not a
 * number, a missing or odd event field, invalid JSON, ...) makes it say no before the
 * batch is touched, and the line takes the JSON.parse path, which gives the same
 * answer or the same skip reason as always. The property test in
 * scan-event-line.test.ts compares the two paths on random lines.
 */
import { ValueTag } from '../store/column-codec.js';
import { ByteStrings, HASH_PRIME, HASH_SEED, type SliceBuffer } from './byte-strings.js';
import type { StringTable } from './batch-codec.js';
import { grown } from './grown.js';
import { eventTime, type NormalizeOptions } from './sources/events-export.js';

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const QUOTE = 34;
const PLUS = 43;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const COLON = 58;
const UPPER_E = 69;
const BACKSLASH = 92;
const LOWER_E = 101;
const LOWER_F = 102;
const LOWER_N = 110;
const LOWER_T = 116;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/** Classes of a property key (ByteStrings.classOf): the event fields kept in `properties`. */
const PLAIN = 0;
const TIME = 1;
const DISTINCT_ID = 2;
const INSERT_ID = 3;
const keyClass = (k: string) => (k === 'time' ? TIME : k === 'distinct_id' ? DISTINCT_ID : k === '$insert_id' ? INSERT_ID : PLAIN);

// What follows an object's member (afterMember).
const END = 1;
const MORE = 0;
const BAD = -1;

/**
 * Numbers of up to this many digits (before and after the point) are read exactly (an
 * integer sum and one division); longer ones, and any with an exponent, go through Number().
 */
const EXACT_DIGITS = 15;
/** 10^0 .. 10^15, each exact in a double. */
const POW10 = Array.from({ length: EXACT_DIGITS + 1 }, (_, k) => 10 ** k);

const EVENT = [101, 118, 101, 110, 116]; // "event"
const PROPERTIES = [112, 114, 111, 112, 101, 114, 116, 105, 101, 115]; // "properties"
// The literals true, false and null after their first letter.
const RUE = [0x72, 0x75, 0x65];
const ALSE = [0x61, 0x6c, 0x73, 0x65];
const ULL = [0x75, 0x6c, 0x6c];

/** A string of the line: its bytes [from, to), their hash, whether they are all ASCII. */
export class ByteRange {
  from = 0;
  to = 0;
  hash = 0;
  ascii = true;
}

/** One event as scanned: fields, then its properties in order (string values as byte ranges). */
export class ScannedEvent {
  time = 0;
  readonly name = new ByteRange();
  /** Hashed with FNV-1a over its bytes: for ASCII, stringHash of the text, which the importing thread's user look-up relies on. */
  readonly distinct = new ByteRange();
  /** Hashed the same way: Utf8Dictionary's hash, which numbers the ids on the importing thread. */
  readonly insert = new ByteRange();
  /** Properties other than the event fields: key (StringTable index), ValueTag, number or string bytes. */
  n = 0;
  keys = new Int32Array(64);
  tags = new Uint8Array(64);
  nums = new Float64Array(64);
  from = new Int32Array(64);
  to = new Int32Array(64);
  hashes = new Int32Array(64);
  ascii = new Uint8Array(64);

  /** Room for one more property. */
  next(): number {
    if (this.n === this.keys.length) {
      const size = this.n * 2;
      this.keys = grown(this.keys, new Int32Array(size));
      this.tags = grown(this.tags, new Uint8Array(size));
      this.nums = grown(this.nums, new Float64Array(size));
      this.from = grown(this.from, new Int32Array(size));
      this.to = grown(this.to, new Int32Array(size));
      this.hashes = grown(this.hashes, new Int32Array(size));
      this.ascii = grown(this.ascii, new Uint8Array(size));
    }
    return this.n++;
  }
}

export class EventLineScanner {
  readonly buf: SliceBuffer;
  /** Property keys by their bytes. */
  private readonly keyTable: ByteStrings;
  /** Property values and event names by their bytes. */
  readonly values: ByteStrings;
  /** Per key (StringTable index): the line it was last seen on, to find duplicate keys. */
  private keySeen = new Int32Array(256);
  private line = 0;
  // The key last seen at each property place: its bytes in the block, StringTable index, class (sameKey).
  private guessFrom = new Int32Array(32);
  private guessLen = new Int32Array(32);
  private guessKey = new Int32Array(32);
  private guessClass = new Uint8Array(32);
  /** Places with a guess. */
  private guessed = 0;
  private i = 0;
  private end = 0;
  // The string scanned last: its bytes, hash, and whether they are all ASCII.
  private sFrom = 0;
  private sTo = 0;
  private sHash = 0;
  private sAscii = true;
  private num = 0;
  readonly event = new ScannedEvent();

  constructor(
    bytes: Uint8Array,
    strings: StringTable,
    private readonly norm: NormalizeOptions,
  ) {
    this.buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length) as SliceBuffer;
    this.keyTable = new ByteStrings(this.buf, strings, keyClass, 256);
    this.values = new ByteStrings(this.buf, strings);
  }

  /**
   * Scan the line at bytes [from, to) into `event`. False: the line is not one the
   * scanner reads exactly (see the header); the batch is untouched, but for the keys the
   * line had, which are in its string table (harmless: strings are looked up by value).
   */
  scan(from: number, to: number): boolean {
    const b = this.buf;
    const e = this.event;
    this.i = from;
    this.end = to;
    this.line++;
    e.n = 0;
    let sawName = false;
    let sawProps = false;
    let sawTime = false;
    let sawDistinct = false;
    let sawInsert = false;
    /** Place of the next property among the line's properties. */
    let pi = 0;
    this.ws();
    if (b[this.i] !== OPEN_BRACE) return false;
    this.i++;
    for (;;) {
      this.ws();
      if (b[this.i] !== QUOTE || !this.string()) return false;
      const isEvent = this.is(EVENT);
      if (!isEvent && !this.is(PROPERTIES)) return false;
      if (!this.colon()) return false;
      if (isEvent) {
        if (sawName || b[this.i] !== QUOTE || !this.string() || this.sFrom === this.sTo) return false;
        sawName = true;
        this.take(e.name);
      } else {
        if (sawProps || b[this.i] !== OPEN_BRACE) return false;
        sawProps = true;
        this.i++;
        this.ws();
        if (b[this.i] === CLOSE_BRACE) this.i++;
        else
          for (;;) {
            if (b[this.i] !== QUOTE) return false;
            let key: number;
            let kind: number;
            const at = pi++;
            if (at < this.guessed && this.sameKey(at)) {
              key = this.guessKey[at]!;
              kind = this.guessClass[at]!;
            } else {
              if (!this.string()) return false;
              // A key that looks like an index is listed first by JSON.parse's object: key order would differ.
              const first = b[this.sFrom]!;
              if (this.sFrom === this.sTo || (first >= ZERO && first <= NINE)) return false;
              const slot = this.keyTable.slot(this.sFrom, this.sTo, this.sHash, this.sAscii);
              key = this.keyTable.idOf(slot);
              kind = this.keyTable.classOf(slot);
              this.guess(at, key, kind);
            }
            if (key >= this.keySeen.length) this.keySeen = grown(this.keySeen, new Int32Array(Math.max(key + 1, this.keySeen.length * 2)));
            if (this.keySeen[key] === this.line) return false;
            this.keySeen[key] = this.line;
            if (!this.colon()) return false;
            const c = b[this.i]!;
            if (kind === TIME) {
              if (!this.number()) return false;
              const t = eventTime(this.num, this.norm);
              if (typeof t === 'string') return false;
              e.time = t;
              sawTime = true;
            } else if (kind === DISTINCT_ID || kind === INSERT_ID) {
              if (c !== QUOTE || !this.string() || this.sFrom === this.sTo) return false;
              if (kind === DISTINCT_ID) {
                sawDistinct = true;
                this.take(e.distinct);
              } else {
                sawInsert = true;
                this.take(e.insert);
              }
            } else {
              const p = e.next();
              e.keys[p] = key;
              if (c === QUOTE) {
                if (!this.string()) return false;
                e.tags[p] = ValueTag.String;
                e.from[p] = this.sFrom;
                e.to[p] = this.sTo;
                e.hashes[p] = this.sHash;
                e.ascii[p] = this.sAscii ? 1 : 0;
              } else if (c === MINUS || (c >= ZERO && c <= NINE)) {
                if (!this.number()) return false;
                e.tags[p] = ValueTag.Number;
                e.nums[p] = this.num;
              } else if (c === LOWER_T && this.word(RUE)) e.tags[p] = ValueTag.True;
              else if (c === LOWER_F && this.word(ALSE)) e.tags[p] = ValueTag.False;
              else if (c === LOWER_N && this.word(ULL)) e.tags[p] = ValueTag.Null;
              else return false; // an object, a list, or not JSON
            }
            const sep = this.afterMember();
            if (sep === END) break;
            if (sep === BAD) return false;
            this.ws();
          }
      }
      const sep = this.afterMember();
      if (sep === END) break;
      if (sep === BAD) return false;
    }
    this.ws();
    // Events with no distinct_id, or no $insert_id, are rare: JSON.parse reads them.
    return this.i === to && sawName && sawProps && sawTime && sawDistinct && sawInsert;
  }

  /**
   * Whether the key at i is the one the last line that had one had at property place
   * `at` (keys come in the same order line after line): then it is taken as that key,
   * past its closing quote, without hashing or looking it up.
   */
  private sameKey(at: number): boolean {
    const b = this.buf;
    const from = this.guessFrom[at]!;
    const len = this.guessLen[at]!;
    const start = this.i + 1;
    if (start + len >= this.end || b[start + len] !== QUOTE) return false;
    for (let k = 0; k < len; k++) if (b[start + k] !== b[from + k]) return false;
    this.i = start + len + 1;
    return true;
  }

  /** Remember the key just scanned (sFrom..sTo) as the guess for property place `at`. */
  private guess(at: number, key: number, kind: number): void {
    if (at >= this.guessKey.length) {
      const size = Math.max(at + 1, this.guessKey.length * 2);
      this.guessFrom = grown(this.guessFrom, new Int32Array(size));
      this.guessLen = grown(this.guessLen, new Int32Array(size));
      this.guessKey = grown(this.guessKey, new Int32Array(size));
      this.guessClass = grown(this.guessClass, new Uint8Array(size));
    }
    this.guessFrom[at] = this.sFrom;
    this.guessLen[at] = this.sTo - this.sFrom;
    this.guessKey[at] = key;
    this.guessClass[at] = kind;
    if (at >= this.guessed) this.guessed = at + 1;
  }

  /** Past whitespace and the separator after an object's member: END (`}`), MORE (`,`) or BAD. */
  private afterMember(): number {
    this.ws();
    const sep = this.buf[this.i];
    this.i++;
    return sep === CLOSE_BRACE ? END : sep === COMMA ? MORE : BAD;
  }

  private ws(): void {
    // Bounded by the line's end: the byte after it is the line break, or the next line.
    const b = this.buf;
    const end = this.end;
    let i = this.i;
    while (i < end) {
      const c = b[i]!;
      if (c !== SPACE && c !== TAB && c !== CR && c !== LF) break;
      i++;
    }
    this.i = i;
  }

  /** Past whitespace, a colon, whitespace. */
  private colon(): boolean {
    this.ws();
    if (this.buf[this.i] !== COLON) return false;
    this.i++;
    this.ws();
    return this.i < this.end;
  }

  /**
   * The string whose opening quote is at i, if it has no escapes or control characters,
   * hashed as stringHash hashes a string: FNV-1a over its bytes, which for ASCII text is
   * stringHash of the text (the packer hashes other text again). A hash of a few of its
   * bytes was tried for property values (the multiply per byte is the scanner's largest
   * cost), but values alike at both ends, such as URLs with an id in the middle, then all
   * fell in one chain of the look-up table: 16-26 times slower than JSON.parse.
   */
  private string(): boolean {
    const b = this.buf;
    const end = this.end;
    const from = this.i + 1;
    let j = from;
    let h = HASH_SEED;
    let or = 0;
    for (;;) {
      if (j >= end) return false;
      const c = b[j]!;
      if (c === QUOTE) break;
      if (c === BACKSLASH || c < SPACE) return false;
      or |= c;
      h = Math.imul(h ^ c, HASH_PRIME);
      j++;
    }
    this.sFrom = from;
    this.sTo = j;
    this.sHash = h;
    this.sAscii = or < 0x80;
    this.i = j + 1;
    return true;
  }

  /** The string just scanned, into `r`. */
  private take(r: ByteRange): void {
    r.from = this.sFrom;
    r.to = this.sTo;
    r.hash = this.sHash;
    r.ascii = this.sAscii;
  }

  /** Whether the string just scanned is `word` (bytes). */
  private is(word: number[]): boolean {
    if (this.sTo - this.sFrom !== word.length) return false;
    for (let k = 0; k < word.length; k++) if (this.buf[this.sFrom + k] !== word[k]) return false;
    return true;
  }

  /** The literal whose first letter is at i and whose other letters are `rest`. */
  private word(rest: readonly number[]): boolean {
    const b = this.buf;
    if (this.i + rest.length >= this.end) return false;
    for (let k = 0; k < rest.length; k++) if (b[this.i + 1 + k] !== rest[k]) return false;
    this.i += 1 + rest.length;
    return true;
  }

  /** A JSON number at i (the grammar exactly; JSON.parse rejects "01", "1.", ".5", "+1"). */
  private number(): boolean {
    const b = this.buf;
    const end = this.end;
    const start = this.i;
    let j = start;
    const neg = b[j] === MINUS;
    if (neg) j++;
    let v = 0;
    let digits = 0;
    if (j >= end) return false;
    let c = b[j]!;
    if (c === ZERO) {
      j++;
      digits = 1;
    } else if (c > ZERO && c <= NINE) {
      while (j < end && (c = b[j]!) >= ZERO && c <= NINE) {
        v = v * 10 + (c - ZERO);
        digits++;
        j++;
      }
    } else return false;
    /** Digits after the point. */
    let fraction = 0;
    if (j < end && b[j] === DOT) {
      j++;
      const d = j;
      while (j < end && (c = b[j]!) >= ZERO && c <= NINE) {
        v = v * 10 + (c - ZERO);
        j++;
      }
      fraction = j - d;
      if (fraction === 0) return false;
    }
    let exact = digits + fraction <= EXACT_DIGITS;
    if (j < end && (b[j] === LOWER_E || b[j] === UPPER_E)) {
      exact = false;
      j++;
      if (j < end && (b[j] === PLUS || b[j] === MINUS)) j++;
      const d = j;
      while (j < end && (c = b[j]!) >= ZERO && c <= NINE) j++;
      if (j === d) return false;
    }
    // With at most 15 digits, v is the digits as an exact integer and 10^fraction is exact
    // too, so one division rounds the decimal value correctly, as JSON.parse does (the fast
    // path of Clinger's algorithm). Otherwise Number(), which also rounds correctly.
    const abs = exact ? (fraction === 0 ? v : v / POW10[fraction]!) : 0;
    this.num = exact ? (neg ? -abs : abs) : Number(b.latin1Slice(start, j));
    this.i = j;
    return true;
  }
}
