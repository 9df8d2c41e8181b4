import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Col, Empty, Flex, Input, Row, Skeleton, Table, Tag, Tree, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { get } from '../../app/api';
import { useUser } from '../../app/auth';
import { ExportButton } from '../../app/components/export-button';
import { LoadError } from '../../app/components/status-pages';
import { useScopeTrail } from '../../app/layout/scope-trail';
import { can } from '../../app/permissions';
import { indexTree, useOrgTree, useOrgUnit } from '../../app/queries';
import type { OrgUnit, OrgUnitNode } from '../../app/types';
import { useTableSort } from '../../app/use-list-state';
import { EstatesTable } from '../estates/estates-table';
import { FiveToOneCard } from './five-to-one-card';

interface TreeItem {
  key: string;
  title: React.ReactNode;
  children: TreeItem[];
}

function matches(n: OrgUnitNode, q: string): boolean {
  return n.name.includes(q) || n.children.some((c) => matches(c, q));
}

/** The org-unit tree with estate counts; selecting a unit opens it. */
function OrgTreePanel({ selected }: { selected?: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const tree = useOrgTree();
  const [q, setQ] = useState('');
  const index = useMemo(() => indexTree(tree.data), [tree.data]);
  const [expanded, setExpanded] = useState<string[]>([]);
  useEffect(() => {
    const roots = (tree.data ?? []).map((r) => r.id);
    const path = selected ? (index.get(selected)?.ancestors ?? []) : [];
    setExpanded((e) => [...new Set([...e, ...roots, ...path])]);
  }, [tree.data, selected, index]);
  const data = useMemo(() => {
    const map = (n: OrgUnitNode): TreeItem | null => {
      if (q && !matches(n, q)) return null;
      return {
        key: n.id,
        title: (
          <span data-testid={`tree-node-${n.name}`}>
            {n.name}{' '}
            <Typography.Text type="secondary" className="rp-num">
              ({n.estateCount ?? 0})
            </Typography.Text>
          </span>
        ),
        children: n.children.map(map).filter((x): x is TreeItem => !!x),
      };
    };
    return (tree.data ?? []).map(map).filter((x): x is TreeItem => !!x);
  }, [tree.data, q]);
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('org.tree')}</h2>} styles={{ body: { padding: 12 } }}>
      <Input.Search
        allowClear
        placeholder={t('org.treeSearch')}
        aria-label={t('org.treeSearch')}
        onChange={(e) => setQ(e.target.value.trim())}
        style={{ marginBottom: 8 }}
      />
      {tree.isPending ? (
        <Skeleton active />
      ) : (
        <Tree
          aria-label={t('org.tree')}
          treeData={data}
          selectedKeys={selected ? [selected] : []}
          expandedKeys={q ? [...index.keys()] : expanded}
          onExpand={(keys) => setExpanded(keys.map(String))}
          onSelect={(keys) => {
            if (keys[0]) navigate(`/org/${String(keys[0])}`);
          }}
          blockNode
        />
      )}
    </Card>
  );
}

/**
 * A table of units (children of the current one, or the top-level units) with their estate counts. Sorted, the rows
 * take the server's order (`GET /org-units?sort=`), the same the export uses; the counts still come from the tree.
 */
