/**
 * The storage seam: a store on S3 is read through a local mirror directory that holds
 * the files fetched so far, under their paths inside the store. The engine's readers
 * stay synchronous and read the mirror like any store directory (Store.fromSnapshot);
 * what a query will read is fetched into it beforehand (prefetch), and a file that was
 * not is fetched when a reader first asks for it (read-data-file.ts -> fetch-late.ts).
 *
 * Consistency: manifest.json is read once, when the store is opened, and only files it
 * names are fetched; the manifest is never written to the mirror, so a reader's snapshot
 * is the one it opened. Data files are immutable (their paths carry the generation that
 * wrote them), so a mirror is shared by runs, threads and processes: one mirror per
 * store (endpoint, bucket, prefix and the store's creation time, which tells a store
 * uploaded again from scratch to the same prefix from the one before).
 * See docs/decisions/0016-store-on-s3.md.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { S3Config } from './s3-config.js';
import type { S3Location } from './s3-location.js';

/** The file in a mirror directory that says where its store is. */
export const MIRROR_FILE = '.quarry-s3-mirror.json';

export interface MirrorInfo {
  uri: string;
  location: S3Location;
  config: S3Config;
}

export function mirrorRoot(cacheDir: string): string {
  return process.env.QUARRY_S3_CACHE || path.join(cacheDir, 's3');
}

export function mirrorDirFor(root: string, location: S3Location, config: S3Config, createdAt: string): string {
  const id = createHash('sha256')
    .update(JSON.stringify([config.endpoint, location.bucket, location.prefix, createdAt]))
    .digest('hex')
    .slice(0, 24);
  return path.join(root, `${location.bucket}-${id}`);
}

/** The mirror description of `storeDir`, or null when it is an ordinary store directory. */
export function readMirrorInfo(storeDir: string): MirrorInfo | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(storeDir, MIRROR_FILE), 'utf8')) as MirrorInfo;
  } catch {
    return null;
  }
}

export function writeMirrorInfo(dir: string, info: MirrorInfo): void {
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `${MIRROR_FILE}.tmp-${process.pid}`);
  fs.writeFileSync(tmp, JSON.stringify(info));
  fs.renameSync(tmp, path.join(dir, MIRROR_FILE));
}

/** Late fetches (files no prefetch asked for) in this process: a test proves prefetch covers a query with it. */
export const lateFetches = { files: 0, bytes: 0 };

/** The message for a file the manifest names that the bucket lacks. */
export function missingFileMessage(uri: string, rel: string): string {
  return (
    `${uri}/${rel} is missing, though the store's manifest names it: the upload is incomplete or was replaced while this command ran. ` +
    'Upload the data files before manifest.json (docs/store-on-s3.md), then run the command again.'
  );
}
