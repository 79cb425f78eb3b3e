// The page: a header with the views (Users, Cohorts, Total vs Unique, JQL), the
// store's summary, and the view the URL names.
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import type { MetaResponse } from '../../src/server/ui/api-types';
import { api, errorText } from './api';
import { CohortsPage } from './cohorts/cohorts-page';
import { ProfilePage } from './profile/profile-page';
import { navigate, useRoute, type View } from './route';
import { UsersPage } from './users/users-page';

// The JQL console (CodeMirror) and Total vs Unique load when first opened: the users
// table, the page most visits start on, does not wait for them.
const JqlConsole = lazy(() => import('./jql/jql-console').then((m) => ({ default: m.JqlConsole })));
const CountsPage = lazy(() => import('./counts/counts-page').then((m) => ({ default: m.CountsPage })));

const VIEWS: [View, string][] = [
  ['users', 'Users'],
  ['cohorts', 'Cohorts'],
  ['counts', 'Total vs Unique'],
  ['jql', 'JQL'],
];

export function App() {
  const route = useRoute();
  const [meta, setMeta] = useState<MetaResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reloadMeta = useCallback(() => {
    api.meta().then(setMeta, (e) => setError(errorText(e)));
  }, []);
  useEffect(reloadMeta, [reloadMeta]);

  return (
    <>
      <header className="top">
        <span className="brand">quarry</span>
        <nav aria-label="Views">
          {VIEWS.map(([v, label]) => (
            <a
              key={v}
              href={v === 'users' ? '?' : `?view=${v}`}
              aria-current={route.view === v && !route.distinctId ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                navigate({ view: v });
              }}
            >
              {label}
            </a>
          ))}
        </nav>
        {meta && (
          <span className="store" title={`timezone ${meta.timezone}`}>
            store <b>{meta.store}</b> · {meta.events.toLocaleString('en-US')} events · {meta.profiles.toLocaleString('en-US')} profiles
          </span>
        )}
      </header>
      <main>
        <Suspense fallback={<p aria-busy="true">Loading…</p>}>
        {error && <p role="alert" className="error">{error}</p>}
        {meta === null ? (
          !error && <p aria-busy="true">Loading…</p>
        ) : route.distinctId ? (
          <ProfilePage key={route.distinctId} meta={meta} distinctId={route.distinctId} onChanged={reloadMeta} />
        ) : route.view === 'cohorts' ? (
          <CohortsPage meta={meta} onChanged={reloadMeta} />
        ) : route.view === 'counts' ? (
          <CountsPage meta={meta} />
        ) : route.view === 'jql' ? (
          <JqlConsole meta={meta} />
        ) : (
          <UsersPage key={route.cohort ?? ""} meta={meta} cohort={route.cohort} onChanged={reloadMeta} />
        )}
        </Suspense>
      </main>
    </>
  );
}
