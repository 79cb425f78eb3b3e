// Where the page is: kept in the URL (as the hosted page puts ?distinct_id=), so a
// profile or a view can be linked and the back button works.
import { useEffect, useState } from 'react';

export type View = 'users' | 'cohorts' | 'counts' | 'jql';

export interface Route {
  view: View;
  distinctId: string | null;
  cohort: string | null;
}

function read(): Route {
  const p = new URLSearchParams(location.search);
  const v = p.get('view');
  return {
    view: v === 'cohorts' || v === 'counts' || v === 'jql' ? v : 'users',
    distinctId: p.get('distinct_id'),
    cohort: p.get('cohort'),
  };
}

const listeners = new Set<() => void>();

export function navigate(to: Partial<Route>): void {
  const r = { view: 'users' as View, distinctId: null, cohort: null, ...to };
  const p = new URLSearchParams();
  if (r.view !== 'users') p.set('view', r.view);
  if (r.distinctId) p.set('distinct_id', r.distinctId);
  if (r.cohort) p.set('cohort', r.cohort);
  const q = p.toString();
  history.pushState(null, '', q ? `?${q}` : location.pathname);
  for (const l of listeners) l();
}

export function useRoute(): Route {
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const update = () => setRoute(read());
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return route;
}
