/**
 * Raw event export: `GET /api/2.0/export` (spec mixpanel-formats A1): `from_date`,
 * `to_date` (required, inclusive), `event` (JSON list of names), `where`, `limit`
 * (<= 100000), `time_in_ms`. JSON lines in the hosted export shape, streamed, gzip
 * when accepted.
 */
import type { FastifyInstance } from 'fastify';
import { checkDayRange, exportEvents } from '../../export/index.js';
import { writeJsonl } from '../../output/index.js';
import type { ServerContext } from '../context.js';
import { badRequest, sendError } from '../http-errors.js';
import { boolParam, intParam, jsonParam, requestParams } from '../request-params.js';
import { requestSignal } from '../request-signal.js';
import { streamReply } from '../stream-reply.js';

export const EXPORT_LIMIT = 100_000;

export async function exportRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  for (const url of ['/api/2.0/export', '/api/2.0/export/']) {
    app.route({
      method: ['GET', 'POST'],
      url,
      preHandler: ctx.requireQueryAuth,
      handler: async (req, reply) => {
        const snap = ctx.snapshots.open();
        let handedOver = false;
        try {
          const p = requestParams(req);
          const { from, to } = checkDayRange(p.from_date, p.to_date);
          const events = jsonParam(p, 'event');
          if (events !== undefined && !(Array.isArray(events) && events.every((e) => typeof e === 'string'))) {
            throw badRequest('parameter "event" must be a JSON array of event names, e.g. ["Purchase"]');
          }
          const limit = intParam(p, 'limit', { min: 1, max: EXPORT_LIMIT });
          const records = exportEvents(snap.store, {
            from,
            to,
            events: events as string[] | undefined,
            where: p.where,
            limit,
            timeInMs: boolParam(p, 'time_in_ms'),
          });
          const signal = requestSignal(req, reply);
          let rows = 0;
          handedOver = true;
          return await streamReply(
            reply,
            'text/plain; charset=utf-8',
            async (out) => {
              rows = (await writeJsonl(records, out)).items;
            },
            () => {
              req.rows = rows;
              snap.release();
            },
            signal,
          );
        } catch (e) {
          if (!handedOver) snap.release();
          return sendError(req, reply, e, 400);
        }
      },
    });
  }
}
