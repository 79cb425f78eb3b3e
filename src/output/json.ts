import type { Writable } from 'node:stream';
import { OutputLimit } from './output-limit.js';
import { ChunkedWriter } from './write-chunk.js';
import { jsonText } from './json-text.js';
import type { ResultItems, WriterOptions, WriteSummary } from './writer-options.js';

/**
 * The default format: one JSON array, exactly the hosted endpoint's body
 * (`[{"key":["a"],"value":1},...]`, no spaces), followed by a newline. Items are
 * written as they arrive; only a ~64 KB chunk is held.
 */
export async function writeJson(items: ResultItems, out: Writable, opts: WriterOptions = {}): Promise<WriteSummary> {
  const limit = new OutputLimit(opts.maxOutputMB);
  const w = new ChunkedWriter(out, limit);
  let n = 0;
  await w.push('[');
  for await (const item of items) {
    await w.push((n === 0 ? '' : ',') + jsonText(item));
    n++;
  }
  await w.push(']\n');
  await w.flush();
  return { items: n, bytes: limit.bytes };
}
