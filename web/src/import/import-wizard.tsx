// Import from CSV: choose a file (no header row, as the seed asks, or with one),
// preview its first rows, map each column to a property (or skip it), choose the
// identifier column (else $email, else random ids) and the mode, then import with a
// progress bar and a report. Nothing is written before "Import profiles".
import { useEffect, useState } from 'react';
import type { ImportPreviewResponse, ImportStatusResponse, MetaResponse } from '../../../src/server/ui/api-types';
import { api, errorText } from '../api';
import { Dialog } from '../dialog';

export function ImportWizard({ meta, onClose, onImported }: { meta: MetaResponse; onClose: () => void; onImported: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [header, setHeader] = useState(false);
  const [preview, setPreview] = useState<ImportPreviewResponse | null>(null);
  const [columns, setColumns] = useState<string[]>([]);
  const [included, setIncluded] = useState<boolean[]>([]);
  const [idColumn, setIdColumn] = useState<number | null>(null);
  const [mode, setMode] = useState<'create' | 'update' | 'upsert'>('upsert');
  const [job, setJob] = useState<ImportStatusResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const up = await api.upload(file);
      const p = await api.preview(up.uploadId, header);
      setPreview(p);
      setColumns(p.suggested);
      setIncluded(p.headers.map(() => true));
      const id = p.suggested.findIndex((s) => s === '$distinct_id' || s === 'distinct_id');
      setIdColumn(id >= 0 ? id : null);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const start = async () => {
    if (!preview) return;
    setError(null);
    try {
      const cols = columns.map((c, i) => (included[i] || i === idColumn ? c : ''));
      setJob(await api.confirmImport({ uploadId: preview.uploadId, header, columns: cols, idColumn, mode }));
    } catch (e) {
      setError(errorText(e));
    }
  };

  useEffect(() => {
    if (job?.state !== 'running') {
      if (job?.state === 'done') onImported();
      return;
    }
    const t = setTimeout(() => api.importStatus(job.jobId).then(setJob, (e) => setError(errorText(e))), 250);
    return () => clearTimeout(t);
  }, [job]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <Dialog title="Import from CSV" onClose={onClose} wide>
      <datalist id="import-props">
        {[...new Set([...meta.reservedProperties, ...meta.properties.map((p) => p.name)])].map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>
      {!preview && (
        <form onSubmit={(e) => (e.preventDefault(), void load())}>
          <p>Prepare the CSV without a header row: you name each column in the next step. Up to 1,000,000 rows.</p>
          <label className="field">
            CSV file <input type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          </label>
          <label>
            <input type="checkbox" checked={header} onChange={(e) => setHeader(e.target.checked)} /> The first row is a header
          </label>
          <footer className="dialog-foot">
            <button type="submit" className="primary" disabled={!file || busy}>
              Preview
            </button>
          </footer>
        </form>
      )}
      {preview && !job && (
        <form onSubmit={(e) => (e.preventDefault(), void start())}>
          <p>
            About {preview.rowCount.toLocaleString('en-US')} rows. Choose the property of each column; uncheck the columns not to import.
          </p>
          <div className="scroll">
            <table className="mapping">
              <caption className="sr-only">Columns of the file</caption>
              <thead>
                <tr>
                  {preview.headers.map((h, i) => (
                    <th key={i} scope="col">
                      <label>
                        <input type="checkbox" aria-label={`Import column ${i + 1}`} checked={included[i] ?? true} onChange={(e) => setIncluded(included.map((x, j) => (j === i ? e.target.checked : x)))} /> {h}
                      </label>
                      <input
                        aria-label={`Property of column ${i + 1}`}
                        list="import-props"
                        disabled={i === idColumn}
                        value={i === idColumn ? '$distinct_id (identifier)' : (columns[i] ?? '')}
                        placeholder="property"
                        onChange={(e) => setColumns(columns.map((x, j) => (j === i ? e.target.value : x)))}
                      />
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((r, i) => (
                  <tr key={i}>
                    {preview.headers.map((_, j) => (
                      <td key={j}>{r[j] ?? ''}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <label className="field">
            Identifier column ($distinct_id){' '}
            <select aria-label="Identifier column ($distinct_id)" value={idColumn ?? ''} onChange={(e) => setIdColumn(e.target.value === '' ? null : Number(e.target.value))}>
              <option value="">none: use the $email column, else random ids</option>
              {preview.headers.map((h, i) => (
                <option key={i} value={i}>
                  {h}
                  {columns[i] ? ` (${columns[i]})` : ''}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            Mode{' '}
            <select aria-label="Mode" value={mode} onChange={(e) => setMode(e.target.value as typeof mode)}>
              <option value="upsert">create or update</option>
              <option value="create">create only (warn and skip existing profiles)</option>
              <option value="update">update only (warn and skip unknown ids)</option>
            </select>
          </label>
          {error && <p role="alert" className="error">{error}</p>}
          <footer className="dialog-foot">
            <button type="button" onClick={() => setPreview(null)}>
              Back
            </button>
            <button type="submit" className="primary">
              Import profiles
            </button>
          </footer>
        </form>
      )}
      {job && <ImportProgress job={job} onClose={onClose} />}
      {!preview && error && <p role="alert" className="error">{error}</p>}
    </Dialog>
  );
}

function ImportProgress({ job, onClose }: { job: ImportStatusResponse; onClose: () => void }) {
  const r = job.report;
  return (
    <div>
      <label className="field">
        Import progress <progress max={Math.max(job.total, 1)} value={job.state === 'running' ? job.read : Math.max(job.total, 1)} />
      </label>
      {job.state === 'failed' && <p role="alert" className="error">{job.error}</p>}
      {r && (
        <section aria-label="Import report">
          <p role="status">
            Read {r.read.toLocaleString('en-US')} rows: imported {r.imported.toLocaleString('en-US')} ({r.created.toLocaleString('en-US')} created, {r.updated.toLocaleString('en-US')} updated), skipped{' '}
            {r.skipped.toLocaleString('en-US')}, warnings {r.warnings}.
          </p>
          <ul>
            {Object.entries(r.reasons).map(([why, v]) => (
              <li key={why}>
                skipped {v.count}: {why} ({v.places.join(', ')})
              </li>
            ))}
            {Object.entries(r.warningReasons).map(([why, v]) => (
              <li key={why}>
                warning {v.count}: {why} ({v.places.join(', ')})
              </li>
            ))}
            {r.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </section>
      )}
      <footer className="dialog-foot">
        <button type="button" className="primary" onClick={onClose} disabled={job.state === 'running'}>
          Done
        </button>
      </footer>
    </div>
  );
}
