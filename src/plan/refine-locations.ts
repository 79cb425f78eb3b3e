/**
 * QuickJS reports the location of every call in a multi-line method chain at the
 * start of its statement (`return Events(...)` on line 2, even for `.reduce(...)` on
 * line 5). Find each stage's own `.name(` in the source text after that point, so
 * errors found while running a stage point at the right line.
 */
import type { Loc, Plan, Stage } from './nodes.js';

const NAMES: Partial<Record<Stage['kind'], string[]>> = {
  applyGroupLimits: ['applyGroupLimits', 'internalLimitHierarchically'],
};

function offsetOf(lines: string[], loc: Loc): number {
  let off = 0;
  for (let i = 0; i < loc.line - 1 && i < lines.length; i++) off += lines[i]!.length + 1;
  return off + loc.column - 1;
}

function locOf(text: string, offset: number): Loc {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

export function refineLocations(plan: Plan, source: string): void {
  const text = source.replace(/\r\n/g, '\n');
  const lines = text.split('\n');
  // Search forward from the statement start; stages appear in chain order.
  const cursor = new Map<string, number>();
  const find = (loc: Loc | undefined, names: string[], dotted: boolean): Loc | undefined => {
    if (!loc) return loc;
    const key = `${loc.line}:${loc.column}`;
    const from = cursor.get(key) ?? offsetOf(lines, loc);
    const re = new RegExp(`${dotted ? '\\.\\s*' : '\\b'}(?:${names.join('|')})\\s*\\(`, 'g');
    re.lastIndex = from;
    const m = re.exec(text);
    if (!m) return loc;
    cursor.set(key, m.index + m[0].length);
    const at = dotted ? m.index + m[0].indexOf(m[0].replace(/^\.\s*/, '')) : m.index;
    return locOf(text, at);
  };
  const src = plan.source;
  const sourceNames = src.kind === 'events' ? ['Events'] : src.kind === 'people' ? ['People'] : ['join'];
  src.loc = find(src.loc, sourceNames, false);
  for (const stage of plan.stages) stage.loc = find(stage.loc, NAMES[stage.kind] ?? [stage.kind], true);
}
