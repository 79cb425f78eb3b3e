/** Saved cohorts: list with sizes (as of now), create from the page's filters, rename, delete, members as CSV, static from a CSV. */
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import {
  CohortEngine,
  countMembers,
  createCohort,
  deleteCohort,
  dependents,
  describeCriteria,
  parseDefinition,
  renameCohort,
  storedDefinition,
} from '../../../cohort/index.js';
import { UserError } from '../../../errors.js';
import { readIds, resolveColumns, userRows, writeUsers } from '../../../users/index.js';
import { API_PATHS, type CohortSummary, type CohortsResponse, type CreateCohortRequest, type RenameCohortRequest } from '../api-types.js';
import { sortedSelection } from '../list-view.js';
import type { Store } from '../../../store/index.js';
import type { UiStore } from '../ui-store.js';
import type { Uploads } from '../uploads.js';

export function listCohorts(store: Store): CohortSummary[] {
  const engine = new CohortEngine(store, Date.now());
  const list = store.manifest.cohorts;
  return list.map((c) => {
    const d = storedDefinition(c);
    const isStatic = c.members !== undefined;
    let size = 0;
    let describe: string;
    try {
      size = countMembers(engine.members(c.name));
      describe = isStatic ? `static list of ${c.members!.length} ids${d?.source ? ` (${d.source})` : ''}` : d?.criteria ? describeCriteria(d.criteria) : '';
    } catch (e) {
      describe = `cannot be evaluated: ${(e as Error).message}`;
    }
    return {
      id: d?.id ?? 0,
      name: c.name,
      description: c.description ?? '',
      size,
      kind: isStatic ? 'static' : 'dynamic',
      describe,
      createdAt: c.createdAt ?? '',
      usedBy: dependents(list, c.name),
    };
  });
}

export function cohortRoutes(app: FastifyInstance, ui: UiStore, uploads: Uploads): void {
  app.get(API_PATHS.cohorts, async (req, reply): Promise<CohortsResponse> => ({ cohorts: listCohorts(ui.of(req, reply)) }));

  app.post<{ Body: CreateCohortRequest }>(API_PATHS.cohorts, async (req, reply): Promise<CohortsResponse> => {
    const b = req.body ?? ({} as CreateCohortRequest);
    // The same checks as `quarry cohort create --definition` (selectors parsed, shapes checked).
    const criteria = parseDefinition(b.criteria);
    await createCohort(ui.of(req, reply), { name: b.name, description: b.description || undefined, criteria });
    return { cohorts: listCohorts(ui.fresh(req, reply)) };
  });

  app.patch<{ Body: RenameCohortRequest }>(API_PATHS.cohorts, async (req, reply): Promise<CohortsResponse> => {
    const b = req.body ?? ({} as RenameCohortRequest);
    if (typeof b.from !== 'string' || typeof b.to !== 'string') throw new UserError('rename needs from and to (cohort names)');
    await renameCohort(ui.of(req, reply), b.from, b.to);
    return { cohorts: listCohorts(ui.fresh(req, reply)) };
  });

  app.delete<{ Querystring: { name?: string } }>(API_PATHS.cohorts, async (req, reply): Promise<CohortsResponse> => {
    if (!req.query.name) throw new UserError('name the cohort to delete');
    await deleteCohort(ui.of(req, reply), req.query.name);
    return { cohorts: listCohorts(ui.fresh(req, reply)) };
  });

  app.get<{ Querystring: { name?: string } }>(API_PATHS.cohortMembers, async (req, reply) => {
    const name = req.query.name;
    if (!name) throw new UserError('name the cohort');
    const store = ui.of(req, reply);
    const users = sortedSelection(ui, store, { all: true, cohort: name });
    const { columns } = resolveColumns(store);
    const body = new PassThrough();
    reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${encodeURIComponent(name)}.csv"`);
    writeUsers('csv', userRows(store, users, columns), columns, body, { total: users.length, offset: 0, noun: 'members' })
      .then(() => body.end())
      .catch((e: unknown) => body.destroy(e as Error));
    return reply.send(body);
  });

  // Raw CSV body; ?name=&description=
  app.post<{ Querystring: { name?: string; description?: string } }>(API_PATHS.cohortFromCsv, async (req, reply): Promise<CohortsResponse> => {
    const name = req.query.name ?? '';
    const up = await uploads.save(req.body as NodeJS.ReadableStream);
    try {
      const list = await readIds(up.file, name);
      if (list.ids.length === 0) throw new UserError('the file holds no distinct_ids');
      await createCohort(ui.of(req, reply), { name, description: req.query.description || undefined, members: list.ids, source: 'csv:upload' });
    } finally {
      uploads.remove(up.id);
    }
    return { cohorts: listCohorts(ui.fresh(req, reply)) };
  });
}
