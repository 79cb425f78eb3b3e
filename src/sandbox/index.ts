export {
  openSession,
  openFunctions,
  shutdownSandboxPool,
  prewarmSandbox,
  setSandboxPoolSize,
  setOneRunTiering,
  type OpenOptions,
  type SandboxSession,
  type FunctionSession,
  type GuestBatchRequest,
  type GuestBatchResult,
  type SandboxStats,
} from './session.js';
export type { GuestStep } from './host.js';
export type { SandboxLimits } from './limits.js';
export { BATCH_ROWS, DEFAULT_STACK_BYTES } from './limits.js';
export type { ConsoleLevel } from './context.js';
export type { ColumnarEvents, ColumnarPeople, GuestItems } from './marshal/columnar.js';
export { neededFields, type NeededFields } from './marshal/needed-fields.js';
