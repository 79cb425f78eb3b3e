/**
 * One QuickJS runtime per query, with its limits: heap, stack (always; see
 * limits.ts for why 256 KB) and an interrupt handler enforcing the deadline.
 */
import type { QuickJSRuntime } from 'quickjs-emscripten';
import { DEFAULT_STACK_BYTES, interruptAfter, type SandboxLimits } from './limits.js';
import type { SandboxModule } from './module.js';

export function newQueryRuntime(mod: SandboxModule, limits: SandboxLimits, deadlineMs: number): QuickJSRuntime {
  const rt = mod.newRuntime();
  rt.setMemoryLimit(limits.memoryBytes);
  rt.setMaxStackSize(limits.stackBytes ?? DEFAULT_STACK_BYTES);
  rt.setInterruptHandler(interruptAfter(deadlineMs));
  return rt;
}
