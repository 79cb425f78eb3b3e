import type { Writable } from 'node:stream';
import { OutputLimit } from './output-limit.js';
import { ChunkedWriter } from './write-chunk.js';
import { jsonText } from './json-text.js';
import type { ResultItems, WriterOptions, WriteSummary } from './writer-options.js';

/** `--format jsonl`: one item a line, compact JSON. */
export async function writeJsonl(items: ResultItems, out: Writable, opts: WriterOptions = {}): Promise<WriteSummary> {
  const limit = new OutputLimit(opts.maxOutputMB);
  const w = new ChunkedWriter(out, limit);
  let n = 0;
  for await (const item of items) {
    await w.push(jsonText(item) + '\n');
    n++;
  }
  await w.flush();
  return { items: n, bytes: limit.bytes };
}
