/**
 * A leak-checked QuickJS module for in-thread sandbox tests (quickjs-emscripten's
 * TestQuickJSWASMModule): after every test of the file, no handle or allocation may be
 * left behind. Call at the top level of a test file; the getter gives the module.
 */
import type { TestQuickJSWASMModule } from 'quickjs-emscripten';
import { afterEach, beforeAll } from 'vitest';
import { loadTestModule } from '../../src/sandbox/module.js';

export function leakCheckedModule(memoryBytes = 256 * 1024 * 1024): () => TestQuickJSWASMModule {
  let mod: TestQuickJSWASMModule | undefined;
  beforeAll(async () => {
    mod = await loadTestModule(memoryBytes);
  });
  afterEach(() => {
    mod!.disposeAll();
    mod!.assertNoMemoryAllocated();
  });
  return () => mod!;
}
