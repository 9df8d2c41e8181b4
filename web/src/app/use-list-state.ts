import type { TablePaginationConfig } from 'antd';
import { type Key, useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

type Filters = Record<string, string | undefined>;
/** antd's column sort order. */
type SortOrder = 'ascend' | 'descend' | null;
/** The part of antd's `SorterResult` the API's sort needs (structural, so it fits every row type). */
interface Sorter {
  columnKey?: Key;
  field?: Key | readonly Key[];
  order?: SortOrder;
}
/** A Table `onChange` for any row type. */
type OnTableChange = (
  pagination: unknown,
  filters: unknown,
  sorter: Sorter | Sorter[],
  extra: { action: string },
) => void;

/** The API's `sort` value (`name`, `-name`) of an antd sorter, or undefined when the column's sort is cleared. */
function sortOf(sorter: Sorter | Sorter[]): string | undefined {
  const s = Array.isArray(sorter) ? sorter[0] : sorter;
  const field = s?.columnKey ?? (Array.isArray(s?.field) ? s.field.join('.') : s?.field);
  if (!s?.order || field === undefined) return undefined;
  return s.order === 'descend' ? `-${String(field)}` : String(field);
}

/** A column's `sorter` / `sortOrder` / `key` for a server-side sort by `field` under the current `sort`. */
function sortColumn(sort: string | undefined, field: string) {
  const order: SortOrder = sort === field ? 'ascend' : sort === `-${field}` ? 'descend' : null;
  return { key: field, sorter: true, sortOrder: order };
}

/**
 * Filters, server-side paging and sorting of a list. With `syncUrl` the state lives in the address bar, so lists can
 * be linked to (a dashboard bar opens the list behind it) and survive a reload. Columns opt in to sorting with
 * `...list.sortColumn('name')`; the Table gets `onChange={list.onTableChange}`; `query` carries `sort` to the API
 * (and so to the Excel export).
 */
export function useListState<F extends Filters>(defaults: F, syncUrl = false) {
  const { t } = useTranslation();
  const [sp, setSp] = useSearchParams();
  const [local, setLocal] = useState<{ page: number; pageSize: number; filters: F; sort?: string }>({
    page: 1,
    pageSize: 20,
    filters: defaults,
  });

  const state = useMemo(() => {
    if (!syncUrl) return local;
    const filters = { ...defaults };
    for (const k of Object.keys(defaults)) (filters as Filters)[k] = sp.get(k) ?? defaults[k];
    return {
      page: Number(sp.get('page') ?? 1) || 1,
      pageSize: Number(sp.get('pageSize') ?? 20) || 20,
      filters,
      sort: sp.get('sort') ?? undefined,
    };
  }, [syncUrl, local, sp, defaults]);

  const write = useCallback(
    (next: { page: number; pageSize: number; filters: F; sort?: string }) => {
      if (!syncUrl) return setLocal(next);
      const p = new URLSearchParams();
      for (const [k, v] of Object.entries(next.filters)) if (v) p.set(k, v);
      if (next.sort) p.set('sort', next.sort);
      if (next.page !== 1) p.set('page', String(next.page));
      if (next.pageSize !== 20) p.set('pageSize', String(next.pageSize));
      setSp(p, { replace: true });
    },
    [syncUrl, setSp],
  );

  const setFilters = useCallback(
    (filters: Partial<F>) => {
      const cleaned = { ...defaults } as F;
      for (const [k, v] of Object.entries(filters)) (cleaned as Filters)[k] = v === '' || v === null ? undefined : v;
      write({ page: 1, pageSize: state.pageSize, filters: cleaned, sort: state.sort });
    },
    [defaults, state.pageSize, state.sort, write],
  );

  const pagination = useCallback(
    (total: number | undefined): TablePaginationConfig => ({
      current: state.page,
      pageSize: state.pageSize,
      total: total ?? 0,
      showSizeChanger: true,
      pageSizeOptions: [10, 20, 50, 100, 200],
      showTotal: (n) => t('common.total', { total: n }),
      onChange: (page, pageSize) =>
        write({ page: pageSize !== state.pageSize ? 1 : page, pageSize, filters: state.filters, sort: state.sort }),
    }),
    [state, write, t],
  );

  /** Table `onChange`: a new sort starts again at page 1 (paging itself goes through `pagination`). */
  const onTableChange = useCallback<OnTableChange>(
    (_pagination, _filters, sorter, extra) => {
      if (extra.action !== 'sort') return;
      write({ page: 1, pageSize: state.pageSize, filters: state.filters, sort: sortOf(sorter) });
    },
    [state, write],
  );

  return {
    ...state,
    query: {
      ...state.filters,
      ...(state.sort ? { sort: state.sort } : {}),
      page: state.page,
      pageSize: state.pageSize,
    },
    setFilters,
    pagination,
    onTableChange,
    sortColumn: (field: string) => sortColumn(state.sort, field),
  };
}

/**
 * Server-side sorting alone, for unpaged lists (committee ledger drill-down, meetings, payments, finance entries):
 * `sort` for the API and the export, `sortColumn` for the columns, `onTableChange` for the Table.
 */
export function useTableSort(initial?: string) {
  const [sort, setSort] = useState<string | undefined>(initial);
  const onTableChange = useCallback<OnTableChange>((_pagination, _filters, sorter, extra) => {
    if (extra.action === 'sort') setSort(sortOf(sorter));
  }, []);
  return { sort, onTableChange, sortColumn: (field: string) => sortColumn(sort, field) };
}
