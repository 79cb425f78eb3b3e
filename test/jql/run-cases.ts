/**
 * JQL case files: `test/cases/jql/<topic>/<name>.js` with `<name>.out.json` (the
 * expected result) or `<name>.err.txt` (lines of text the ScriptError message must each contain).
 * Header comments in the script:
 *   // params: {...}     params for the run
 *   // rowsort           compare results ignoring row order
 *   // timezone: Zone    run on a fixture store in that project timezone
 *   // known-bug: text   the engine is known to get this case wrong (see
 *                        .scratch/engine-bugs.md); the case runs as `it.fails`, so
 *                        it starts failing the suite once the bug is fixed, and
 *                        the marker must then be removed
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { Store } from '../../src/store/index.js';
import { collectQuery } from '../helpers/query.js';

export interface JqlCase {
  name: string;
  file: string;
  source: string;
  params: unknown;
  rowsort: boolean;
  timezone: string;
  knownBug?: string;
  expected?: unknown;
  error?: string;
}

export function loadCases(root: string): JqlCase[] {
  const out: JqlCase[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.js')) {
        const source = fs.readFileSync(p, 'utf8');
        const base = p.slice(0, -3);
        const header = (k: string) => new RegExp(`^//\\s*${k}:?\\s*(.*)$`, 'm').exec(source)?.[1];
        const c: JqlCase = {
          name: path.relative(root, base),
          file: p,
          source,
          params: header('params') ? JSON.parse(header('params')!) : {},
          rowsort: /^\/\/\s*rowsort\b/m.test(source),
          timezone: header('timezone')?.trim() || 'UTC',
          knownBug: header('known-bug')?.trim() || undefined,
        };
        if (fs.existsSync(`${base}.out.json`)) c.expected = JSON.parse(fs.readFileSync(`${base}.out.json`, 'utf8'));
        else if (fs.existsSync(`${base}.err.txt`)) c.error = fs.readFileSync(`${base}.err.txt`, 'utf8').trim();
        else throw new Error(`${p}: no .out.json or .err.txt beside it`);
        out.push(c);
      }
    }
  };
  walk(root);
  return out;
}

export async function runCase(store: Store, c: JqlCase, extra: { batchRows?: number } = {}): Promise<unknown[]> {
  return collectQuery({ store, source: c.source, filename: path.basename(c.file), params: c.params, nowMs: Date.UTC(2016, 2, 20, 12), seed: 1, ...extra });
}

export function sortRows(rows: unknown[]): unknown[] {
  return [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

/**
 * `run` (a case run any way: in-process, distributed, ...) must fail with a
 * ScriptError naming the case's file in its first line and containing every line of
 * its .err.txt (e.g. the kind, `file.js:LINE:`, the offending line): an error, never
 * a crash.
 */
export async function expectCaseError(run: Promise<unknown>, c: JqlCase): Promise<void> {
  const err = await run.then(
    () => {
      throw new Error(`${c.name}: expected a script error, the run succeeded`);
    },
    (e: unknown) => e as Error,
  );
  expect(err.name).toBe('ScriptError');
  expect(err.message.split('\n')[0]).toMatch(new RegExp(`^${path.basename(c.file).replace(/[.]/g, '\\.')}:(\\d+:\\d+)? `));
  for (const part of (c.error ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean))
    expect(err.message).toContain(part);
}
