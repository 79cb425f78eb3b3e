import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TestQuickJSWASMModule } from 'quickjs-emscripten';
import { loadTestModule } from '../../../src/sandbox/module.js';
import { SandboxHost, type HostOpenOptions } from '../../../src/sandbox/host.js';
import { Packer } from '../../../src/sandbox/marshal/pack.js';

let mod: TestQuickJSWASMModule;
beforeAll(async () => { mod = await loadTestModule(256 * 1024 * 1024); });
afterEach(() => { mod.disposeAll(); mod.assertNoMemoryAllocated(); });

function open(source: string, extra: Partial<HostOpenOptions> = {}) {
  return SandboxHost.open(mod, {
    source, filename: 'script.js', params: {}, limits: { timeoutMs: 5000, memoryBytes: 64 << 20 },
    deadlineMs: Date.now() + 5000, ...extra,
  });
}

describe('host', () => {
  it('runs a script and a batch', () => {
    const h = open(`function main(){ return Events({from_date:'2024-01-01', to_date:'2024-01-02'}).filter(e => e.x > 1).map(e => e.x * 2) }`);
    expect(h.plan.stages.map((s) => s.kind)).toEqual(['filter', 'map']);
    const p = new Packer().pack({ kind: 'json', items: [{ x: 1 }, { x: 2 }, { x: 3 }] });
    const r = h.runBatch(p, [{ kind: 'filter', fn: 0 }, { kind: 'map', fn: 1 }]);
    expect(Array.from(r.rows!)).toEqual([1, 2]);
    expect(r.values).toEqual([4, 6]);
    h.close();
  });
});
