/**
 * Segmentation expressions (selectors): parse once, evaluate per record or per
 * batch. See docs/selectors.md and /work/shared/spec/segmentation-expressions.md.
 */
export type { SelectorAst, SourceName, FunctionName } from './ast.js';
export { formatAst } from './ast.js';
export type { SelectorContext } from './contexts.js';
export { parseSelector, prewarmSelectorParser } from './parse.js';
export { compileRow, evaluateRow, type SelectorEnv, type SelectorRecord } from './compile-row.js';
export { compileVector, type SelectorBatch, type VectorOptions } from './compile-vector.js';
export { referencedKeys, timeBounds, type ReferencedKeys, type TimeBounds } from './prune.js';
export { DateTime, stringCompare } from './values.js';
export { selectorHints, type PropertyCatalog } from './hints.js';
export { eventCatalog, eventNames, profileCatalog } from './store-catalog.js';
