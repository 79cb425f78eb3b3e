// One user's profile: every property (editable inline: set, unset; delete the
// profile, each with confirmation), first and last seen, events per day as a chart,
// and the activity feed (newest first, paged, filter by event, expandable events).
import { useEffect, useMemo, useState } from 'react';
import type { FeedEventJson, MetaResponse, UserResponse } from '../../../src/server/ui/api-types';
import { api, cellText, errorText } from '../api';
import { dayBars, PlotChart } from '../chart';
import { navigate } from '../route';

const FEED_PAGE = 25;

function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function ProfilePage({ meta, distinctId, onChanged }: { meta: MetaResponse; distinctId: string; onChanged: () => void }) {
  const [user, setUser] = useState<UserResponse | null>(null);
  const [events, setEvents] = useState<FeedEventJson[]>([]);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [eventFilter, setEventFilter] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [draft, setDraft] = useState('');
  const [newProp, setNewProp] = useState({ name: '', value: '' });
  const [version, setVersion] = useState(0);

  useEffect(() => {
    api.user(distinctId, { limit: FEED_PAGE, event: eventFilter || undefined }).then(
      (u) => {
        setUser(u);
        setEvents(u.events);
        setNextBefore(u.nextBefore);
        setError(null);
      },
      (e) => setError(errorText(e)),
    );
  }, [distinctId, eventFilter, version]);

  const chart = useMemo(() => (user ? dayBars(user.perDay, 'events') : null), [user]);
  const more = async () => {
    if (nextBefore === null) return;
    const u = await api.user(distinctId, { limit: FEED_PAGE, before: nextBefore, event: eventFilter || undefined });
    setEvents([...events, ...u.events]);
    setNextBefore(u.nextBefore);
  };
  const done = (r: { warnings: string[]; changed: boolean }, what: string) => {
    setNotice(r.warnings.length ? r.warnings.join('; ') : r.changed ? what : 'nothing changed');
    setEditing(null);
    setVersion((v) => v + 1);
    onChanged();
  };
  const run = async (f: () => Promise<void>) => {
    try {
      await f();
    } catch (e) {
      setNotice(null);
      setError(errorText(e));
    }
  };
  const setProp = (name: string, text: string) => run(async () => done(await api.setProfile({ id: distinctId, mode: 'upsert', set: { [name]: parseValue(text) } }), `set ${name}`));
  const unset = (name: string) =>
    run(async () => {
      if (confirm(`Unset ${name} on this profile?`)) done(await api.unsetProfile(distinctId, [name]), `unset ${name}`);
    });
  const remove = () =>
    run(async () => {
      if (!confirm(`Delete the profile of ${distinctId}? Its events stay.`)) return;
      await api.deleteProfile(distinctId);
      onChanged();
      navigate({ view: 'users' });
    });

  const props = user?.profile ? Object.entries(user.profile.properties).sort(([a], [b]) => a.localeCompare(b)) : [];
  return (
    <section aria-labelledby="profile-title">
      <p>
        <a href="?" onClick={(e) => (e.preventDefault(), history.back())}>
          ← Users
        </a>
      </p>
      <h1 id="profile-title">{String(user?.profile?.properties.$name ?? distinctId)}</h1>
      {error && <p role="alert" className="error">{error}</p>}
      {notice && <p role="status">{notice}</p>}
      {user && (
        <div className="profile-grid">
          <section aria-labelledby="props-title">
            <h2 id="props-title">Profile</h2>
            <dl className="facts">
              <dt>$distinct_id</dt>
              <dd>{user.distinctId}</dd>
              <dt>First seen</dt>
              <dd>{user.firstSeen ?? 'no events'}</dd>
              <dt>Last seen</dt>
              <dd>{user.lastSeen ?? 'no events'}</dd>
            </dl>
            {user.profile === null ? (
              <p>This user has events but no profile. Add a property to create one.</p>
            ) : (
              <table className="props">
                <caption className="sr-only">Profile properties</caption>
                <thead>
                  <tr>
                    <th scope="col">Property</th>
                    <th scope="col">Value</th>
                    <th scope="col">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {props.map(([k, v]) => (
                    <tr key={k}>
                      <th scope="row">{k}</th>
                      <td>
                        {editing === k ? (
                          <form onSubmit={(e) => (e.preventDefault(), void setProp(k, draft))}>
                            <input aria-label={`New value of ${k}`} value={draft} onChange={(e) => setDraft(e.target.value)} autoFocus />
                            <button type="submit">Save</button>
                            <button type="button" onClick={() => setEditing(null)}>
                              Cancel
                            </button>
                          </form>
                        ) : (
                          cellText(v)
                        )}
                      </td>
                      <td className="actions">
                        {editing !== k && (
                          <>
                            <button type="button" className="plain" aria-label={`Edit ${k}`} onClick={() => (setEditing(k), setDraft(typeof v === 'string' ? v : JSON.stringify(v)))}>
                              Edit
                            </button>
                            <button type="button" className="plain" aria-label={`Unset ${k}`} onClick={() => void unset(k)}>
                              Unset
                            </button>
                          </>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <form className="inline-form" onSubmit={(e) => (e.preventDefault(), newProp.name && void setProp(newProp.name, newProp.value))}>
              <input aria-label="Property name" list="profile-props" placeholder="property" value={newProp.name} onChange={(e) => setNewProp({ ...newProp, name: e.target.value })} />
              <datalist id="profile-props">
                {[...meta.reservedProperties, ...meta.properties.map((p) => p.name)].map((n) => (
                  <option key={n} value={n} />
                ))}
              </datalist>
              <input aria-label="Property value" placeholder="value (JSON or text)" value={newProp.value} onChange={(e) => setNewProp({ ...newProp, value: e.target.value })} />
              <button type="submit">Add Property</button>
            </form>
            {user.profile !== null && (
              <button type="button" className="danger" onClick={() => void remove()}>
                Delete profile
              </button>
            )}
          </section>
          <section aria-labelledby="feed-title">
            <h2 id="feed-title">Activity Feed</h2>
            {chart && <PlotChart options={chart} label={`Events per day of ${distinctId}`} />}
            <label>
              Event{' '}
              <select aria-label="Filter the feed by event" value={eventFilter} onChange={(e) => setEventFilter(e.target.value)}>
                <option value="">all events</option>
                {meta.eventNames.map((n) => (
                  <option key={n}>{n}</option>
                ))}
              </select>
            </label>
            <ol className="feed" aria-label="Events, newest first">
              {events.map((e, i) => (
                <li key={`${e.time}-${i}`}>
                  <details>
                    <summary>
                      <span className="event-name">{e.name}</span> <time dateTime={new Date(e.time).toISOString()}>{e.localTime.replace('T', ' ')}</time>
                    </summary>
                    <table className="props">
                      <caption className="sr-only">Properties of {e.name}</caption>
                      <tbody>
                        {Object.entries(e.properties).map(([k, v]) => (
                          <tr key={k}>
                            <th scope="row">{k}</th>
                            <td>{cellText(v)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </details>
                </li>
              ))}
            </ol>
            {events.length === 0 && <p>No events.</p>}
            {nextBefore !== null && (
              <button type="button" onClick={() => void more()}>
                Older events
              </button>
            )}
          </section>
        </div>
      )}
    </section>
  );
}
