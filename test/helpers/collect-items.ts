/** A running query's items, as JSON would carry them (as the CLI prints them). */
export async function collectItems(q: { items: AsyncIterable<unknown>; close(): Promise<void> }): Promise<unknown[]> {
  const out: unknown[] = [];
  try {
    for await (const item of q.items) out.push(item);
  } finally {
    await q.close();
  }
  return JSON.parse(JSON.stringify(out));
}
