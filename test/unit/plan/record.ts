// Record a script's plan through the real guest stdlib (in-thread, leak-checked module).
import type { TestQuickJSWASMModule } from 'quickjs-emscripten';
import { loadTestModule } from '../../../src/sandbox/module.js';
import { SandboxHost } from '../../../src/sandbox/host.js';
import type { Plan } from '../../../src/plan/index.js';

let mod: TestQuickJSWASMModule | null = null;

export async function recorder(): Promise<{ plan(src: string, params?: unknown): Plan; error(src: string): Error; check(): void }> {
  mod ??= await loadTestModule(256 * 1024 * 1024);
  const m = mod;
  const open = (source: string, params: unknown = {}) =>
    SandboxHost.open(m, {
      source,
      filename: 'script.js',
      params,
      limits: { timeoutMs: 5000, memoryBytes: 64 << 20 },
      deadlineMs: Date.now() + 5000,
    });
  return {
    plan(source, params) {
      const h = open(source, params);
      h.close();
      return shapeOnly(h.plan);
    },
    error(source) {
      try {
        open(source).close();
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected the script to fail');
    },
    check() {
      m.disposeAll();
      m.assertNoMemoryAllocated();
    },
  };
}

/** `function main() { return <expr>; }` */
export const main = (expr: string, pre = '') => `${pre}\nfunction main() {\n  return ${expr};\n}\n`;
export const EV = `Events({from_date: '2024-01-01', to_date: '2024-01-31'})`;

/**
 * The plan's shape, for comparisons: without source locations (tested in
 * locations.test.ts) and with each function's id, reads and name only (translation
 * and element reads have tests of their own).
 */
function shapeOnly(plan: Plan): Plan {
  const strip = <T extends { loc?: unknown }>(x: T): T => {
    const { loc: _loc, ...rest } = x;
    return rest as T;
  };
  return {
    source: strip(plan.source),
    stages: plan.stages.map(strip),
    fns: plan.fns.map(({ id, reads, name }) => ({ id, reads, name })),
  };
}
