/**
 * A local S3-compatible server (s3rver) on 127.0.0.1 for tests, with a helper that
 * uploads a store directory the way `aws s3 sync` would (every file, same relative keys).
 */
import fs from 'node:fs';
import path from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { tempDir } from './temp.js';

export interface LocalS3 {
  endpoint: string;
  client: S3Client;
  /** Environment for a quarry child process that reads from this server. */
  env(extra?: Record<string, string>): Record<string, string>;
  upload(storeDir: string, bucket: string, prefix: string): Promise<void>;
  close(): Promise<void>;
}

export async function startLocalS3(): Promise<LocalS3> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const server = new S3rver({ port: 0, address: '127.0.0.1', directory: tempDir('quarry-s3rver-'), silent: true });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  // s3rver's built-in key pair.
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const client = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials });
  const made = new Set<string>();
  return {
    endpoint,
    client,
    env: (extra = {}) => ({
      QUARRY_S3_ENDPOINT: endpoint,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_REGION: 'us-east-1',
      QUARRY_S3_CACHE: tempDir('quarry-s3-cache-'),
      ...extra,
    }),
    async upload(storeDir, bucket, prefix) {
      if (!made.has(bucket)) {
        await client.send(new CreateBucketCommand({ Bucket: bucket }));
        made.add(bucket);
      }
      for (const rel of walk(storeDir)) {
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}/${rel}`, Body: fs.readFileSync(path.join(storeDir, rel)) }));
      }
    },
    async close() {
      client.destroy();
      await server.close();
    },
  };
}

function walk(root: string, rel = ''): string[] {
  return fs.readdirSync(path.join(root, rel), { withFileTypes: true }).flatMap((e) => {
    const r = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? walk(root, r) : [r];
  });
}
