/**
 * `quarry cohort create NAME --did Purchase --at-least 3 --within 30d --where '...'`:
 * criteria from command-line words, in the order given. Modifiers (`--event-where`,
 * `--at-least`, `--at-most`, `--exactly`, `--within`, `--from`, `--to`,
 * `--distinct-days`) belong to the nearest `--did` / `--not-did` before them, which
 * is why this reads the raw words rather than parsed options (those lose the order).
 */
import { UsageError } from '../errors.js';
import { checkDay, checkSelector } from './checks.js';
import type { BehaviorCriterion, CountOp, Criterion } from './definition.js';
import { parseWithin } from './parse-definition.js';

export const CRITERION_FLAGS = ['where', 'did', 'not-did', 'in-cohort', 'not-in-cohort'] as const;
export const MODIFIER_FLAGS = ['event-where', 'at-least', 'at-most', 'exactly', 'within', 'from', 'to'] as const;
const VALUE_FLAGS = new Set<string>([...CRITERION_FLAGS, ...MODIFIER_FLAGS]);
const SWITCHES = new Set(['distinct-days', 'on-distinct-days']);

interface Pending {
  c: BehaviorCriterion;
  negate: boolean;
  flag: string;
  count?: { op: CountOp; value: number; flag: string };
  from?: string;
  to?: string;
}

/** "did not do it at least N times" = fewer than N, and so on. */
const NEGATED: Record<CountOp, CountOp> = { '>=': '<', '<=': '>', '==': '!=', '>': '<=', '<': '>=', '!=': '==' };

/** Criteria from argv words. Returns null when no criterion flag was given. */
export function criteriaFromArgs(words: string[], any: boolean): Criterion | null {
  const children: Criterion[] = [];
  let cur: Pending | null = null;
  const finish = () => {
    if (cur === null) return;
    const p: Pending = cur;
    if ((p.from === undefined) !== (p.to === undefined)) throw new UsageError(`--${p.flag} ${JSON.stringify(p.c.event)}: --from and --to go together`);
    if (p.from !== undefined) {
      if (p.c.window) throw new UsageError(`--${p.flag} ${JSON.stringify(p.c.event)}: give --within or --from/--to, not both`);
      if (p.from > p.to!) throw new UsageError(`--from ${p.from} is after --to ${p.to}`);
      p.c.window = { from: p.from, to: p.to! };
    }
    const count = p.count ?? { op: '>=', value: 1 };
    if (p.negate && p.count === undefined)
      p.c.count = { op: '==', value: 0 }; // "did not" is "== 0", as hosted definitions say it
    else p.c.count = p.negate ? { op: NEGATED[count.op], value: count.value } : { op: count.op, value: count.value };
    children.push(p.c);
    cur = null;
  };
  const need = (flag: string): Pending => {
    if (cur === null) throw new UsageError(`--${flag} must follow a --did or --not-did criterion`);
    return cur;
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (!w.startsWith('--')) continue;
    let flag = w.slice(2);
    let value: string | undefined;
    const eq = flag.indexOf('=');
    if (eq >= 0) {
      value = flag.slice(eq + 1);
      flag = flag.slice(0, eq);
    }
    if (SWITCHES.has(flag)) {
      need(flag).c.distinctDays = true;
      continue;
    }
    if (!VALUE_FLAGS.has(flag)) continue;
    if (value === undefined) {
      value = words[i + 1];
      // `--did --store x`: the next word is another option, not this one's value.
      if (value === undefined || (value.startsWith('--') && value.length > 2)) {
        throw new UsageError(
          `--${flag} needs a value${flag === 'did' || flag === 'not-did' ? ', an event name: --did Purchase' : ''} (a value starting with "-" takes the = form: --${flag}=VALUE)`,
        );
      }
      i++;
    }
    switch (flag) {
      case 'where':
        finish();
        children.push({ type: 'property', where: checkSelector(value, '--where') });
        break;
      case 'did':
      case 'not-did':
        finish();
        if (value === '') throw new UsageError(`--${flag} needs an event name`);
        cur = { c: { type: 'behavior', event: value, count: { op: '>=', value: 1 } }, negate: flag === 'not-did', flag };
        break;
      case 'in-cohort':
      case 'not-in-cohort':
        finish();
        children.push({ type: 'cohort', cohort: value, operator: flag === 'in-cohort' ? 'in' : 'not in' });
        break;
      case 'event-where': {
        const p = need(flag);
        if (p.c.where !== undefined) throw new UsageError(`--event-where given twice for --${p.flag} ${JSON.stringify(p.c.event)}`);
        p.c.where = checkSelector(value, '--event-where');
        break;
      }
      case 'at-least':
      case 'at-most':
      case 'exactly': {
        const p = need(flag);
        if (p.count) throw new UsageError(`--${flag}: --${p.count.flag} was already given for --${p.flag} ${JSON.stringify(p.c.event)}`);
        if (!/^\d+$/.test(value)) throw new UsageError(`--${flag} needs a whole number, got ${JSON.stringify(value)}`);
        p.count = { op: flag === 'at-least' ? '>=' : flag === 'at-most' ? '<=' : '==', value: Number(value), flag };
        break;
      }
      case 'within': {
        const p = need(flag);
        if (p.c.window) throw new UsageError(`--within given twice for --${p.flag} ${JSON.stringify(p.c.event)}`);
        p.c.window = parseWithin(value);
        break;
      }
      case 'from':
      case 'to': {
        const p = need(flag);
        const day = checkDay(value, `--${flag}`);
        if (flag === 'from') p.from = day;
        else p.to = day;
        break;
      }
    }
  }
  finish();
  if (children.length === 0) return null;
  return children.length === 1 ? children[0]! : { operator: any ? 'or' : 'and', children };
}
