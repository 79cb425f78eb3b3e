/**
 * A shard task's start at a big manifest. Makes a plan (no pin) of a per-country
 * count over one week of STORE, split by day, then pads the plan's manifest with fake
 * days before the query's range (never read), each of BUCKETS buckets copied from a
 * real day, up to DAYS days: the plan a store of DAYS days x BUCKETS buckets gives
 * (365 x 128: ~65 MB of manifest). Writes it to OUT in this checkout's plan format,
 * with its hash. Then time a task on it, e.g. in interleaved pairs against another
 * checkout's plan of the same store:
 *   node dist/bench/micro/plan-size.js STORE /tmp/plan.json [--days 365] [--buckets 128]
 *   /usr/bin/time -f '%e s %U user %S sys %M KB' bin/quarry.js exec-shard /tmp/plan.json --task 0 --out /tmp/0.part
 */
import fs from 'node:fs';
import * as distributed from '../../src/exec/distributed/index.js';
import type { PartitionMeta } from '../../src/store/index.js';
import { Store } from '../../src/store/index.js';

const args = process.argv.slice(2);
const option = (name: string, dflt: number): number => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args.splice(at, 2)[1]) : dflt;
};
const days = option('--days', 365);
const buckets = option('--buckets', 128);
const [dir, out] = args;
if (!dir || !out) {
  process.stderr.write('usage: plan-size STORE OUT [--days 365] [--buckets 128]\n');
  process.exit(2);
}
const store = Store.open(dir);
const real = Object.keys(store.manifest.events).sort();
const week = real.slice(0, 7);
const source = `function main() {
  return Events({ from_date: '${week[0]}', to_date: '${week.at(-1)}' }).groupBy(['properties.mp_country_code'], mixpanel.reducer.count());
}`;
const plan = await distributed.makeShardPlan({ store, source, filename: 'q.js', shards: 7, seed: 1, nowMs: Date.parse('2025-01-01'), pin: false });
const { buckets: _, ...template } = store.manifest.events[real[0]!]!;
const events: Record<string, PartitionMeta> = {};
const first = Date.parse(`${real[0]}T00:00:00Z`);
for (let i = days - real.length; i >= 1; i--) {
  const day = new Date(first - i * 86_400_000).toISOString().slice(0, 10);
  events[day] = { ...template, dir: `events/${day}`, buckets: Array.from({ length: buckets }, (_, b) => ({ ...template, dir: `events/${day}/b${b}` })) };
}
for (const d of real) events[d] = store.manifest.events[d]!;
const padded = { ...plan, store: { ...plan.store, manifest: { ...plan.store.manifest, events } } };
padded.hash = distributed.planHash(padded);
// A checkout before plan format 2 wrote the plan as one JSON line.
const encode = (distributed as { encodeShardPlan?: (p: typeof padded) => string }).encodeShardPlan ?? ((p) => `${JSON.stringify(p)}\n`);
fs.writeFileSync(out, encode(padded));
process.stdout.write(`${out}: ${Object.keys(events).length} days, ${(fs.statSync(out).size / 1e6).toFixed(1)} MB, ${plan.tasks.length} tasks\n`);
