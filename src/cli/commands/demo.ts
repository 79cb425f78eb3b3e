import fs from 'node:fs';
import { StoreError } from '../../errors.js';
import { defineCommand } from '../define-command.js';

export const demoCommand = defineCommand<{ store: string; events: number; seed: number; timezone: string; force?: boolean }>({
  command: 'demo',
  describe: 'Generate a deterministic demo store (users, profiles, a funnel of events over 90 days)',
  examples: [
    ['quarry demo --store demo', 'a 200,000-event demo store in ./demo'],
    ['quarry demo --store big --events 5000000', 'a larger one, for benchmarks'],
  ],
  builder: (y) =>
    y
      .option('store', { type: 'string', default: 'demo', describe: 'Directory to create' })
      .option('events', { type: 'number', default: 200_000, describe: 'Number of events' })
      .option('seed', { type: 'number', default: 42, describe: 'Random seed (same seed, same data)' })
      .option('timezone', { type: 'string', default: 'UTC', describe: 'Project timezone' })
      .option('force', { type: 'boolean', describe: 'Replace an existing store in that directory' }) as never,
  handler: async (a) => {
    const { Store } = await import('../../store/index.js');
    const { buildDemoStore } = await import('../build-demo.js');
    if (Store.exists(a.store)) {
      if (!a.force) throw new StoreError(`${a.store} already holds a store; pass --force to replace it`);
      fs.rmSync(a.store, { recursive: true, force: true });
    }
    const started = Date.now();
    const s = await buildDemoStore(a.store, { events: a.events, seed: a.seed, timezone: a.timezone });
    process.stdout.write(
      `demo store at ${s.dir}: ${s.eventCount} events, ${s.manifest.profiles?.rows ?? 0} profiles (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
    );
  },
});
