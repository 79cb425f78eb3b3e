// The users table (TanStack Table, server-side sorting and paging): a real <table>,
// sortable headers as buttons with aria-sort, a user's id/name opens the profile.
import { type ColumnDef, flexRender, getCoreRowModel, type SortingState, useReactTable } from '@tanstack/react-table';
import { useMemo } from 'react';
import type { UserListRow } from '../../../src/server/ui/api-types';
import { cellText } from '../api';
import { navigate } from '../route';

interface Props {
  columns: string[];
  rows: UserListRow[];
  sort: string;
  desc: boolean;
  onSort: (column: string, desc: boolean) => void;
}

const ID = '$distinct_id';

export function UsersTable({ columns, rows, sort, desc, onSort }: Props) {
  const defs = useMemo<ColumnDef<UserListRow>[]>(
    () => [
      {
        id: ID,
        header: ID,
        cell: ({ row }) => <UserLink id={row.original.distinctId} label={row.original.distinctId} />,
      },
      ...columns.map<ColumnDef<UserListRow>>((c, i) => ({
        id: c,
        header: c,
        // The name opens the profile, as on the hosted page.
        cell: ({ row }) =>
          c === '$name' && row.original.values[i] ? (
            <UserLink id={row.original.distinctId} label={cellText(row.original.values[i])} />
          ) : (
            <span className={row.original.hasProfile ? undefined : 'muted'}>{cellText(row.original.values[i])}</span>
          ),
      })),
    ],
    [columns],
  );
  const sorting: SortingState = [{ id: sort, desc }];
  const table = useReactTable({
    data: rows,
    columns: defs,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
    state: { sorting },
    getRowId: (r) => r.distinctId,
  });
  return (
    <table className="users">
      <caption className="sr-only">Users, sorted by {sort} {desc ? 'descending' : 'ascending'}</caption>
      <thead>
        {table.getHeaderGroups().map((g) => (
          <tr key={g.id}>
            {g.headers.map((h) => {
              const active = h.column.id === sort;
              return (
                <th key={h.id} scope="col" aria-sort={active ? (desc ? 'descending' : 'ascending') : 'none'}>
                  <button type="button" className="sort" onClick={() => onSort(h.column.id, active ? !desc : false)}>
                    {flexRender(h.column.columnDef.header, h.getContext())}
                    <span aria-hidden="true">{active ? (desc ? ' ▼' : ' ▲') : ''}</span>
                  </button>
                </th>
              );
            })}
          </tr>
        ))}
      </thead>
      <tbody>
        {table.getRowModel().rows.map((r) => (
          <tr key={r.id}>
            {r.getVisibleCells().map((c) => (
              <td key={c.id}>{flexRender(c.column.columnDef.cell, c.getContext())}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function UserLink({ id, label }: { id: string; label: string }) {
  return (
    <a
      href={`?distinct_id=${encodeURIComponent(id)}`}
      onClick={(e) => {
        e.preventDefault();
        navigate({ distinctId: id });
      }}
    >
      {label}
    </a>
  );
}
