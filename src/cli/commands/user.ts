import { UsageError } from '../../errors.js';
import type { UserHistory } from '../../users/index.js';
import { wholeNumber } from '../arg-checks.js';
import { defineCommand, storeOption } from '../define-command.js';
import { type OutputArgs, outputOptions, resolveOutput } from '../output-options.js';

function text(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** A UTC ms time as the project's wall clock for a `--before` hint (milliseconds only when needed, so no event is skipped). */
export function beforeHint(localMs: number): string {
  const t = new Date(localMs).toISOString().slice(0, 23);
  return t.endsWith('.000') ? t.slice(0, 19) : t;
}

export function formatHistory(h: UserHistory, nextBefore?: string): string {
  const lines = [`user ${h.distinctId}`];
  if (h.profile === null) lines.push('  (no profile)');
  else {
    const keys = Object.keys(h.profile.properties).sort();
    const w = Math.max(0, ...keys.map((k) => k.length));
    for (const k of keys) lines.push(`  ${k.padEnd(w)}  ${text(h.profile.properties[k])}`);
  }
  lines.push('', `activity (newest first, times in ${h.timezone}):`);
  if (h.events.length === 0) lines.push('  (no events shown)');
  for (const e of h.events) {
    const props = Object.entries(e.properties)
      .filter(([k]) => k !== 'time' && k !== 'distinct_id' && k !== '$insert_id')
      .map(([k, v]) => `${k}=${text(v)}`)
      .join(' ');
    const line = `  ${e.localTime.replace('T', ' ')}  ${e.name}${props ? `  ${props}` : ''}`;
    lines.push(line.length > 160 ? `${line.slice(0, 159)}…` : line);
  }
  if (nextBefore !== undefined) lines.push(`  ... older events: --before ${nextBefore}`);
  return `${lines.join('\n')}\n`;
}

export const userCommand = defineCommand<{ id?: string; store?: string; events?: string; before?: string } & OutputArgs>({
  command: 'user [id]',
  describe: "One user's profile and activity feed (newest first, in the project timezone)",
  examples: [
    ['quarry user 7dd6542d-4de3-4350-ba1d-4915810fdc6e', 'profile and the last 20 events'],
    ['quarry user alice --events 100 --before 2024-03-01', 'older activity, 100 events'],
    ['quarry user alice --format jsonl', 'the events, one JSON object a line (json: profile and events)'],
  ],
  builder: (y) =>
    outputOptions(
      storeOption(y)
        .positional('id', { type: 'string', describe: 'The distinct_id (find ids with quarry users)' })
        .option('events', { type: 'string', requiresArg: true, describe: 'Events to show (default 20; 0: only the profile)' })
        .option('before', { type: 'string', requiresArg: true, describe: 'Only events before this time (date, time or epoch ms) — for paging' }),
      { out: true },
    ) as never,
  handler: async (a) => {
    const { parseTimeArg, userHistory } = await import('../../users/index.js');
    const { writeOutput } = await import('../../output/index.js');
    const { resolveStore } = await import('../resolve-store.js');
    if (a.id === undefined || String(a.id).trim() === '') {
      throw new UsageError('quarry user needs a distinct_id: quarry user ID (list ids with: quarry users, or quarry users --all)');
    }
    const limit = wholeNumber(a.events, '--events', 0) ?? 20;
    const { format, target, writeOptions } = resolveOutput(a);
    const { store } = await resolveStore(a.store);
    const h = userHistory(store, String(a.id), { limit, beforeMs: a.before === undefined ? undefined : parseTimeArg(a.before, store.timezone, '--before') });
    const { toProjectTime } = await import('../../time/index.js');
    const next = h.nextBefore === null ? undefined : beforeHint(toProjectTime(store.timezone, h.nextBefore));
    if (format === 'table') target.stream.write(formatHistory(h, next));
    else if (format === 'json') target.stream.write(`${JSON.stringify({ ...h, nextBefore: next ?? null, nextBeforeMs: h.nextBefore }, null, 2)}\n`);
    else
      await writeOutput(
        format,
        h.events.map((e) => ({ time: e.localTime, name: e.name, properties: e.properties })),
        target.stream,
        writeOptions,
      );
    await target.close();
  },
});
