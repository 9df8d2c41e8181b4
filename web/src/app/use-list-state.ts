import type { TablePaginationConfig } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

type Filters = Record<string, string | undefined>;

/**
 * Filters and server-side paging of a list. With `syncUrl` the state lives in the address bar, so lists can be
 * linked to (a dashboard bar opens the list behind it) and survive a reload.
 */
export function useListState<F extends Filters>(defaults: F, syncUrl = false) {
  const { t } = useTranslation();
  const [sp, setSp] = useSearchParams();
  const [local, setLocal] = useState<{ page: number; pageSize: number; filters: F }>({
    page: 1,
    pageSize: 20,
    filters: defaults,
  });

  const state = useMemo(() => {
    if (!syncUrl) return local;
    const filters = { ...defaults };
    for (const k of Object.keys(defaults)) (filters as Filters)[k] = sp.get(k) ?? defaults[k];
    return { page: Number(sp.get('page') ?? 1) || 1, pageSize: Number(sp.get('pageSize') ?? 20) || 20, filters };
  }, [syncUrl, local, sp, defaults]);

  const write = useCallback(
    (next: { page: number; pageSize: number; filters: F }) => {
      if (!syncUrl) return setLocal(next);
      const p = new URLSearchParams();
      for (const [k, v] of Object.entries(next.filters)) if (v) p.set(k, v);
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
      write({ page: 1, pageSize: state.pageSize, filters: cleaned });
    },
    [defaults, state.pageSize, write],
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
        write({ page: pageSize !== state.pageSize ? 1 : page, pageSize, filters: state.filters }),
    }),
    [state, write, t],
  );

  return {
    ...state,
    query: { ...state.filters, page: state.page, pageSize: state.pageSize },
    setFilters,
    pagination,
  };
}
