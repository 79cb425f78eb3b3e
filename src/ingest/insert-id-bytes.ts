/**
 * A batch's string `$insert_id`s gathered as UTF-8 bytes on the parse worker
 * (batch-codec.ts InsertIds): copied straight from the input line when the byte scanner
 * read it, encoded from the JS string when JSON.parse did. Each id's hash is bytesHash
 * (FNV-1a over its bytes), the hash Utf8Dictionary numbers them with on the importing thread.
 */
import { bytesHash } from '../store/utf8-dictionary.js';
import { grown } from './grown.js';
import type { InsertIds } from './batch-codec.js';

const encoder = new TextEncoder();

export class InsertIdBytes {
  private bytes = new Uint8Array(1 << 16);
  private used = 0;
  private ends = new Int32Array(1024);
  private count = 0;
  /** The hash of the id added last (`text` computes it; `copy` is given it). */
  hash = 0;

  /** Id bytes src[from..to), whose FNV-1a hash the caller has; returns the id's number. */
  copy(src: Uint8Array, from: number, to: number, hash: number): number {
    const len = to - from;
    this.room(len);
    const b = this.bytes;
    const at = this.used;
    // Ids are short (tens of bytes): a loop is cheaper than a native copy's call.
    for (let k = 0; k < len; k++) b[at + k] = src[from + k]!;
    this.hash = hash;
    return this.end(at + len);
  }

  /** An id given as text, encoded as TextEncoder does (a lone surrogate becomes U+FFFD), and hashed. */
  text(s: string): number {
    this.room(s.length * 3);
    const at = this.used;
    const { written } = encoder.encodeInto(s, this.bytes.subarray(at));
    this.hash = bytesHash(this.bytes, at, at + written);
    return this.end(at + written);
  }

  /** The ids so far, exact-size copies, and their buffers for the transfer list. */
  done(transfer: ArrayBuffer[]): InsertIds {
    const ids = { bytes: this.bytes.slice(0, this.used), ends: this.ends.slice(0, this.count) };
    transfer.push(ids.bytes.buffer as ArrayBuffer, ids.ends.buffer as ArrayBuffer);
    return ids;
  }

  private room(len: number): void {
    if (this.used + len > this.bytes.length) this.bytes = grown(this.bytes, new Uint8Array(Math.max(this.used + len, this.bytes.length * 2)));
    if (this.count === this.ends.length) this.ends = grown(this.ends, new Int32Array(this.count * 2));
  }

  private end(to: number): number {
    this.used = to;
    this.ends[this.count] = to;
    return this.count++;
  }
}
