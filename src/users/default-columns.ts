/** `quarry columns set a,b,c`: the project's default listing columns, saved in one transaction. */
import { UserError } from '../errors.js';
import type { Store } from '../store/index.js';

export async function setDefaultColumns(store: Store, columns: string[]): Promise<{ columns: string[]; warnings: string[] }> {
  const cols = [...new Set(columns.filter((c) => c !== '$distinct_id' && c !== 'distinct_id'))];
  if (cols.length === 0) throw new UserError("name at least one profile property, e.g. quarry columns set '$name,$email,plan'");
  const have = new Set(store.profiles()?.keys() ?? []);
  const warnings = cols
    .filter((c) => !have.has(c))
    .map((c) => `unknown profile property ${JSON.stringify(c)}: no profile has it (yet); its column will be empty`);
  await store.write('columns set', (tx) => {
    tx.manifest.settings.defaultColumns = cols;
  });
  return { columns: cols, warnings };
}
