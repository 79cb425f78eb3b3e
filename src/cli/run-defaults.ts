/** Defaults of `quarry run` that the early start (early-start.ts) must agree with. */

/** The sandbox heap limit, MB (`--memory`). */
export const DEFAULT_MEMORY_MB = 256;
