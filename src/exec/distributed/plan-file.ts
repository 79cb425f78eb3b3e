/**
 * The plan file (version 2): one JSON document laid out so that a task reads only
 * what it needs. At 365 days x 128 buckets the store's manifest is ~65 MB, and a
 * task that parsed and hashed all of it paid ~1.6 s before reading a row, though it
 * reads a day or one bucket of each day.
 *
 *   {"format":"quarry-shard-plan",...,"store":{...,"manifest":{...,"events":{"2024-01-02":"<sha256>",...}}},
 *    ...,"hash":"<sha256>","partitionAt":{"2024-01-02":[13,1458],...},"partitions":{
 *   "2024-01-02":{...the day's PartitionMeta, a bucketed day's "buckets" as [digest, bytes]...},
 *   "2024-01-02/0":{...bucket 0's PartitionMeta...},
 *   ...
 *   }}
 *
 * Line 1, the head, is the whole plan but for the day partitions, which it names by
 * the sha256 of their line's JSON text; a bucketed day's line names its buckets the
 * same way (shard-plan.ts: dayLines). `hash` covers the head (planHash), so it covers
 * every day and bucket through the digests. Each following line holds a day or a
 * bucket; `partitionAt` gives where a day's JSON text starts (bytes from the start of
 * line 2) and its length in bytes; a bucket's line follows its day's, so its place
 * follows from the day's and the byte lengths the day lists. `partitionAt` is not hashed: wrong offsets read
 * bytes whose digest does not match. A reader checks the head's hash and the digest
 * of every line it reads: exec-shard reads its task's days (a user shard of a
 * bucketed store: only its buckets of each day; the others read as empty, null),
 * merge none, finish all.
 */
import { UserError } from '../../errors.js';
import { bucketCount, type PartitionMeta, shardBuckets } from '../../store/manifest.js';
import { dayLines, hashHead, PLAN_FORMAT, PLAN_VERSION, type PlanHead, partitionDigest, planHead, planTask, type ShardPlanFile } from './shard-plan.js';

/** How the head line ends: the rest of the document is the partitions object. */
const HEAD_END = ',"partitions":{';

/** Which day partitions a reader wants: all (finish), none (merge), or those of one task (exec-shard). */
export type PlanDays = 'all' | 'none' | { task: number };

/** Bytes of a plan file, read on demand (a file: only the head and the days wanted). */
export interface PlanBytes {
  size: number;
  read(position: number, length: number): Buffer;
}

export function encodeShardPlan(plan: ShardPlanFile): string {
  const days = Object.entries(plan.store.manifest.events);
  const at: Record<string, [number, number]> = {};
  const lines: string[] = [];
  let position = 0;
  const add = (name: string, text: string, indexed: boolean) => {
    const key = lineKey(name, lines.length === 0);
    if (indexed) at[name] = [position + Buffer.byteLength(key), Buffer.byteLength(text)];
    const line = `${key}${text}\n`;
    lines.push(line);
    position += Buffer.byteLength(line);
  };
  for (const [day, meta] of days) {
    const { day: text, buckets } = dayLines(meta);
    add(day, text, true);
    // A bucket's place follows from its day's (bucket lines come right after, in order).
    for (const [b, t] of buckets.entries()) if (t !== null) add(bucketLine(day, b), t, false);
  }
  const head = JSON.stringify({ ...planHead(plan), hash: plan.hash, partitionAt: at });
  return `${head.slice(0, -1)}${HEAD_END}\n${lines.join('')}}}\n`;
}

/** A whole plan file's text -> its plan, every partition checked. `name`: how messages call the file. */
export function parseShardPlan(text: string, name: string): ShardPlanFile {
  const buf = Buffer.from(text);
  return readShardPlan({ size: buf.length, read: (p, n) => buf.subarray(p, p + n) }, name, 'all');
}

/**
 * The plan, checked, with the day partitions `days` asks for (the manifest's other
 * days are left out: a task's store sees only its own days).
 */
