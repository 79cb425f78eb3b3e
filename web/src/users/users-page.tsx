// The Users page: User Profiles / All Users, the count of matching users, filters,
// the table (sorted and paged by the server), Edit Columns, export of the view,
// Create Cohort, Add/Edit Profile and Import from CSV.
import { useEffect, useMemo, useState } from 'react';
import type { MetaResponse, UsersQuery, UsersResponse } from '../../../src/server/ui/api-types';
import { api, errorText } from '../api';
import { ImportWizard } from '../import/import-wizard';
import { AddEditProfile } from '../profiles/add-edit-profile';
import { navigate } from '../route';
import { CreateCohort } from './create-cohort';
import { EditColumns } from './edit-columns';
import { FilterBuilder } from './filter-builder';
import { buildCriteria, type FilterRow } from './filters';
import { UsersTable } from './users-table';

const PAGE_SIZE = 50;
type Modal = null | 'columns' | 'cohort' | 'profile' | 'import';

export function UsersPage({ meta, cohort, onChanged }: { meta: MetaResponse; cohort: string | null; onChanged: () => void }) {
  const [all, setAll] = useState(cohort !== null);
  const [rows, setRows] = useState<FilterRow[]>([]);
  const [combine, setCombine] = useState<'and' | 'or'>('and');
  const [sort, setSort] = useState<{ column: string; desc: boolean }>({ column: '$last_seen', desc: true });
  const [page, setPage] = useState(1);
  const [columns, setColumns] = useState<string[]>(meta.defaultColumns);
  const [data, setData] = useState<UsersResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [modal, setModal] = useState<Modal>(null);
  const [version, setVersion] = useState(0);

  const criteria = useMemo(() => buildCriteria(rows, combine, meta), [rows, combine, meta]);
  const query: UsersQuery = useMemo(
    () => ({ all, criteria, cohort, columns, sort: sort.column, desc: sort.desc, page, pageSize: PAGE_SIZE }),
    [all, criteria, cohort, columns, sort, page],
  );

  useEffect(() => {
    const ac = new AbortController();
    setLoading(true);
    const t = setTimeout(() => {
      api.users(query, ac.signal).then(
        (r) => {
          setData(r);
          setError(null);
          setLoading(false);
        },
        (e) => {
          if (ac.signal.aborted) return;
          setError(errorText(e));
          setLoading(false);
        },
      );
    }, 150);
    return () => {
      clearTimeout(t);
      ac.abort();
    };
  }, [query, version]);

  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  const changed = () => {
    setVersion((v) => v + 1);
    onChanged();
  };

  return (
    <section aria-labelledby="users-title">
      <div className="page-head">
        <h1 id="users-title">{cohort ? `Cohort: ${cohort}` : 'Users'}</h1>
        <div className="toolbar">
          <button type="button" onClick={() => setModal('profile')}>
            Add/Edit Profile
          </button>
          <button type="button" onClick={() => setModal('import')}>
            Import from CSV
          </button>
        </div>
      </div>
      {cohort && (
        <p>
          Members of the saved cohort <b>{cohort}</b>.{' '}
          <a href="?" onClick={(e) => (e.preventDefault(), navigate({ view: 'users' }))}>
            Back to all users
          </a>
        </p>
      )}
      <div className="toolbar">
        <div role="group" aria-label="Which users" className="segmented">
          <button type="button" aria-pressed={!all} onClick={() => (setAll(false), setPage(1))}>
            User Profiles
          </button>
          <button type="button" aria-pressed={all} onClick={() => (setAll(true), setPage(1))}>
            All Users
          </button>
        </div>
        <p className="count" role="status" aria-label="Matching users" aria-busy={loading}>
          {data ? `${data.total.toLocaleString('en-US')} ${data.total === 1 ? 'user' : 'users'}` : '…'}
        </p>
        <span className="spacer" />
        <button type="button" onClick={() => setModal('columns')}>
          Edit Columns
        </button>
        <button type="button" onClick={() => setModal('cohort')}>
          Create Cohort
        </button>
        <a className="button" href={api.exportUrl(query, 'csv')} download="users.csv">
          Export CSV
        </a>
        <a className="button" href={api.exportUrl(query, 'json')} download="users.json">
          Export JSON
        </a>
      </div>
      <FilterBuilder
        meta={meta}
        rows={rows}
        combine={combine}
        onChange={(r, c) => {
          setRows(r);
          setCombine(c);
          setPage(1);
        }}
      />
      {error && <p role="alert" className="error">{error}</p>}
      {data?.warnings.map((w) => (
        <p key={w} className="hint">
          {w}
        </p>
      ))}
      {data && (
        <>
          <UsersTable
            columns={data.columns}
            rows={data.rows}
            sort={sort.column}
            desc={sort.desc}
            onSort={(column, desc) => {
              setSort({ column, desc });
              setPage(1);
            }}
          />
          <nav className="pager" aria-label="Pages">
            <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
              Previous page
            </button>
            <span>
              Page {data.page} of {pages.toLocaleString('en-US')} · answered in {data.ms} ms
            </span>
            <button type="button" disabled={page >= pages} onClick={() => setPage(page + 1)}>
              Next page
            </button>
          </nav>
        </>
      )}
      {modal === 'columns' && (
        <EditColumns
          meta={meta}
          columns={columns}
          onClose={() => setModal(null)}
          onSaved={(c) => {
            setColumns(c);
            setModal(null);
          }}
        />
      )}
      {modal === 'cohort' && (
        <CreateCohort
          criteria={criteria}
          onClose={() => setModal(null)}
          onSaved={() => {
            setModal(null);
            onChanged();
            navigate({ view: 'cohorts' });
          }}
        />
      )}
      {modal === 'profile' && <AddEditProfile meta={meta} onClose={() => setModal(null)} onSaved={changed} />}
      {modal === 'import' && <ImportWizard meta={meta} onClose={() => setModal(null)} onImported={changed} />}
    </section>
  );
}
