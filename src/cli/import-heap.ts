/**
 * Imports make garbage at a high rate (a parsed record per line, a copy per profile
 * update, the columns of every spill) while what they keep grows slowly. V8 lets the
 * old generation grow to several times what survives a full GC before it collects
 * (its default growing factor is up to 4x), so an import's peak RSS was mostly
 * uncollected garbage: 474,896 profiles kept 80 MB after a GC but peaked at 635 MB.
 * A smaller growing factor makes V8 collect sooner, for a little more GC time.
 *
 * Set for import commands only: queries keep V8's defaults. QUARRY_HEAP_GROWING_PERCENT
 * overrides the figure (0 keeps V8's own dynamic factor).
 */
import v8 from 'node:v8';

/** Old-generation growth allowed after a full GC, in percent (V8's `--heap-growing-percent`). */
export const IMPORT_HEAP_GROWING_PERCENT = 25;

/**
 * The same for `import events`, whose importing thread keeps little (~15-40 MB at 5M
 * events) while ~1.5 GB of parsed batches pass through it: at 25% the slack under V8's
 * limit was smaller than its young generation, so it began a full GC every ~200 ms (101
 * in a 5M import, 43 at 100%, 23 with V8's own factor for +65 MB RSS). The 50M import's
 * peak did not rise: 1,004 MiB at 25%, 993 MiB at 100% (decision 0036).
 */
export const IMPORT_EVENTS_HEAP_GROWING_PERCENT = 100;

export function boundImportHeapGrowth(env: NodeJS.ProcessEnv = process.env, fallback = IMPORT_HEAP_GROWING_PERCENT): void {
  const given = env.QUARRY_HEAP_GROWING_PERCENT;
  const percent = given !== undefined && /^\d+$/.test(given) ? Number(given) : fallback;
  if (percent > 0) v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
