/**
 * Derived rows (after a map, groupBy or reduce) as an ItemBatch: plain JSON values,
 * read by path with readPath. No columns: every path is read per item.
 */
import type { SelectorBatch } from '../../selector/index.js';
import type { Column } from '../../store/index.js';
import { selectAll } from './item-batch.js';

export class RowsBatch {
  readonly kind = 'rows';
  readonly size: number;
  sel: Int32Array;
  constructor(readonly rows: unknown[]) {
    this.size = rows.length;
    this.sel = selectAll(rows.length);
  }
  column(_path: string): Column | undefined | null {
    return null;
  }
  item(row: number): unknown {
    return this.rows[row];
  }
  users(): Int32Array {
    return new Int32Array(this.size).fill(-1);
  }
  samplingFactors(): null {
    return null;
  }
  projectTimes(): null {
    return null;
  }
  selectorBatch(): SelectorBatch {
    return { length: this.size, column: () => undefined };
  }
}
