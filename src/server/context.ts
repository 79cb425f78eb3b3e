/**
 * What every route (and the web app's plugin under /ui/api/) shares: the options,
 * pinned store snapshots, the query runner with its limits and concurrency, the
 * ingestion log, and the credential checks as fastify hooks.
 *
 *   app.get('/ui/api/x', { preHandler: ctx.requireQueryAuth }, async (req) => {
 *     const snap = ctx.snapshots.open();
 *     try { ...snap.store... } finally { snap.release(); }
 *   });
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseAuth, queryAuthorized, type QueryAuth } from './auth.js';
import { sendError, HttpError } from './http-errors.js';
import type { IngestLog } from './ingest/ingest-log.js';
import type { ServerOptions } from './options.js';
import { QueryRunner } from './query-runner.js';
import { Snapshots } from './snapshots.js';

export interface ServerContext {
  options: ServerOptions;
  snapshots: Snapshots;
  queries: QueryRunner;
  /** Appends acknowledged ingestion batches durably; merged by background commits. */
  ingest: IngestLog;
  /** Parsed --auth (undefined: no credentials needed, loopback only). */
  auth: QueryAuth | undefined;
  /** preHandler for query endpoints: 401 unless the request carries the credentials. */
  requireQueryAuth: (req: FastifyRequest, reply: FastifyReply) => Promise<void>;
}

export function createContext(options: ServerOptions, ingest: IngestLog): ServerContext {
  const snapshots = new Snapshots(options.storeDir);
  const auth = options.auth === undefined ? undefined : parseAuth(options.auth);
  const queries = new QueryRunner(
    { maxConcurrent: options.maxConcurrent, timeoutMs: options.timeoutMs, memoryBytes: options.memoryBytes, threads: options.threads },
    snapshots,
  );
  ingest.onCommit(() => snapshots.invalidate());
  return {
    options,
    snapshots,
    queries,
    ingest,
    auth,
    requireQueryAuth: async (req, reply) => {
      if (!queryAuthorized(auth, req.headers.authorization)) {
        reply.header('www-authenticate', 'Basic realm="quarry"');
        sendError(
          req,
          reply,
          new HttpError(
            401,
            'Invalid credentials: send HTTP Basic auth with the service account user:secret given to quarry serve --auth, or the secret as user name',
          ),
        );
      }
    },
  };
}
