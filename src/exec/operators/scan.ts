/**
 * Sources: scan the store into ItemBatches with every selector applied natively
 * and vectorized, before any user code runs. Whole partitions are skipped when the
 * manifest shows they cannot match (event names, time bounds).
 */
import { ScriptError, SelectorError } from '../../errors.js';
import { type EventsSource, type JoinSource, type PeopleSource, type EventSelectorSpec, type ParsedSelector, partitionMayMatch } from '../../plan/index.js';
import { compileVector, parseSelector, referencedKeys, timeBounds, type SelectorBatch, type SelectorContext } from '../../selector/index.js';
import { type Column, type DictionaryIndices, EventPartition, NO_USER, type PartitionLike, ReadPool, shardBuckets } from '../../store/index.js';
import type { ExecContext } from '../context.js';
import { EventBatch } from '../batches/event-batch.js';
import { narrow, selectedRows } from '../batches/item-batch.js';
import { JoinBatch } from '../batches/join-batch.js';
import { PeopleBatch } from '../batches/people-batch.js';

type VectorFn = (b: SelectorBatch) => Uint8Array;

interface CompiledEntry {
  event?: string;
  selector: VectorFn | null;
  minMs?: number;
  maxMs?: number;
  /** The selector reads only user[...] (no event property, name or time). */
  userOnly: boolean;
}

/** `parsed`: the tree the plan parsed (plan/physical/rules/bind-selectors.ts); absent, it is parsed here. */
function compileSelector(text: string | undefined, context: SelectorContext, ctx: ExecContext, where: string, parsed?: ParsedSelector) {
  if (text === undefined || text === null || String(text).trim() === '') return null;
  if (parsed && 'error' in parsed) throw new ScriptError('InvalidQuery', `${where}: invalid selector: ${parsed.error}`);
  try {
    const ast = parsed ? parsed.ast : parseSelector(String(text));
    const refs = referencedKeys(ast, context);
    return {
      fn: compileVector(ast, context, ctx.env),
      bounds: context === 'user' ? {} : timeBounds(ast, ctx.env),
      userOnly: refs.properties.length === 0 && !refs.usesTime,
    };
  } catch (e) {
    if (e instanceof SelectorError) throw new ScriptError('InvalidQuery', `${where}: invalid selector: ${e.message}`);
    throw e;
  }
}

function compileEntries(entries: EventSelectorSpec[], context: SelectorContext, ctx: ExecContext, where: string): CompiledEntry[] {
  return entries.map((e, i) => {
    const c = compileSelector(e.selector, context, ctx, `${where}[${i}].selector`, e.parsed);
    return { event: e.event, selector: c?.fn ?? null, minMs: c?.bounds.minMs, maxMs: c?.bounds.maxMs, userOnly: c?.userOnly ?? true };
  });
}

/** Verdicts of user-only join selectors per profile row, and for a pair without a profile. */
function profileVerdicts(entries: CompiledEntry[], people: PeopleBatch | null): { pass: Uint8Array; noProfile: boolean } {
  const size = people?.size ?? 0;
  const pass = new Uint8Array(size);
  if (people) {
    const sb = people.selectorBatch();
    for (const e of entries) {
      if (e.selector === null) {
        pass.fill(1);
        break;
      }
      const m = e.selector(sb);
      for (let i = 0; i < size; i++) pass[i]! |= m[i]!;
    }
  }
  const none: SelectorBatch = { length: 1, column: () => undefined, hasUser: new Uint8Array(1), hasEvent: new Uint8Array([1]) };
  const noProfile = entries.some((e) => e.selector === null || e.selector(none)[0] === 1);
  return { pass, noProfile };
}

/** User number -> profile row of an inner join's pair when the pair passes its user-only selectors, else -1. */
function passingProfiles(profOf: Int32Array, byProfile: { pass: Uint8Array } | null): Int32Array {
  if (byProfile === null) return profOf;
  const out = new Int32Array(profOf.length);
  for (let u = 0; u < profOf.length; u++) {
    const p = profOf[u]!;
    out[u] = p >= 0 && byProfile.pass[p] ? p : -1;
  }
  return out;
}

