/**
 * Column files read for one short use into buffers that are used again.
 *
 * A file read into a fresh buffer costs page faults on every page of it: reading q2's 180
 * column files (41 MB) with readFileSync took 24-27 ms of system time, into one reused
 * buffer 4.5 ms (docs/decisions/0029-sparse-conjunction.md). Columns view their file's
 * bytes, so a pooled file is only for a column that is dropped before release(): the
 * scan's selector columns, which give a mask and are not kept (exec/operators/scan.ts).
 */
import fs from 'node:fs';

/** Buffers grow in steps of this many bytes, so that files of about one size share them. */
const STEP = 64 * 1024;
/** At most this many free buffers are kept. */
const KEEP = 8;

export class ReadPool {
  private free: ArrayBuffer[] = [];
  private lent: ArrayBuffer[] = [];

  /** The bytes of `file`, valid until release(). Throws as fs does (the caller falls back). */
  read(file: string): Uint8Array {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const buf = this.take(size);
      let at = 0;
      while (at < size) {
        const n = fs.readSync(fd, buf, at, size - at, at);
        if (n === 0) throw new Error(`${file}: shorter than its size`);
        at += n;
      }
      return buf;
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Every buffer read since the last release may be read into again. */
  release(): void {
    for (const b of this.lent) this.free.push(b);
    this.lent = [];
    if (this.free.length > KEEP) this.free = this.free.sort((a, b) => b.byteLength - a.byteLength).slice(0, KEEP);
  }

  private take(size: number): Uint8Array {
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      const len = this.free[i]!.byteLength;
      if (len >= size && (best < 0 || len < this.free[best]!.byteLength)) best = i;
    }
    const ab = best >= 0 ? this.free.splice(best, 1)[0]! : new ArrayBuffer(Math.max(STEP, Math.ceil(size / STEP) * STEP));
    this.lent.push(ab);
    return new Uint8Array(ab, 0, size);
  }
}
