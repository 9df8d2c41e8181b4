import { useQuery } from '@tanstack/react-query';
import { Card, Col, DatePicker, Empty, Flex, Form, Row, Skeleton, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { BarChart, LineChart } from 'echarts/charts';
import { LegendComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { get } from '../../app/api';
import { EChart, type EChartOption } from '../../app/components/echart';
import { OrgTreeSelect } from '../../app/components/org-tree-select';
import { PageHeader } from '../../app/components/page-header';
import { LoadError } from '../../app/components/status-pages';
import { FormulaPopover } from './formula-popover';
import { IssueKpiCards, useIssueStats } from './issue-kpi-cards';
import { categoryName } from './issue-queries';
import { IssueRate } from './issue-rate';
import type { CategoryCount, HandlerRank, IssueTrendPoint } from './issue-types';
import { issuesLink, monthPeriod, periodPresets, thisYear } from './period';

// The shared chart wrapper registers bars; the trend needs lines and a legend too.
echarts.use([LineChart, BarChart, LegendComponent]);

const RED = '#C8161D';
const SERIES_COLOURS = ['#1D4ED8', RED, '#047857'];

/** Two decimals of a 0–1 rate as a percentage number for a chart axis. */
const pct = (r: number | null) => (r === null ? null : Math.round(r * 10000) / 100);

/** 诉求统计 (SPEC R-15): KPI cards, the monthly trend of the three rates, counts by category, handlers ranked. */
export function StatsPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [sp, setSp] = useSearchParams();
  const def = thisYear();
  const from = sp.get('from') ?? def.from;
  const to = sp.get('to') ?? def.to;
  const orgUnitId = sp.get('orgUnitId') ?? undefined;
  const q = { orgUnitId, from, to };
  const scope = { from, to, orgUnitId };

  const stats = useIssueStats(q);
  const trend = useQuery({
    queryKey: ['stats', 'issues', 'trend', q],
    queryFn: () => get<IssueTrendPoint[]>('/api/v1/stats/issues/trend', q),
  });
  const byCategory = useQuery({
    queryKey: ['stats', 'issues', 'by-category', q],
    queryFn: () => get<CategoryCount[]>('/api/v1/stats/issues/by-category', q),
  });
  const handlers = useQuery({
    queryKey: ['stats', 'issues', 'handlers', q],
    queryFn: () => get<HandlerRank[]>('/api/v1/stats/issues/handlers', q),
  });

  const write = (next: { from?: string; to?: string; orgUnitId?: string }) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries({ from, to, orgUnitId, ...next })) if (v) p.set(k, v);
    setSp(p, { replace: true });
  };

  const rateNames = [
    t('issues.stats.responseRate'),
    t('issues.stats.resolutionRate'),
    t('issues.stats.satisfactionRate'),
  ];
  const months = trend.data ?? [];
  const none = t('format.noRate');
  const trendKey = JSON.stringify([
    none,
    rateNames,
    months.map((m) => [m.month, m.responseRate, m.resolutionRate, m.satisfactionRate]),
  ]);
  const trendOption = useMemo((): EChartOption => {
    const [dash, names, rows] = JSON.parse(trendKey) as [
      string,
      string[],
      [string, number | null, number | null, number | null][],
    ];
    return {
      color: SERIES_COLOURS,
      grid: { left: 48, right: 16, top: 40, bottom: 32, containLabel: true },
      legend: { top: 0 },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: unknown) => (v === null || v === undefined ? dash : `${Number(v).toFixed(2)}%`),
      },
      xAxis: { type: 'category', data: rows.map((r) => r[0]) },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: names.map((name, i) => ({
        name,
        type: 'line',
        connectNulls: true,
        symbolSize: 8,
        // Each series gets its own marker shape, so the lines are told apart without colour.
        symbol: ['circle', 'rect', 'triangle'][i],
        lineStyle: { type: ['solid', 'dashed', 'dotted'][i] as 'solid' },
        data: rows.map((r) => pct(r[i + 1] as number | null)),
      })),
    };
  }, [trendKey]);

  const cats = byCategory.data ?? [];
  const catLabel = (c: CategoryCount) =>
    c.name ? categoryName({ name: c.name, nameEn: c.nameEn ?? c.name }, i18n.language) : c.code;
  const catKey = JSON.stringify([
    cats.map((c) => [catLabel(c), c.collected, c.solved]),
    t('issues.stats.collected'),
    t('issues.stats.solved'),
  ]);
  const catOption = useMemo((): EChartOption => {
    const [rows, collected, solved] = JSON.parse(catKey) as [[string, number, number][], string, string];
    return {
      color: [RED, '#6B7280'],
      grid: { left: 48, right: 16, top: 40, bottom: 40, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'category', data: rows.map((r) => r[0]), axisLabel: { interval: 0, hideOverlap: true } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: collected,
          type: 'bar',
          barMaxWidth: 36,
          label: { show: true, position: 'top' },
          data: rows.map((r) => r[1]),
          cursor: 'pointer',
        },
        {
          name: solved,
          type: 'bar',
          barMaxWidth: 36,
          label: { show: true, position: 'top' },
          data: rows.map((r) => r[2]),
          cursor: 'pointer',
          itemStyle: { decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 3], rotation: -Math.PI / 4 } },
        },
      ],
      aria: { enabled: true, decal: { show: true } },
    };
  }, [catKey]);

  const presets = periodPresets().map((p) => ({
    label: t(`issues.stats.presets.${p.key}`),
    value: [dayjs(p.period.from), dayjs(p.period.to)] as [dayjs.Dayjs, dayjs.Dayjs],
  }));
  const trendSummary = months
    .map(
      (m) =>
        `${m.month} ${rateNames.map((n, i) => `${n} ${pct([m.responseRate, m.resolutionRate, m.satisfactionRate][i]) ?? none}%`).join(' ')}`,
    )
    .join('; ');

  return (
    <>
      <PageHeader
        title={t('issues.nav.stats')}
        sub={t('issues.stats.sub', { from, to })}
        extra={
          <Form layout="inline" style={{ rowGap: 8 }}>
            <Form.Item label={t('issues.stats.period')} htmlFor="stats-period" style={{ marginInlineEnd: 8 }}>
              <DatePicker.RangePicker
                id={{ start: 'stats-period' }}
                allowClear={false}
                value={[dayjs(from), dayjs(to)]}
                presets={presets}
                onChange={(v) => {
                  if (v?.[0] && v[1]) write({ from: v[0].format('YYYY-MM-DD'), to: v[1].format('YYYY-MM-DD') });
                }}
                data-testid="stats-period"
              />
            </Form.Item>
            <Form.Item label={t('dashboard.scopeLabel')} htmlFor="stats-scope" style={{ marginInlineEnd: 8 }}>
              <OrgTreeSelect
                id="stats-scope"
                value={orgUnitId}
                placeholder={t('dashboard.scopeAll')}
                onChange={(v) => write({ orgUnitId: v ?? '' })}
                testId="stats-scope"
              />
            </Form.Item>
            <Form.Item style={{ margin: 0 }}>
              <FormulaPopover formula={stats.data?.formula} />
            </Form.Item>
          </Form>
        }
      />
      {stats.isError ? (
        <LoadError error={stats.error} onRetry={() => void stats.refetch()} />
      ) : (
        <IssueKpiCards stats={stats.data} loading={stats.isPending} scope={scope} />
      )}
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={12}>
          <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('issues.stats.trend')}</h2>}>
            <Typography.Paragraph type="secondary">{t('issues.stats.trendQuestion')}</Typography.Paragraph>
            {trend.isError ? (
              <LoadError error={trend.error} />
            ) : trend.isPending ? (
              <Skeleton active paragraph={{ rows: 6 }} />
            ) : months.length ? (
              <>
                <EChart
                  option={trendOption}
                  label={t('dashboard.chartLabel', { title: t('issues.stats.trend'), summary: trendSummary })}
                  testId="chart-trend"
                  onClick={(i) => navigate(issuesLink({ ...monthPeriod(months[i].month), orgUnitId }))}
                />
                <Flex gap={12} wrap>
                  {months.map((m) => (
                    <Link key={m.month} to={issuesLink({ ...monthPeriod(m.month), orgUnitId })}>
                      {t('issues.stats.monthLink', { month: m.month, count: m.collected })}
                    </Link>
                  ))}
                </Flex>
              </>
            ) : (
              <Empty description={t('issues.stats.noData')} />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('issues.stats.byCategory')}</h2>}>
            <Typography.Paragraph type="secondary">{t('issues.stats.byCategoryQuestion')}</Typography.Paragraph>
            {byCategory.isError ? (
              <LoadError error={byCategory.error} />
            ) : byCategory.isPending ? (
              <Skeleton active paragraph={{ rows: 6 }} />
            ) : cats.length ? (
              <>
                <EChart
                  option={catOption}
                  label={t('dashboard.chartLabel', {
                    title: t('issues.stats.byCategory'),
                    summary: cats.map((c) => `${catLabel(c)} ${c.collected} / ${c.solved}`).join(', '),
                  })}
                  testId="chart-by-category"
                  onClick={(i) => navigate(issuesLink(scope, { category: cats[i].code }))}
                />
                <Flex gap={12} wrap>
                  {cats.map((c) => (
                    <Link key={c.code} to={issuesLink(scope, { category: c.code })}>
                      {catLabel(c)} {c.collected}
                    </Link>
                  ))}
                </Flex>
              </>
            ) : (
              <Empty description={t('issues.stats.noData')} />
            )}
          </Card>
        </Col>
      </Row>
      <Card
        style={{ marginTop: 16 }}
        title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('issues.stats.handlers')}</h2>}
        extra={<Typography.Text type="secondary">{t('issues.stats.handlersHint')}</Typography.Text>}
      >
        {handlers.isError ? (
          <LoadError error={handlers.error} />
        ) : (
          <Table<HandlerRank>
            rowKey={(r) => `${r.kind}-${r.id}`}
            size="middle"
            data-testid="handler-ranking"
            loading={handlers.isPending}
            dataSource={handlers.data}
            pagination={false}
            scroll={{ x: 900 }}
            columns={[
              { title: t('issues.stats.rank'), key: 'rank', width: 64, render: (_, __, i) => i + 1 },
              {
                title: t('issues.handler'),
                key: 'name',
                render: (_, r) => (
                  <Flex gap={6} align="center">
                    <Tag>{t(`enum.handlerKind.${r.kind}`)}</Tag>
                    <Link to={issuesLink(scope, { handlerKind: r.kind, handlerId: r.id })}>{r.name}</Link>
                  </Flex>
                ),
              },
              { title: t('issues.stats.collected'), dataIndex: 'collected', width: 90, className: 'rp-num' },
              { title: t('issues.stats.solved'), dataIndex: 'solved', width: 90, className: 'rp-num' },
              {
                title: t('issues.stats.resolutionRate'),
                key: 'resolution',
                width: 110,
                render: (_, r) => <IssueRate fraction={r.fractions.resolution} />,
              },
              {
                title: t('issues.stats.responseRate'),
                key: 'response',
                width: 110,
                render: (_, r) => <IssueRate fraction={r.fractions.response} />,
              },
              {
                title: t('issues.stats.satisfactionRate'),
                key: 'satisfaction',
                width: 110,
                render: (_, r) => <IssueRate fraction={r.fractions.satisfaction} />,
              },
              {
                title: t('issues.stats.avgHours'),
                key: 'avg',
                width: 130,
                render: (_, r) =>
                  r.avgHoursToResolve === null
                    ? t('format.noRate')
                    : t('issues.stats.hours', { value: r.avgHoursToResolve.toFixed(2) }),
              },
              {
                title: t('issues.stats.overdue'),
                dataIndex: 'overdue',
                width: 80,
                render: (n: number, r) =>
                  n ? (
                    <Link to={issuesLink(scope, { overdue: 'true', handlerKind: r.kind, handlerId: r.id })}>
                      <Typography.Text type="danger">{n}</Typography.Text>
                    </Link>
                  ) : (
                    0
                  ),
              },
            ]}
          />
        )}
      </Card>
    </>
  );
}
