import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Flex, Form, Input, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get, type Page } from '../../app/api';
import { useUser } from '../../app/auth';
import { ExportButton } from '../../app/components/export-button';
import { FilterBar } from '../../app/components/filter-bar';
import { PageHeader } from '../../app/components/page-header';
import { PartyTag } from '../../app/components/party-tag';
import { LoadError } from '../../app/components/status-pages';
import { can } from '../../app/permissions';
import type { Company } from '../../app/types';
import { useListState } from '../../app/use-list-state';
import { CompanyCreateModal } from './company-create-modal';

const DEFAULTS = { q: undefined } as { q?: string };

/** 物业服务企业: the company register, with registration for the bureau. */
export function CompaniesPage() {
  const { t } = useTranslation();
  const user = useUser();
  const list = useListState(DEFAULTS, true);
  const [creating, setCreating] = useState(false);
  const res = useQuery({
    queryKey: ['companies', 'list', list.query],
    queryFn: () => get<Page<Company>>('/api/v1/companies', list.query),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <PageHeader
        title={t('company.title')}
        extra={
          <>
            {can(user.role, 'createCompany') ? (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setCreating(true)}
                data-testid="company-create"
              >
                {t('company.create')}
              </Button>
            ) : null}
            <ExportButton path="/api/v1/companies" query={list.query} fileName={t('company.title')} />
          </>
        }
      />
      <Card>
        <FilterBar label={t('company.title')} filters={list.filters} onApply={list.setFilters}>
          <Form.Item name="q" label={t('company.name')}>
            <Input allowClear maxLength={100} placeholder={t('company.searchPlaceholder')} style={{ width: 220 }} />
          </Form.Item>
        </FilterBar>
        {res.isError ? (
          <LoadError error={res.error} onRetry={() => void res.refetch()} />
        ) : (
          <Table<Company>
            rowKey="id"
            data-testid="companies-table"
            loading={res.isFetching}
            dataSource={res.data?.items}
            pagination={list.pagination(res.data?.total)}
            onChange={list.onTableChange}
            scroll={{ x: 900 }}
            columns={[
              {
                title: t('company.name'),
                dataIndex: 'name',
                ...list.sortColumn('name'),
                render: (_, c) => <Link to={`/companies/${c.id}`}>{c.name}</Link>,
              },
              {
                title: t('company.uscc'),
                dataIndex: 'uscc',
                ...list.sortColumn('uscc'),
                render: (v: string) => <code>{v}</code>,
              },
              { title: t('company.contactName'), dataIndex: 'contactName', ...list.sortColumn('contactName') },
              { title: t('company.contactPhone'), dataIndex: 'contactPhone' },
              {
                title: t('company.partyOrganization'),
                dataIndex: 'partyOrganization',
                ...list.sortColumn('partyOrganization'),
                render: (_, c) => <PartyTag value={c.partyOrganization} />,
              },
              {
                title: t('company.estateCount'),
                dataIndex: 'estateCount',
                ...list.sortColumn('estateCount'),
                align: 'right',
                render: (n: number | undefined, c) => (
                  <Flex justify="flex-end">
                    <Link to={`/companies/${c.id}`} className="rp-num">
                      {n ?? 0}
                    </Link>
                  </Flex>
                ),
              },
            ]}
          />
        )}
      </Card>
      {creating ? <CompanyCreateModal open={creating} onClose={() => setCreating(false)} /> : null}
    </>
  );
}
