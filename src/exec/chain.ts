/**
 * Filters and per-item functions over one chunk of a batch: translated callbacks
 * natively (js-expr), the rest in one sandbox crossing.
 *
 * Native evaluation is used only where it cannot change what a script observes: a
 * filter runs natively only while every filter before it did (a sandboxed filter may
 * mutate the items later functions see), and value functions run natively only when
 * no filter of the chunk ran in the sandbox. A batch a translated function cannot
 * evaluate (it would throw, or needs engine-specific parsing) runs in the sandbox.
 */
import type { FnInfo } from '../plan/index.js';
import type { ExecStats } from './context.js';
import { Guest, type Step } from './sandbox-bridge/guest.js';
import { type DictionaryVerdicts, dictionaryVerdicts, evaluateFilter, evaluateValues, Fallback } from './js-expr/evaluate.js';
import type { ItemBatch } from './batches/item-batch.js';
import { type FnValues, ItemCache } from './value-reader.js';

export interface ChainResult {
  sel: Int32Array;
  fnValues: FnValues | null;
}

export class Chain {
  constructor(
    private readonly fns: FnInfo[],
    private readonly guest: Guest | null,
    private readonly stats: ExecStats,
    /** Off: every user function runs in the sandbox (tests compare both paths). */
    readonly translate: boolean,
  ) {}

  native(fnId: number) {
    return this.translate ? (this.fns[fnId]?.native ?? null) : null;
  }

  /**
   * May the function change the item it is given? Translated functions are pure
   * expressions; others follow the plan's analysis (reads.ts analyzeWrites).
   */
  writes(fnId: number): boolean {
    return this.native(fnId) === null && this.fns[fnId]?.writes !== false;
  }

  /**
   * `filters` as verdicts per code of one dictionary column, for a kernel to test in its
   * own row loop (operators/count-by-codes.ts): when there is exactly one filter, it is
   * translated, and it reads one dictionary column; null otherwise (run() filters).
   */
  dictionaryFilter(batch: ItemBatch, filters: number[], items: ItemCache, rows: number): DictionaryVerdicts | null {
    if (filters.length !== 1) return null;
    const ex = this.native(filters[0]!);
    return ex === null ? null : dictionaryVerdicts(ex, batch, items, rows);
  }

  private needGuest(): Guest {
    if (this.guest === null) throw new Error('internal: this plan needs the sandbox');
    return this.guest;
  }

  /**
   * `valuePaths`: paths to read in the sandbox after the value functions ran on the
   * same items ('' = the item itself), returned in `items.paths` — used when key
   * functions run in the sandbox and may mutate what reducers read.
   */
  async run(
    batch: ItemBatch,
    sel: Int32Array,
    filters: number[],
    valueFns: number[],
    mapFn?: number,
    valuePaths: string[] = [],
  ): Promise<ChainResult & { values?: unknown[]; items: ItemCache }> {
    const items = new ItemCache(batch);
    let i = 0;
    for (; i < filters.length; i++) {
      const ex = this.native(filters[i]!);
      if (!ex) break;
      try {
        sel = evaluateFilter(ex, batch, sel, items);
        this.stats.nativeFnRows += sel.length;
      } catch (e) {
        if (!(e instanceof Fallback)) throw e;
        break;
      }
    }
    const guestFilters = filters.slice(i);
    const fnValues: FnValues = new Map();
    const guestVals: number[] = [];
    let mapped: unknown[] | undefined;
    let guestMap = mapFn !== undefined;
    if (guestFilters.length === 0) {
      for (const id of valueFns) {
        const ex = this.native(id);
        if (!ex) {
          guestVals.push(id);
          continue;
        }
        try {
          fnValues.set(id, evaluateValues(ex, batch, sel, items));
          this.stats.nativeFnRows += sel.length;
        } catch (e) {
          if (!(e instanceof Fallback)) throw e;
          guestVals.push(id);
        }
      }
      if (mapFn !== undefined && this.native(mapFn)) {
        try {
          mapped = evaluateValues(this.native(mapFn)!, batch, sel, items);
          guestMap = false;
        } catch (e) {
          if (!(e instanceof Fallback)) throw e;
        }
      }
    } else guestVals.push(...valueFns);
    if (guestVals.length > 0 && (guestMap || guestFilters.length > 0 || valuePaths.length > 0)) {
      // Mixed: keep it simple and let the sandbox do the whole chain.
      guestVals.splice(0, guestVals.length, ...valueFns);
      fnValues.clear();
    }
    if (guestFilters.length || guestVals.length || guestMap) {
      const steps: Step[] = guestFilters.map((fn) => ({ kind: 'filter', fn }));
      const paths = guestVals.length ? valuePaths : [];
      if (guestMap) steps.push({ kind: 'map', fn: mapFn! });
      else if (guestVals.length) steps.push({ kind: 'values', fns: guestVals, paths });
      if (sel.length > 0) {
        const res = await this.needGuest().run(batch, sel, steps);
        if (guestFilters.length) {
          // Natively computed values were for the rows before the sandbox filtered.
          sel = res.rows;
        }
        if (guestMap) mapped = res.values ?? [];
        else if (guestVals.length) {
          for (const [id, vals] of Guest.fnValues(guestVals, res)) fnValues.set(id, vals);
          const rows = (res.keys ?? []) as unknown[][];
          paths.forEach((p, k) => {
            const vals = rows.map((row) => row[guestVals.length + k]);
            if (p === '') items.setItems(sel, vals);
            else items.paths.set(p, vals);
          });
        }
      } else if (guestMap) mapped = [];
      else for (const id of guestVals) fnValues.set(id, []);
    }
    return { sel, fnValues: fnValues.size ? fnValues : null, values: mapped, items };
  }
}
