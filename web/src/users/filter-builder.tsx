// The filter builder: property filters typed by the property's kind, behaviour
// filters, cohort membership, or a selector typed directly; combined with and/or.
// Under each row, the selector (or criterion) it becomes.
import { useId } from 'react';
import type { MetaResponse } from '../../../src/server/ui/api-types';
import { needsValue, NUMERIC_TEXT_HINT, NUMERIC_TEXT_OPS, OPS_BY_KIND, type PropertyOp } from '../../../src/server/ui/filter-selector';
import { type BehaviorOp, buildRow, type FilterRow, propertyInfo } from './filters';

let nextId = 1;

export function newRow(type: FilterRow['type']): FilterRow {
  const id = nextId++;
  switch (type) {
    case 'property':
      return { id, type, property: '', op: 'equals', value: '', value2: '' };
    case 'behavior':
      return { id, type, event: '', op: 'at least', count: '1', days: '30', distinctDays: false };
    case 'cohort':
      return { id, type, cohort: '', not: false };
    case 'selector':
      return { id, type, where: '' };
  }
}

interface Props {
  meta: MetaResponse;
  rows: FilterRow[];
  combine: 'and' | 'or';
  onChange: (rows: FilterRow[], combine: 'and' | 'or') => void;
}

export function FilterBuilder({ meta, rows, combine, onChange }: Props) {
  const listId = useId();
  const eventsId = useId();
  const set = (i: number, r: FilterRow) => onChange(rows.map((x, j) => (j === i ? r : x)), combine);
  return (
    <section className="filters" aria-label="Filters">
      <datalist id={listId}>
        {meta.properties.map((p) => (
          <option key={p.name} value={p.name} />
        ))}
      </datalist>
      <datalist id={eventsId}>
        {meta.eventNames.map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>
      {rows.length > 1 && (
        <label>
          Match{' '}
          <select value={combine} onChange={(e) => onChange(rows, e.target.value as 'and' | 'or')}>
            <option value="and">all filters (and)</option>
            <option value="or">any filter (or)</option>
          </select>
        </label>
      )}
      <ol className="filter-rows">
        {rows.map((r, i) => {
          const built = buildRow(r, meta);
          return (
            <li key={r.id} className="filter-row">
              <div className="filter-fields" role="group" aria-label={`Filter ${i + 1}`}>
                <RowFields row={r} meta={meta} listId={listId} eventsId={eventsId} onChange={(x) => set(i, x)} />
                <button type="button" className="plain" aria-label={`Remove filter ${i + 1}`} onClick={() => onChange(rows.filter((_, j) => j !== i), combine)}>
                  ×
                </button>
              </div>
              {built.error ? (
                <p className="error" role="alert">
                  {built.error}
                </p>
              ) : (
                <code className="selector" aria-label={`Selector of filter ${i + 1}`}>
                  {built.text}
                </code>
              )}
              {r.type === 'property' && propertyInfo(meta, r.property).numericText && <p className="hint">{NUMERIC_TEXT_HINT}</p>}
            </li>
          );
        })}
      </ol>
      <div className="toolbar">
        <button type="button" onClick={() => onChange([...rows, newRow('property')], combine)}>
          + Property filter
        </button>
        <button type="button" onClick={() => onChange([...rows, newRow('behavior')], combine)}>
          + Behaviour filter
        </button>
        <button type="button" onClick={() => onChange([...rows, newRow('cohort')], combine)} disabled={meta.cohorts.length === 0}>
          + Cohort filter
        </button>
        <button type="button" onClick={() => onChange([...rows, newRow('selector')], combine)}>
          + Selector
        </button>
      </div>
    </section>
  );
}

function RowFields({ row, meta, listId, eventsId, onChange }: { row: FilterRow; meta: MetaResponse; listId: string; eventsId: string; onChange: (r: FilterRow) => void }) {
  switch (row.type) {
    case 'property': {
      const info = propertyInfo(meta, row.property);
      const ops = info.numericText ? NUMERIC_TEXT_OPS : OPS_BY_KIND[info.kind];
      const op = ops.includes(row.op) ? row.op : ops[0]!;
      const inputType = info.kind === 'datetime' && op !== 'in the last N days' ? 'date' : info.kind === 'number' || op === 'in the last N days' ? 'number' : 'text';
      return (
        <>
          <input aria-label="Property" list={listId} placeholder="property" value={row.property} onChange={(e) => onChange({ ...row, property: e.target.value })} />
          <select aria-label="Operator" value={op} onChange={(e) => onChange({ ...row, op: e.target.value as PropertyOp })}>
            {ops.map((o) => (
              <option key={o}>{o}</option>
            ))}
          </select>
          {needsValue(op) && <input aria-label="Value" type={inputType} value={row.value} onChange={(e) => onChange({ ...row, op, value: e.target.value })} />}
          {op === 'between' && <input aria-label="Second value" type={inputType} value={row.value2} onChange={(e) => onChange({ ...row, op, value2: e.target.value })} />}
        </>
      );
    }
    case 'behavior':
      return (
        <>
          <input aria-label="Event" list={eventsId} placeholder="event" value={row.event} onChange={(e) => onChange({ ...row, event: e.target.value })} />
          <select aria-label="How often" value={row.op} onChange={(e) => onChange({ ...row, op: e.target.value as BehaviorOp })}>
            {(['at least', 'at most', 'exactly', 'did not do'] as BehaviorOp[]).map((o) => (
              <option key={o}>{o}</option>
            ))}
          </select>
          {row.op !== 'did not do' && <input aria-label="Times" type="number" min={0} value={row.count} onChange={(e) => onChange({ ...row, count: e.target.value })} />}
          <label>
            in the last <input aria-label="Days" type="number" min={1} value={row.days} onChange={(e) => onChange({ ...row, days: e.target.value })} /> days
          </label>
          <label>
            <input type="checkbox" checked={row.distinctDays} onChange={(e) => onChange({ ...row, distinctDays: e.target.checked })} /> on distinct days
          </label>
        </>
      );
    case 'cohort':
      return (
        <>
          <select aria-label="In or not in" value={row.not ? 'not in' : 'in'} onChange={(e) => onChange({ ...row, not: e.target.value === 'not in' })}>
            <option>in</option>
            <option>not in</option>
          </select>
          <select aria-label="Cohort" value={row.cohort} onChange={(e) => onChange({ ...row, cohort: e.target.value })}>
            <option value="">choose a cohort</option>
            {meta.cohorts.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </>
      );
    case 'selector':
      return <input aria-label="Selector" className="wide-input" placeholder='properties["plan"] == "pro"' value={row.where} onChange={(e) => onChange({ ...row, where: e.target.value })} />;
  }
}
