/**
 * `quarry run --warn`: the hints the Users commands give (unknown event names and
 * properties with did-you-mean, text compared with numbers, dates outside the data),
 * for a JQL script's sources. JQL keeps the hosted semantics (an unknown name is no
 * error and matches nothing), so these are only printed, and only when asked for.
 */
import type { EventSelectorSpec, Plan } from '../plan/nodes.js';
import { closest } from '../did-you-mean.js';
import { eventCatalog, eventNames, parseSelector, profileCatalog, selectorHints } from '../selector/index.js';
import type { Store } from '../store/index.js';

export function scriptHints(store: Store, plan: Plan): string[] {
  const hints: string[] = [];
  const src = plan.source;
  const names = eventNames(store);
  const events = eventCatalog(store);
  const selectors = (specs: EventSelectorSpec[]) => {
    for (const s of specs) {
      if (s.event !== undefined && !names.has(s.event)) hints.push(`no event is named ${JSON.stringify(s.event)} in this store${closest(s.event, names)}`);
      if (s.selector) hints.push(...safeHints(s.selector, events));
    }
  };
  const range = (from: string, to: string) => {
    const days = store.days();
    if (from > to) hints.push(`from_date ${from} is after to_date ${to}: no event can match`);
    else if (days.length && store.days(from, to).length === 0)
      hints.push(`no events between ${from} and ${to}: this store's events run from ${days[0]} to ${days[days.length - 1]}`);
  };
  if (src.kind === 'events') {
    range(src.fromDate, src.toDate);
    selectors(src.eventSelectors);
  } else if (src.kind === 'people') {
    for (const s of src.userSelectors) hints.push(...safeHints(s.selector, profileCatalog(store)));
  } else {
    range(src.events.fromDate, src.events.toDate);
    selectors(src.events.eventSelectors);
    for (const s of src.people.userSelectors) hints.push(...safeHints(s.selector, profileCatalog(store)));
  }
  return [...new Set(hints)];
}

function safeHints(selector: string, catalog: ReturnType<typeof eventCatalog>): string[] {
  try {
    return selectorHints(parseSelector(selector), catalog);
  } catch {
    return []; // the query itself reports a bad selector
  }
}
