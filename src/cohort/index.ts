/**
 * Cohorts: the definition model, its parsers (quarry's shape, the hosted stored
 * shape, the inline `and_batch` shape), native evaluation over the store, and the
 * saved-cohort registry. exec imports the engine directly for JQL's
 * `People({cohort})`, `Events({cohort})` and `join(..., {cohort})`.
 */

export * from './definition.js';
export { DefinitionError } from './checks.js';
export { parseDefinition, parseCriterion, parseWindow, parseWithin } from './parse-definition.js';
export { propertySelector } from './hosted-shape.js';
export { criteriaFromArgs } from './criteria-args.js';
export { describeCriteria } from './describe.js';
export { behaviorCounts, windowRange, compareCount } from './behavior-counts.js';
export { CohortEngine, CohortCycleError, countMembers, findCohort, knownUsers, storedDefinition, unknownCohortError } from './engine.js';
export {
  checkCohortName,
  createCohort,
  deleteCohort,
  dependents,
  exportCohorts,
  EXPORT_FORMAT,
  findCycle,
  freezeCohort,
  importCohorts,
  readCohortFile,
  references,
  renameCohort,
  type ExportedCohort,
  type NewCohort,
} from './registry.js';
export { cohortHints, criteriaHints } from './hints.js';
