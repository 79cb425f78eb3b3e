import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shutdownSandboxPool } from '../../src/sandbox/index.js';
import type { Store } from '../../src/store/index.js';
import { makeJqlStore } from '../helpers/jql-store.js';
import { expectCaseError, loadCases, runCase, sortRows } from './run-cases.js';

const cases = loadCases(path.join(import.meta.dirname, '..', 'cases', 'jql'));
const stores = new Map<string, Store>();

beforeAll(async () => {
  for (const tz of new Set(cases.map((c) => c.timezone))) stores.set(tz, await makeJqlStore(tz));
});
afterAll(() => shutdownSandboxPool());

describe('JQL cases (hand-computed on the fixture store)', () => {
  for (const c of cases) {
    // A known engine bug: the case keeps its correct expected output and is expected
    // to fail; once the engine is fixed `it.fails` reports it, and the marker goes.
    const test = c.knownBug ? it.fails : it;
    test(c.knownBug ? `${c.name} [known bug: ${c.knownBug}]` : c.name, async () => {
      const store = stores.get(c.timezone)!;
      if (c.error !== undefined) {
        await expectCaseError(runCase(store, c), c);
        return;
      }
      const actual = await runCase(store, c);
      expect(c.rowsort ? sortRows(actual) : actual).toEqual(c.rowsort ? sortRows(c.expected as unknown[]) : c.expected);
      // Same answer whatever the sandbox batch size.
      const small = await runCase(store, c, { batchRows: 3 });
      expect(c.rowsort ? sortRows(small) : small).toEqual(c.rowsort ? sortRows(c.expected as unknown[]) : c.expected);
    });
  }
});
