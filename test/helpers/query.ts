/** Run a JQL script in-process and collect its result as JSON (as the CLI would print it). */
import { type QueryOptions, runQuery } from '../../src/exec/index.js';
import { collectItems } from './collect-items.js';

export async function collectQuery(o: QueryOptions): Promise<unknown[]> {
  return collectItems(await runQuery(o));
}