/** Row-space mask of the entries (ANY matches), or null for "all rows". */
function entriesMask(
  entries: CompiledEntry[],
  batch: EventBatch | JoinBatch,
  nameIndices: DictionaryIndices | null,
  dictionary: string[] | null,
  sb: SelectorBatch,
): Uint8Array | null {
  if (entries.length === 0) return null;
  const n = batch.size;
  // The first entry's mask is the result so far (masks are fresh arrays, already written
  // in place below): one pass and one array less for the common single entry.
  let out: Uint8Array | null = null;
  for (const e of entries) {
    let m: Uint8Array | null = e.selector ? e.selector(sb) : null;
    if (e.event !== undefined) {
      const target = dictionary === null ? -1 : dictionary.indexOf(e.event);
      const byName = new Uint8Array(n);
      if (target >= 0 && nameIndices !== null) for (let i = 0; i < n; i++) byName[i] = nameIndices[i] === target ? 1 : 0;
      if (m === null) m = byName;
      else for (let i = 0; i < n; i++) m[i]! &= byName[i]!;
    }
    if (m === null) return null; // an entry with neither event nor selector keeps everything
    if (out === null) out = m;
    else for (let i = 0; i < n; i++) out[i]! |= m[i]!;
  }
  return out;
}

function cohortMask(ctx: ExecContext, cohorts: string[]): Uint8Array | null {
  return cohorts.length ? ctx.cohortMembers(cohorts) : null;
}

function applyUserMask(batch: { sel: Int32Array; users(): Int32Array }, members: Uint8Array | null): void {
  if (members === null) return;
  const users = batch.users();
  const out = new Int32Array(batch.sel.length);
  let k = 0;
  for (const r of batch.sel) {
    const u = users[r]!;
    if (u !== NO_USER && members[u]) out[k++] = r;
  }
  batch.sel = out.subarray(0, k);
}

/** A worker of a parallel query keeps only its users (number k modulo n, or numbers lo to hi - 1). */
function applyUserShard(ctx: ExecContext, batch: { sel: Int32Array; users(): Int32Array }): void {
  const shard = ctx.shard?.users;
  const range = ctx.shard?.userRange;
  if (!shard && !range) return;
  const users = batch.users();
  const out = new Int32Array(batch.sel.length);
  let k = 0;
  if (range) {
    // NO_USER is -1: the range from -1 holds the items without a user.
    const [lo, hi] = range;
    for (const r of batch.sel) {
      const u = users[r]!;
      if (u >= lo && u < hi) out[k++] = r;
    }
  } else {
    const [k0, n] = shard!;
    for (const r of batch.sel) {
      const u = users[r]!;
      // Items without a user (a left/full join keeps them) go to the first shard.
      if (u === NO_USER ? k0 === 0 : u % n === k0) out[k++] = r;
    }
  }
  batch.sel = k === out.length ? batch.sel : out.subarray(0, k);
}

/** For a user shard of a bucketed store: which buckets it reads (recorded in its stats). */
function shardBucketFilter(ctx: ExecContext): ((bucket: number) => boolean) | null {
  const shard = ctx.shard?.users;
  if (!shard || ctx.store.buckets === 1) return null;
  const mine = shardBuckets(ctx.store.buckets, shard[0], shard[1]);
  ctx.stats.buckets = mine;
  const set = new Set(mine);
  return (b) => set.has(b);
}

/** The days a scan reads: the source's range, or this worker's share of it. */
export function scanDays(ctx: ExecContext, from: string, to: string): string[] {
  const days = ctx.store.days(from, to);
  const mine = ctx.shard?.days;
  return mine ? days.filter((d) => mine.includes(d)) : days;
}

/**
 * Event partitions from `from_date` to `to_date`, in day order, selectors applied. With
 * `anyOrder` (the reader does not depend on row order), a bucketed day comes as one batch
 * per bucket instead of its buckets merged into (user, time) order.
 */
