import { StoreError, UsageError } from '../../errors.js';
import { defineCommand, storeOption } from '../define-command.js';

interface ServeArgs {
  store?: string;
  host: string;
  port: number;
  auth?: string;
  token?: string;
  maxConcurrent?: number;
  timeout: number;
  memory: number;
  maxOutput: number;
  threads: number;
  commitInterval: number;
  commitRecords: number;
  rateLimit: number;
  quiet?: boolean;
  tlsKey?: string;
  tlsCert?: string;
}

export const serveCommand = defineCommand<ServeArgs>({
  command: 'serve',
  describe: 'Serve the hosted JQL, engage, export and ingestion HTTP API locally (docs/serve.md)',
  examples: [
    ['quarry serve --store ./events', 'http://127.0.0.1:8787: point clients at it instead of mixpanel.com'],
    ['quarry serve --host 0.0.0.0 --auth svc:s3cret --token tok', 'on the network: queries need Basic svc:s3cret, ingestion the token'],
    ['curl --data-urlencode script@q.js http://127.0.0.1:8787/api/2.0/jql', 'run a script file over HTTP, as the hosted endpoint'],
  ],
  builder: (y) =>
    storeOption(y)
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'Address to listen on (anything but loopback needs --auth)' })
      .option('port', { type: 'number', default: 8787, describe: 'Port (0: any free port)' })
      .option('auth', { type: 'string', describe: 'Credentials query endpoints require: USER:SECRET (service account) or SECRET' })
      .option('token', { type: 'string', describe: 'Project token ingestion requests must carry (default: any)' })
      .option('max-concurrent', { type: 'number', describe: 'Queries running at once; more get 429 (default: the number of cores)' })
      .option('timeout', { type: 'number', default: 120, describe: 'Seconds a query may run' })
      .option('memory', { type: 'number', default: 256, describe: 'Sandbox heap limit per query, MB' })
      .option('max-output', { type: 'number', default: 2048, describe: 'Largest query result, MB (413 beyond)' })
      .option('threads', { type: 'number', default: 1, describe: 'Worker threads per query' })
      .option('commit-interval', { type: 'number', default: 2, describe: 'Seconds between background commits of ingested data' })
      .option('commit-records', { type: 'number', default: 100_000, describe: 'Commit sooner once this many records are waiting' })
      .option('rate-limit', { type: 'number', default: 0, describe: 'Requests per minute per client address (0: none)' })
      .option('tls-key', { type: 'string', describe: 'Serve HTTPS: PEM private key file (with --tls-cert)' })
      .option('tls-cert', { type: 'string', describe: 'Serve HTTPS: PEM certificate file (with --tls-key)' })
      .option('quiet', { type: 'boolean', describe: 'No request log on standard error' })
      .implies('tls-key', 'tls-cert')
      .implies('tls-cert', 'tls-key') as never,
  handler: async (a) => {
    for (const [flag, v] of [
      ['--port', a.port],
      ['--timeout', a.timeout],
      ['--memory', a.memory],
      ['--threads', a.threads],
      ['--commit-interval', a.commitInterval],
      ['--commit-records', a.commitRecords],
      ['--max-concurrent', a.maxConcurrent ?? 1],
      ['--rate-limit', a.rateLimit],
    ] as const) {
      if (!Number.isFinite(v) || v < 0) throw new UsageError(`${flag} needs a number >= 0, got ${v}`);
    }
    if (a.maxConcurrent !== undefined && (!Number.isInteger(a.maxConcurrent) || a.maxConcurrent < 1))
      throw new UsageError(`--max-concurrent needs a whole number >= 1, got ${a.maxConcurrent}`);
    const [{ resolveStore }, { startServer, defaultServerOptions }] = await Promise.all([import('../resolve-store.js'), import('../../server/index.js')]);
    const { store } = await resolveStore(a.store);
    if (store.remote)
      throw new StoreError(
        `quarry serve ingests and re-reads its store, so it needs a local one: copy the store with aws s3 sync ${store.remote.uri} DIR, then quarry serve --store DIR`,
      );
    const o = defaultServerOptions(store.dir);
    const fs = await import('node:fs');
    const readPem = (file: string, what: string) => {
      try {
        return fs.readFileSync(file);
      } catch (e) {
        throw new UsageError(`cannot read the TLS ${what} ${file}: ${(e as Error).message}`);
      }
    };
    const tls = a.tlsKey !== undefined && a.tlsCert !== undefined ? { key: readPem(a.tlsKey, 'key'), cert: readPem(a.tlsCert, 'certificate') } : undefined;
    const server = await startServer({
      ...o,
      host: a.host,
      port: a.port,
      auth: a.auth,
      token: a.token,
      maxConcurrent: a.maxConcurrent ?? o.maxConcurrent,
      timeoutMs: a.timeout * 1000,
      memoryBytes: a.memory * 1024 * 1024,
      maxOutputMB: a.maxOutput,
      threads: Math.max(1, a.threads),
      commitIntervalMs: a.commitInterval * 1000,
      commitRecords: Math.max(1, a.commitRecords),
      rateLimit: a.rateLimit,
      log: !a.quiet,
      tls,
    });
    process.stderr.write(`quarry serve: listening on ${server.url} (store ${store.dir})\n`);
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.stderr.write('quarry serve: stopping (committing what was ingested)\n');
        server.close().then(resolve, resolve);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  },
});
