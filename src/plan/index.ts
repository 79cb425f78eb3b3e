export type * from './nodes.js';
export { readPlan, type GuestFnSource } from './read-plan.js';
export { explainPlan, explainFunctions, explainAccessor } from './explain.js';
export { analyzeReads } from './reads.js';
export type { JsExpr, JsLiteral, JsBinaryOp } from './translate/js-expr.js';
export { paramPaths, STRING_METHODS, ARRAY_METHODS, DATE_METHODS } from './translate/js-expr.js';
export { translateFunction } from './translate/parse-fn.js';
export { refineLocations } from './refine-locations.js';
