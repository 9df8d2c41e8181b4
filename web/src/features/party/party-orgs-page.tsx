import { PARTY_ORG_KINDS } from '@rp/contract';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Col, Form, Row, Select, Statistic, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get, type Page } from '../../app/api';
import { ExportButton } from '../../app/components/export-button';
import { FilterBar } from '../../app/components/filter-bar';
import { PageHeader } from '../../app/components/page-header';
import { RateText } from '../../app/components/rate-text';
import { LoadError } from '../../app/components/status-pages';
import { formatDate } from '../../app/format';
import type { PartyCoverage, PartyOrg } from '../../app/types';
import { useListState } from '../../app/use-list-state';

const DEFAULTS = { kind: undefined } as { kind?: string };

/** 党组织: party organisations in scope with the coverage figures (SPEC R-06). */
export function PartyOrgsPage() {
  const { t } = useTranslation();
  const list = useListState(DEFAULTS, true);
  const res = useQuery({
    queryKey: ['party-orgs', 'list', list.query],
    queryFn: () => get<Page<PartyOrg>>('/api/v1/party-orgs', list.query),
    placeholderData: keepPreviousData,
  });
  const cov = useQuery({
    queryKey: ['stats', 'party', undefined],
    queryFn: () => get<PartyCoverage>('/api/v1/stats/party'),
  });
  return (
    <>
      <PageHeader
        title={t('party.title')}
        extra={<ExportButton path="/api/v1/party-orgs" query={list.query} fileName={t('party.title')} />}
      />
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} md={8}>
          <Card>
            <Statistic
              title={t('dashboard.companyCoverage')}
              loading={cov.isPending}
              value={cov.data?.companyCoverage ?? 0}
              formatter={() => (
                <RateText num={cov.data?.companiesWithOrganization ?? 0} den={cov.data?.companies ?? 0} />
              )}
            />
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card>
            <Statistic
              title={t('dashboard.estateCoverage')}
              loading={cov.isPending}
              value={cov.data?.estateCoverage ?? 0}
              formatter={() => <RateText num={cov.data?.estatesWithBranch ?? 0} den={cov.data?.estates ?? 0} />}
            />
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card>
            <Statistic title={t('dashboard.members')} loading={cov.isPending} value={cov.data?.members ?? 0} />
          </Card>
        </Col>
      </Row>
      <Card>
        <FilterBar label={t('party.title')} filters={list.filters} onApply={list.setFilters}>
          <Form.Item name="kind" label={t('party.kind')}>
            <Select
              allowClear
              placeholder={t('common.all')}
              style={{ width: 200 }}
              options={PARTY_ORG_KINDS.map((k) => ({ value: k, label: t(`enum.partyOrgKind.${k}`) }))}
            />
          </Form.Item>
        </FilterBar>
        {res.isError ? (
          <LoadError error={res.error} onRetry={() => void res.refetch()} />
        ) : (
          <Table<PartyOrg>
            rowKey="id"
            data-testid="party-orgs-table"
            loading={res.isFetching}
            dataSource={res.data?.items}
            pagination={list.pagination(res.data?.total)}
            onChange={list.onTableChange}
            columns={[
              {
                title: t('party.name'),
                dataIndex: 'name',
                ...list.sortColumn('name'),
                render: (_, p) =>
                  p.estateId ? (
                    <Link to={`/estates/${p.estateId}`}>{p.name}</Link>
                  ) : p.companyId ? (
                    <Link to={`/companies/${p.companyId}`}>{p.name}</Link>
                  ) : p.orgUnitId ? (
                    <Link to={`/org/${p.orgUnitId}`}>{p.name}</Link>
                  ) : (
                    p.name
                  ),
              },
              {
                title: t('party.kind'),
                dataIndex: 'kind',
                ...list.sortColumn('kind'),
                render: (_, p) => <Tag>{t(`enum.partyOrgKind.${p.kind}`)}</Tag>,
              },
              {
                title: t('party.establishedOn'),
                dataIndex: 'establishedOn',
                ...list.sortColumn('establishedOn'),
                render: (v: string | null) => formatDate(v),
              },
              {
                title: t('party.memberCount'),
                dataIndex: 'memberCount',
                align: 'right',
                ...list.sortColumn('memberCount'),
              },
            ]}
          />
        )}
      </Card>
    </>
  );
}
