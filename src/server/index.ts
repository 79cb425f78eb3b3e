/**
 * `quarry serve`: the hosted query and ingestion HTTP API, locally (docs/serve.md).
 */
export { buildServer, startServer, type Server } from './build-server.js';
export { defaultServerOptions, isLoopback, DEFAULT_HOST, DEFAULT_PORT, type ServerOptions } from './options.js';
export type { ServerContext } from './context.js';
export type { ServerPlugin } from './plugins.js';
export { HttpError, sendError, describeError } from './http-errors.js';
export { requestParams, jsonParam, intParam, boolParam, type Params } from './request-params.js';
export { streamReply } from './stream-reply.js';
export { requestSignal } from './request-signal.js';
