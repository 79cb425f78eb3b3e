/**
 * q5's sandbox side alone, in this thread: the store's days merged by user as the
 * engine merges them for a custom groupByUser reducer, packed and handed to an
 * in-process QuickJS (SandboxHost) batch by batch. Reports CPU time of packing and of
 * the guest calls, so a change to the guest runtime or the packing can be measured
 * without worker threads, process start or the rest of the query.
 * Usage (after npm run build):
 *   node dist/bench/micro/q5-sandbox.js STORE [SCRIPT] [--reps N]
 * SCRIPT defaults to bench/queries/q5.js; its first groupByUser reducer is the one called.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EventBatch } from '../../src/exec/batches/event-batch.js';
import { mergeByUser } from '../../src/exec/batches/merge-users.js';
import { chunkSelection } from '../../src/exec/operators/chunks.js';
import { toGuestItems } from '../../src/exec/sandbox-bridge/guest-items.js';
import { BATCH_ROWS } from '../../src/sandbox/limits.js';
import { Packer } from '../../src/sandbox/marshal/pack.js';
import { loadModule } from '../../src/sandbox/module.js';
import { SandboxHost } from '../../src/sandbox/host.js';
import { Store } from '../../src/store/index.js';

const args = process.argv.slice(2);
const repsAt = args.indexOf('--reps');
const reps = repsAt >= 0 ? Number(args.splice(repsAt, 2)[1]) : 1;
const [dir, scriptArg] = args;
if (!dir) {
  process.stderr.write('usage: q5-sandbox STORE [SCRIPT] [--reps N]\n');
  process.exit(2);
}
const here = path.dirname(fileURLToPath(import.meta.url));
const scriptFile = scriptArg ?? path.resolve(here, '../../../bench/queries/q5.js');
const source = fs.readFileSync(scriptFile, 'utf8');

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const store = Store.open(dir);
const mod = await loadModule(1 << 30);
const host = SandboxHost.open(mod, {
  source,
  filename: path.basename(scriptFile),
  params: {},
  limits: { timeoutMs: 3_600_000, memoryBytes: 512 << 20 },
  deadlineMs: Date.now() + 3_600_000,
});
const fns = host.plan.fns;
// The reducer: the first function that reads items as a reducer (q5 has only it).
const fnId = fns.find((f) => f.itemReads !== undefined)?.id ?? 0;

let packMs = 0;
let mergeMs = 0;
let guestMs = 0;
let rows = 0;
let calls = 0;
for (let rep = 0; rep < reps; rep++) {
  const packer = new Packer();
  let t = cpu();
  const batches = store.days('2024-01-02', '2024-03-31').map((d) => new EventBatch(store.openPartition(d), () => store.users, store.timezone));
  const merged = mergeByUser(batches, { target: BATCH_ROWS, timezone: store.timezone, usersRef: () => store.users });
  mergeMs += cpu() - t;
  for (;;) {
    t = cpu();
    const next = merged.next();
    if (next.done) break;
    const batch = next.value as EventBatch;
    const users = batch.users();
    const parts = chunkSelection(batch.sel, BATCH_ROWS, users);
    mergeMs += cpu() - t;
    for (const sel of parts) {
      t = cpu();
      const keys = new Array<string>(sel.length);
      for (let j = 0; j < sel.length; j++) keys[j] = String(users[sel[j]!]);
      const items = toGuestItems(batch, sel, fns, [fnId], new Set([fnId]));
      const packed = packer.pack(items);
      const runs: Array<[string, number]> = [];
      for (const k of keys) {
        const last = runs[runs.length - 1];
        if (last && last[0] === k) last[1]++;
        else runs.push([k, 1]);
      }
      packMs += cpu() - t;
      t = cpu();
      host.userReduce(fnId, packed, runs);
      guestMs += cpu() - t;
      rows += sel.length;
      calls++;
    }
  }
}
const t0 = cpu();
const results = host.userResults(fnId);
const resultMs = cpu() - t0;
const perStep = new Map<unknown, number>();
for (const r of results) perStep.set(r.value, (perStep.get(r.value) ?? 0) + 1);
host.close();
const f = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
console.log(
  JSON.stringify({
    rows,
    calls,
    users: results.length,
    // Users per reducer result (q5: per funnel step), when there are few distinct results.
    steps: perStep.size <= 20 ? Object.fromEntries([...perStep].sort()) : `${perStep.size} distinct results`,
    merge: f(mergeMs),
    pack: f(packMs),
    guest: f(guestMs),
    results: f(resultMs),
    guestNsPerRow: Math.round((guestMs * 1e6) / rows),
  }),
);
