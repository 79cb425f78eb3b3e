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

export function boundImportHeapGrowth(env: NodeJS.ProcessEnv = process.env): void {
  const given = env.QUARRY_HEAP_GROWING_PERCENT;
  const percent = given !== undefined && /^\d+$/.test(given) ? Number(given) : IMPORT_HEAP_GROWING_PERCENT;
  if (percent > 0) v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
