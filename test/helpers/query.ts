/** Run a JQL script in-process and collect its result as JSON (as the CLI would print it). */
import { type QueryOptions, runQuery } from '../../src/exec/index.js';

export async function collectQuery(o: QueryOptions): Promise<unknown[]> {
  const q = await runQuery(o);
  const out: unknown[] = [];
  try {
    for await (const item of q.items) out.push(item);
  } finally {
    await q.close();
  }
  return JSON.parse(JSON.stringify(out));
}
