import { MANAGEMENT_MODES } from '@rp/contract';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Form, Input, Select, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get, type Page } from '../../app/api';
import { ExportButton } from '../../app/components/export-button';
import { FilterBar } from '../../app/components/filter-bar';
import { ModeTag } from '../../app/components/mode-tag';
import { OrgTreeSelect } from '../../app/components/org-tree-select';
import { LoadError } from '../../app/components/status-pages';
import type { Estate } from '../../app/types';
import { useListState } from '../../app/use-list-state';

const DEFAULTS = { q: undefined, managementMode: undefined, orgUnitId: undefined } as {
  q?: string;
  managementMode?: string;
  orgUnitId?: string;
};

/** The estate ledger (小区台账) with filters, server-side paging and the Excel export; optionally fixed to one unit. */
export function EstatesTable({ orgUnitId, syncUrl = false }: { orgUnitId?: string; syncUrl?: boolean }) {
  const { t } = useTranslation();
  const list = useListState(DEFAULTS, syncUrl);
  const query = { ...list.query, ...(orgUnitId ? { orgUnitId } : {}) };
  const res = useQuery({
    queryKey: ['estates', 'list', query],
    queryFn: () => get<Page<Estate>>('/api/v1/estates', query),
    placeholderData: keepPreviousData,
  });
  if (res.isError) return <LoadError error={res.error} onRetry={() => void res.refetch()} />;
  return (
    <Card
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('org.estates')}</h2>}
      extra={<ExportButton path="/api/v1/estates" query={query} fileName={t('nav.estates')} />}
    >
      <FilterBar label={t('nav.estates')} filters={list.filters} onApply={list.setFilters}>
        <Form.Item name="q" label={t('estate.name')}>
          <Input allowClear maxLength={100} style={{ width: 180 }} data-testid="filter-q" />
        </Form.Item>
        <Form.Item name="managementMode" label={t('estate.mode')}>
          <Select
            allowClear
            style={{ width: 160 }}
            placeholder={t('common.all')}
            options={MANAGEMENT_MODES.map((m) => ({ value: m, label: t(`enum.managementMode.${m}`) }))}
          />
        </Form.Item>
        {orgUnitId ? null : (
          <Form.Item name="orgUnitId" label={t('nav.orgUnits')}>
            <OrgTreeSelect placeholder={t('common.all')} />
          </Form.Item>
        )}
      </FilterBar>
      <Table<Estate>
        rowKey="id"
        data-testid="estates-table"
        loading={res.isFetching}
        dataSource={res.data?.items}
        pagination={list.pagination(res.data?.total)}
        onChange={list.onTableChange}
        scroll={{ x: 900 }}
        columns={[
          {
            title: t('estate.name'),
            dataIndex: 'name',
            ...list.sortColumn('name'),
            render: (_, e) => <Link to={`/estates/${e.id}`}>{e.name}</Link>,
          },
          { title: t('estate.street'), dataIndex: 'streetName' },
          { title: t('estate.community'), dataIndex: 'communityName' },
          {
            title: t('estate.mode'),
            dataIndex: 'managementMode',
            ...list.sortColumn('managementMode'),
            render: (_, e) => <ModeTag mode={e.managementMode} />,
          },
          {
            title: t('estate.company'),
            dataIndex: 'companyName',
            render: (_, e) => (e.companyId ? <Link to={`/companies/${e.companyId}`}>{e.companyName}</Link> : null),
          },
          { title: t('estate.address'), dataIndex: 'address', ...list.sortColumn('address') },
        ]}
      />
    </Card>
  );
}
