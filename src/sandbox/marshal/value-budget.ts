/**
 * What the sandbox hands back must not run the HOST out of memory (issue 9 item 5):
 * the guest's own heap is capped by --memory, but results cross as JSON text and
 * the engine keeps some of them (custom reducer partials until their aggregation
 * ends, combined values, groupByUser states) while it reads more. Without a budget a
 * custom reducer returning 50 MB per batch grew the host to 4.5 GB and aborted.
 *
 * The budget is --memory again, in bytes of JSON text (a parsed value takes 2-3x
 * that on the host): one result text may not exceed it, and the texts the engine
 * keeps count together for the whole query. Past it: LimitError('values'), exit 3;
 * exec/locate.ts adds the step's place in the script.
 *
 * Each result text is also checked for nesting depth, so host code that walks
 * values (serialization, object_merge, output) never meets a value deep enough to
 * overflow its stack: deeper than MAX_VALUE_DEPTH is a script error (exit 1).
 */
import { LimitError, ScriptError } from '../../errors.js';

/** Deepest nesting of lists/objects in a value returned by the script (documented in docs/sandbox.md). */
export const MAX_VALUE_DEPTH = 500;

export function valuesMessage(budgetBytes: number): string {
  const mb = Math.round(budgetBytes / (1024 * 1024));
  return `the values the script returned to quarry passed the host budget (${mb} MB of JSON, the --memory limit); return smaller values, or raise it with --memory MB`;
}

export class ValueBudget {
  private held = 0;

  constructor(readonly limitBytes: number) {}

  /** Count one result text; `kept`: the engine holds it until the query ends. */
  check(text: unknown, kept: boolean): void {
    if (typeof text !== 'string') return; // malformed results are the parser's to reject
    const size = text.length;
    if (size > this.limitBytes || (kept && this.held + size > this.limitBytes)) {
      throw new LimitError('values', valuesMessage(this.limitBytes));
    }
    if (kept) this.held += size;
    checkDepth(text);
  }
}

/** Throw when the JSON text nests lists/objects deeper than MAX_VALUE_DEPTH (strings skipped). */
export function checkDepth(text: string, max = MAX_VALUE_DEPTH): void {
  // Results are wrapped ({"values": [...]}, [{key, value}]): allow for those levels.
  const limit = max + 3;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i++;
        else if (d === 34) break;
      }
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > limit) {
        throw new ScriptError(
          'InvalidQuery',
          `InvalidQuery: a value the script returned is nested deeper than ${max} levels of lists or objects; quarry accepts up to ${max}`,
        );
      }
    } else if (c === 93 || c === 125) depth--;
  }
}
