import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Form, Input, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { get, type Page } from '../../app/api';
import { ExportButton } from '../../app/components/export-button';
import { FilterBar } from '../../app/components/filter-bar';
import { PageHeader } from '../../app/components/page-header';
import { LoadError } from '../../app/components/status-pages';
import type { Owner } from '../../app/types';
import { useListState } from '../../app/use-list-state';

const DEFAULTS = { q: undefined, estateId: undefined } as { q?: string; estateId?: string };

/** 业主名册: owners in scope (people, organisations, developers). */
export function OwnersPage() {
  const { t } = useTranslation();
  const list = useListState(DEFAULTS, true);
  const res = useQuery({
    queryKey: ['owners', 'list', list.query],
    queryFn: () => get<Page<Owner>>('/api/v1/owners', list.query),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <PageHeader
        title={t('owner.title')}
        extra={<ExportButton path="/api/v1/owners" query={list.query} fileName={t('owner.title')} />}
      />
      <Card>
        <FilterBar
          label={t('owner.title')}
          filters={list.filters}
          onApply={(f) => list.setFilters({ ...f, estateId: list.filters.estateId })}
        >
          <Form.Item name="q" label={t('owner.name')}>
            <Input allowClear maxLength={100} placeholder={t('owner.searchPlaceholder')} style={{ width: 200 }} />
          </Form.Item>
        </FilterBar>
        {res.isError ? (
          <LoadError error={res.error} onRetry={() => void res.refetch()} />
        ) : (
          <Table<Owner>
            rowKey="id"
            data-testid="owners-table"
            loading={res.isFetching}
            dataSource={res.data?.items}
            pagination={list.pagination(res.data?.total)}
            onChange={list.onTableChange}
            columns={[
              { title: t('owner.name'), dataIndex: 'name', ...list.sortColumn('name') },
              {
                title: t('owner.kind'),
                dataIndex: 'kind',
                ...list.sortColumn('kind'),
                render: (_, o) => <Tag>{t(`enum.ownerKind.${o.kind}`)}</Tag>,
              },
              { title: t('owner.phone'), dataIndex: 'phone', ...list.sortColumn('phone') },
            ]}
          />
        )}
      </Card>
    </>
  );
}
