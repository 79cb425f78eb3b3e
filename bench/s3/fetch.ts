/**
 * A store on S3: bytes fetched and wall time per query, against a local s3rver.
 *
 *   npm run build && node dist/bench/s3/fetch.js [--events 200000] [--out bench/results/s3-fetch.md]
 *
 * Builds the demo store, uploads it to an s3rver on 127.0.0.1, and runs examples with
 * --stats three ways: the local store, S3 with an empty mirror (cold), S3 again (warm).
 * Loopback has no network latency: the cold column shows the transfer and request
 * overhead, not a real S3 round trip.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { buildDemoStore } from '../../src/cli/build-demo.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : dflt;
};
const events = Number(arg('events', '200000'));
const outFile = arg('out', path.join(ROOT, 'bench', 'results', 's3-fetch.md'));
const QUERIES = ['events-by-name.js', 'revenue-by-plan.js', 'unique-users-by-country.js', 'active-days-per-user.js', 'top-cart-items.js'];

function walk(root: string, rel = ''): string[] {
  return fs.readdirSync(path.join(root, rel), { withFileTypes: true }).flatMap((e) => {
    const r = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? walk(root, r) : [r];
  });
}

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quarry-bench-s3-'));
  try {
    const local = path.join(tmp, 'store');
    await buildDemoStore(local, { events });
    const files = walk(local);
    const storeBytes = files.reduce((n, f) => n + fs.statSync(path.join(local, f)).size, 0);
    const server = new S3rver({ port: 0, address: '127.0.0.1', directory: path.join(tmp, 's3'), silent: true });
    const { port } = await server.run();
    const endpoint = `http://127.0.0.1:${port}`;
    const client = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    await client.send(new CreateBucketCommand({ Bucket: 'bench' }));
    for (const f of files) await client.send(new PutObjectCommand({ Bucket: 'bench', Key: `demo/${f}`, Body: fs.readFileSync(path.join(local, f)) }));
    const env = {
      ...process.env,
      QUARRY_S3_ENDPOINT: endpoint,
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      QUARRY_S3_CACHE: path.join(tmp, 'mirror'),
    };
    const run = (script: string, store: string) => {
      const t0 = performance.now();
      const r = spawnSync(
        process.execPath,
        [path.join(ROOT, 'bin', 'quarry.js'), 'run', path.join(ROOT, 'examples', script), '--store', store, '--format', 'json', '--stats'],
        { env, encoding: 'utf8' },
      );
      const ms = performance.now() - t0;
      if (r.status !== 0) throw new Error(`${script} on ${store}: ${r.stderr}`);
      const stats = JSON.parse(r.stderr.split('\n').find((l) => l.startsWith('{"stats"'))!).stats;
      return { ms, out: r.stdout, fetched: stats.fetched as { files: number; bytes: number } | undefined };
    };
    const rows: string[] = [];
    for (const q of QUERIES) {
      const l = run(q, local);
      const cold = run(q, 's3://bench/demo');
      const warm = run(q, 's3://bench/demo');
      if (cold.out !== l.out || warm.out !== l.out) throw new Error(`${q}: S3 output differs from the local store`);
      const kb = (b: number) => `${(b / 1024).toFixed(0)} KiB`;
      rows.push(
        `| ${q} | ${cold.fetched!.files} | ${kb(cold.fetched!.bytes)} (${((100 * cold.fetched!.bytes) / storeBytes).toFixed(1)}%) | ${l.ms.toFixed(0)} | ${cold.ms.toFixed(0)} | ${warm.ms.toFixed(0)} |`,
      );
      fs.rmSync(path.join(tmp, 'mirror'), { recursive: true, force: true });
    }
    client.destroy();
    await server.close();
    const text = [
      `# Store on S3 (s3rver on loopback): ${events} demo events, store ${(storeBytes / 1024 / 1024).toFixed(1)} MiB in ${files.length} files`,
      '',
      `${new Date().toISOString()}, ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}. Wall ms per whole CLI run.`,
      '',
      '| query | files fetched | bytes fetched (of the store) | local ms | S3 cold ms | S3 warm ms |',
      '|---|---|---|---|---|---|',
      ...rows,
      '',
    ].join('\n');
    fs.mkdirSync(path.dirname(outFile), { recursive: true });
    fs.writeFileSync(outFile, text);
    process.stdout.write(text);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
