/**
 * Uploaded files (the CSV wizard, static cohorts): the request body is streamed to a
 * file in a private temporary directory the server owns, under an id it makes up; no
 * request ever names a path. Files are removed when used, after an hour, and on close.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { UserError } from '../../errors.js';

export const MAX_UPLOAD_BYTES = 1024 * 1024 * 1024;
const MAX_AGE_MS = 60 * 60 * 1000;

export class Uploads {
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quarry-ui-uploads-'));
  private readonly files = new Map<string, { file: string; at: number; bytes: number }>();

  async save(body: NodeJS.ReadableStream, maxBytes = MAX_UPLOAD_BYTES): Promise<{ id: string; file: string; bytes: number }> {
    this.expire();
    const id = randomUUID();
    const file = path.join(this.dir, `${id}.csv`);
    let bytes = 0;
    const count = new Transform({
      transform(chunk: Buffer, _e, done) {
        bytes += chunk.length;
        if (bytes > maxBytes) done(new UserError(`the file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB`));
        else done(null, chunk);
      },
    });
    try {
      await pipeline(body, count, fs.createWriteStream(file));
    } catch (e) {
      fs.rmSync(file, { force: true });
      throw e instanceof UserError ? e : new UserError(`the upload did not arrive whole: ${(e as Error).message}`);
    }
    this.files.set(id, { file, at: Date.now(), bytes });
    return { id, file, bytes };
  }

  file(id: unknown): string {
    const f = typeof id === 'string' ? this.files.get(id) : undefined;
    if (f === undefined) throw new UserError('unknown or expired upload: choose the file again');
    return f.file;
  }

  remove(id: string): void {
    const f = this.files.get(id);
    if (f) fs.rmSync(f.file, { force: true });
    this.files.delete(id);
  }

  private expire(): void {
    const now = Date.now();
    for (const [id, f] of this.files) if (now - f.at > MAX_AGE_MS) this.remove(id);
  }

  close(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
    this.files.clear();
  }
}
