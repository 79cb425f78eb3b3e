import { UsageError } from '../../errors.js';
import type { UserHistory } from '../../users/index.js';
import { defineCommand, storeOption } from '../define-command.js';

function text(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export function formatHistory(h: UserHistory): string {
  const lines = [`user ${h.distinctId}`];
  if (h.profile === null) lines.push('  (no profile)');
  else {
    const keys = Object.keys(h.profile.properties).sort();
    const w = Math.max(0, ...keys.map((k) => k.length));
    for (const k of keys) lines.push(`  ${k.padEnd(w)}  ${text(h.profile.properties[k])}`);
  }
  lines.push('', `activity (newest first, times in ${h.timezone}):`);
  if (h.events.length === 0) lines.push('  (no events)');
  for (const e of h.events) {
    const props = Object.entries(e.properties)
      .filter(([k]) => k !== 'time' && k !== 'distinct_id' && k !== '$insert_id')
      .map(([k, v]) => `${k}=${text(v)}`)
      .join(' ');
    const line = `  ${e.localTime.replace('T', ' ')}  ${e.name}${props ? `  ${props}` : ''}`;
    lines.push(line.length > 160 ? `${line.slice(0, 159)}…` : line);
  }
  if (h.nextBefore !== null) lines.push(`  ... older events: --before ${h.nextBefore}`);
  return `${lines.join('\n')}\n`;
}

export const userCommand = defineCommand<{ id: string; store?: string; events: number; before?: string; json?: boolean }>({
  command: 'user <id>',
  describe: "One user's profile and activity feed (newest first, in the project timezone)",
  examples: [
    ['quarry user 7dd6542d-4de3-4350-ba1d-4915810fdc6e', 'profile and the last 20 events'],
    ['quarry user alice --events 100 --before 2024-03-01', 'older activity, 100 events'],
    ['quarry user alice --json', 'the same as JSON'],
  ],
  builder: (y) =>
    storeOption(y)
      .positional('id', { type: 'string', describe: 'The distinct_id' })
      .option('events', { type: 'number', default: 20, describe: 'Events to show' })
      .option('before', { type: 'string', describe: 'Only events before this time (date, time or epoch ms) — for paging' })
      .option('json', { type: 'boolean', describe: 'Print JSON' }) as never,
  handler: async (a) => {
    const { parseTimeArg, userHistory } = await import('../../users/index.js');
    const { resolveStore } = await import('../resolve-store.js');
    if (!Number.isInteger(a.events) || a.events < 0) throw new UsageError(`--events needs a whole number >= 0, got ${a.events}`);
    const { store } = await resolveStore(a.store);
    const h = userHistory(store, String(a.id), { limit: a.events, beforeMs: a.before === undefined ? undefined : parseTimeArg(a.before, store.timezone, '--before') });
    process.stdout.write(a.json ? `${JSON.stringify(h, null, 2)}\n` : formatHistory(h));
  },
});
