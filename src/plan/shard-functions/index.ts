export { shardFunctions } from './shard-functions.js';
