/**
 * The first bytes of standard input, put back so the reader that follows sees all of
 * it: how `quarry import people -` tells a CSV from JSON.
 */
import { once } from 'node:events';

export async function peekStdin(): Promise<Buffer> {
  const input = process.stdin;
  for (;;) {
    const chunk = input.read() as Buffer | null;
    if (chunk !== null) {
      input.unshift(chunk);
      return chunk;
    }
    if (input.readableEnded) return Buffer.alloc(0);
    await Promise.race([once(input, 'readable'), once(input, 'end')]);
  }
}

/** Whether input starting with `head` is JSON (a `[` or `{` first) rather than CSV. */
export function looksLikeJson(head: Buffer): boolean {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return true; // gzip: the JSON reader unpacks it
  const text = head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  return text.startsWith('[') || text.startsWith('{');
}
