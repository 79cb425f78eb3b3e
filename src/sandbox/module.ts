/**
 * Load the QuickJS WebAssembly module. One per worker (so once per process from the
 * worker's point of view): instantiating costs ~10 ms and the module's memory never
 * shrinks, so a worker keeps its module until it is recycled (see session.ts).
 *
 * The module gets its own WebAssembly.Memory with a `maximum`: QuickJS's own memory
 * limit does not bound the wasm heap, a capped Memory does (malloc then fails and
 * QuickJS throws "out of memory", which the runtime survives).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { RELEASE_SYNC, TestQuickJSWASMModule, newQuickJSWASMModuleFromVariant, newVariant, type QuickJSWASMModule } from 'quickjs-emscripten';
import { START_UP_TIERING_BUDGET, withStartUpTiering } from './wasm-tiering.js';

const WASM_PAGE = 64 * 1024;
const INITIAL_PAGES = 256; // 16 MB

/**
 * Emscripten's own diagnostics (an `Aborted(Assertion failed: ...)` when QuickJS
 * gives up on freeing a runtime, e.g. after a 30k-deep promise chain) would go
 * straight to the process's stderr. quarry reports the failure itself (the worker is
 * discarded, see host.ts `close()`), so they are kept here, for --debug only.
 */
export const emscriptenMessages: string[] = [];
const keep = (s: string) => {
  if (emscriptenMessages.length < 20) emscriptenMessages.push(s);
};

/** The `maximum` of each module's wasm memory, in bytes. */
const caps = new WeakMap<WebAssembly.Memory, number>();

/** `tieringBudget`: wasm-tiering.ts (a sandbox worker is given one, in its workerData). */
export async function loadModule(maxWasmBytes: number, tieringBudget = START_UP_TIERING_BUDGET): Promise<QuickJSWASMModule> {
  const maximum = Math.max(INITIAL_PAGES, Math.floor(maxWasmBytes / WASM_PAGE));
  const wasmMemory = new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum });
  caps.set(wasmMemory, maximum * WASM_PAGE);
  // Emscripten's hook for making the instance: from quarry's own compiled module.
  const instantiateWasm = (imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void): object => {
    const module = quickjsWasm(tieringBudget);
    const instance = new WebAssembly.Instance(module, imports);
    done(instance, module);
    return instance.exports;
  };
  // print/printErr/instantiateWasm are Emscripten Module fields the loader passes on verbatim (not in its types).
  const emscriptenModule = { print: keep, printErr: keep, instantiateWasm } as unknown as NonNullable<Parameters<typeof newVariant>[1]>['emscriptenModule'];
  return newQuickJSWASMModuleFromVariant(newVariant(RELEASE_SYNC, { wasmMemory, emscriptenModule }));
}

/** This thread's compiled QuickJS module per tiering budget (a sandbox worker uses one). */
const compiled = new Map<number, WebAssembly.Module>();

/**
 * QuickJS's WebAssembly.Module, compiled once per thread and budget under quarry's tiering
 * budget (wasm-tiering.ts). V8 compiles each function lazily, on its first call, so this
 * is mostly validation: a few ms.
 *
 * V8 shares one compiled module among all threads of the process that compile the same
 * bytes (its native module cache), and the tiering budget is fixed when that module is
 * first made: a budget other than the default gets bytes of its own (a custom section
 * naming it, which changes nothing else), or the shard threads of a `quarry run` would
 * inherit the one-run budget of the worker that recorded main().
 */
function quickjsWasm(tieringBudget: number): WebAssembly.Module {
  let mod = compiled.get(tieringBudget);
  if (mod === undefined) {
    const file = createRequire(import.meta.url).resolve('@jitl/quickjs-wasmfile-release-sync/wasm');
    const plain = readFileSync(file);
    const bytes = tieringBudget === START_UP_TIERING_BUDGET ? plain : withCustomSection(plain, `quarry-tiering-budget-${tieringBudget}`);
    mod = withStartUpTiering(() => new WebAssembly.Module(bytes), tieringBudget);
    compiled.set(tieringBudget, mod);
  }
  return mod;
}

/** `bytes` with a custom section (id 0) appended: valid anywhere in a module, ignored by the engine. */
export function withCustomSection(bytes: Uint8Array, name: string): Uint8Array<ArrayBuffer> {
  const nameBytes = new TextEncoder().encode(name);
  const payload = [...uleb128(nameBytes.length), ...nameBytes];
  const section = [0, ...uleb128(payload.length), ...payload];
  const out = new Uint8Array(bytes.length + section.length);
  out.set(bytes);
  out.set(section, bytes.length);
  return out;
}

function uleb128(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** A module that tracks every runtime and context, for leak-checked tests. */
export async function loadTestModule(maxWasmBytes: number): Promise<TestQuickJSWASMModule> {
  return new TestQuickJSWASMModule(await loadModule(maxWasmBytes));
}

export type SandboxModule = QuickJSWASMModule | TestQuickJSWASMModule;

export function wasmBytes(mod: SandboxModule): number {
  return mod.getWasmMemory().buffer.byteLength;
}

/**
 * True when the module's wasm memory has grown to (within 16 MB of) its maximum. A
 * script that exhausts memory in some states gets `null` thrown at it (QuickJS cannot
 * allocate the error); this tells that apart from a script's own `throw null`.
 */
export function wasmMemoryExhausted(mod: SandboxModule): boolean {
  const mem = mod.getWasmMemory();
  const cap = caps.get(mem);
  return cap !== undefined && mem.buffer.byteLength >= cap - 16 * 1024 * 1024;
}
