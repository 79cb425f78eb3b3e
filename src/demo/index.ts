export { demoEvents, demoProfiles } from './generate.js';
export type { DemoOptions, RawExportEvent, EngageRecord } from './generate.js';
