/**
 * Getting store files out of S3 with `@aws-sdk/client-s3`: small objects in one GET,
 * large ones as byte-range GETs of PART_BYTES run in parallel, every request through
 * one pool of at most CONCURRENCY. Files land in a local directory through a temporary
 * name and a rename, so a reader (another thread, process or a later run) sees a whole
 * file or none. Memory held at once: at most CONCURRENCY parts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { S3Config } from './s3-config.js';
import { s3Problem } from './s3-errors.js';
import { keyOf, type S3Location, s3Uri } from './s3-location.js';

export const PART_BYTES = 8 * 1024 * 1024;
export const CONCURRENCY = 8;

/** Data files this process downloaded, their bytes, and all its requests (the manifest's included). */
export interface FetchCounters {
  files: number;
  bytes: number;
  requests: number;
}

export function makeClient(config: S3Config): S3Client {
  // The SDK warns on stderr that its releases after early 2027 need Node 22; the
  // version quarry pins supports Node 20, so the notice is noise in a CLI's output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return new S3Client({
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    forcePathStyle: config.forcePathStyle,
    requestHandler: { connectionTimeout: 5000, requestTimeout: 60_000 },
  });
}

/** A bounded pool: run() waits for a free slot. */
class Pool {
  private active = 0;
  private waiting: Array<() => void> = [];
  constructor(private readonly size: number) {}
  async run<T>(fn: () => Promise<T>): Promise<T> {
    while (this.active >= this.size) await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

export class S3Fetcher {
  readonly counters: FetchCounters = { files: 0, bytes: 0, requests: 0 };
  private readonly client: S3Client;
  private readonly pool: Pool;
  private readonly partBytes: number;

  constructor(
    readonly location: S3Location,
    readonly config: S3Config,
    o: { concurrency?: number; partBytes?: number } = {},
  ) {
    this.client = makeClient(config);
    this.pool = new Pool(o.concurrency ?? CONCURRENCY);
    this.partBytes = o.partBytes ?? PART_BYTES;
  }

  uriOf(rel: string): string {
    return `${s3Uri(this.location)}/${rel}`;
  }

  /** One GET (optionally a byte range); `noKey` is the message when the object is missing. */
  async get(rel: string, noKey: string, range?: [number, number]): Promise<{ bytes: Uint8Array; total: number }> {
    try {
      return await this.send(rel, range);
    } catch (e) {
      // A range from 0 of an empty object is "not satisfiable": take it whole.
      if (range?.[0] === 0 && (e as { name?: string }).name === 'InvalidRange') return this.get(rel, noKey);
      throw s3Problem(e, this.uriOf(rel), this.location.bucket, this.config, noKey);
    }
  }

  private async send(rel: string, range?: [number, number]): Promise<{ bytes: Uint8Array; total: number }> {
    return this.pool.run(async () => {
      this.counters.requests++;
      const r = await this.client.send(
        new GetObjectCommand({ Bucket: this.location.bucket, Key: keyOf(this.location, rel), ...(range ? { Range: `bytes=${range[0]}-${range[1]}` } : {}) }),
      );
      const bytes = r.Body ? await r.Body.transformToByteArray() : new Uint8Array(0);
      const total = r.ContentRange ? Number(/\/(\d+)$/.exec(r.ContentRange)?.[1] ?? bytes.length) : bytes.length;
      return { bytes, total };
    });
  }

  /**
   * Copy the object of `rel` to `file`: the first part tells the size, the rest are
   * fetched in parallel and written at their offsets.
   */
  async download(rel: string, file: string, noKey: string): Promise<void> {
    const first = await this.get(rel, noKey, [0, this.partBytes - 1]);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
    const fh = await fs.promises.open(tmp, 'w');
    try {
      await fh.write(first.bytes, 0, first.bytes.length, 0);
      const parts: Promise<void>[] = [];
      for (let start = first.bytes.length; start < first.total; start += this.partBytes) {
        const end = Math.min(first.total, start + this.partBytes) - 1;
        parts.push(
          this.get(rel, noKey, [start, end]).then(async ({ bytes }) => {
            await fh.write(bytes, 0, bytes.length, start);
          }),
        );
      }
      await Promise.all(parts);
      await fh.close();
      fs.renameSync(tmp, file);
      this.counters.files++;
      this.counters.bytes += first.total;
    } catch (e) {
      await fh.close().catch(() => undefined);
      fs.rmSync(tmp, { force: true });
      throw e;
    }
  }
}
