import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useOrgTree } from '../queries';
import type { OrgKind, OrgUnitNode } from '../types';

interface Node {
  value: string;
  title: string;
  disabled?: boolean;
  children: Node[];
}

/** Picks an org unit from the tree in scope; `kinds` limits which kinds can be chosen. */
export function OrgTreeSelect({
  value,
  onChange,
  kinds,
  placeholder,
  allowClear = true,
  id,
  style,
  testId,
}: {
  value?: string;
  onChange?: (v: string | undefined) => void;
  kinds?: OrgKind[];
  placeholder?: string;
  allowClear?: boolean;
  id?: string;
  style?: React.CSSProperties;
  testId?: string;
}) {
  const { t } = useTranslation();
  const tree = useOrgTree();
  const data = useMemo(() => {
    const map = (n: OrgUnitNode): Node => ({
      value: n.id,
      title: `${n.name} · ${t(`enum.orgKind.${n.kind}`)}`,
      disabled: kinds ? !kinds.includes(n.kind) : false,
      children: n.children.map(map),
    });
    return (tree.data ?? []).map(map);
  }, [tree.data, kinds, t]);
  return (
    <TreeSelect
      id={id}
      data-testid={testId}
      style={{ minWidth: 240, ...style }}
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      treeData={data}
      loading={tree.isPending}
      allowClear={allowClear}
      showSearch
      treeNodeFilterProp="title"
      placeholder={placeholder}
      treeDefaultExpandedKeys={data.map((d) => d.value)}
    />
  );
}
