/**
 * Child process of fetch-late.ts: download one store file into a mirror directory.
 * argv: MIRROR_DIR REL. Prints the bytes fetched; on failure, one line on stderr and
 * exit 1.
 */
import path from 'node:path';
import { missingFileMessage, readMirrorInfo } from './mirror.js';
import { S3Fetcher } from './s3-fetch.js';

async function main(): Promise<void> {
  const [dir, rel] = process.argv.slice(2) as [string, string];
  const info = readMirrorInfo(dir);
  if (info === null) throw new Error(`${dir} is not a mirror of a store on S3`);
  const fetcher = new S3Fetcher(info.location, info.config);
  await fetcher.download(rel, path.join(dir, rel), missingFileMessage(info.uri, rel));
  process.stdout.write(`${fetcher.counters.bytes}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).message.replace(/\n/g, ' ')}\n`);
  process.exitCode = 1;
});
