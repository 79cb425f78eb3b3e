/** The users table: one page of a query, the export of the whole view, the saved columns. */
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { UserError } from '../../../errors.js';
import { setDefaultColumns, userRows, writeUsers } from '../../../users/index.js';
import { API_PATHS, type ColumnsResponse, type UsersQuery, type UsersResponse } from '../api-types.js';
import { columnsOf, pageOf, sortedSelection } from '../list-view.js';
import type { UiStore } from '../ui-store.js';

const cell = (v: unknown) => (v === undefined ? null : v);

export function usersRoutes(app: FastifyInstance, ui: UiStore): void {
  app.post<{ Body: UsersQuery }>(API_PATHS.users, async (req, reply): Promise<UsersResponse> => {
    const started = performance.now();
    const q = req.body ?? {};
    const p = pageOf(ui, ui.of(req, reply), q);
    const rows = [...p.rows()].map((r) => ({ distinctId: r.id, hasProfile: r.hasProfile, values: r.values.map(cell) }));
    return { total: p.total, page: p.page, pageSize: p.pageSize, columns: p.columns, rows, warnings: p.warnings, ms: Math.round(performance.now() - started) };
  });

  // GET so that a plain link downloads it: ?q=<UsersQuery as JSON>&format=csv|json
  app.get<{ Querystring: { q?: string; format?: string } }>(API_PATHS.usersExport, async (req, reply) => {
    const format = req.query.format ?? 'csv';
    if (format !== 'csv' && format !== 'json') throw new UserError(`format must be csv or json, got ${JSON.stringify(format)}`);
    let q: UsersQuery;
    try {
      q = JSON.parse(req.query.q ?? '{}') as UsersQuery;
    } catch {
      throw new UserError('q must be the users query as JSON');
    }
    const store = ui.of(req, reply);
    const users = sortedSelection(ui, store, q);
    const { columns } = columnsOf(store, q);
    const body = new PassThrough();
    reply
      .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="users.${format}"`);
    const page = { total: users.length, page: undefined, pageSize: undefined, offset: 0, noun: 'users' };
    writeUsers(format, userRows(store, users, columns), columns, body, page)
      .then(() => body.end())
      .catch((e: unknown) => body.destroy(e as Error));
    return reply.send(body);
  });

  app.get(API_PATHS.columns, async (req, reply): Promise<ColumnsResponse> => {
    const store = ui.of(req, reply);
    return { columns: columnsOf(store, {}).columns, warnings: [] };
  });

  app.put<{ Body: { columns?: unknown } }>(API_PATHS.columns, async (req, reply): Promise<ColumnsResponse> => {
    const cols = req.body?.columns;
    if (!Array.isArray(cols) || !cols.every((c) => typeof c === 'string')) throw new UserError('columns must be a list of property names');
    return setDefaultColumns(ui.of(req, reply), cols as string[]);
  });
}
