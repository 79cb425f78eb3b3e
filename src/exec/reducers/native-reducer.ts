/**
 * A built-in reducer run on the host, outside the sandbox. The accumulator is
 * mergeable: the engine may split a group's items into chunks (batches, worker
 * threads), reduce each with `init`/`add`, combine partials with `merge` and call
 * `result` once. Accumulators are plain data (numbers, plain objects, arrays, Sets)
 * so they survive structured cloning between worker threads.
 *
 * `add` and `merge` may mutate and return their first argument: never reuse an
 * accumulator after passing it in, and never pass one accumulator to `merge` twice.
 * Where a reducer keeps "the first" item (any, min_by/max_by ties), `merge(a, b)`
 * prefers `a`: merge partials in input order to keep "first seen".
 */
export interface NativeReducer<A = unknown> {
  /** The `mixpanel.reducer.*` name. */
  name: string;
  /** What `add` reads, so the engine can skip work: the accessor's value, the whole item, its sampling factor. */
  needs: { value: boolean; item: boolean; samplingFactor: boolean };
  init(): A;
  /**
   * `value` is the accessor's value for `item` (the engine computes it; with no
   * accessor it is the item itself, except count_unique which defaults to
   * "distinct_id"). `weight` is the item's sampling_factor when the engine already
   * has it; otherwise reducers that need it read `item.sampling_factor` (or
   * `item.event.sampling_factor` on join rows).
   */
  add(acc: A, value: unknown, item: unknown, weight?: number): A;
  merge(a: A, b: A): A;
  /** The JSON value the hosted service returns for this group. */
  result(acc: A): unknown;
}

/** How the stdlib describes a reducer call: the `mixpanel.reducer.*` name and the call's arguments. */
export interface ReducerDesc {
  name: string;
  /** Option object, when the stdlib has separated it (`count({account_for_sampling: true})`). */
  options?: Record<string, unknown>;
  /**
   * The call's arguments in order, accessor included at its position (see
   * REDUCER_SIGNATURES; the reducer ignores it, the engine evaluates it).
   */
  args?: unknown[];
}
