import { afterAll, describe, expect, it } from 'vitest';
import { openSession, shutdownSandboxPool } from '../../../src/sandbox/index.js';

afterAll(() => shutdownSandboxPool());

describe('session', () => {
  it('opens through a worker and runs a batch', async () => {
    const lines: string[] = [];
    const s = await openSession({
      source: `console.log('hi', {a:1}); function main(){ return Events({from_date:'2024-01-01', to_date:'2024-01-02'}).filter(e => e.x > 1) }`,
      filename: 'q.js', params: {}, limits: { timeoutMs: 5000, memoryBytes: 64 << 20 }, onConsole: (l) => lines.push(l),
    });
    const r = await s.runBatch({ items: { kind: 'json', items: [{ x: 1 }, { x: 2 }] }, steps: [{ kind: 'filter', fn: 0 }] });
    expect(Array.from(r.rows)).toEqual([1]);
    expect(lines).toEqual(['hi {"a":1}']);
    await s.close();
  });
});
