/**
 * `buildServer(options)`: the fastify instance with its plugins (form bodies,
 * compression, rate limits), the body caps, the request log, the API routes and the
 * extra plugins (the web app). `startServer` also checks the bind address and
 * listens.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import compress from '@fastify/compress';
import rateLimit from '@fastify/rate-limit';
import os from 'node:os';
import { UsageError } from '../errors.js';
import { prewarmSandbox, setSandboxPoolSize } from '../sandbox/index.js';
import { createContext, type ServerContext } from './context.js';
import { sendError } from './http-errors.js';
import { IngestLog } from './ingest/ingest-log.js';
import { isLoopback, type ServerOptions } from './options.js';
import { extraPlugins } from './plugins.js';
import { jqlRoutes } from './routes/jql.js';
import { ingestRoutes } from './routes/ingest.js';
import { engageRoutes } from './routes/engage.js';
import { cohortRoutes } from './routes/cohorts.js';
import { exportRoutes } from './routes/export.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Result rows (or ingested records) of this request, for the request log. */
    rows: number | undefined;
  }
}

export interface Server {
  app: FastifyInstance;
  ctx: ServerContext;
  /** Stop listening, finish the ingestion log's last commit. */
  close(): Promise<void>;
}

export async function buildServer(options: ServerOptions): Promise<Server> {
  // One reusable sandbox worker per concurrent query: starting a worker and QuickJS
  // costs ~0.3 s, more than most queries.
  setSandboxPoolSize(options.maxConcurrent);
  prewarmSandbox(options.memoryBytes, Math.min(options.maxConcurrent, os.availableParallelism()));
  const ingest = await IngestLog.open(options.storeDir, {
    commitIntervalMs: options.commitIntervalMs,
    commitRecords: options.commitRecords,
    onError: (m) => process.stderr.write(`quarry serve: ${m}\n`),
  });
  const ctx = createContext(options, ingest);
  let app: FastifyInstance;
  try {
    app = await buildApp(options, ctx);
  } catch (e) {
    await ingest.close();
    throw e;
  }
  return {
    app,
    ctx,
    close: async () => {
      await app.close();
      await ingest.close();
    },
  };
}

async function buildApp(options: ServerOptions, ctx: ServerContext): Promise<FastifyInstance> {
  const app = (options.tls
    ? Fastify({ logger: false, bodyLimit: options.bodyLimit, forceCloseConnections: true, https: options.tls })
    : Fastify({ logger: false, bodyLimit: options.bodyLimit, forceCloseConnections: true })) as unknown as FastifyInstance;
  app.decorateRequest('rows', undefined);
  await app.register(formbody, { bodyLimit: options.bodyLimit });
  await app.register(compress, { global: true, threshold: 1024, encodings: ['gzip', 'deflate'], requestEncodings: ['gzip', 'deflate'] });
  app.addContentTypeParser('application/x-ndjson', { parseAs: 'string', bodyLimit: options.bodyLimit }, (_req, body, done) => done(null, body));
  if (options.rateLimit > 0) await app.register(rateLimit, { max: options.rateLimit, timeWindow: '1 minute' });
  if (options.log) {
    app.addHook('onResponse', async (req, reply) => {
      const ms = reply.elapsedTime.toFixed(0);
      const path = req.url.split('?')[0];
      process.stderr.write(`${req.method} ${path} ${reply.statusCode} ${ms}ms${req.rows === undefined ? '' : ` ${req.rows} rows`}\n`);
    });
  }
  app.setErrorHandler((e, req, reply) => sendError(req, reply, e, 400));
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send({ error: `no endpoint ${req.method} ${req.url.split('?')[0]} (see docs/serve.md)`, request: req.url }),
  );

  await jqlRoutes(app, ctx);
  await ingestRoutes(app, ctx);
  await engageRoutes(app, ctx);
  await cohortRoutes(app, ctx);
  await exportRoutes(app, ctx);
  for (const plugin of extraPlugins) await plugin(app, ctx);
  return app;
}

/** Build, check the address (no non-loopback bind without --auth), listen. Resolves to the URL. */
export async function startServer(options: ServerOptions): Promise<Server & { url: string }> {
  if (!isLoopback(options.host) && options.auth === undefined) {
    throw new UsageError(
      `refusing to listen on ${options.host} without --auth: anyone who can reach it could read and write the store. ` +
        'Give --auth USER:SECRET (clients then send HTTP Basic auth), or listen on 127.0.0.1.',
    );
  }
  const server = await buildServer(options);
  try {
    await server.app.listen({ host: options.host, port: options.port });
  } catch (e) {
    await server.close();
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`port ${options.port} on ${options.host} is already in use: pick another with --port`);
    if (code === 'EADDRNOTAVAIL') throw new UsageError(`cannot listen on ${options.host}: no such local address`);
    throw e;
  }
  const addr = server.app.server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return { ...server, url: `${options.tls ? 'https' : 'http'}://${host}:${port}` };
}
