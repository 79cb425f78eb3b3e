/**
 * Ingestion (spec mixpanel-formats A4, B3, B4): `/track`, `/import`, `/engage`,
 * `/groups`, GET or POST. A 200 means the records are in the store's write-ahead log
 * on disk; queries see them after the next background commit (docs/serve.md).
 * Deduplication by `$insert_id` happens when the log is merged, as in `quarry import`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { basicCredentials, queryAuthorized, sameSecret } from '../auth.js';
import type { ServerContext } from '../context.js';
import { HttpError } from '../http-errors.js';
import { checkEvents } from '../ingest/check-events.js';
import { checkUpdates } from '../ingest/check-updates.js';
import { requestRecords } from '../ingest/payload.js';
import { boolParam, requestParams } from '../request-params.js';

/** Answer of /track, /engage, /groups: `1`/`0`, or `{"status","error"}` with verbose=1. */
function simpleAnswer(reply: FastifyReply, verbose: boolean, error: string | null, status = 200): FastifyReply {
  reply.code(status);
  if (verbose) return reply.type('application/json').send(JSON.stringify({ status: error === null ? 1 : 0, error }));
  return reply.type('text/plain').send(error === null ? '1' : '0');
}

function tooMany(ctx: ServerContext, n: number): HttpError | null {
  return n > ctx.options.maxBatch ? new HttpError(413, `too many records in one request: ${n} (at most ${ctx.options.maxBatch}); send smaller batches`) : null;
}

export async function ingestRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const tz = (() => {
    const snap = ctx.snapshots.open();
    try {
      return snap.store.timezone;
    } finally {
      snap.release();
    }
  })();

  const simple = (kind: 'track' | 'engage' | 'groups') => async (req: FastifyRequest, reply: FastifyReply) => {
    const p = requestParams(req);
    const verbose = boolParam(p, 'verbose') ?? false;
    let records: unknown[];
    try {
      records = requestRecords(req, p);
      const big = tooMany(ctx, records.length);
      if (big) throw big;
    } catch (e) {
      return simpleAnswer(reply, verbose, (e as Error).message, e instanceof HttpError && e.status === 413 ? 413 : 200);
    }
    const nowMs = Date.now();
    let accepted: unknown[];
    let error: string | null = null;
    if (kind === 'track') {
      const c = checkEvents(records, { timeDefaultsToNow: true, strict: false, token: ctx.options.token, nowMs, timezone: tz });
      accepted = c.accepted;
      if (c.failed.length) error = c.failed.map((f) => `record ${f.index}: ${f.message}`).join('; ');
    } else {
      const c = checkUpdates(records, { token: ctx.options.token, nowMs, groups: kind === 'groups' });
      accepted = c.accepted;
      if (c.errors.length) error = c.errors.join('; ');
    }
    // As hosted: one bad record fails the request (the client sees 0 and can fix it).
    if (error !== null) return simpleAnswer(reply, verbose, error);
    try {
      await ctx.ingest.append(kind === 'track' ? 'events' : 'updates', accepted);
    } catch (e) {
      return simpleAnswer(reply, verbose, `not stored: ${(e as Error).message}`, 503);
    }
    req.rows = accepted.length;
    return simpleAnswer(reply, verbose, null);
  };

  for (const [url, kind] of [
    ['/track', 'track'],
    ['/engage', 'engage'],
    ['/groups', 'groups'],
  ] as const) {
    app.route({ method: ['GET', 'POST'], url, handler: simple(kind) });
    app.route({ method: ['GET', 'POST'], url: `${url}/`, handler: simple(kind) });
  }

  const importHandler = async (req: FastifyRequest, reply: FastifyReply) => {
    const p = requestParams(req);
    const strict = boolParam(p, 'strict') ?? false;
    const verbose = boolParam(p, 'verbose') ?? false;
    const json = (status: number, body: Record<string, unknown>) => reply.code(status).type('application/json').send(JSON.stringify(body));
    if (!importAuthorized(ctx, req.headers.authorization)) {
      return json(401, { code: 401, error: 'Invalid credentials', status: 'Unauthorized' });
    }
    let records: unknown[];
    try {
      records = requestRecords(req, p);
      const big = tooMany(ctx, records.length);
      if (big) throw big;
    } catch (e) {
      const status = e instanceof HttpError ? e.status : 400;
      return json(status, { code: status, error: (e as Error).message, status: status === 413 ? 'Payload Too Large' : 'Bad Request', num_records_imported: 0 });
    }
    // The token in Basic auth (or none required) stands for every record.
    const c = checkEvents(records, { timeDefaultsToNow: false, strict, nowMs: Date.now(), timezone: tz });
    try {
      await ctx.ingest.append('events', c.accepted);
    } catch (e) {
      return json(503, { code: 503, error: `not stored: ${(e as Error).message}`, status: 'Service Unavailable', num_records_imported: 0 });
    }
    req.rows = c.accepted.length;
    const n = c.accepted.length;
    if (c.failed.length > 0 && (strict || n === 0)) {
      return json(400, {
        code: 400,
        error: `${c.failed.length} of ${records.length} records failed validation`,
        status: 'Bad Request',
        num_records_imported: n,
        failed_records: c.failed,
      });
    }
    if (strict) return json(200, { code: 200, num_records_imported: n, status: 'OK' });
    if (verbose) return json(200, { code: 200, num_records_imported: n, status: 1, error: null });
    return reply.type('text/plain').send('1');
  };
  app.route({ method: ['GET', 'POST'], url: '/import', handler: importHandler });
  app.route({ method: ['GET', 'POST'], url: '/import/', handler: importHandler });
}

/**
 * /import takes the project token as Basic user name, the service account or the
 * secret (query credentials); with neither --token nor --auth anything goes.
 */
function importAuthorized(ctx: ServerContext, header: string | undefined): boolean {
  const { token } = ctx.options;
  if (token === undefined && ctx.auth === undefined) return true;
  const c = basicCredentials(header);
  const byToken = token !== undefined && c !== null && sameSecret(c.user, token);
  const byAccount = ctx.auth !== undefined && queryAuthorized(ctx.auth, header);
  return byToken || byAccount;
}
