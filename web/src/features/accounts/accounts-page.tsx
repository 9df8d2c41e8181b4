import { PlusOutlined } from '@ant-design/icons';
import { ROLES } from '@rp/contract';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Form, Input, Select, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get, type Page } from '../../app/api';
import { useUser } from '../../app/auth';
import { FilterBar } from '../../app/components/filter-bar';
import { PageHeader } from '../../app/components/page-header';
import { LoadError } from '../../app/components/status-pages';
import { formatDateTime } from '../../app/format';
import { BUREAU_MAY_CREATE } from '../../app/permissions';
import { indexTree, useCompany, useEstate, useOrgTree } from '../../app/queries';
import type { Role, User } from '../../app/types';
import { useListState } from '../../app/use-list-state';
import { AccountCreateModal } from './account-create-modal';

const DEFAULTS = { role: undefined, q: undefined } as { role?: string; q?: string };

function CompanyName({ id }: { id: string }) {
  const c = useCompany(id);
  return <Link to={`/companies/${id}`}>{c.data?.name ?? id.slice(0, 8)}</Link>;
}
function EstateName({ id }: { id: string }) {
  const e = useEstate(id);
  return <Link to={`/estates/${id}`}>{e.data?.name ?? id.slice(0, 8)}</Link>;
}

/** 账号管理: accounts in scope, filterable by role, and account creation (admin and bureau). */
export function AccountsPage() {
  const { t } = useTranslation();
  const me = useUser();
  const list = useListState(DEFAULTS, true);
  const [creating, setCreating] = useState(false);
  const tree = useOrgTree();
  const units = useMemo(() => indexTree(tree.data), [tree.data]);
  const res = useQuery({
    queryKey: ['accounts', 'list', list.query],
    queryFn: () => get<Page<User>>('/api/v1/accounts', list.query),
    placeholderData: keepPreviousData,
  });
  const roles: readonly Role[] = me.role === 'admin' ? ROLES : ['bureau', ...BUREAU_MAY_CREATE];
  const scopeOf = (u: User) => {
    const s = u.scope;
    if (s.orgUnitId) {
      const n = units.get(s.orgUnitId);
      return n ? <Link to={`/org/${n.id}`}>{n.name}</Link> : s.orgUnitId.slice(0, 8);
    }
    if (s.companyId) return <CompanyName id={s.companyId} />;
    if (s.estateId) return <EstateName id={s.estateId} />;
    if (s.ownerId)
      return (
        <Typography.Text type="secondary">
          {t('account.scopeOwner')} {s.ownerId.slice(0, 8)}
        </Typography.Text>
      );
    return <Typography.Text type="secondary">{t('account.scopeNone')}</Typography.Text>;
  };
  return (
    <>
      <PageHeader
        title={t('account.title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="account-create">
            {t('account.create')}
          </Button>
        }
      />
      <Card>
        <FilterBar label={t('account.title')} filters={list.filters} onApply={list.setFilters}>
          <Form.Item name="role" label={t('account.role')}>
            <Select
              allowClear
              placeholder={t('common.all')}
              style={{ width: 160 }}
              options={roles.map((r) => ({ value: r, label: t(`enum.role.${r}`) }))}
            />
          </Form.Item>
          <Form.Item name="q" label={t('common.keyword')}>
            <Input allowClear maxLength={64} placeholder={t('account.searchPlaceholder')} style={{ width: 200 }} />
          </Form.Item>
        </FilterBar>
        {res.isError ? (
          <LoadError error={res.error} onRetry={() => void res.refetch()} />
        ) : (
          <Table<User>
            rowKey="id"
            data-testid="accounts-table"
            loading={res.isFetching}
            dataSource={res.data?.items}
            pagination={list.pagination(res.data?.total)}
            onChange={list.onTableChange}
            scroll={{ x: 900 }}
            columns={[
              {
                title: t('account.username'),
                dataIndex: 'username',
                ...list.sortColumn('username'),
                render: (v: string) => <code>{v}</code>,
              },
              { title: t('account.displayName'), dataIndex: 'displayName', ...list.sortColumn('displayName') },
              {
                title: t('account.role'),
                dataIndex: 'role',
                ...list.sortColumn('role'),
                render: (_, u) => <Tag>{t(`enum.role.${u.role}`)}</Tag>,
              },
              { title: t('account.scope'), key: 'scope', render: (_, u) => scopeOf(u) },
              {
                title: t('account.status'),
                dataIndex: 'disabled',
                render: (d: boolean | undefined) =>
                  d ? <Tag>{t('account.disabled')}</Tag> : <Tag color="green">{t('account.active')}</Tag>,
              },
              {
                title: t('account.createdAt'),
                dataIndex: 'createdAt',
                ...list.sortColumn('createdAt'),
                render: (v: string | undefined) => formatDateTime(v),
              },
            ]}
          />
        )}
      </Card>
      {creating ? <AccountCreateModal open={creating} onClose={() => setCreating(false)} /> : null}
    </>
  );
}
