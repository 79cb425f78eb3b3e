import type { Store } from '../../store/index.js';
import { defineCommand, storeOption } from '../define-command.js';
import { type OutputArgs, outputOptions, resolveOutput } from '../output-options.js';

export interface StoreInfo {
  store: string;
  timezone: string;
  events: number;
  days: number;
  from: string | null;
  to: string | null;
  eventNames: Record<string, number>;
  eventProperties: Record<string, string>;
  users: number;
  profiles: number;
  profileProperties: Record<string, string>;
  groups: Record<string, number>;
  cohorts: string[];
  defaultColumns: string[];
  /** User buckets per day, only when more than one (docs/store-format.md). */
  buckets?: number;
}

/** Summarize a store from its manifest alone (no data file is read). */
export function describeStore(s: Store): StoreInfo {
  const m = s.manifest;
  const days = s.days();
  // Keys come from data: plain objects would mistake "constructor" for a prototype member.
  const names: Record<string, number> = Object.create(null);
  const props: Record<string, string> = Object.create(null);
  for (const d of days) {
    const p = m.events[d]!;
    for (const [n, c] of Object.entries(p.names)) names[n] = (Object.hasOwn(names, n) ? names[n]! : 0) + c;
    for (const [k, c] of Object.entries(p.columns)) props[k] = !Object.hasOwn(props, k) || props[k] === c.kind ? c.kind : 'mixed';
  }
  const profileProps: Record<string, string> = {};
  for (const [k, c] of Object.entries(m.profiles?.columns ?? {})) profileProps[k] = c.kind;
  const sortObj = <T>(o: Record<string, T>, by?: (a: [string, T], b: [string, T]) => number) =>
    Object.fromEntries(Object.entries(o).sort(by ?? ((a, b) => (a[0] < b[0] ? -1 : 1))));
  return {
    store: s.remote?.uri ?? s.dir,
    timezone: s.timezone,
    events: s.eventCount,
    days: days.length,
    from: days[0] ?? null,
    to: days[days.length - 1] ?? null,
    eventNames: sortObj(names, (a, b) => (b[1] as number) - (a[1] as number) || (a[0] < b[0] ? -1 : 1)),
    eventProperties: sortObj(props),
    users: m.users.count,
    profiles: m.profiles?.rows ?? 0,
    profileProperties: sortObj(profileProps),
    groups: Object.fromEntries(Object.entries(m.groups).map(([k, g]) => [k, g.rows])),
    cohorts: m.cohorts.map((c) => c.name),
    defaultColumns: m.settings.defaultColumns,
    ...(s.buckets > 1 ? { buckets: s.buckets } : {}),
  };
}

export function formatInfo(i: StoreInfo): string {
  const lines = [
    `store      ${i.store}`,
    `timezone   ${i.timezone}`,
    `events     ${i.events.toLocaleString('en-US')}${i.from ? ` on ${i.days} days, ${i.from} to ${i.to}` : ''}${i.buckets ? `, ${i.buckets} user buckets per day` : ''}`,
    `users      ${i.users.toLocaleString('en-US')} distinct ids, ${i.profiles.toLocaleString('en-US')} profiles`,
  ];
  if (Object.keys(i.groups).length)
    lines.push(
      `groups     ${Object.entries(i.groups)
        .map(([k, n]) => `${k} (${n})`)
        .join(', ')}`,
    );
  lines.push(`cohorts    ${i.cohorts.length ? i.cohorts.join(', ') : '(none)'}`);
  lines.push('', 'event names:');
  for (const [n, c] of Object.entries(i.eventNames)) lines.push(`  ${c.toLocaleString('en-US').padStart(12)}  ${n}`);
  lines.push('', 'event properties:');
  for (const [k, t] of Object.entries(i.eventProperties)) lines.push(`  ${t.padEnd(8)} ${k}`);
  lines.push('', 'profile properties:');
  for (const [k, t] of Object.entries(i.profileProperties)) lines.push(`  ${t.padEnd(8)} ${k}`);
  return `${lines.join('\n')}\n`;
}

export const infoCommand = defineCommand<{ store?: string } & OutputArgs>({
  command: 'info',
  describe: 'Show what a store holds: events, names, properties, profiles, cohorts',
  examples: [
    ['quarry info', 'summary of the current store'],
    ['quarry info --store data/acme --json', 'the same as JSON, for scripts (the default into a pipe)'],
  ],
  builder: (y) => outputOptions(storeOption(y), { formats: ['json', 'table'] }) as never,
  handler: async (a) => {
    const { resolveStore } = await import('../resolve-store.js');
    const { format } = resolveOutput(a, { formats: ['json', 'table'] });
    const { store } = await resolveStore(a.store);
    const info = describeStore(store);
    process.stdout.write(format === 'json' ? `${JSON.stringify(info, null, 2)}\n` : formatInfo(info));
  },
});
