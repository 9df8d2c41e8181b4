import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Form, Input, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { get, type Page } from '../../app/api';
import { AreaText } from '../../app/components/area-text';
import { ExportButton } from '../../app/components/export-button';
import { FilterBar } from '../../app/components/filter-bar';
import { LoadError } from '../../app/components/status-pages';
import type { Dwelling } from '../../app/types';
import { useListState } from '../../app/use-list-state';

const DEFAULTS = { q: undefined, building: undefined } as { q?: string; building?: string };

/** An estate's dwellings (房屋台账) with their owners, paged on the server, exportable. */
export function DwellingsTable({ estateId }: { estateId: string }) {
  const { t } = useTranslation();
  const list = useListState(DEFAULTS);
  const path = `/api/v1/estates/${estateId}/dwellings`;
  const res = useQuery({
    queryKey: ['estates', estateId, 'dwellings', list.query],
    queryFn: () => get<Page<Dwelling>>(path, list.query),
    placeholderData: keepPreviousData,
  });
  if (res.isError) return <LoadError error={res.error} onRetry={() => void res.refetch()} />;
  return (
    <Card
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('estate.dwellings')}</h2>}
      extra={<ExportButton path={path} query={list.query} fileName={t('estate.dwellings')} />}
    >
      <FilterBar label={t('estate.dwellings')} filters={list.filters} onApply={list.setFilters}>
        <Form.Item name="building" label={t('dwelling.building')}>
          <Input allowClear maxLength={20} style={{ width: 100 }} />
        </Form.Item>
        <Form.Item name="q" label={t('common.keyword')}>
          <Input allowClear maxLength={100} placeholder={t('dwelling.searchPlaceholder')} style={{ width: 180 }} />
        </Form.Item>
      </FilterBar>
      <Table<Dwelling>
        rowKey="id"
        size="middle"
        data-testid="dwellings-table"
        loading={res.isFetching}
        dataSource={res.data?.items}
        pagination={list.pagination(res.data?.total)}
        onChange={list.onTableChange}
        scroll={{ x: 760 }}
        columns={[
          { title: t('dwelling.building'), dataIndex: 'building', ...list.sortColumn('building') },
          { title: t('dwelling.unit'), dataIndex: 'unit', ...list.sortColumn('unit') },
          { title: t('dwelling.number'), dataIndex: 'number', ...list.sortColumn('number') },
          {
            title: t('dwelling.area'),
            dataIndex: 'areaM2',
            ...list.sortColumn('areaM2'),
            align: 'right',
            render: (v: string) => <AreaText value={v} />,
          },
          {
            title: t('dwelling.delivered'),
            dataIndex: 'delivered',
            ...list.sortColumn('delivered'),
            render: (v: boolean) =>
              v ? <Tag color="green">{t('dwelling.deliveredYes')}</Tag> : <Tag>{t('dwelling.deliveredNo')}</Tag>,
          },
          {
            title: t('dwelling.owners'),
            dataIndex: 'owners',
            render: (_, d) =>
              d.owners.map((o) => (
                <div key={o.id}>
                  {o.name}
                  {o.kind !== 'person' ? (
                    <Tag style={{ marginInlineStart: 6 }}>{t(`enum.ownerKind.${o.kind}`)}</Tag>
                  ) : null}
                </div>
              )),
          },
          {
            title: t('dwelling.ownerPhone'),
            dataIndex: 'owners',
            key: 'phones',
            render: (_, d) => d.owners.map((o) => <div key={o.id}>{o.phone ?? ''}</div>),
          },
        ]}
      />
    </Card>
  );
}
