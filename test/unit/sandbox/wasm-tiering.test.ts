/**
 * The start-up tiering budget (src/sandbox/wasm-tiering.ts) is set only while QuickJS's
 * module compiles, then V8's default is put back. V8 hashes the flags into every code
 * cache, and a thread started afterwards (a sandbox worker) takes the hash of the flags
 * at its start: with a wrong default put back, it would reject every cache made before
 * (Node's built-ins, quarry's bundles) and write ones the next process rejects.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { loadModule, withCustomSection } from '../../../src/sandbox/module.js';
import { ONE_RUN_TIERING_BUDGET, START_UP_TIERING_BUDGET, tieringBudgetOf, tieringWorkerData, withStartUpTiering } from '../../../src/sandbox/wasm-tiering.js';

/** In a fresh worker: the code cache of a small script, or whether V8 rejects the one given. */
const probe = `const vm = require('node:vm'); const { parentPort, workerData } = require('node:worker_threads');
const s = 'function add(a, b) { return a + b; } add(1, 2);';
parentPort.postMessage(workerData ? new vm.Script(s, { cachedData: Buffer.from(workerData) }).cachedDataRejected : new vm.Script(s).createCachedData());`;

function inWorker<T>(workerData?: Uint8Array): Promise<T> {
  return new Promise((resolve, reject) => {
    const w = new Worker(probe, { eval: true, workerData });
    w.once('message', (m: T) => {
      resolve(m);
      void w.terminate();
    });
    w.once('error', reject);
  });
}

describe('wasm start-up tiering', () => {
  it('leaves the flags as they were: a worker started after accepts a code cache made before', async () => {
    const cachedData = await inWorker<Uint8Array>();
    const bytes = readFileSync(createRequire(import.meta.url).resolve('@jitl/quickjs-wasmfile-release-sync/wasm'));
    const mod = withStartUpTiering(() => new WebAssembly.Module(bytes));
    expect(WebAssembly.Module.exports(mod).length).toBeGreaterThan(0);
    expect(await inWorker<boolean>(cachedData)).toBe(false);
  });

  it('gives back what the compile returned, and restores the flags when it throws', async () => {
    const cachedData = await inWorker<Uint8Array>();
    expect(withStartUpTiering(() => 42)).toBe(42);
    expect(() =>
      withStartUpTiering(() => {
        throw new Error('bad wasm');
      }),
    ).toThrow('bad wasm');
    expect(await inWorker<boolean>(cachedData)).toBe(false);
  });

  it('the QuickJS module loads through it and runs code', async () => {
    const mod = await loadModule(64 << 20);
    const ctx = mod.newContext();
    try {
      expect(ctx.dump(ctx.unwrapResult(ctx.evalCode('[1, 2, 3].map((x) => x * 2).join()')))).toBe('2,4,6');
    } finally {
      ctx.dispose();
    }
  });
});

describe('one-run tiering (decision 0043)', () => {
  const bytes = readFileSync(createRequire(import.meta.url).resolve('@jitl/quickjs-wasmfile-release-sync/wasm'));

  it('a custom section keeps the module as it was and makes its bytes its own', () => {
    // A name over 127 bytes: the section's sizes take two LEB128 bytes.
    const name = `quarry-tiering-budget-${'x'.repeat(140)}`;
    const marked = withCustomSection(bytes, name);
    expect(marked.length).toBeGreaterThan(bytes.length + name.length);
    const plain = new WebAssembly.Module(bytes);
    const mod = new WebAssembly.Module(marked);
    expect(WebAssembly.Module.exports(mod)).toEqual(WebAssembly.Module.exports(plain));
    expect(WebAssembly.Module.imports(mod)).toEqual(WebAssembly.Module.imports(plain));
    const sections = WebAssembly.Module.customSections(mod, name);
    expect(sections).toHaveLength(1);
    expect(sections[0]!.byteLength).toBe(0);
  });

  it('a worker takes the budget it was given, else the default', () => {
    expect(tieringBudgetOf(tieringWorkerData(ONE_RUN_TIERING_BUDGET))).toBe(ONE_RUN_TIERING_BUDGET);
    for (const bad of [undefined, null, {}, { tieringBudget: '1000' }, { tieringBudget: -1 }, { tieringBudget: 1.5 }, { tieringBudget: 2 ** 31 }]) {
      expect(tieringBudgetOf(bad)).toBe(START_UP_TIERING_BUDGET);
    }
  });

  it('a module loaded under the one-run budget runs code', async () => {
    const mod = await loadModule(64 << 20, ONE_RUN_TIERING_BUDGET);
    const ctx = mod.newContext();
    try {
      expect(ctx.dump(ctx.unwrapResult(ctx.evalCode('[1, 2, 3].map((x) => x * 3).join()')))).toBe('3,6,9');
    } finally {
      ctx.dispose();
    }
  });
});
