/**
 * Profile queries: `/api/2.0/engage` and `/api/query/engage`, GET or POST, parameters
 * from the query string and the form body merged. Answers
 * `{"page","page_size","session_id","status":"ok","total","results":[{"$distinct_id","$properties"}]}`;
 * any page of a session can be fetched, in any order (engage/sessions.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/index.js';
import { engageRecords } from '../../export/index.js';
import type { ServerContext } from '../context.js';
import { EngageSessions } from '../engage/sessions.js';
import { selectProfiles, type ProfileSelection } from '../engage/select-profiles.js';
import { badRequest, sendError } from '../http-errors.js';
import { intParam, requestParams } from '../request-params.js';

export const ENGAGE_PATHS = ['/api/2.0/engage', '/api/2.0/engage/', '/api/query/engage', '/api/query/engage/'];
export const DEFAULT_PAGE_SIZE = 1000;
export const MAX_PAGE_SIZE = 10_000;

export async function engageRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const sessions = new EngageSessions();
  app.addHook('onClose', async () => sessions.closeAll());
  for (const url of ENGAGE_PATHS) {
    app.route({
      method: ['GET', 'POST'],
      url,
      preHandler: ctx.requireQueryAuth,
      handler: async (req, reply) => {
        try {
          const p = requestParams(req);
          const page = intParam(p, 'page', { min: 0 }) ?? 0;
          const pageSize = intParam(p, 'page_size', { min: 1, max: MAX_PAGE_SIZE }) ?? DEFAULT_PAGE_SIZE;
          let sessionId = p.session_id === '' ? undefined : p.session_id;
          let sel = sessionId === undefined ? undefined : sessions.get(sessionId);
          if (sel === undefined) {
            if (page > 0) {
              throw badRequest(
                sessionId === undefined
                  ? 'page > 0 needs the session_id that page 0 returned'
                  : `unknown or expired session_id ${JSON.stringify(sessionId)}: fetch page 0 again for a new session`,
              );
            }
            const snapshot = ctx.snapshots.open();
            try {
              const read = selectProfiles(snapshot.store, p);
              sel = { keys: read.keys, snapshot, read };
              sessionId = sessions.create(sel);
            } catch (e) {
              snapshot.release();
              throw e;
            }
          }
          const read = sel.read as ProfileSelection;
          const slice = sel.keys.subarray(Math.min(page * pageSize, sel.keys.length), Math.min((page + 1) * pageSize, sel.keys.length));
          const results = profileRecords(sel.snapshot.store, read, slice);
          req.rows = results.length;
          return reply.type('application/json').send(
            JSON.stringify({
              page,
              page_size: pageSize,
              session_id: sessionId,
              status: 'ok',
              total: sel.keys.length,
              results,
            }),
          );
        } catch (e) {
          return sendError(req, reply, e, 400);
        }
      },
    });
  }
}

/** The engage export shape of the selected rows. */
export function profileRecords(store: Store, read: ProfileSelection, keys: Int32Array): Array<{ $distinct_id: string; $properties: Record<string, unknown> }> {
  const out: Array<{ $distinct_id: string; $properties: Record<string, unknown> }> = [];
  if (read.groupKey !== undefined) {
    const table = store.groupProfiles(read.groupKey)!;
    const gids = table.groupIds;
    const wanted = read.properties === undefined ? undefined : new Set(read.properties);
    for (const r of keys) {
      const all = table.propertiesAt(r);
      const props = wanted === undefined ? all : Object.fromEntries(Object.entries(all).filter(([k]) => wanted.has(k)));
      out.push({ $distinct_id: gids[r]!, $properties: props });
    }
    return out;
  }
  out.push(...engageRecords(store, keys, read.properties));
  return out;
}
