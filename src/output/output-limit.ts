import { LimitError } from '../errors.js';

/**
 * Counts the bytes a writer sends and stops the query past `--max-output MB`. The
 * check runs before a chunk is written, so the output never exceeds the limit.
 */
export class OutputLimit {
  bytes = 0;
  readonly maxBytes: number | undefined;

  /** `maxMegabytes`: undefined, 0 or Infinity means no limit. 1 MB here is 1 MiB (1,048,576 bytes). */
  constructor(maxMegabytes?: number) {
    this.maxBytes = maxMegabytes === undefined || maxMegabytes <= 0 || !Number.isFinite(maxMegabytes) ? undefined : Math.floor(maxMegabytes * 1024 * 1024);
  }

  count(chunk: string): void {
    const next = this.bytes + Buffer.byteLength(chunk, 'utf8');
    if (this.maxBytes !== undefined && next > this.maxBytes) {
      const mb = this.maxBytes / (1024 * 1024);
      throw new LimitError(
        'output',
        `The result is larger than the output limit of ${mb} MB (--max-output ${mb}). ` +
          'Raise it with --max-output <MB> (0 for no limit), or return fewer rows ' +
          '(for example with .filter(...) or .applyGroupLimits([...])).',
      );
    }
    this.bytes = next;
  }
}
