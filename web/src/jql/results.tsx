// A JQL result as a table (one column per top-level field; keyed results as key
// columns and value), as JSON, and as a bar chart when it is keyed counts.
import * as Plot from '@observablehq/plot';
import { useMemo, useState } from 'react';
import { cellText } from '../api';
import { PlotChart } from '../chart';

interface Keyed {
  key: unknown[];
  value: unknown;
}

const isKeyed = (rows: unknown[]): rows is Keyed[] =>
  rows.length > 0 && rows.every((r) => typeof r === 'object' && r !== null && Array.isArray((r as Keyed).key) && 'value' in (r as object));

function tableOf(rows: unknown[]): { head: string[]; body: string[][] } {
  if (isKeyed(rows)) {
    const width = Math.max(...rows.map((r) => r.key.length));
    return { head: [...Array.from({ length: width }, (_, i) => `key ${i + 1}`), 'value'], body: rows.map((r) => [...Array.from({ length: width }, (_, i) => cellText(r.key[i])), cellText(r.value)]) };
  }
  if (rows.every((r) => typeof r === 'object' && r !== null && !Array.isArray(r))) {
    const head = [...new Set(rows.flatMap((r) => Object.keys(r as object)))];
    return { head, body: rows.map((r) => head.map((h) => cellText((r as Record<string, unknown>)[h]))) };
  }
  return { head: ['value'], body: rows.map((r) => [cellText(r)]) };
}

export function Results({ rows }: { rows: unknown[] }) {
  const [mode, setMode] = useState<'table' | 'json'>('table');
  const table = useMemo(() => tableOf(rows), [rows]);
  const chart = useMemo<Plot.PlotOptions | null>(() => {
    if (!isKeyed(rows) || rows.length > 200 || !rows.every((r) => typeof r.value === 'number')) return null;
    const data = rows.map((r) => ({ label: r.key.map((k) => cellText(k)).join(' · '), value: r.value as number }));
    return { marginBottom: 60, x: { label: null, tickRotate: -30 }, y: { grid: true, label: 'value' }, marks: [Plot.barY(data, { x: 'label', y: 'value', fill: '#4f46e5', sort: { x: '-y' } }), Plot.ruleY([0])] };
  }, [rows]);
  return (
    <section aria-label="Results">
      <div role="group" aria-label="Show results as" className="segmented">
        <button type="button" aria-pressed={mode === 'table'} onClick={() => setMode('table')}>
          Table
        </button>
        <button type="button" aria-pressed={mode === 'json'} onClick={() => setMode('json')}>
          JSON
        </button>
      </div>
      {chart && <PlotChart options={chart} label="Result chart" />}
      {mode === 'json' ? (
        <pre className="json" aria-label="Result as JSON">{JSON.stringify(rows, null, 2)}</pre>
      ) : (
        <div className="scroll">
          <table className="results">
            <caption className="sr-only">Result rows</caption>
            <thead>
              <tr>
                {table.head.map((h) => (
                  <th key={h} scope="col">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.body.map((r, i) => (
                <tr key={i}>
                  {r.map((c, j) => (
                    <td key={j}>{c}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
