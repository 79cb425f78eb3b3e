/**
 * Load the QuickJS WebAssembly module. One per worker (so once per process from the
 * worker's point of view): instantiating costs ~10 ms and the module's memory never
 * shrinks, so a worker keeps its module until it is recycled (see session.ts).
 *
 * The module gets its own WebAssembly.Memory with a `maximum`: QuickJS's own memory
 * limit does not bound the wasm heap, a capped Memory does (malloc then fails and
 * QuickJS throws "out of memory", which the runtime survives).
 */
import {
  RELEASE_SYNC, TestQuickJSWASMModule, newQuickJSWASMModuleFromVariant, newVariant,
  type QuickJSWASMModule,
} from 'quickjs-emscripten';

const WASM_PAGE = 64 * 1024;
const INITIAL_PAGES = 256; // 16 MB

export async function loadModule(maxWasmBytes: number): Promise<QuickJSWASMModule> {
  const maximum = Math.max(INITIAL_PAGES, Math.floor(maxWasmBytes / WASM_PAGE));
  const wasmMemory = new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum });
  return newQuickJSWASMModuleFromVariant(newVariant(RELEASE_SYNC, { wasmMemory }));
}

/** A module that tracks every runtime and context, for leak-checked tests. */
export async function loadTestModule(maxWasmBytes: number): Promise<TestQuickJSWASMModule> {
  return new TestQuickJSWASMModule(await loadModule(maxWasmBytes));
}

export type SandboxModule = QuickJSWASMModule | TestQuickJSWASMModule;

export function wasmBytes(mod: SandboxModule): number {
  return mod.getWasmMemory().buffer.byteLength;
}
