// Create Cohort from the current filters: name and description, saved as a dynamic
// cohort with exactly the criteria the table shows.
import { useState } from 'react';
import type { Criterion } from '../../../src/server/ui/api-types';
import { api, errorText } from '../api';
import { Dialog } from '../dialog';

export function CreateCohort({ criteria, onSaved, onClose }: { criteria: Criterion | null; onSaved: (name: string) => void; onClose: () => void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<string | null>(null);
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    if (criteria === null) return;
    try {
      await api.createCohort({ name: name.trim(), description, criteria });
      onSaved(name.trim());
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <Dialog title="Create Cohort" onClose={onClose}>
      {criteria === null ? (
        <p>Add at least one filter first: a cohort is the users the filters select.</p>
      ) : (
        <form onSubmit={save}>
          <label className="field">
            Cohort name <input required value={name} onChange={(e) => setName(e.target.value)} autoFocus />
          </label>
          <label className="field">
            Description <input value={description} onChange={(e) => setDescription(e.target.value)} />
          </label>
          <pre className="selector" aria-label="Cohort criteria">{JSON.stringify(criteria, null, 2)}</pre>
          {error && <p role="alert" className="error">{error}</p>}
          <footer className="dialog-foot">
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="primary">
              Save cohort
            </button>
          </footer>
        </form>
      )}
    </Dialog>
  );
}