export function* scanEvents(ctx: ExecContext, src: EventsSource, anyOrder = false): Generator<EventBatch> {
  const { store } = ctx;
  const entries = compileEntries(src.eventSelectors, 'event', ctx, 'event_selectors');
  const members = cohortMask(ctx, src.cohorts);
  const wanted = shardBucketFilter(ctx);
  const pool = new ReadPool();
  for (const day of scanDays(ctx, src.fromDate, src.toDate)) {
    ctx.signal?.throwIfAborted();
    const meta = store.partitionMeta(day)!;
    if (!partitionMayMatch(entries, meta)) {
      ctx.stats.partitionsPruned++;
      continue;
    }
    // A user shard of a bucketed store reads only the buckets that hold its users; a
    // user-range shard only its run of rows of each column.
    const range = ctx.shard?.userRange;
    const parts: PartitionLike[] = range
      ? [store.openUserRange(day, range[0], range[1])].filter((p) => p !== null)
      : anyOrder
        ? store.openDayParts(day, wanted ?? undefined)
        : [wanted ? store.openBuckets(day, wanted) : store.openPartition(day)].filter((p) => p !== null);
    if (parts.length === 0) continue;
    ctx.stats.partitionsScanned++;
    for (const part of parts) {
      const batch = selectEvents(ctx, part, entries, members, pool);
      if (batch !== null) yield batch;
    }
  }
}

/**
 * The batch as the selectors see it, their property columns read into `pool` (no page
 * faults on fresh buffers) and not kept by the partition: every selector kernel drops its
 * columns by the time it returns the mask (dictionaries are decoded to JS strings, JSON
 * texts to JS values). A stage after the scan that reads the same key reads its file again.
 */
function maskBatch(batch: EventBatch, pool: ReadPool): SelectorBatch {
  const part = batch.part;
  if (!(part instanceof EventPartition)) return batch.selectorBatch();
  const read = new Map<string, Column | undefined>();
  return {
    length: batch.size,
    column: (source, key) => {
      if (source !== 'properties') return undefined;
      if (!read.has(key)) read.set(key, part.columnFrom(pool, key));
      return read.get(key);
    },
    get time() {
      return part.time;
    },
  };
}

/** One partition (a day, or one bucket of it) as a batch with selectors, cohorts and the user shard applied; null if no row is left. */
function selectEvents(ctx: ExecContext, part: PartitionLike, entries: CompiledEntry[], members: Uint8Array | null, pool: ReadPool): EventBatch | null {
  const batch = new EventBatch(part, () => ctx.store.users, ctx.store.timezone);
  ctx.stats.rowsScanned += batch.size;
  // Without selectors the name and time columns are not read here (a query may need neither).
  if (entries.length > 0) {
    // The name column only when an entry names an event (a selector alone never reads it).
    const name = entries.some((e) => e.event !== undefined) ? batch.part.name : null;
    let mask: Uint8Array | null;
    try {
      mask = entriesMask(entries, batch, name?.indices ?? null, name?.dictionary ?? null, maskBatch(batch, pool));
    } finally {
      pool.release(); // the selector's columns are dropped with its mask
    }
    // The batch's selection is still all rows: taken from the mask, never built.
    if (mask !== null) batch.sel = selectedRows(mask, batch.size);
  }
  applyUserMask(batch, members);
  applyUserShard(ctx, batch);
  // Counted, not built: a kernel that reads every row (count-by-codes.ts) never needs it.
  ctx.stats.rowsSelected += batch.selectedCount;
  return batch.selectedCount > 0 ? batch : null;
}

/** The profile table as one batch, user_selectors (ANY) and cohorts applied; null if there are no profiles. */
export function scanPeople(ctx: ExecContext, src: PeopleSource): PeopleBatch | null {
  const table = ctx.store.profiles();
  if (table === null) return null;
  const batch = new PeopleBatch(table, () => ctx.store.users, ctx.store.timezone);
  ctx.stats.rowsScanned += batch.size;
  const selectors = src.userSelectors.map((s, i) => compileSelector(s.selector, 'user', ctx, `user_selectors[${i}].selector`, s.parsed));
  if (selectors.length > 0 && selectors.every((s) => s !== null)) {
    const sb = batch.selectorBatch();
    const mask = new Uint8Array(batch.size);
    for (const s of selectors) {
      const m = s!.fn(sb);
      for (let i = 0; i < mask.length; i++) mask[i]! |= m[i]!;
    }
    batch.sel = narrow(batch.sel, mask);
  }
  applyUserMask(batch, cohortMask(ctx, src.cohorts));
  applyUserShard(ctx, batch);
  ctx.stats.rowsSelected += batch.sel.length;
  return batch;
}

