/**
 * Make a demo store: generated events and profiles imported through quarry's own
 * importers, exactly as a user's data would be.
 */
import { demoEvents, demoProfiles, type DemoOptions } from '../demo/index.js';
import { importEvents, importPeople } from '../ingest/index.js';
import type { RawRecord } from '../ingest/read-records.js';
import { Store } from '../store/index.js';

function* asRecords<T>(values: Iterable<T>): Generator<RawRecord> {
  let line = 0;
  for (const value of values) yield { line: ++line, value };
}

export async function buildDemoStore(dir: string, o: DemoOptions & { timezone?: string } = {}): Promise<Store> {
  const store = Store.init(dir, { timezone: o.timezone ?? 'UTC', createdAt: '2024-01-01T00:00:00.000Z' });
  await importEvents(store, [{ label: 'demo-events', records: asRecords(demoEvents(o)) }], { command: 'demo' });
  await importPeople(store.reopen(), [{ label: 'demo-profiles', records: asRecords(demoProfiles(o)) }], {});
  return store.reopen();
}
