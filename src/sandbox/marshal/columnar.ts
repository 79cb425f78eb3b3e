/**
 * The batches the engine hands the sandbox. Columns are the store's own in-memory
 * columns (src/store/column.ts), so the engine passes what it scanned without
 * converting. Send only the fields the user functions read (Plan.fns[id].reads;
 * see neededFields()), else all: an omitted field is simply absent from the items
 * the guest builds.
 */
import type { Column, NumberColumn, StringColumn } from '../../store/column.js';

export interface ColumnarEvents {
  name?: StringColumn;
  distinctId?: StringColumn;
  /** Project-time ms, already shifted. */
  time?: Float64Array | NumberColumn;
  /** null: every event has sampling_factor 1. Omitted: the field is not built. */
  samplingFactor?: Float64Array | NumberColumn | null;
  /** Omitted: items get no `properties` object at all. */
  properties?: Record<string, Column>;
}

export interface ColumnarPeople {
  distinctId?: StringColumn;
  time?: Float64Array | NumberColumn;
  lastSeen?: Float64Array | NumberColumn;
  properties?: Record<string, Column>;
}

/**
 * One batch of items. For the columnar kinds, `selection` (optional) lists the
 * physical rows to use, in order; the rows a GuestBatchResult reports are then
 * physical row numbers (selection values), else positions 0..length-1.
 */
export type GuestItems =
  | { kind: 'json'; items: unknown[] }
  | { kind: 'events'; length: number; columns: ColumnarEvents; selection?: Int32Array }
  | { kind: 'people'; length: number; columns: ColumnarPeople; selection?: Int32Array }
  | {
      kind: 'join';
      length: number;
      events: ColumnarEvents;
      people: ColumnarPeople;
      hasEvent: Uint8Array;
      hasUser: Uint8Array;
      selection?: Int32Array;
    };

/** A batch after packing: what crosses into the worker and then into the guest. */
export interface PackedItems {
  /** Column layout (offsets into buffer), dictionaries to drop, item count. */
  desc: Record<string, unknown>;
  /** Every typed array of the batch, 8-byte aligned, in one buffer. */
  buffer: ArrayBuffer;
  /** One JSON text: new dictionaries, per-batch string subsets, JSON cells, json items. */
  extraText: string;
  /** Number of items in the batch. */
  length: number;
}