/**
 * join(Events, People): per event partition, pairs of (event, profile of its
 * distinct_id); then, for full and right joins, one pair per selected profile that
 * had no event. Join selectors (ANY) apply to the pairs.
 */
export function* scanJoin(ctx: ExecContext, src: JoinSource, anyOrder = false): Generator<JoinBatch> {
  const people = scanPeople(ctx, src.people);
  const userCount = ctx.store.manifest.users.count;
  // user number -> selected profile row (-1: no profile, or filtered out).
  const profOf = new Int32Array(userCount).fill(-1);
  if (people) {
    const users = people.users();
    for (const r of people.sel) profOf[users[r]!] = r;
  }
  const keepNoUser = src.type === 'full' || src.type === 'left';
  const keepNoEvent = src.type === 'full' || src.type === 'right';
  const entries = compileEntries(src.selectors, 'join', ctx, 'join selectors');
  const members = cohortMask(ctx, src.cohorts);
  const hadEvent = new Uint8Array(userCount);
  // Selectors that read only user[...] decide per profile, not per pair: evaluate them
  // once over the profile table (and once for "no profile"), then drop pairs early.
  const byProfile = entries.length > 0 && entries.every((e) => e.event === undefined && e.userOnly) ? profileVerdicts(entries, people) : null;
  // An inner join whose selectors read only user[...]: one table over user numbers, built
  // once, holds the profile row of every user whose pairs pass (-1: none), so each event
  // costs one lookup (no per-event profile, cohort or selector checks).
  const pairOf = !keepNoUser && !keepNoEvent && members === null && (byProfile !== null || entries.length === 0) ? passingProfiles(profOf, byProfile) : null;
  for (const ev of scanEvents(ctx, src.events, anyOrder)) {
    const users = ev.users();
    const n = ev.sel.length;
    const evRows = new Int32Array(n);
    const profRows = new Int32Array(n);
    let k = 0;
    if (pairOf !== null) {
      const sel = ev.sel;
      for (let j = 0; j < n; j++) {
        const r = sel[j]!;
        const u = users[r]!;
        const p = u === NO_USER ? -1 : pairOf[u]!;
        if (p >= 0) {
          evRows[k] = r;
          profRows[k++] = p;
        }
      }
      if (k > 0) yield new JoinBatch(ev, people, evRows.subarray(0, k), profRows.subarray(0, k), () => ctx.store.users);
      continue;
    }
    for (const r of ev.sel) {
      const u = users[r]!;
      const p = u === NO_USER ? -1 : profOf[u]!;
      if (p < 0 && !keepNoUser) continue;
      if (members !== null && (u === NO_USER || !members[u])) continue;
      if (u !== NO_USER) hadEvent[u] = 1;
      if (byProfile !== null && !(p < 0 ? byProfile.noProfile : byProfile.pass[p])) continue;
      evRows[k] = r;
      profRows[k++] = p;
    }
    if (k === 0) continue;
    const batch = new JoinBatch(ev, people, evRows.subarray(0, k), profRows.subarray(0, k), () => ctx.store.users);
    if (byProfile === null) {
      const name = entries.some((e) => e.event !== undefined) ? ev.part.name : null;
      let names: Int32Array | null = null;
      if (name !== null) {
        names = new Int32Array(batch.size);
        for (let j = 0; j < batch.size; j++) names[j] = name.indices[batch.evRow[j]!]!;
      }
      const mask = entriesMask(entries, batch, names, name?.dictionary ?? null, batch.selectorBatch());
      if (mask !== null) batch.sel = narrow(batch.sel, mask);
    }
    if (batch.sel.length > 0) yield batch;
  }
  if (keepNoEvent && people) {
    const users = people.users();
    const profRows: number[] = [];
    for (const r of people.sel) {
      const u = users[r]!;
      if (hadEvent[u]) continue;
      if (members !== null && !members[u]) continue;
      profRows.push(r);
    }
    if (profRows.length === 0) return;
    const batch = new JoinBatch(null, people, new Int32Array(profRows.length).fill(-1), Int32Array.from(profRows), () => ctx.store.users);
    const mask = entriesMask(entries, batch, null, null, batch.selectorBatch());
    if (mask !== null) batch.sel = narrow(batch.sel, mask);
    if (batch.sel.length > 0) yield batch;
  }
}
