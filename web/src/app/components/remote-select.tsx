import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { get, type Page } from '../api';

export interface Option {
  value: string;
  label: string;
}

/** A searchable Select whose options come from a list endpoint's `q` filter (companies, estates, owners). */
export function RemoteSelect<T extends { id: string; name: string }>({
  path,
  value,
  onChange,
  initial,
  placeholder,
  id,
  describe,
  testId,
  query,
}: {
  path: string;
  value?: string;
  onChange?: (v: string | undefined) => void;
  initial?: Option;
  placeholder?: string;
  id?: string;
  describe?: (item: T) => string;
  testId?: string;
  query?: Record<string, string | undefined>;
}) {
  const [q, setQ] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const h = setTimeout(() => setDebounced(q), 250);
    return () => clearTimeout(h);
  }, [q]);
  const res = useQuery({
    queryKey: [path, 'search', debounced, query],
    queryFn: () => get<Page<T>>(path, { ...query, q: debounced, pageSize: 20 }),
  });
  const options: Option[] = (res.data?.items ?? []).map((i) => ({
    value: i.id,
    label: describe ? describe(i) : i.name,
  }));
  if (initial && !options.some((o) => o.value === initial.value)) options.unshift(initial);
  return (
    <Select
      id={id}
      data-testid={testId}
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      options={options}
      loading={res.isFetching}
      placeholder={placeholder}
      style={{ width: '100%' }}
    />
  );
}
