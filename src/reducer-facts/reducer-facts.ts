/**
 * Every fact about a built-in `mixpanel.reducer.*` that more than one layer needs
 * (data, plus a small argument check for two of them): the plan reads arguments,
 * order-freedom and kernels from here, the sandbox its names, exec its accessors.
 * How the host runs it lives in
 * exec/reducers/<name>.ts (its accumulator, and exec/reducers/grouped-*.ts for the
 * kernels); the sandbox's JavaScript lives in stdlib/ and a test checks it against
 * these files (test/unit/reducer-facts/). Decision 0012-reducer-facts.md.
 */

/** Columnar kernels (exec/reducers/grouped-*.ts); null: the generic accumulator. */
export type KernelName = 'count' | 'sum' | 'avg' | 'min' | 'max' | 'numeric_summary';

export interface ReducerFacts {
  /** The `mixpanel.reducer.*` name. */
  name: string;
  /** The call as scripts write it (`?`: optional). */
  call: string;
  /** Where the call takes its accessor (null: none). Without one the reducer reads the item itself. */
  accessorArg: number | null;
  /** The accessor used when the call gives none. */
  defaultAccessor?: string;
  /** Checks the call's arguments other than the accessor, when the plan is read: a message, or undefined. */
  checkArgs?: (args: readonly unknown[]) => string | undefined;
  /** Its result does not depend on the order of its items, not even in the last bit (float sums do). */
  orderFree: boolean;
  /** Partial states merge (chunks, worker threads): the host accumulator has `merge`. */
  mergeable: boolean;
  /** Its columnar kernel over a number column; `column: false` when it reads no value (count). */
  kernel: { name: KernelName; column: boolean } | null;
  /** With no accessor and no sampling, the manifest's event-name counts answer it. */
  manifestCounts: boolean;
  /**
   * Its sandbox forms: the `mixpanel.reducer.<name>` entry of stdlib/mixpanel.js,
   * verbatim, and whether its function form (stdlib/reducer-functions.js) can combine
   * earlier results of itself.
   */
  sandbox: { stdlib: string; combinesResults: boolean };
}
