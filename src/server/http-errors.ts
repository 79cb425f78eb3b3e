/**
 * The one error codec of the HTTP boundary: any error a route throws becomes a
 * non-2xx status plus `{"error": text, "request": path}`, the body every client of
 * the hosted API checks (a JSON `error` key, or the status). Script errors are 412 as
 * hosted; internal bugs are 500 with no stack trace.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LimitError, ScriptError, SelectorError, UserError } from '../errors.js';
import { BusyError } from './query-runner.js';

/** An error with an explicit HTTP status (bad parameters, auth, body limits). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new HttpError(400, message);

export interface HttpFailure {
  status: number;
  error: string;
  headers: Record<string, string>;
}

/** Status and text for an error thrown while answering a query (`scriptStatus` for script-level errors: 412 for JQL). */
export function describeError(e: unknown, scriptStatus = 412): HttpFailure {
  if (e instanceof HttpError) return { status: e.status, error: e.message, headers: e.headers };
  if (e instanceof BusyError) return { status: 429, error: e.message, headers: { 'retry-after': '1' } };
  if (e instanceof LimitError) {
    if (e.limit === 'output') return { status: 413, error: e.message, headers: {} };
    return { status: 412, error: `${e.limit === 'timeout' ? 'Timeout' : 'LimitExceeded'}: ${e.message}`, headers: {} };
  }
  if (e instanceof ScriptError) return { status: scriptStatus, error: e.message, headers: {} };
  if (e instanceof SelectorError) return { status: scriptStatus, error: `invalid selector: ${e.message}`, headers: {} };
  if (e instanceof UserError) return { status: scriptStatus === 412 ? 400 : scriptStatus, error: e.message, headers: {} };
  // Fastify's own errors (body too large, bad content type, bad JSON) carry a statusCode.
  const status = (e as { statusCode?: number }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return { status, error: (e as Error).message, headers: {} };
  return { status: 500, error: `internal error: ${(e as Error)?.message ?? String(e)} (a bug in quarry; please report it)`, headers: {} };
}

export function sendError(req: FastifyRequest, reply: FastifyReply, e: unknown, scriptStatus = 412): FastifyReply {
  const f = describeError(e, scriptStatus);
  if (f.status === 500) req.log.error({ err: e }, 'internal error');
  return reply
    .code(f.status)
    .headers(f.headers)
    .type('application/json')
    .send(JSON.stringify({ error: f.error, request: req.url }));
}
