/**
 * ReadPool (store/read-pool.ts): a file's exact bytes in a buffer used again after
 * release(), and a column decoded from it equal to the partition's own read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { decodeColumn, encodeColumn, ReadPool } from '../../../src/store/index.js';
import { tempDir } from '../../helpers/temp.js';

describe('ReadPool', () => {
  test('reads each file exactly, reuses released buffers, and a column decodes as from readFileSync', () => {
    const dir = tempDir('quarry-read-pool-');
    const sizes = [0, 1, 70_000, 65_536, 200_000, 3];
    const files = sizes.map((n, k) => {
      const f = path.join(dir, `f${k}`);
      fs.writeFileSync(
        f,
        Uint8Array.from({ length: n }, (_, i) => (i * 31 + k) & 255),
      );
      return f;
    });
    const pool = new ReadPool();
    const first = files.map((f) => pool.read(f));
    files.forEach((f, k) => expect(Buffer.from(first[k]!).equals(fs.readFileSync(f))).toBe(true));
    pool.release();
    // After release a smaller or equal file lands in a buffer read before.
    const again = pool.read(files[2]!);
    expect(first.some((b) => b.buffer === again.buffer)).toBe(true);
    expect(Buffer.from(again).equals(fs.readFileSync(files[2]!))).toBe(true);
    // Lent buffers are never handed out twice before release.
    const other = pool.read(files[4]!);
    expect(other.buffer).not.toBe(again.buffer);
    pool.release();

    const values = Array.from({ length: 5000 }, (_, i) => (i % 7 === 0 ? undefined : i % 3 === 0 ? `s${i % 11}` : i % 5 === 0 ? null : i / 4));
    const col = path.join(dir, 'col.arrow');
    const rows = values.flatMap((v, i) => (v === undefined ? [] : [i]));
    fs.writeFileSync(col, encodeColumn(values.length, { rows, values: rows.map((i) => values[i]) }));
    pool.read(files[4]!); // a lent buffer bigger than the column file: the view must stop at the file's end
    pool.release();
    expect(decodeColumn(pool.read(col))).toEqual(decodeColumn(fs.readFileSync(col)));
  });

  test('a missing file throws (the partition then reads through column(), which says why)', () => {
    expect(() => new ReadPool().read(path.join(tempDir('quarry-read-pool-'), 'gone.arrow'))).toThrow();
  });
});
