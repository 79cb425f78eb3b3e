/**
 * The Users page and the JQL console as a plugin of `quarry serve`: the built page
 * (web/, bundled by Vite into dist/web at build time) at `/`, and its JSON endpoints
 * under `/ui/api/` over the same engine and the same pinned snapshots as the hosted
 * API. Query credentials (--auth) guard both, so a browser asks for them once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';
import { sendError } from '../http-errors.js';
import { cohortRoutes } from './routes/cohorts.js';
import { countsRoutes } from './routes/counts.js';
import { importRoutes } from './routes/import-csv.js';
import { jqlConsoleRoutes } from './routes/jql.js';
import { metaRoutes } from './routes/meta.js';
import { profileRoutes } from './routes/profile.js';
import { userRoutes } from './routes/user.js';
import { usersRoutes } from './routes/users.js';
import { pageOf } from './list-view.js';
import { UiStore } from './ui-store.js';
import { MAX_UPLOAD_BYTES, Uploads } from './uploads.js';

/** The package root: where package.json is, above this file in src/ or in dist/src/. */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

export function webRoot(): string {
  return path.join(packageRoot(), 'dist', 'web');
}

const NOT_BUILT = `<!doctype html><html lang="en"><title>quarry</title><body><h1>quarry</h1>
<p>The web page is not built. Run <code>npm run build</code> (or <code>npm ci</code>) in the quarry folder, then reload.</p></body></html>`;

export async function uiPlugin(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  await app.register(async (scope) => {
    const ui = new UiStore(ctx.snapshots);
    const uploads = new Uploads();
    scope.addHook('onClose', async () => uploads.close());
    // The first page's work (user dictionary, profile columns, the default order) is
    // done once the server is up, in the background, so a first visit does not wait
    // for it (2 s on a million profiles).
    scope.addHook('onReady', async () => {
      setTimeout(() => warmUp(ui, ctx), 0).unref();
    });
    scope.addHook('preHandler', ctx.requireQueryAuth);
    scope.setErrorHandler((e, req, reply) => sendError(req, reply, e, 400));
    // CSV uploads arrive as the raw body, streamed to a file (not buffered).
    scope.addContentTypeParser(['text/csv', 'application/octet-stream'], { bodyLimit: MAX_UPLOAD_BYTES }, (_req, payload, done) => done(null, payload));

    metaRoutes(scope, ui, path.join(packageRoot(), 'examples'));
    usersRoutes(scope, ui);
    userRoutes(scope, ui);
    countsRoutes(scope, ui);
    cohortRoutes(scope, ui, uploads);
    profileRoutes(scope, ui);
    importRoutes(scope, ui, uploads);
    jqlConsoleRoutes(scope, ctx);

    const root = webRoot();
    if (fs.existsSync(path.join(root, 'index.html'))) {
      await scope.register(fastifyStatic, { root, prefix: '/', index: ['index.html'], wildcard: false });
    } else {
      scope.get('/', async (_req, reply) => reply.type('text/html; charset=utf-8').send(NOT_BUILT));
    }
  });
}

function warmUp(ui: UiStore, ctx: ServerContext): void {
  try {
    const snap = ctx.snapshots.open();
    try {
      // The default listing, its order and the default columns' cells (decoding a text
      // column of a million profiles takes a few hundred ms).
      for (const _ of pageOf(ui, snap.store, {}).rows());
      // Opening a profile looks its id up: build the id -> user map now too.
      snap.store.users.lookup('');
    } finally {
      snap.release();
    }
  } catch {
    // A store that cannot be read now says so on the first request.
  }
}
