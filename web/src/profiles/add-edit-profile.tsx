// Add/Edit Profile: create or update one profile (with the seed's warnings when
// creating one that exists or updating one that does not), user or group profile,
// the identifier required, Add Property with autocomplete of existing and reserved names.
import { useState } from 'react';
import type { MetaResponse } from '../../../src/server/ui/api-types';
import { api, errorText } from '../api';
import { Dialog } from '../dialog';

interface Prop {
  name: string;
  value: string;
}

export function AddEditProfile({ meta, onClose, onSaved }: { meta: MetaResponse; onClose: () => void; onSaved: () => void }) {
  const [type, setType] = useState<'user' | 'group'>('user');
  const [groupKey, setGroupKey] = useState('');
  const [mode, setMode] = useState<'create' | 'update'>('create');
  const [id, setId] = useState('');
  const [props, setProps] = useState<Prop[]>([{ name: '$name', value: '' }]);
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const idName = type === 'user' ? '$distinct_id' : '$group_id';
  const phone = props.find((p) => p.name === '$phone' && p.value.trim() !== '' && !p.value.trim().startsWith('+'));

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    setResult(null);
    const set: Record<string, unknown> = {};
    for (const p of props) if (p.name.trim() !== '') set[p.name.trim()] = p.value;
    try {
      const r = await api.setProfile({ id, mode, set, groupKey: type === 'group' ? groupKey : undefined });
      setResult(r.changed ? `Saved the profile ${id}.${r.warnings.length ? ` Warnings: ${r.warnings.join('; ')}` : ''}` : `Not saved: ${r.warnings.join('; ') || 'nothing changed'}`);
      if (r.changed) onSaved();
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <Dialog title="Add/Edit Profile" onClose={onClose}>
      <form onSubmit={save}>
        <fieldset>
          <legend>Select Profile Type</legend>
          <label>
            <input type="radio" name="ptype" checked={type === 'user'} onChange={() => setType('user')} /> User
          </label>
          <label>
            <input type="radio" name="ptype" checked={type === 'group'} onChange={() => setType('group')} /> Group
          </label>
          {type === 'group' && (
            <label className="field">
              Group key <input required value={groupKey} onChange={(e) => setGroupKey(e.target.value)} placeholder="company_id" />
            </label>
          )}
        </fieldset>
        <fieldset>
          <legend>Select a Mode</legend>
          <label>
            <input type="radio" name="pmode" checked={mode === 'create'} onChange={() => setMode('create')} /> Create profile
          </label>
          <label>
            <input type="radio" name="pmode" checked={mode === 'update'} onChange={() => setMode('update')} /> Update profile
          </label>
          <p className="hint">{mode === 'create' ? 'You will be warned if the profile already exists (it is then left as it is).' : 'You will be warned if the profile does not exist (nothing is created).'}</p>
        </fieldset>
        <label className="field">
          {idName} <input required aria-required="true" value={id} onChange={(e) => setId(e.target.value)} />
        </label>
        <datalist id="profile-prop-names">
          {[...new Set([...meta.reservedProperties, ...meta.properties.map((p) => p.name)])].map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
        {props.map((p, i) => (
          <div className="inline-form" key={i}>
            <input aria-label={`Property ${i + 1} name`} list="profile-prop-names" value={p.name} onChange={(e) => setProps(props.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))} />
            <input aria-label={`Property ${i + 1} value`} value={p.value} onChange={(e) => setProps(props.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)))} />
            <button type="button" className="plain" aria-label={`Remove property ${i + 1}`} onClick={() => setProps(props.filter((_, j) => j !== i))}>
              ×
            </button>
          </div>
        ))}
        <button type="button" onClick={() => setProps([...props, { name: '', value: '' }])}>
          Add Property
        </button>
        {phone && <p className="hint">$phone should start with "+" and the country code (e.g. +14155550100).</p>}
        {error && <p role="alert" className="error">{error}</p>}
        {result && <p role="status">{result}</p>}
        <footer className="dialog-foot">
          <button type="button" onClick={onClose}>
            Close
          </button>
          <button type="submit" className="primary">
            Save profile
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
