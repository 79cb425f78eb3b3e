/**
 * What a person should hear about criteria that are valid but will most likely match
 * nobody: an event name the store never saw (with the closest names), and a window
 * that holds no events at all (e.g. "the last 30 days" of a store whose data ended
 * months ago, with the `--as-of` that counts back from the data's last day).
 */
import { closest } from '../did-you-mean.js';
import type { Store } from '../store/index.js';
import { eventCatalog, eventNames, parseSelector, profileCatalog, selectorHints } from '../selector/index.js';
import { formatLocal } from '../time/index.js';
import { windowRange } from './behavior-counts.js';
import { type BehaviorCriterion, type Criterion, isGroup } from './definition.js';
import { exportCohorts } from './registry.js';

function leaves(c: Criterion, out: Criterion[] = []): Criterion[] {
  if (isGroup(c)) for (const child of c.children) leaves(child, out);
  else out.push(c);
  return out;
}

export function criteriaHints(store: Store, criteria: Criterion, asOfMs: number): string[] {
  const hints: string[] = [];
  const names = eventNames(store);
  const days = store.days();
  const first = days[0];
  const last = days[days.length - 1];
  const events = eventCatalog(store);
  const profiles = profileCatalog(store);
  for (const c of leaves(criteria)) {
    if (isGroup(c)) continue;
    if (c.type === 'property') hints.push(...selectorHints(parseSelector(c.where), profiles));
    if (c.type !== 'behavior') continue;
    const b: BehaviorCriterion = c;
    if (b.where !== undefined) hints.push(...selectorHints(parseSelector(b.where), events));
    if (b.event !== null && !names.has(b.event)) hints.push(`no event is named ${JSON.stringify(b.event)} in this store${closest(b.event, names)}`);
    if (b.window === undefined || first === undefined || last === undefined) continue;
    const r = windowRange(b.window, asOfMs, store.timezone);
    const empty = (r.fromDay !== undefined && r.fromDay > last) || (r.toDay !== undefined && r.toDay < first) || r.maxMs < r.minMs;
    if (!empty) continue;
    const what =
      'last' in b.window
        ? `the last ${b.window.last} ${b.window.unit}(s) up to ${formatLocal(store.timezone, asOfMs).slice(0, 10)}`
        : `${b.window.from} to ${b.window.to}`;
    const fix = 'last' in b.window ? `; to count back from the data's last day, add --as-of ${last}` : '';
    hints.push(`the window ${what} holds no events: this store's events run from ${first} to ${last}${fix}`);
  }
  return hints;
}

/**
 * The hints of saved cohorts' criteria, each led by the cohort's name: said where a
 * listing, count or show reads the cohort, not only when it was created (a "last 30
 * days" cohort of old data is empty again every time it is read without --as-of).
 */
export function cohortHints(store: Store, names: string[], asOfMs: number): string[] {
  return exportCohorts(store, names).cohorts.flatMap((c) =>
    c.criteria ? criteriaHints(store, c.criteria, asOfMs).map((h) => `cohort ${JSON.stringify(c.name)}: ${h}`) : [],
  );
}
