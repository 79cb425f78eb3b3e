/**
 * The JQL console's endpoint: the server's query runner (the same one as the hosted
 * `/api/2.0/jql`, with its limits and concurrency), answered as one JSON object with
 * the rows (at most MAX_ROWS), the run's figures, and for a script error the line.
 */
import type { FastifyInstance } from 'fastify';
import { ScriptError, SelectorError } from '../../../errors.js';
import type { ServerContext } from '../../context.js';
import { describeError, HttpError } from '../../http-errors.js';
import { requestSignal } from '../../request-signal.js';
import { API_PATHS, type ApiError, type JqlRequest, type JqlResponse } from '../api-types.js';

export const MAX_ROWS = 10_000;

export function jqlConsoleRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post<{ Body: JqlRequest }>(API_PATHS.jql, async (req, reply) => {
    const started = performance.now();
    const signal = requestSignal(req, reply);
    const b = req.body ?? ({} as JqlRequest);
    let query: Awaited<ReturnType<typeof ctx.queries.start>> | undefined;
    try {
      if (typeof b.script !== 'string' || b.script.trim() === '') throw new HttpError(400, 'write a script with a main() function');
      if (Buffer.byteLength(b.script) > ctx.options.maxScriptBytes) throw new HttpError(413, `the script is larger than ${ctx.options.maxScriptBytes} bytes`);
      const params = b.params ?? {};
      if (typeof params !== 'object' || params === null || Array.isArray(params)) throw new HttpError(400, 'params must be a JSON object');
      query = await ctx.queries.start({ source: b.script, params, filename: 'script.js', signal });
      const rows: unknown[] = [];
      let truncated = false;
      for await (const item of query.items) {
        if (rows.length >= MAX_ROWS) {
          truncated = true;
          break;
        }
        rows.push(item);
      }
      await query.close();
      req.rows = rows.length;
      const stats = JSON.parse(JSON.stringify(query.stats ?? {})) as Record<string, unknown>;
      const out: JqlResponse = { rows: JSON.parse(JSON.stringify(rows)) as unknown[], truncated, stats, ms: Math.round(performance.now() - started) };
      return out;
    } catch (e) {
      void query?.close();
      if (signal.aborted) return reply;
      const f = describeError(e, 412);
      const body: ApiError = { error: f.error };
      if (e instanceof ScriptError) {
        body.kind = e.kind;
        if (e.location) {
          body.line = e.location.line;
          body.column = e.location.column;
        }
      } else if (e instanceof SelectorError) {
        body.kind = 'SelectorError';
      }
      return reply.code(f.status).headers(f.headers).send(body);
    }
  });
}