export function readShardPlan(bytes: PlanBytes, name: string, days: PlanDays): ShardPlanFile {
  const { head, at, headBytes } = readHead(bytes, name);
  const task = typeof days === 'object' ? planTask(head as never, days.task) : null;
  const wanted = days === 'all' ? Object.keys(head.store.manifest.events) : task === null ? [] : task.days;
  // A user shard of a bucketed store reads only its buckets (as its scan does, exec/operators/scan.ts).
  const B = bucketCount(head.store.manifest);
  const mine = task?.users && B > 1 ? new Set(shardBuckets(B, task.users[0], task.users[1])) : null;
  const line = (key: string, digest: unknown, place: unknown): unknown => {
    const what = `day ${key}`;
    if (typeof digest !== 'string') throw changed(name, `${what} has no digest`);
    if (!Array.isArray(place) || place.length !== 2 || !place.every((n) => Number.isInteger(n) && n >= 0)) throw changed(name, `no place for ${what}`);
    const [offset, length] = place as [number, number];
    if (headBytes + offset + length > bytes.size) throw incomplete(name, `it ends before ${what}`);
    const text = bytes.read(headBytes + offset, length);
    if (partitionDigest(text) !== digest) throw changed(name, `${what} does not match its digest`);
    return JSON.parse(text.toString('utf8'));
  };
  const events: Record<string, PartitionMeta> = {};
  for (const day of wanted) {
    if (!(day in head.store.manifest.events)) throw changed(name, `its task reads day ${day}, which its manifest does not hold`);
    const place = at[day];
    const meta = line(day, head.store.manifest.events[day], place) as PartitionMeta;
    if (Array.isArray(meta.buckets)) {
      // Each bucket's line follows its day's: ,"day/b":TEXT and a newline.
      let cursor = place![0] + place![1] + 1;
      meta.buckets = (meta.buckets as unknown[]).map((ref, b) => {
        if (ref === null) return null;
        const [digest, length] = Array.isArray(ref) ? ref : [];
        const start = cursor + Buffer.byteLength(lineKey(bucketLine(day, b), false));
        cursor = start + Number(length) + 1;
        return mine !== null && !mine.has(b) ? null : (line(bucketLine(day, b), digest, [start, length]) as PartitionMeta);
      });
    }
    events[day] = meta;
  }
  return { ...head, store: { ...head.store, manifest: { ...head.store.manifest, events } }, hash: head.hash } as ShardPlanFile;
}

/** What comes before a line's JSON text: its name (and a comma but on the first line). */
const lineKey = (name: string, first: boolean) => `${first ? '' : ','}${JSON.stringify(name)}:`;

/** A bucket's line is named day/bucket. */
const bucketLine = (day: string, bucket: number) => `${day}/${bucket}`;

function readHead(bytes: PlanBytes, name: string): { head: PlanHead & { hash: string }; at: Record<string, [number, number]>; headBytes: number } {
  let end = -1;
  const chunks: Buffer[] = [];
  for (let position = 0; end < 0 && position < bytes.size; ) {
    const chunk = bytes.read(position, Math.min(1 << 20, bytes.size - position));
    const nl = chunk.indexOf(10);
    if (nl >= 0) end = position + nl;
    chunks.push(nl >= 0 ? chunk.subarray(0, nl) : chunk);
    position += chunk.length;
  }
  const line = Buffer.concat(chunks).toString('utf8');
  if (!line.endsWith(HEAD_END)) {
    checkFormat(parseJson(line, name), name); // a plan of another version or format says so
    throw incomplete(name, 'no day partitions after its first line');
  }
  const doc = checkFormat(parseJson(`${line.slice(0, -HEAD_END.length)}}`, name), name);
  const { partitionAt, hash, ...head } = doc as PlanHead & { hash: unknown; partitionAt: unknown };
  if (typeof hash !== 'string' || hashHead(head as PlanHead) !== hash) throw changed(name, 'its hash does not match');
  if (end < 0 || partitionAt === null || typeof partitionAt !== 'object') throw incomplete(name, 'no day partitions after its first line');
  return { head: { ...(head as PlanHead), hash }, at: partitionAt as Record<string, [number, number]>, headBytes: end + 1 };
}

function parseJson(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw incomplete(name, (e as Error).message);
  }
}

function checkFormat(doc: unknown, name: string): Record<string, unknown> {
  const d = doc as Record<string, unknown> | null;
  if (d === null || typeof d !== 'object' || d.format !== PLAN_FORMAT) {
    throw new UserError(`${name} is not a quarry shard plan (no "format": "${PLAN_FORMAT}"); make one with quarry plan SCRIPT --out ${name}`);
  }
  if (d.version !== PLAN_VERSION) {
    throw new UserError(
      `${name} is a shard plan of version ${d.version}; this quarry reads version ${PLAN_VERSION}: make the plan with the quarry that runs the tasks`,
    );
  }
  return d;
}

function incomplete(name: string, why: string): UserError {
  return new UserError(`${name} is not a complete plan file (${why}); make it again with quarry plan`);
}

function changed(name: string, why: string): UserError {
  return new UserError(`${name} was changed after quarry plan wrote it (${why}); make the plan again`);
}
