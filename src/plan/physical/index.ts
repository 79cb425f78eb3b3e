export type * from './nodes.js';
export { lower, type LowerOptions, type StoreSchema } from './lower.js';
export { explainPhysical } from './explain.js';
export { PARALLEL_MIN_ROWS } from './rules/shard.js';
export { partitionMayMatch } from './rules/bind-selectors.js';
export { storeReads } from './store-reads.js';
