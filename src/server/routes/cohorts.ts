/**
 * `POST /api/query/cohorts/list` (spec mixpanel-formats D): the saved cohorts as
 * `[{id, name, count, description, created: "YYYY-MM-DD HH:MM:SS", project_id, is_visible}]`,
 * `count` being the members as of now.
 */
import type { FastifyInstance } from 'fastify';
import { CohortEngine, countMembers, storedDefinition } from '../../cohort/index.js';
import type { ServerContext } from '../context.js';
import { sendError } from '../http-errors.js';
import { intParam, requestParams } from '../request-params.js';

export async function cohortRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  for (const url of ['/api/query/cohorts/list', '/api/2.0/cohorts/list']) {
    app.route({
      method: ['GET', 'POST'],
      url,
      preHandler: ctx.requireQueryAuth,
      handler: async (req, reply) => {
        const snap = ctx.snapshots.open();
        try {
          const p = requestParams(req);
          const projectId = intParam(p, 'project_id') ?? 0;
          const engine = new CohortEngine(snap.store);
          const list = snap.store.manifest.cohorts.map((c) => ({
            id: storedDefinition(c)?.id ?? 0,
            name: c.name,
            count: countMembers(engine.members(c.name)),
            description: c.description ?? '',
            created: c.createdAt
              .replace('T', ' ')
              .replace(/(\.\d+)?Z$/, '')
              .slice(0, 19),
            project_id: projectId,
            is_visible: 1,
          }));
          req.rows = list.length;
          return reply.type('application/json').send(JSON.stringify(list));
        } catch (e) {
          return sendError(req, reply, e, 400);
        } finally {
          snap.release();
        }
      },
    });
  }
}
