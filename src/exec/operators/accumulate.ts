/**
 * An aggregation node over the scan, in this process: read every selected source
 * batch (fused filters and per-item functions through the chain, native reducers and
 * kernels here, custom reducers in the sandbox) into an Aggregator, then finish it
 * into result rows. Shard workers run accumulateSource over their shard and the main
 * thread finishes the merged state.
 */
import { ScriptError } from '../../errors.js';
import type { AggregateNode, ScanNode } from '../../plan/index.js';
import type { Chain } from '../chain.js';
import type { ExecContext } from '../context.js';
import type { Guest, Step } from '../sandbox-bridge/guest.js';
import { toStageValue } from '../serialize.js';
import type { ItemBatch } from '../batches/item-batch.js';
import { EventBatch } from '../batches/event-batch.js';
import { mergeByUser } from '../batches/merge-users.js';
import { type FnValues, ItemCache } from '../value-reader.js';
import { Aggregator, type AggregateShape } from './aggregate.js';
import { chunkSelection } from './chunks.js';
import { countByCodes } from './count-by-codes.js';
import { sourceBatches } from './source-batches.js';

export function needGuest(guest: Guest | null): Guest {
  if (guest === null) throw new Error('internal: this plan needs the sandbox');
  return guest;
}

/** The aggregation state's shape a node describes. */
export function shapeOf(node: AggregateNode): AggregateShape {
  return { keys: node.keys, reducers: node.reducers, list: node.list, byUser: node.kind === 'groupByUser', noKeys: node.kind === 'reduce' };
}

/** The aggregation's state after reading every (selected) source item of this process. */
export async function accumulateSource(
  ctx: ExecContext,
  scan: ScanNode,
  node: AggregateNode,
  guest: Guest | null,
  chain: Chain,
  batchRows: number,
): Promise<Aggregator> {
  const filters = scan.filters.map((f) => f.fn);
  const agg = new Aggregator(shapeOf(node));
  const fnIds = node.valueFns.map((f) => f.fn);
  const guestReducers = agg.guestReducers();
  const byUser = node.kind === 'groupByUser';
  const perItem = filters.length > 0 || fnIds.length > 0;
  // Key functions that run in the sandbox may mutate their items: then reducers read
  // their paths (and items) from the sandbox too, after the keys ran.
  const guestKeyFns = agg.keyFnIds().filter((id) => chain.writes(id));
  const sideEffectPaths = guestKeyFns.length ? agg.readPaths() : [];
  const chunked = guestReducers.length > 0 || [...scan.filters, ...node.valueFns].some((f) => f.mode === 'sandbox');
  // A custom groupByUser reducer gets each user's items of the whole range in one call:
  // the day partitions are merged by user number first (batches/merge-users.ts).
  const batches: Iterable<ItemBatch> =
    byUser && guestReducers.length > 0 && scan.source.kind !== 'people'
      ? mergeByUser([...sourceBatches(ctx, scan)], { target: batchRows, timezone: ctx.store.timezone, usersRef: () => ctx.store.users })
      : sourceBatches(ctx, scan);
  // One translated dictionary filter before a columnar count: tested inside the count's
  // row loop (count-by-codes.ts), no selection built.
  const plainKey = node.kind === 'reduce' || (node.keys.length === 1 && node.keys[0]!.kind === 'path');
  const counts = node.reducers.every((r) => r.kind === 'builtin' && r.kernel === 'count');
  let fusedCount = !byUser && perItem && !chunked && plainKey && counts && fnIds.length === 0 && guestReducers.length === 0 && sideEffectPaths.length === 0;
  for (const batch of batches) {
    if (fusedCount) {
      const items = new ItemCache(batch);
      const rows = batch instanceof EventBatch ? batch.selectedCount : batch.sel.length;
      const where = chain.dictionaryFilter(batch, filters, items, rows);
      const kept = where === null ? false : countByCodes(agg, batch, items, where);
      if (kept !== false) {
        ctx.stats.nativeFnRows += kept;
        continue;
      }
      // Declined (a key that is not a dictionary, sampling weights): the general path
      // from here on, so that the verdicts are not made twice for every batch.
      if (where !== null) fusedCount = false;
    }
    const all = batch.sel;
    const parts = chunked ? chunkSelection(all, batchRows, byUser ? batch.users() : null) : [all];
    for (const part of parts) {
      let sel = part;
      let fnValues: FnValues | null = null;
      let items: ItemCache | null = null;
      if (perItem) ({ sel, fnValues, items } = await chain.run(batch, part, filters, fnIds, undefined, sideEffectPaths));
      batch.sel = sel;
      if (sel.length === 0) continue;
      items ??= new ItemCache(batch);
      if (guestReducers.length === 0 && countByCodes(agg, batch, items) !== false) continue;
      const groups = agg.assign(batch, fnValues, items);
      agg.reduceNative(batch, groups, fnValues, items);
      for (const fnId of guestReducers) await reduceInGuest(needGuest(guest), agg, fnId, batch, sel, groups, byUser, guestKeyFns);
    }
  }
  await guest?.inflight;
  return agg;
}

