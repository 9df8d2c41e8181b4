import { Cascader } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { categoryCodePath, categoryName, useIssueCategories } from './issue-queries';
import type { IssueCategory } from './issue-types';

interface Option {
  value: string;
  label: string;
  children?: Option[];
}

/**
 * Picks an issue category from the three-level tree; the value is one code. With `leafOnly` (intake) only a
 * category of the last level can be chosen; without it (filters) any level may be.
 */
export function CategoryCascader({
  value,
  onChange,
  leafOnly = false,
  id,
  placeholder,
  testId,
  style,
}: {
  value?: string;
  onChange?: (code: string | undefined) => void;
  leafOnly?: boolean;
  id?: string;
  placeholder?: string;
  testId?: string;
  style?: React.CSSProperties;
}) {
  const { i18n } = useTranslation();
  const cats = useIssueCategories();
  const options = useMemo(() => {
    const map = (n: IssueCategory): Option => ({
      value: n.code,
      label: categoryName(n, i18n.language),
      children: n.children.length ? n.children.map(map) : undefined,
    });
    return (cats.data ?? []).map(map);
  }, [cats.data, i18n.language]);
  return (
    <Cascader<Option>
      id={id}
      data-testid={testId}
      options={options}
      value={categoryCodePath(value)}
      onChange={(path) => onChange?.(path?.length ? String(path[path.length - 1]) : undefined)}
      changeOnSelect={!leafOnly}
      expandTrigger="hover"
      showSearch={{ filter: (input, path) => path.some((o) => o.label.toLowerCase().includes(input.toLowerCase())) }}
      loading={cats.isPending}
      placeholder={placeholder}
      style={{ minWidth: 240, ...style }}
      allowClear
    />
  );
}