function UnitsTable({ units, title, parentId }: { units: OrgUnitNode[]; title: string; parentId?: string }) {
  const { t } = useTranslation();
  const sorting = useTableSort();
  const { sort } = sorting;
  const order = useQuery({
    queryKey: ['org-units', 'list', parentId, sort],
    queryFn: () => get<OrgUnit[]>('/api/v1/org-units', { parentId, sort }),
    enabled: !!sort,
    placeholderData: keepPreviousData,
  });
  const rows = useMemo(() => {
    const list = units.map(({ children: _c, ...u }) => u);
    if (!sort || !order.data) return list;
    const rank = new Map(order.data.map((u, i) => [u.id, i]));
    const at = (id: string) => rank.get(id) ?? Number.MAX_SAFE_INTEGER;
    return list.sort((a, b) => at(a.id) - at(b.id));
  }, [units, sort, order.data]);
  return (
    <Card
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{title}</h2>}
      extra={<ExportButton path="/api/v1/org-units" query={{ parentId, sort }} fileName={t('nav.orgUnits')} />}
    >
      {units.length ? (
        <Table<Omit<OrgUnitNode, 'children'>>
          rowKey="id"
          size="middle"
          data-testid="units-table"
          loading={order.isFetching}
          pagination={units.length > 20 ? { pageSize: 20 } : false}
          dataSource={rows}
          onChange={sorting.onTableChange}
          columns={[
            {
              title: t('common.name'),
              dataIndex: 'name',
              ...sorting.sortColumn('name'),
              render: (_, u) => (
                <Link to={`/org/${u.id}`} data-testid="unit-link">
                  {u.name}
                </Link>
              ),
            },
            {
              title: t('common.kind'),
              dataIndex: 'kind',
              ...sorting.sortColumn('kind'),
              render: (_, u) => (
                <>
                  {t(`enum.orgKind.${u.kind}`)}
                  {u.isDevelopmentZone ? <Tag style={{ marginInlineStart: 8 }}>{t('org.developmentZone')}</Tag> : null}
                </>
              ),
            },
            {
              title: t('org.estateCount'),
              dataIndex: 'estateCount',
              align: 'right',
              render: (n: number | undefined) => <span className="rp-num">{n ?? 0}</span>,
            },
          ]}
        />
      ) : (
        <Empty description={t('org.noChildren')} />
      )}
    </Card>
  );
}

/** One org unit: its children (drill-down), its estates, and for a community the five-to-one record. */
function UnitDetail({ id }: { id: string }) {
  const { t } = useTranslation();
  const user = useUser();
  const unit = useOrgUnit(id);
  const tree = useOrgTree();
  const node = useMemo(() => indexTree(tree.data).get(id), [tree.data, id]);
  useScopeTrail(unit.data ? { crumbs: unit.data.breadcrumb } : null);
  if (unit.isError) return <LoadError error={unit.error} onRetry={() => void unit.refetch()} />;
  if (!unit.data) return <Skeleton active />;
  const u = unit.data;
  const children: OrgUnitNode[] =
    node?.children ?? u.children.map((c) => ({ ...c, estateCount: undefined, children: [] }));
  return (
    <Flex vertical gap={16}>
      <Flex align="center" gap={12} wrap>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }} data-testid="page-title">
          {u.name}
        </Typography.Title>
        <Tag>{t(`enum.orgKind.${u.kind}`)}</Tag>
        {u.isDevelopmentZone ? <Tag>{t('org.developmentZone')}</Tag> : null}
        <Typography.Text type="secondary">
          {t('org.estateCount')}: <span className="rp-num">{node?.estateCount ?? 0}</span>
        </Typography.Text>
      </Flex>
      {u.kind === 'community' ? (
        <FiveToOneCard communityId={u.id} value={u.fiveToOne} editable={can(user.role, 'editFiveToOne')} />
      ) : (
        <UnitsTable units={children} title={t('org.children')} parentId={u.id} />
      )}
      <EstatesTable key={id} orgUnitId={id} />
    </Flex>
  );
}

/** 组织机构: the tree on the left, the chosen unit on the right (drill down 市 → 区 → 街道 → 社区 → 小区). */
export function OrgPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const tree = useOrgTree();
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={7} xxl={6}>
        <OrgTreePanel selected={id} />
      </Col>
      <Col xs={24} lg={17} xxl={18}>
        {id ? (
          <UnitDetail id={id} />
        ) : (
          <Flex vertical gap={16}>
            <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }} data-testid="page-title">
              {t('org.title')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('org.pickUnit')}</Typography.Text>
            {tree.isError ? (
              <LoadError error={tree.error} onRetry={() => void tree.refetch()} />
            ) : (
              <UnitsTable units={tree.data ?? []} title={t('org.roots')} />
            )}
          </Flex>
        )}
      </Col>
    </Row>
  );
}
