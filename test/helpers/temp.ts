/** Temporary directories, stores and input files for tests; all removed by `cleanTemp()`. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { Store } from '../../src/store/index.js';

const made: string[] = [];

/** A new empty directory under the OS temp dir. */
export function tempDir(prefix = 'quarry-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A new empty store (`<tmp>/store`) with a fixed creation time. */
export function tempStore(timezone = 'UTC'): Store {
  return Store.init(path.join(tempDir('quarry-store-'), 'store'), { timezone, createdAt: '2024-01-01T00:00:00Z' });
}

/** Write `content` to `<new tmp dir>/<name>` and return the path. */
export function writeTemp(name: string, content: string | Uint8Array): string {
  const file = path.join(tempDir('quarry-in-'), name);
  fs.writeFileSync(file, content);
  return file;
}

export const gzip = (content: string | Uint8Array): Buffer => zlib.gzipSync(content);

/** JSON lines text of some values. */
export const jsonl = (values: unknown[]): string => values.map((v) => JSON.stringify(v)).join('\n') + '\n';

export function cleanTemp(): void {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

/** Every file of a directory (not its subdirectories) as hex, by name: two partitions compared byte for byte. */
export function dirBytes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(dir).sort()) out[f] = fs.readFileSync(path.join(dir, f)).toString('hex');
  return out;
}
