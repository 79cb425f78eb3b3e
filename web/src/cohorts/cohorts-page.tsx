// Saved cohorts: sizes as of now, open one (its members in the users table), rename,
// delete (the server refuses while another cohort uses it), export members as CSV,
// and static cohorts from a CSV of ids.
import { useEffect, useState } from 'react';
import type { CohortSummary, MetaResponse } from '../../../src/server/ui/api-types';
import { api, errorText } from '../api';
import { Dialog } from '../dialog';
import { navigate } from '../route';

export function CohortsPage({ onChanged }: { meta: MetaResponse; onChanged: () => void }) {
  const [list, setList] = useState<CohortSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [fromCsv, setFromCsv] = useState(false);
  const update = (p: Promise<{ cohorts: CohortSummary[] }>) =>
    p.then(
      (r) => {
        setList(r.cohorts);
        setError(null);
        onChanged();
      },
      (e) => setError(errorText(e)),
    );
  useEffect(() => {
    api.cohorts().then((r) => setList(r.cohorts), (e) => setError(errorText(e)));
  }, []);

  return (
    <section aria-labelledby="cohorts-title">
      <div className="page-head">
        <h1 id="cohorts-title">Cohorts</h1>
        <div className="toolbar">
          <button type="button" onClick={() => navigate({ view: 'users' })}>
            Create Cohort
          </button>
          <button type="button" onClick={() => setFromCsv(true)}>
            Static cohort from CSV
          </button>
        </div>
      </div>
      <p className="hint">Create a cohort from the filters on the Users page (Create Cohort there saves them).</p>
      {error && <p role="alert" className="error">{error}</p>}
      {list && list.length === 0 && <p>No cohorts yet.</p>}
      {list && list.length > 0 && (
        <table className="cohorts">
          <caption className="sr-only">Saved cohorts</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Users</th>
              <th scope="col">Kind</th>
              <th scope="col">Definition</th>
              <th scope="col">Description</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((c) => (
              <tr key={c.name}>
                <th scope="row">
                  <a href={`?cohort=${encodeURIComponent(c.name)}`} onClick={(e) => (e.preventDefault(), navigate({ cohort: c.name }))}>
                    {c.name}
                  </a>
                </th>
                <td className="num">{c.size.toLocaleString('en-US')}</td>
                <td>{c.kind}</td>
                <td>
                  <pre className="describe">{c.describe}</pre>
                  {c.usedBy.length > 0 && <p className="hint">used by {c.usedBy.join(', ')}</p>}
                </td>
                <td>{c.description}</td>
                <td className="actions">
                  <button type="button" className="plain" aria-label={`Rename ${c.name}`} onClick={() => setRenaming(c.name)}>
                    Rename
                  </button>
                  <a className="plain" href={api.cohortMembersUrl(c.name)} download aria-label={`Export members of ${c.name} as CSV`}>
                    Export CSV
                  </a>
                  <button
                    type="button"
                    className="plain danger"
                    aria-label={`Delete ${c.name}`}
                    onClick={() => confirm(`Delete the cohort ${c.name}?`) && update(api.deleteCohort(c.name))}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {renaming && <RenameDialog from={renaming} onClose={() => setRenaming(null)} onRename={(to) => update(api.renameCohort(renaming, to)).then(() => setRenaming(null))} />}
      {fromCsv && <FromCsvDialog onClose={() => setFromCsv(false)} onSave={(n, d, f) => update(api.cohortFromCsv(n, d, f)).then(() => setFromCsv(false))} />}
    </section>
  );
}

function RenameDialog({ from, onClose, onRename }: { from: string; onClose: () => void; onRename: (to: string) => void }) {
  const [to, setTo] = useState(from);
  return (
    <Dialog title={`Rename ${from}`} onClose={onClose}>
      <form onSubmit={(e) => (e.preventDefault(), onRename(to.trim()))}>
        <label className="field">
          New name <input required value={to} onChange={(e) => setTo(e.target.value)} autoFocus />
        </label>
        <footer className="dialog-foot">
          <button type="submit" className="primary">
            Rename
          </button>
        </footer>
      </form>
    </Dialog>
  );
}

function FromCsvDialog({ onClose, onSave }: { onClose: () => void; onSave: (name: string, description: string, file: File) => void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [file, setFile] = useState<File | null>(null);
  return (
    <Dialog title="Static cohort from CSV" onClose={onClose}>
      <form onSubmit={(e) => (e.preventDefault(), file && onSave(name.trim(), description, file))}>
        <p className="hint">One distinct_id a line, or a CSV with a $distinct_id column (rows with a Cohort column naming another cohort are left out).</p>
        <label className="field">
          Cohort name <input required value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          Description <input value={description} onChange={(e) => setDescription(e.target.value)} />
        </label>
        <label className="field">
          CSV of ids <input type="file" accept=".csv,.txt,text/csv" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </label>
        <footer className="dialog-foot">
          <button type="submit" className="primary">
            Save cohort
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
