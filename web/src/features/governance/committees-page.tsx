import { CheckCircleOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Col, Empty, Flex, Form, Row, Select, Skeleton, Statistic, Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get } from '../../app/api';
import { EChart, type EChartOption } from '../../app/components/echart';
import { ExportButton } from '../../app/components/export-button';
import { FilterBar } from '../../app/components/filter-bar';
import { ModeTag } from '../../app/components/mode-tag';
import { OrgTreeSelect } from '../../app/components/org-tree-select';
import { PageHeader } from '../../app/components/page-header';
import { RateText } from '../../app/components/rate-text';
import { LoadError } from '../../app/components/status-pages';
import { formatInt } from '../../app/format';
import { useListState } from '../../app/use-list-state';
import { exactPercent } from './exact';
import type { CommitteeBreakdown, CommitteeStats } from './governance-types';
import { StageTag } from './stage-tag';

const RED = '#C8161D';
const DEFAULTS = { orgUnitId: undefined, missing: undefined, year: undefined } as {
  orgUnitId?: string;
  missing?: string;
  year?: string;
};
const h2 = (text: string) => <h2 style={{ fontSize: 16, margin: 0 }}>{text}</h2>;
type EstateRow = CommitteeBreakdown['estates'][number];

/** 业委会组建: coverage of the scope against the year's target, coverage per street, and the estates behind it. */
export function CommitteesPage() {
  const { t } = useTranslation();
  const list = useListState(DEFAULTS, true);
  const { orgUnitId, missing } = list.filters;
  const { sort } = list;
  const thisYear = new Date().getFullYear();
  const year = Number(list.filters.year ?? thisYear);
  const stats = useQuery({
    queryKey: ['stats', 'committees', orgUnitId, year],
    queryFn: () => get<CommitteeStats>('/api/v1/stats/committees', { orgUnitId, year }),
  });
  const breakdown = useQuery({
    queryKey: ['committees', 'breakdown', orgUnitId, missing, sort],
    queryFn: () => get<CommitteeBreakdown>('/api/v1/committees', { orgUnitId, missing, sort }),
    placeholderData: keepPreviousData,
  });

  const streets = breakdown.data?.streets ?? [];
  const chartKey = JSON.stringify([streets, t('governance.coverageAxis')]);
  const option = useMemo((): EChartOption => {
    const [list, axis] = JSON.parse(chartKey) as [CommitteeBreakdown['streets'], string];
    return {
      grid: { left: 48, right: 16, top: 32, bottom: 40, containLabel: true },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (p: unknown) => {
          const i = (p as { dataIndex: number }[])[0]?.dataIndex ?? 0;
          const s = list[i];
          return s
            ? `${s.name}<br/>${exactPercent(s.established, s.required) ?? '—'} (${s.established} / ${s.required})`
            : '';
        },
      },
      xAxis: { type: 'category', data: list.map((s) => s.name), axisLabel: { interval: 0, hideOverlap: true } },
      yAxis: { type: 'value', name: axis, max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        {
          type: 'bar',
          barMaxWidth: 48,
          cursor: 'pointer',
          label: {
            show: true,
            position: 'top',
            formatter: (p: unknown) => {
              const s = list[(p as { dataIndex: number }).dataIndex];
              return s ? (exactPercent(s.established, s.required) ?? '—') : '';
            },
          },
          data: list.map((s) => ({
            value: s.required ? Number((BigInt(s.established) * 10000n) / BigInt(s.required)) / 100 : 0,
            itemStyle: { color: RED },
          })),
        },
      ],
    };
  }, [chartKey]);

  const s = stats.data;
  const summary = streets.map((x) => `${x.name} ${exactPercent(x.established, x.required) ?? '—'}`).join(', ');
  const estates = breakdown.data?.estates ?? [];
  const exportQuery = { orgUnitId, missing, sort };
  const years = [thisYear - 2, thisYear - 1, thisYear, thisYear + 1];
  const reached = s && s.target !== null && s.required > 0 ? s.established >= s.target * s.required : null;

  return (
    <>
      <PageHeader
        title={t('governance.committeesTitle')}
        sub={t('governance.committeesSub')}
        extra={
          <Form layout="inline">
            <Form.Item label={t('governance.scope')} htmlFor="committees-scope" style={{ margin: 0 }}>
              <OrgTreeSelect
                id="committees-scope"
                value={orgUnitId}
                placeholder={t('dashboard.scopeAll')}
                onChange={(v) => list.setFilters({ ...list.filters, orgUnitId: v })}
                testId="committees-scope"
              />
            </Form.Item>
            <Form.Item label={t('governance.year')} htmlFor="committees-year" style={{ margin: 0 }}>
              <Select
                id="committees-year"
                style={{ width: 100 }}
                value={year}
                options={years.map((y) => ({ value: y, label: String(y) }))}
                onChange={(y) => list.setFilters({ ...list.filters, year: String(y) })}
              />
            </Form.Item>
          </Form>
        }
      />
      {stats.isError ? (
        <LoadError error={stats.error} onRetry={() => void stats.refetch()} />
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} md={12} xl={6}>
            <Card>
              <Statistic
                title={t('governance.coverage')}
                loading={stats.isPending}
                value={s?.established ?? 0}
                formatter={() => (
                  <span data-testid="committee-coverage">
                    <RateText num={s?.established ?? 0} den={s?.required ?? 0} />
                  </span>
                )}
              />
              <Typography.Text type="secondary">{t('governance.coverageHint')}</Typography.Text>
            </Card>
          </Col>
          <Col xs={24} md={12} xl={6}>
            <Card>
              <Statistic
                title={t('governance.target', { year })}
                loading={stats.isPending}
                value={s?.target ?? 0}
                formatter={() =>
                  s?.target === null || s?.target === undefined ? (
                    <Typography.Text type="secondary">{t('governance.noTarget')}</Typography.Text>
                  ) : (
                    <span className="rp-num">{(s.target * 100).toFixed(2)}%</span>
                  )
                }
              />
              {reached === null ? (
                <Typography.Text type="secondary">{t('governance.targetHint')}</Typography.Text>
              ) : reached ? (
                <Tag color="green" icon={<CheckCircleOutlined />}>
                  {t('governance.targetReached')}
                </Tag>
              ) : (
                <Tag color="red" icon={<ExclamationCircleOutlined />}>
                  {t('governance.targetMissed')}
                </Tag>
              )}
            </Card>
          </Col>
          <Col xs={12} md={6} xl={4}>
            <Card>
              <Statistic title={t('governance.required')} value={s?.required ?? 0} loading={stats.isPending} />
            </Card>
          </Col>
          <Col xs={12} md={6} xl={4}>
            <Card>
              <Statistic title={t('governance.established')} value={s?.established ?? 0} loading={stats.isPending} />
            </Card>
          </Col>
          <Col xs={12} md={6} xl={4}>
            <Card>
              <Statistic title={t('governance.filed')} value={s?.filed ?? 0} loading={stats.isPending} />
            </Card>
          </Col>
        </Row>
      )}
      <Card title={h2(t('governance.byStreet'))} style={{ marginTop: 16 }}>
        <Typography.Paragraph type="secondary">{t('governance.byStreetQuestion')}</Typography.Paragraph>
        {breakdown.isError ? (
          <LoadError error={breakdown.error} onRetry={() => void breakdown.refetch()} />
        ) : breakdown.isPending ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : streets.length ? (
          <>
            <EChart
              option={option}
              label={t('dashboard.chartLabel', { title: t('governance.byStreet'), summary })}
              testId="chart-committee-streets"
              onClick={(i) =>
                streets[i]?.streetId && list.setFilters({ ...list.filters, orgUnitId: streets[i].streetId })
              }
            />
            <Flex gap={12} wrap>
              {streets.map((x) => (
                <Typography.Link
                  key={x.streetId}
                  onClick={() => list.setFilters({ ...list.filters, orgUnitId: x.streetId })}
                >
                  {x.name} <RateText num={x.established} den={x.required} />
                </Typography.Link>
              ))}
            </Flex>
          </>
        ) : (
          <Empty description={t('common.empty')} />
        )}
      </Card>
      <Card
        title={h2(t('governance.estatesList'))}
        style={{ marginTop: 16 }}
        extra={<ExportButton path="/api/v1/committees" query={exportQuery} fileName={t('governance.ledgerFile')} />}
      >
        <FilterBar
          label={t('governance.estatesList')}
          filters={{ missing }}
          onApply={(f) => list.setFilters({ ...list.filters, missing: f.missing })}
        >
          <Form.Item name="missing" label={t('governance.show')}>
            <Select
              allowClear
              style={{ width: 200 }}
              placeholder={t('governance.showAll')}
              data-testid="filter-missing"
              options={[{ value: 'true', label: t('governance.showMissing') }]}
            />
          </Form.Item>
        </FilterBar>
        <Table<EstateRow>
          rowKey="estateId"
          data-testid="committee-estates"
          loading={breakdown.isFetching}
          dataSource={estates}
          onChange={list.onTableChange}
          scroll={{ x: 960 }}
          pagination={{
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50, 100, 200],
            defaultPageSize: 20,
            showTotal: (n) => t('common.total', { total: n }),
          }}
          columns={[
            { title: t('estate.street'), dataIndex: 'streetName', ...list.sortColumn('streetName') },
            { title: t('estate.community'), dataIndex: 'communityName', ...list.sortColumn('communityName') },
            {
              title: t('estate.name'),
              dataIndex: 'name',
              ...list.sortColumn('name'),
              render: (_, e) => <Link to={`/estates/${e.estateId}/committee`}>{e.name}</Link>,
            },
            {
              title: t('estate.mode'),
              dataIndex: 'managementMode',
              ...list.sortColumn('managementMode'),
              render: (_, e) => <ModeTag mode={e.managementMode} />,
            },
            {
              title: t('governance.dwellings'),
              dataIndex: 'dwellings',
              align: 'right',
              ...list.sortColumn('dwellings'),
              render: formatInt,
            },
            {
              title: t('estate.deliveredCount'),
              dataIndex: 'delivered',
              align: 'right',
              ...list.sortColumn('delivered'),
              render: formatInt,
            },
            {
              title: t('governance.requiredCol'),
              dataIndex: 'required',
              render: (v: boolean) => (v ? <Tag color="geekblue">{t('common.yes')}</Tag> : <Tag>{t('common.no')}</Tag>),
            },
            {
              title: t('governance.stage'),
              dataIndex: 'stage',
              ...list.sortColumn('stage'),
              render: (_, e) => <StageTag stage={e.stage} />,
            },
          ]}
        />
      </Card>
    </>
  );
}
