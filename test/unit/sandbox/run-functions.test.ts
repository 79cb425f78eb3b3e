// A shard's sandbox entry (HostOpenOptions.fns): the top level runs, main() never
// does, the user functions sit at their ids, compiled at their own line and column.
// Leak-checked like host.test.ts.
import { describe, expect, it } from 'vitest';
import { ScriptError } from '../../../src/errors.js';
import type { ShardFunction } from '../../../src/plan/index.js';
import { SandboxHost } from '../../../src/sandbox/host.js';
import { Packer } from '../../../src/sandbox/marshal/pack.js';
import { leakCheckedModule } from '../../helpers/leak-check.js';

const mod = leakCheckedModule();

const SCRIPT = [
  'var seen = 0;',
  'function byName(x) { seen++; return x.k + ":" + seen; }',
  'function main() {',
  '  throw new Error("main() must not run here");',
  '  return Events({}).map(function (x) { if (x.k === "boom") throw new Error("bad " + x.k); return x.k + params.suffix; });',
  '}',
].join('\n');

function open(fns: ShardFunction[], lines: string[] = []) {
  return SandboxHost.open(mod(), {
    source: SCRIPT,
    filename: 'script.js',
    params: { suffix: '!' },
    limits: { timeoutMs: 5000, memoryBytes: 64 << 20 },
    deadlineMs: Date.now() + 5000,
    fns,
    quietSetup: true,
    onConsole: (l) => lines.push(l),
  });
}
const inline = SCRIPT.indexOf('function (x)');
const FNS: ShardFunction[] = [
  { id: 0, global: 'byName' },
  { id: 1, start: inline, end: SCRIPT.indexOf('; });') + 3 },
];
const items = (ks: string[]) => new Packer().pack({ kind: 'json', items: ks.map((k) => ({ k })) });

describe('a shard sandbox', () => {
  it("runs the functions by id without main(), with the top level's globals and params", () => {
    const h = open(FNS);
    try {
      expect(h.runBatch(items(['a', 'b']), [{ kind: 'map', fn: 0 }]).values).toEqual(['a:1', 'b:2']);
      expect(h.runBatch(items(['a']), [{ kind: 'map', fn: 1 }]).values).toEqual(['a!']);
    } finally {
      h.close();
    }
  });

  it("a compiled function's error points at its line in the script", () => {
    const h = open(FNS);
    try {
      let err: unknown;
      try {
        h.runBatch(items(['boom']), [{ kind: 'map', fn: 1 }]);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ScriptError);
      expect((err as ScriptError).location).toMatchObject({ file: 'script.js', line: 5 });
      expect((err as ScriptError).message).toMatch(/^script\.js:5:\d+ Error: bad boom/);
    } finally {
      h.close();
    }
  });

  it("the top level's console lines are dropped (the main thread printed them)", () => {
    const lines: string[] = [];
    const h = SandboxHost.open(mod(), {
      source: 'console.log("top");\nfunction f(x) { console.log("f " + x.k); return 1; }',
      filename: 's.js',
      params: {},
      limits: { timeoutMs: 5000, memoryBytes: 64 << 20 },
      deadlineMs: Date.now() + 5000,
      fns: [{ id: 0, global: 'f' }],
      quietSetup: true,
      onConsole: (l) => lines.push(l),
    });
    try {
      h.runBatch(items(['a']), [{ kind: 'map', fn: 0 }]);
    } finally {
      h.close();
    }
    expect(lines).toEqual(['f a']);
  });
});