/** Custom reducers over one chunk: partials per group (groupBy/reduce) or per-user state (groupByUser). */
export async function reduceInGuest(
  guest: Guest,
  agg: Aggregator,
  fnId: number,
  batch: ItemBatch,
  sel: Int32Array,
  groups: ReturnType<Aggregator['assign']>,
  byUser: boolean,
  keyFns: number[] = [],
): Promise<void> {
  const single = groups.single!;
  if (byUser) {
    const rows: number[] = [];
    // The group id names the state in the sandbox: short, and no key text per user.
    // A user's rows are consecutive: one [key, count] run each.
    const runs: Array<[string, number]> = [];
    let lastG = -1;
    let run: [string, number] = ['', 0];
    for (const r of sel) {
      const g = single[r]!;
      if (g < 0) continue;
      rows.push(r);
      if (g !== lastG) {
        lastG = g;
        run = [String(g), 0];
        runs.push(run);
      }
      run[1]++;
    }
    if (groups.multi) {
      throw new ScriptError(
        'InvalidQuery',
        'groupByUser with a custom reducer cannot use mixpanel.multiple_keys in its keys; group the items with groupBy instead.',
      );
    }
    if (rows.length === 0) return;
    const sub = Int32Array.from(rows);
    const { toGuestItems } = await import('../sandbox-bridge/guest-items.js');
    // Pipelined: the sandbox reduces this chunk while the next one is scanned and
    // grouped here. Calls stay in order (the worker handles them one at a time); the
    // previous call is awaited first so at most one chunk is in flight.
    // Key functions that write to their items run on them first (the reducer sees
    // what they left); the items then carry every field those functions read.
    const items = toGuestItems(batch, sub, guest.fns, [fnId, ...keyFns], new Set([fnId]));
    await guest.inflight;
    const call = guest.userReduce(fnId, items, runs, sub.length, keyFns);
    call.catch(() => {}); // handled when awaited (next chunk or the end), not unhandled meanwhile
    guest.inflight = call;
    return;
  }
  const rowPos: number[] = [];
  const groupOf: number[] = [];
  for (let j = 0; j < sel.length; j++) {
    const g = single[sel[j]!]!;
    if (g >= 0) {
      rowPos.push(j);
      groupOf.push(g);
    }
  }
  if (groups.multi)
    for (const m of groups.multi)
      for (const g of m.groups) {
        rowPos.push(m.j);
        groupOf.push(g);
      }
  // Key functions run again first, so the reducer sees the items as they left them.
  const steps: Step[] = keyFns.length ? [{ kind: 'values', fns: keyFns }] : [];
  steps.push({ kind: 'reduce', fn: fnId, groupsFrom: 'given', groups: { row: Int32Array.from(rowPos), group: Int32Array.from(groupOf) } });
  const res = await guest.run(batch, sel, steps);
  for (const p of res.partials ?? []) agg.addPartial(fnId, p.group!, p.value);
}

export async function finishAggregate(
  agg: Aggregator,
  guest: Guest | null,
  byUser: boolean,
  userResults?: Map<number, Array<{ key: string; value: unknown }>>,
  sorted = true,
): Promise<unknown[]> {
  await guest?.inflight;
  // Unsorted only when the next stage cannot observe the order (see orderInsensitive).
  const order = sorted ? agg.orderedGroups() : agg.groupKeys.map((_, i) => i);
  // Custom reducer results per group id.
  const guestResults = new Map<number, unknown[]>();
  for (const s of agg.states) {
    if (s.kind !== 'guest' || guestResults.has(s.fnId)) continue;
    const g = byUser && userResults ? (guest as Guest) : needGuest(guest);
    const out = new Array<unknown>(agg.groupKeys.length);
    if (byUser) {
      const shards = userResults?.get(s.fnId);
      if (shards) {
        // From worker threads: keys are the groups' key texts.
        for (const { key, value } of shards) out[agg.groupId(JSON.parse(key))] = value;
      } else {
        for (const { key, value } of await g.session.userResults(s.fnId)) out[Number(key)] = value;
      }
    } else {
      const partials = order.map((gid) => s.partials[gid] ?? []);
      const combined = await g.combine(s.fnId, partials);
      order.forEach((gid, k) => (out[gid] = combined[k]));
    }
    guestResults.set(s.fnId, out);
  }
  const rows: unknown[] = [];
  for (const g of order) {
    const values = agg.states.map((s) => (s.kind === 'native' ? toStageValue(agg.nativeResult(s, g)) : (guestResults.get(s.fnId)![g] ?? null)));
    const value = agg.shape.list ? values : values[0];
    rows.push(agg.shape.noKeys ? value : { key: agg.groupKeys[g], value });
  }
  return rows;
}
