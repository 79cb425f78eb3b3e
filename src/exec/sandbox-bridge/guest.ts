/**
 * The one door from operators into user code: batched calls to the sandbox
 * session, with the counters `--stats` reports. Every call carries many rows.
 */
import type { FnInfo } from '../../plan/index.js';
import type { FunctionSession, GuestBatchResult } from '../../sandbox/index.js';
import type { ExecStats } from '../context.js';
import { toGuestItems } from './guest-items.js';
import type { ItemBatch } from '../batches/item-batch.js';
import type { FnValues } from '../value-reader.js';

export type Step =
  | { kind: 'filter'; fn: number }
  | { kind: 'map'; fn: number }
  | { kind: 'keys'; fns: number[] }
  | { kind: 'values'; fns: number[]; paths?: string[] }
  | { kind: 'reduce'; fn: number; groupsFrom: 'given'; groups: { row: Int32Array; group: Int32Array } };

export class Guest {
  /** A call whose result nobody waits for yet (pipelined groupByUser chunks). */
  inflight: Promise<void> | null = null;

  constructor(
    readonly session: FunctionSession,
    readonly fns: FnInfo[],
    private readonly stats: ExecStats,
  ) {}

  /** Run `steps` over the rows `sel` of `batch` in one crossing. */
  async run(batch: ItemBatch, sel: Int32Array, steps: Step[]): Promise<GuestBatchResult> {
    const ids: number[] = [];
    const reducers = new Set<number>();
    const paths: string[] = [];
    for (const s of steps) {
      if ('fn' in s) ids.push(s.fn);
      if ('fns' in s) ids.push(...s.fns);
      if (s.kind === 'reduce') reducers.add(s.fn);
      if (s.kind === 'values' && s.paths) paths.push(...s.paths);
    }
    const items = toGuestItems(batch, sel, this.fns, ids, reducers, paths);
    this.stats.sandboxCalls++;
    this.stats.sandboxRows += sel.length;
    const before = this.session.stats.bytesIn;
    const res = await this.session.runBatch({ items, steps: steps as never });
    this.stats.bytesMarshalled += this.session.stats.bytesIn - before;
    // Rows come back as physical rows for columnar batches, positions for JSON ones.
    if (batch.kind === 'rows') {
      const rows = new Int32Array(res.rows.length);
      for (let k = 0; k < rows.length; k++) rows[k] = sel[res.rows[k]!]!;
      return { ...res, rows };
    }
    return res;
  }

  /** Values per fn, aligned with the result rows, from a final keys/values step. */
  static fnValues(fnIds: number[], res: GuestBatchResult): FnValues {
    const out: FnValues = new Map();
    const rows = (res.keys ?? []) as unknown[][];
    fnIds.forEach((id, k) =>
      out.set(
        id,
        rows.map((r) => r[k]),
      ),
    );
    return out;
  }

  async userReduce(
    fnId: number,
    items: import('../../sandbox/index.js').GuestItems,
    runs: Array<[string, number]>,
    rows: number,
    keyFns: number[] = [],
  ): Promise<void> {
    this.stats.sandboxCalls++;
    this.stats.sandboxRows += rows;
    const before = this.session.stats.bytesIn;
    await this.session.userReduce(fnId, items, runs, keyFns);
    this.stats.bytesMarshalled += this.session.stats.bytesIn - before;
  }

  async combine(fnId: number, partials: unknown[][]): Promise<unknown[]> {
    this.stats.sandboxCalls++;
    return this.session.combine(fnId, partials);
  }
}
