/**
 * Streams a response that a writer produces (src/output's JSON/CSV writers, the
 * export's JSON lines), with flat memory: the writer waits for 'drain', so it never
 * runs ahead of the client. The status is decided after the first ~64 KB chunk (the
 * writers' chunk size) or the end, whichever comes first, so errors in planning and
 * small results still get a proper error status; a failure after that cuts the
 * response short (the client sees a truncated body, as with the hosted API).
 * Compression (gzip when the client accepts it) is @fastify/compress's, on the stream.
 */
import { once } from 'node:events';
import { PassThrough, type Writable } from 'node:stream';
import type { FastifyReply } from 'fastify';

export async function streamReply(
  reply: FastifyReply,
  contentType: string,
  write: (out: Writable) => Promise<unknown>,
  onDone?: (error: unknown) => void,
  signal?: AbortSignal,
): Promise<FastifyReply> {
  const body = new PassThrough({ highWaterMark: 64 * 1024 });
  // A writer waiting for 'drain' from a client that left would wait forever: an
  // error event ends its wait.
  signal?.addEventListener('abort', () => body.destroy(new Error('the client went away')), { once: true });
  let failed: { e: unknown } | null = null;
  const done = write(body).then(
    () => {
      body.end();
      onDone?.(undefined);
    },
    (e: unknown) => {
      failed = { e };
      onDone?.(e);
      if (started) body.destroy(e as Error);
    },
  );
  let started = false;
  await Promise.race([done, once(body, 'readable')]);
  if (failed !== null) throw (failed as { e: unknown }).e;
  started = true;
  return reply.type(contentType).send(body);
}
