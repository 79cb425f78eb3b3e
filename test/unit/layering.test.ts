/**
 * The folder layering of src/ (docs/architecture.md): a folder imports only folders
 * below it, never one beside or above it, and no module imports itself back through
 * a cycle. Reads every import (static, type-only and dynamic) of every src file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.join(import.meta.dirname, '..', '..', 'src');

/** Lower numbers are lower layers. The files at src/ top level (errors, wire-errors) are the bottom. */
const RANK: Record<string, number> = {
  '.': 0,
  time: 0,
  store: 1,
  selector: 2,
  'reducer-facts': 2,
  ingest: 3,
  cohort: 3,
  plan: 3,
  output: 3,
  demo: 3,
  sandbox: 4,
  users: 4,
  exec: 5,
  export: 5,
  server: 6,
  cli: 7,
};

/** Known violations, to remove (not to add to). None left. */
const KNOWN = new Set<string>([]);

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

const folderOf = (file: string) => {
  const rel = path.relative(SRC, file).split(path.sep);
  return rel.length === 1 ? '.' : rel[0]!;
};

/** Relative imports of a file, resolved to .ts paths under src/. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  const re = /(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g;
  for (const m of text.matchAll(re)) {
    const target = path.resolve(path.dirname(file), m[1]!).replace(/\.js$/, '.ts');
    if (target.startsWith(SRC + path.sep)) out.push(target);
  }
  return out;
}

const all = files(SRC);
const graph = new Map(all.map((f) => [f, importsOf(f)]));

describe('layering of src/', () => {
  it('every folder has a rank', () => {
    const unranked = [...new Set(all.map(folderOf))].filter((f) => !(f in RANK));
    expect(unranked, 'add the new folder to RANK here and to docs/architecture.md').toEqual([]);
  });

  it('no folder imports a folder beside or above it', () => {
    const bad: string[] = [];
    for (const [file, deps] of graph) {
      const from = folderOf(file);
      for (const dep of deps) {
        const to = folderOf(dep);
        const edge = `${path.relative(SRC, file)} -> ${path.relative(SRC, dep)}`;
        if (to !== from && RANK[to]! >= RANK[from]! && !KNOWN.has(edge)) bad.push(edge);
      }
    }
    expect(bad).toEqual([]);
  });

  it('no import cycle between modules', () => {
    const state = new Map<string, 1 | 2>();
    const cycles: string[] = [];
    const visit = (f: string, stack: string[]) => {
      state.set(f, 1);
      for (const d of graph.get(f) ?? []) {
        if (state.get(d) === 1) cycles.push([...stack.slice(stack.indexOf(d)), d].map((p) => path.relative(SRC, p)).join(' -> '));
        else if (!state.has(d)) visit(d, [...stack, d]);
      }
      state.set(f, 2);
    };
    for (const f of all) if (!state.has(f)) visit(f, [f]);
    expect(cycles).toEqual([]);
  });
});
