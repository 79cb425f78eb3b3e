/**
 * Plugins that other parts of quarry add to the server, each registered with the
 * shared ServerContext after the API routes. The web app (src/server/ui/) adds
 * itself here with one line:
 *
 *   import { uiPlugin } from './ui/index.js';
 *   export const extraPlugins: ServerPlugin[] = [uiPlugin];
 */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from './context.js';

export type ServerPlugin = (app: FastifyInstance, ctx: ServerContext) => Promise<void>;

export const extraPlugins: ServerPlugin[] = [];
