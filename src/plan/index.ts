export type * from './nodes.js';
export { readPlan, type GuestFnSource } from './read-plan.js';
export { explainPlan, explainAccessor } from './explain.js';
export { analyzeReads } from './reads.js';
