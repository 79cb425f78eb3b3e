export { runQuery, type Query, type QueryOptions, DEFAULT_TIMEOUT_MS, DEFAULT_MEMORY_BYTES } from './run-query.js';
export { execute } from './execute.js';
export { newStats, type ExecStats, type ExecContext } from './context.js';
export { cohortMembers } from './cohorts.js';
export * from './distributed/index.js';
