/**
 * The columns of a listing: `--columns a,b,c`, `*` for every profile property, or the
 * project's default columns. `$distinct_id` always comes first and is not a column
 * of its own. A name no profile has is kept (an empty column) with a warning, since
 * it is most likely a typo.
 */
import type { Store } from '../store/index.js';
import { closest } from '../did-you-mean.js';

export const ALL_COLUMNS = '*';

export interface ColumnChoice {
  columns: string[];
  warnings: string[];
}

export function splitColumns(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function resolveColumns(store: Store, requested?: string[]): ColumnChoice {
  const have = new Set(store.profiles()?.keys() ?? []);
  if (requested !== undefined && requested.length === 1 && requested[0] === ALL_COLUMNS) {
    const defaults = store.settings.defaultColumns.filter((c) => have.has(c));
    const rest = [...have].filter((c) => !defaults.includes(c)).sort();
    return { columns: [...defaults, ...rest], warnings: [] };
  }
  const explicit = requested !== undefined;
  const wanted = (requested ?? store.settings.defaultColumns).filter((c) => c !== '$distinct_id' && c !== 'distinct_id');
  const columns = [...new Set(wanted)];
  const warnings: string[] = [];
  if (explicit) {
    for (const c of columns) {
      if (!have.has(c))
        warnings.push(`unknown profile property ${JSON.stringify(c)} in --columns: no profile has it, so its column is empty${suggest(c, have)}`);
    }
  }
  return { columns, warnings };
}

function suggest(name: string, have: Set<string>): string {
  return closest(name, have);
}
