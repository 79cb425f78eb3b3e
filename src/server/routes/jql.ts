/**
 * The JQL endpoint (spec mixpanel-formats C): POST or GET `/api/query/jql`,
 * `/api/2.0/jql` and `/api/2.0/jql/`, form or query `script`, `params` (JSON object),
 * `format=json|csv`; `project_id`/`workspace_id`/`download_file` are accepted and
 * ignored. 200 with a top-level JSON array, streamed.
 */
import type { FastifyInstance } from 'fastify';
import { writeOutput } from '../../output/index.js';
import type { ServerContext } from '../context.js';
import { badRequest, HttpError, sendError } from '../http-errors.js';
import { jsonParam, requestParams } from '../request-params.js';
import { streamReply } from '../stream-reply.js';
import { requestSignal } from '../request-signal.js';

export const JQL_PATHS = ['/api/query/jql', '/api/2.0/jql', '/api/2.0/jql/'];

export async function jqlRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  for (const url of JQL_PATHS) {
    app.route({
      method: ['GET', 'POST'],
      url,
      preHandler: ctx.requireQueryAuth,
      handler: async (req, reply) => {
        const signal = requestSignal(req, reply);
        let query: Awaited<ReturnType<typeof ctx.queries.start>> | undefined;
        try {
          const p = requestParams(req);
          const script = p.script;
          if (script === undefined || script.trim() === '') throw badRequest('Missing required parameter: script');
          if (Buffer.byteLength(script) > ctx.options.maxScriptBytes) {
            throw new HttpError(413, `the script is larger than ${ctx.options.maxScriptBytes} bytes`);
          }
          const params = jsonParam(p, 'params') ?? {};
          if (typeof params !== 'object' || Array.isArray(params)) throw badRequest('parameter "params" must be a JSON object');
          const format = p.format ?? 'json';
          if (format !== 'json' && format !== 'csv') throw badRequest(`parameter "format" must be json or csv, got ${JSON.stringify(format)}`);
          query = await ctx.queries.start({ source: script, params, filename: 'script.js', signal });
          const q = query;
          let rows = 0;
          return await streamReply(
            reply,
            format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
            async (out) => {
              const summary = await writeOutput(format, q.items, out, { maxOutputMB: ctx.options.maxOutputMB });
              rows = summary.items;
            },
            () => {
              req.rows = rows;
              void q.close();
            },
            signal,
          );
        } catch (e) {
          void query?.close();
          if (signal.aborted) return reply;
          return sendError(req, reply, e);
        }
      },
    });
  }
}
