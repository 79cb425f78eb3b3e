import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { OutputLimit } from './output-limit.js';

/**
 * Counts `text` against the output limit, writes it, and waits for 'drain' when the
 * stream's buffer is full, so a large result never piles up in memory.
 */
export async function writeChunk(out: Writable, text: string, limit: OutputLimit): Promise<void> {
  if (text === '') return;
  limit.count(text);
  if (!out.write(text)) await once(out, 'drain');
}

/**
 * Joins small pieces into ~64 KB chunks before writing (one write per item would
 * dominate the cost of a million small rows).
 */
export class ChunkedWriter {
  private parts: string[] = [];
  private length = 0;

  constructor(
    private readonly out: Writable,
    private readonly limit: OutputLimit,
    private readonly chunkSize = 65_536,
  ) {}

  async push(text: string): Promise<void> {
    this.parts.push(text);
    this.length += text.length;
    if (this.length >= this.chunkSize) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.length = 0;
    await writeChunk(this.out, text, this.limit);
  }
}
