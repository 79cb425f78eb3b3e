// Total vs unique: for an event and a date range, events (total) and distinct users
// (unique) per day as a chart and a table, optionally split by an event property.
import * as Plot from '@observablehq/plot';
import { useMemo, useState } from 'react';
import type { CountsResponse, MetaResponse } from '../../../src/server/ui/api-types';
import { api, cellText, errorText } from '../api';
import { PlotChart } from '../chart';

export function CountsPage({ meta }: { meta: MetaResponse }) {
  const last = meta.lastDay ?? '';
  const first30 = last ? new Date(Date.parse(`${last}T00:00:00Z`) - 29 * 86400_000).toISOString().slice(0, 10) : '';
  const [event, setEvent] = useState(meta.eventNames[0] ?? '');
  const [from, setFrom] = useState(first30);
  const [to, setTo] = useState(last);
  const [by, setBy] = useState('');
  const [data, setData] = useState<CountsResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      setData(await api.counts({ event, from, to, by: by.trim() || undefined }));
      setError(null);
    } catch (err) {
      setError(errorText(err));
    }
  };
  const chart = useMemo<Plot.PlotOptions | null>(() => {
    if (!data) return null;
    const rows = data.days.flatMap((d) => [
      { date: new Date(`${d.day}T00:00:00Z`), count: d.total, kind: 'total' },
      { date: new Date(`${d.day}T00:00:00Z`), count: d.unique, kind: 'unique' },
    ]);
    return {
      x: { type: 'utc', label: null },
      y: { grid: true, label: data.event },
      color: { legend: true, domain: ['total', 'unique'] },
      marks: [Plot.lineY(rows, { x: 'date', y: 'count', stroke: 'kind', marker: 'dot' }), Plot.ruleY([0])],
    };
  }, [data]);
  return (
    <section aria-labelledby="counts-title">
      <h1 id="counts-title">Total vs Unique</h1>
      <form className="toolbar" onSubmit={run}>
        <label>
          Event{' '}
          <select aria-label="Event" value={event} onChange={(e) => setEvent(e.target.value)}>
            {meta.eventNames.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
        <label>
          From <input aria-label="From" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          To <input aria-label="To" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <label>
          Split by <input aria-label="Split by" placeholder="event property (optional)" value={by} onChange={(e) => setBy(e.target.value)} />
        </label>
        <button type="submit" className="primary">
          Count
        </button>
      </form>
      {error && <p role="alert" className="error">{error}</p>}
      {data && (
        <>
          <p role="status">
            {data.event}: <b>{data.total.toLocaleString('en-US')}</b> total, <b>{data.unique.toLocaleString('en-US')}</b> unique users ({data.ms} ms)
          </p>
          {chart && <PlotChart options={chart} label={`Total and unique ${data.event} per day`} />}
          {data.split && (
            <table className="counts">
              <caption>Split by {by}</caption>
              <thead>
                <tr>
                  <th scope="col">{by}</th>
                  <th scope="col">Total</th>
                  <th scope="col">Unique</th>
                </tr>
              </thead>
              <tbody>
                {data.split.map((s) => (
                  <tr key={JSON.stringify(s.value)}>
                    <th scope="row">{s.value === null ? '(not set)' : cellText(s.value)}</th>
                    <td className="num">{s.total.toLocaleString('en-US')}</td>
                    <td className="num">{s.unique.toLocaleString('en-US')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <table className="counts">
            <caption>Per day</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Total</th>
                <th scope="col">Unique</th>
              </tr>
            </thead>
            <tbody>
              {data.days.map((d) => (
                <tr key={d.day}>
                  <th scope="row">{d.day}</th>
                  <td className="num">{d.total.toLocaleString('en-US')}</td>
                  <td className="num">{d.unique.toLocaleString('en-US')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
