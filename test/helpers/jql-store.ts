/**
 * The tiny JQL fixture store (test/fixtures/jql): 10 events over 3 days
 * (2016-03-15..17 UTC) by alice, bob, carol, dave and one event without a
 * distinct_id; profiles for alice, bob, carol and erin (erin has no events, dave no
 * profile). Every expected output in test/cases/jql was worked out by hand from
 * these two files.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importEvents, importPeople, readRecords } from '../../src/ingest/index.js';
import { Store } from '../../src/store/index.js';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'jql');

export async function makeJqlStore(timezone = 'UTC'): Promise<Store> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quarry-jql-'));
  const store = Store.init(dir, { timezone });
  await importEvents(store, [{ label: 'events.jsonl', records: readRecords(path.join(FIXTURES, 'events.jsonl')) }]);
  await importPeople(store.reopen(), [{ label: 'profiles.jsonl', records: readRecords(path.join(FIXTURES, 'profiles.jsonl')) }]);
  return store.reopen();
}
