/**
 * Plugins that other parts of quarry add to the server, each registered with the
 * shared ServerContext after the API routes: the web app (src/server/ui/) at `/`
 * and `/ui/api/`.
 */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from './context.js';
import { uiPlugin } from './ui/index.js';

export type ServerPlugin = (app: FastifyInstance, ctx: ServerContext) => Promise<void>;

export const extraPlugins: ServerPlugin[] = [uiPlugin];
