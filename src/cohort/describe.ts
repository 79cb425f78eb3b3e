/** A criteria tree as one readable line per criterion (for `cohort show` and `cohort list`). */
import type { BehaviorCriterion, Criterion } from './definition.js';
import { isGroup } from './definition.js';

const TIMES: Record<string, string> = { '>=': 'at least', '<=': 'at most', '==': 'exactly', '>': 'more than', '<': 'fewer than', '!=': 'not exactly' };

function behavior(b: BehaviorCriterion): string {
  const what = b.event === null ? 'any event' : JSON.stringify(b.event);
  const unit = b.distinctDays ? 'day' : 'time';
  const n = b.count.value;
  let head: string;
  if (b.count.op === '==' && n === 0) head = `did not do ${what}`;
  else if (b.count.op === '<' && n === 1) head = `did not do ${what}`;
  else head = `did ${what} ${TIMES[b.count.op]} ${n} ${unit}${n === 1 ? '' : 's'}`;
  if (b.distinctDays && head.startsWith('did not')) head += ' (distinct days)';
  const where = b.where ? ` where ${b.where}` : '';
  const w = b.window;
  const when = w === undefined ? '' : 'last' in w ? ` in the last ${w.last} ${w.unit}${w.last === 1 ? '' : 's'}` : ` between ${w.from} and ${w.to}`;
  return `${head}${where}${when}`;
}

export function describeCriteria(c: Criterion, indent = ''): string {
  if (isGroup(c)) {
    const word = c.operator === 'and' ? 'all of' : 'any of';
    return `${indent}${word}:\n${c.children.map((x) => describeCriteria(x, `${indent}  `)).join('\n')}`;
  }
  switch (c.type) {
    case 'property':
      return `${indent}profile: ${c.where}`;
    case 'behavior':
      return `${indent}${behavior(c)}`;
    case 'cohort':
      return `${indent}${c.operator} cohort ${typeof c.cohort === 'number' ? `#${c.cohort}` : JSON.stringify(c.cohort)}`;
  }
}
