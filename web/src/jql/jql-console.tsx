// The JQL console: a script editor (CodeMirror), params, Run with Cancel, the
// result as a table, JSON and a chart, errors with the script's line highlighted,
// the run's figures, the examples as a picker, and recent scripts (kept in this browser).
import { useRef, useState } from 'react';
import type { JqlResponse, MetaResponse } from '../../../src/server/ui/api-types';
import { api, ApiFailure, errorText } from '../api';
import { CodeEditor } from './code-editor';
import { Results } from './results';

const HISTORY_KEY = 'quarry.jql.history';
const HISTORY_SIZE = 20;
const START = `function main() {
  return Events({ from_date: '2024-03-01', to_date: '2024-03-31' })
    .groupBy(['name'], mixpanel.reducer.count());
}
`;

function readHistory(): string[] {
  try {
    const h = JSON.parse(localStorage.getItem(HISTORY_KEY) ?? '[]');
    return Array.isArray(h) ? h.filter((x) => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export function JqlConsole({ meta }: { meta: MetaResponse }) {
  const [script, setScript] = useState(readHistory()[0] ?? START);
  const [params, setParams] = useState('{}');
  const [result, setResult] = useState<JqlResponse | null>(null);
  const [error, setError] = useState<{ text: string; line: number | null } | null>(null);
  const [running, setRunning] = useState(false);
  const [history, setHistory] = useState(readHistory);
  const abort = useRef<AbortController | null>(null);

  const run = async () => {
    if (running) return;
    let p: unknown;
    try {
      p = JSON.parse(params || '{}');
    } catch (e) {
      setError({ text: `params must be a JSON object: ${(e as Error).message}`, line: null });
      return;
    }
    const h = [script, ...history.filter((x) => x !== script)].slice(0, HISTORY_SIZE);
    setHistory(h);
    localStorage.setItem(HISTORY_KEY, JSON.stringify(h));
    const ac = new AbortController();
    abort.current = ac;
    setRunning(true);
    setError(null);
    try {
      setResult(await api.jql({ script, params: p }, ac.signal));
    } catch (e) {
      setResult(null);
      setError({ text: errorText(e), line: e instanceof ApiFailure ? (e.body.line ?? null) : null });
    } finally {
      setRunning(false);
      abort.current = null;
    }
  };

  return (
    <section aria-labelledby="jql-title">
      <div className="page-head">
        <h1 id="jql-title">JQL</h1>
        <div className="toolbar">
          <label>
            Example{' '}
            <select aria-label="Example" value="" onChange={(e) => e.target.value && setScript(meta.examples.find((x) => x.name === e.target.value)?.source ?? script)}>
              <option value="">choose an example…</option>
              {meta.examples.map((x) => (
                <option key={x.name}>{x.name}</option>
              ))}
            </select>
          </label>
          <label>
            Recent{' '}
            <select aria-label="Recent scripts" value="" onChange={(e) => e.target.value !== '' && setScript(history[Number(e.target.value)]!)}>
              <option value="">recent scripts…</option>
              {history.map((h, i) => (
                <option key={i} value={i}>
                  {h.replace(/\s+/g, ' ').slice(0, 60)}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>
      <CodeEditor value={script} onChange={setScript} language="javascript" label="JQL script" errorLine={error?.line ?? null} onRun={() => void run()} minHeight="14em" />
      <details>
        <summary>Params</summary>
        <CodeEditor value={params} onChange={setParams} language="json" label="Params (JSON)" />
      </details>
      <div className="toolbar">
        <button type="button" className="primary" onClick={() => void run()} disabled={running}>
          Run
        </button>
        <button type="button" onClick={() => abort.current?.abort()} disabled={!running}>
          Cancel
        </button>
        <span className="hint">Ctrl+Enter runs the script.</span>
        {running && <span aria-busy="true">Running…</span>}
      </div>
      {error && (
        <p role="alert" className="error">
          {error.line !== null && <b>Line {error.line}: </b>}
          {error.text}
        </p>
      )}
      {result && (
        <>
          <p role="status" className="stats">
            {result.rows.length.toLocaleString('en-US')} rows{result.truncated ? ' (cut: the page shows the first 10,000)' : ''} in {result.ms} ms
            {typeof result.stats.rowsScanned === 'number' && ` · ${result.stats.rowsScanned.toLocaleString('en-US')} rows scanned`}
            {typeof result.stats.partitionsScanned === 'number' && ` · ${result.stats.partitionsScanned} partitions scanned, ${String(result.stats.partitionsPruned)} pruned`}
            {typeof result.stats.sandboxCalls === 'number' && ` · ${result.stats.sandboxCalls} sandbox calls`}
          </p>
          <Results rows={result.rows} />
        </>
      )}
    </section>
  );
}
