// Edit Columns: a searchable list of profile properties to show, saved per store
// (the project's default columns, as `quarry columns set`).
import { useState } from 'react';
import type { MetaResponse } from '../../../src/server/ui/api-types';
import { api, errorText } from '../api';
import { Dialog } from '../dialog';

export function EditColumns({ meta, columns, onSaved, onClose }: { meta: MetaResponse; columns: string[]; onSaved: (c: string[]) => void; onClose: () => void }) {
  const [chosen, setChosen] = useState<string[]>(columns);
  const [search, setSearch] = useState('');
  const [error, setError] = useState<string | null>(null);
  const names = meta.properties.map((p) => p.name).filter((n) => n.toLowerCase().includes(search.toLowerCase()));
  const save = async () => {
    try {
      const r = await api.saveColumns(chosen);
      onSaved(r.columns);
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <Dialog title="Edit Columns" onClose={onClose}>
      <input type="search" aria-label="Search properties" placeholder="Search properties" value={search} onChange={(e) => setSearch(e.target.value)} autoFocus />
      <ul className="checklist" aria-label="Profile properties">
        {names.map((n) => (
          <li key={n}>
            <label>
              <input
                type="checkbox"
                checked={chosen.includes(n)}
                onChange={(e) => setChosen(e.target.checked ? [...chosen, n] : chosen.filter((c) => c !== n))}
              />{' '}
              {n}
            </label>
          </li>
        ))}
      </ul>
      {error && <p role="alert" className="error">{error}</p>}
      <footer className="dialog-foot">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="primary" onClick={save} disabled={chosen.length === 0}>
          Save columns
        </button>
      </footer>
    </Dialog>
  );
}
