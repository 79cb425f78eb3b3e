/**
 * Open a store on S3 (`s3://bucket/prefix`) for reading: GET its manifest once (the
 * snapshot every later read comes from), and hand back a Store over the local mirror
 * directory (mirror.ts) with a `remote` that fetches what a query will read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { StoreError } from '../../errors.js';
import { MANIFEST } from '../commit.js';
import { dataMaps, type Manifest, STORE_FORMAT, STORE_VERSION } from '../manifest.js';
import { Store, type StoreRemote } from '../store.js';
import { lateFetches, missingFileMessage, mirrorDirFor, mirrorRoot, readMirrorInfo, writeMirrorInfo } from './mirror.js';
import { s3ConfigFromEnv } from './s3-config.js';
import { S3Fetcher } from './s3-fetch.js';
import { parseS3Uri, s3Uri } from './s3-location.js';
import { filesFor, type StoreReads } from './store-reads.js';

export { isS3Uri } from './s3-location.js';

/** `cacheDir`: quarry's cache directory; mirrors go under `<cacheDir>/s3` unless QUARRY_S3_CACHE says otherwise. */
export async function openS3Store(uri: string, cacheDir: string, pinned?: Manifest): Promise<Store> {
  const location = parseS3Uri(uri);
  const config = s3ConfigFromEnv();
  const fetcher = new S3Fetcher(location, config);
  const name = s3Uri(location);
  const manifest = pinned ?? (await readRemoteManifest(fetcher, name));
  const dir = mirrorDirFor(mirrorRoot(cacheDir), location, config, manifest.settings.createdAt);
  if (readMirrorInfo(dir) === null) writeMirrorInfo(dir, { uri: name, location, config });
  return Store.fromSnapshot(dir, manifest, new S3Remote(name, dir, manifest, fetcher));
}

async function readRemoteManifest(fetcher: S3Fetcher, name: string): Promise<Manifest> {
  const { bytes } = await fetcher.get(
    MANIFEST,
    `${name} is not a quarry store: it has no ${MANIFEST}. Make a store locally (quarry init, quarry import), then upload it: aws s3 sync DIR ${name} (see docs/store-on-s3.md).`,
  );
  let m: Manifest;
  try {
    m = JSON.parse(Buffer.from(bytes).toString('utf8')) as Manifest;
  } catch (e) {
    throw new StoreError(`${name}/${MANIFEST} is not valid JSON (${(e as Error).message}): upload the store again.`);
  }
  if (m.format !== STORE_FORMAT || m.version > STORE_VERSION) {
    throw new StoreError(`${name} holds a store of format ${m.format} v${m.version}; this quarry reads ${STORE_FORMAT} v${STORE_VERSION}.`);
  }
  return dataMaps(m);
}

class S3Remote implements StoreRemote {
  constructor(
    readonly uri: string,
    private readonly dir: string,
    private readonly manifest: Manifest,
    private readonly fetcher: S3Fetcher,
  ) {}

  /** Fetch the files `reads` needs that the mirror lacks, in parallel. */
  async prefetch(reads: StoreReads): Promise<void> {
    const missing = [...new Set(filesFor(this.manifest, reads))].filter((rel) => !fs.existsSync(path.join(this.dir, rel)));
    await Promise.all(missing.map((rel) => this.fetcher.download(rel, path.join(this.dir, rel), missingFileMessage(this.uri, rel))));
  }

  counters() {
    const c = this.fetcher.counters;
    return { files: c.files + lateFetches.files, bytes: c.bytes + lateFetches.bytes, requests: c.requests + lateFetches.files, lateFiles: lateFetches.files };
  }
}
