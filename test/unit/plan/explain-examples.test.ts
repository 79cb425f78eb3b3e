/**
 * `quarry run --explain` for every examples/*.js on the built-in demo store: the
 * physical plan printed per node (native or sandbox, kernels, columns read, partitions
 * after pruning, shards, manifest answers). Goldens under golden/explain-<name>.txt;
 * regenerate with UPDATE_GOLDEN=1 and review the diff. Also: the plan is plain data
 * (what a shard worker receives survives structured clone and JSON unchanged).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoStore } from '../../../src/cli/build-demo.js';
import { runQuery } from '../../../src/exec/index.js';
import { explainPhysical } from '../../../src/plan/index.js';
import { ANY_ORDER_NOTE } from '../../../src/plan/physical/explain.js';
import { shutdownSandboxPool } from '../../../src/sandbox/index.js';
import type { Store } from '../../../src/store/index.js';

const EXAMPLES = path.join(import.meta.dirname, '..', '..', '..', 'examples');
const GOLDEN = path.join(import.meta.dirname, 'golden');
const names = fs
  .readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.js'))
  .map((f) => f.slice(0, -3))
  .sort();

let tmp: string;
let store: Store;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quarry-explain-'));
  store = await buildDemoStore(path.join(tmp, 'store'));
}, 120_000);

afterAll(async () => {
  await shutdownSandboxPool();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function physicalOf(name: string, translate = true) {
  const source = fs.readFileSync(path.join(EXAMPLES, `${name}.js`), 'utf8');
  // Two threads and a fixed NOW: the shards and selector bounds do not depend on the machine or the day.
  const q = await runQuery({ store, source, filename: `${name}.js`, params: {}, threads: 2, nowMs: Date.parse('2024-04-01T00:00:00Z'), translate });
  await q.close();
  return q.physical;
}

describe('--explain: the physical plan of every example', () => {
  for (const name of names) {
    it(name, async () => {
      const physical = await physicalOf(name);
      const text = `${explainPhysical(physical)}\n`;
      const file = path.join(GOLDEN, `explain-${name}.txt`);
      if (process.env.UPDATE_GOLDEN) fs.writeFileSync(file, text);
      expect(text).toBe(fs.readFileSync(file, 'utf8'));
      // The scan line says when rows may come in any order (rules/scan-order.ts), and only then.
      expect(text.split('\n')[0]!.includes(ANY_ORDER_NOTE)).toBe(physical.scan.anyOrder === true);
      expect(structuredClone(physical)).toEqual(physical);
      expect(JSON.parse(JSON.stringify(physical))).toEqual(JSON.parse(JSON.stringify(structuredClone(physical))));
    });
  }

  it('--no-translate: every function runs in the sandbox', async () => {
    const physical = await physicalOf('coupon-revenue-filter', false);
    const text = explainPhysical(physical);
    expect(text).not.toMatch(/fn#\d+ native/);
    expect(text).toMatch(/fn#0 sandbox/);
  });
});
