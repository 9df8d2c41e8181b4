import { MANAGEMENT_MODES } from '@rp/contract';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Card, Col, Empty, Flex, Form, Row, Skeleton, Statistic, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { get, type Page } from '../../app/api';
import { useUser } from '../../app/auth';
import { EChart, type EChartOption } from '../../app/components/echart';
import { OrgTreeSelect } from '../../app/components/org-tree-select';
import { PageHeader } from '../../app/components/page-header';
import { RateText } from '../../app/components/rate-text';
import { LoadError } from '../../app/components/status-pages';
import { can } from '../../app/permissions';
import { indexTree, useOrgTree } from '../../app/queries';
import type { Estate, OrgUnitNode, PartyCoverage } from '../../app/types';
import { IssueHeadlineCards } from '../issues/issue-kpi-cards';

const RED = '#C8161D';
const MODE_COLOURS: Record<string, string> = {
  company: RED,
  self: '#B45309',
  none: '#6B7280',
  state_takeover: '#1D4ED8',
};

function barOption(labels: string[], values: number[], colours: string[], axisName: string): EChartOption {
  return {
    grid: { left: 48, right: 16, top: 24, bottom: 40, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, hideOverlap: true } },
    yAxis: { type: 'value', name: axisName, minInterval: 1 },
    series: [
      {
        type: 'bar',
        barMaxWidth: 48,
        label: { show: true, position: 'top' },
        data: values.map((v, i) => ({ value: v, itemStyle: { color: colours[i % colours.length] } })),
        cursor: 'pointer',
      },
    ],
  };
}

/** 工作台: KPI cards and charts for the account's scope (or a unit inside it), all from the API (SPEC R-70). */
export function DashboardPage() {
  const { t } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const [sp, setSp] = useSearchParams();
  const orgUnitId = sp.get('orgUnitId') ?? undefined;
  const staff = can(user.role, 'readStaffOnly');
  const tree = useOrgTree();

  const total = useQuery({
    queryKey: ['estates', 'count', orgUnitId],
    queryFn: () => get<Page<Estate>>('/api/v1/estates', { orgUnitId, pageSize: 1 }),
  });
  const modes = useQueries({
    queries: MANAGEMENT_MODES.map((m) => ({
      queryKey: ['estates', 'count', orgUnitId, m],
      queryFn: () => get<Page<Estate>>('/api/v1/estates', { orgUnitId, managementMode: m, pageSize: 1 }),
    })),
  });
  const party = useQuery({
    queryKey: ['stats', 'party', orgUnitId],
    queryFn: () => get<PartyCoverage>('/api/v1/stats/party', { orgUnitId }),
    enabled: staff,
  });

  // The units one level below the chosen scope, with their estate counts from the tree.
  const subUnits = useMemo((): OrgUnitNode[] => {
    const roots = tree.data ?? [];
    if (orgUnitId) return indexTree(roots).get(orgUnitId)?.children ?? [];
    return roots.length === 1 ? roots[0].children : roots;
  }, [tree.data, orgUnitId]);

  const modeCounts = modes.map((q) => q.data?.total ?? 0);
  const modeLabels = MANAGEMENT_MODES.map((m) => t(`enum.managementMode.${m}`));
  // Keyed on the figures and labels themselves, so the chart is redrawn only when they change.
  const modeKey = JSON.stringify([modeLabels, modeCounts, t('dashboard.estatesAxis')]);
  const modeOption = useMemo(() => {
    const [labels, counts, axis] = JSON.parse(modeKey) as [string[], number[], string];
    return barOption(
      labels,
      counts,
      MANAGEMENT_MODES.map((m) => MODE_COLOURS[m]),
      axis,
    );
  }, [modeKey]);
  const unitOption = useMemo(
    () =>
      barOption(
        subUnits.map((u) => u.name),
        subUnits.map((u) => u.estateCount ?? 0),
        [RED],
        t('dashboard.estatesAxis'),
      ),
    [subUnits, t],
  );
  const modeSummary = modeLabels.map((l, i) => `${l} ${modeCounts[i]}`).join(', ');
  const unitSummary = subUnits.map((u) => `${u.name} ${u.estateCount ?? 0}`).join(', ');
  const withScope = (path: string, extra: Record<string, string> = {}) => {
    const p = new URLSearchParams(extra);
    if (orgUnitId) p.set('orgUnitId', orgUnitId);
    const qs = p.toString();
    return qs ? `${path}?${qs}` : path;
  };

  return (
    <>
      <PageHeader
        title={t('dashboard.title')}
        extra={
          <Form layout="inline">
            <Form.Item label={t('dashboard.scopeLabel')} htmlFor="dashboard-scope" style={{ margin: 0 }}>
              <OrgTreeSelect
                id="dashboard-scope"
                value={orgUnitId}
                placeholder={t('dashboard.scopeAll')}
                onChange={(v) => setSp(v ? { orgUnitId: v } : {}, { replace: true })}
                testId="dashboard-scope"
              />
            </Form.Item>
          </Form>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} sm={12} xl={staff ? 5 : 8}>
          <Card>
            <Statistic
              title={<Link to={withScope('/estates')}>{t('dashboard.estates')}</Link>}
              value={total.data?.total ?? 0}
              loading={total.isPending}
              data-testid="kpi-estates"
            />
            <Typography.Text type="secondary">{t('dashboard.estatesHint')}</Typography.Text>
          </Card>
        </Col>
        {staff ? (
          <>
            <Col xs={24} sm={12} xl={5}>
              <Card>
                <Statistic
                  title={<Link to="/companies">{t('dashboard.companies')}</Link>}
                  value={party.data?.companies ?? 0}
                  loading={party.isPending}
                  data-testid="kpi-companies"
                />
                <Typography.Text type="secondary">{t('dashboard.companiesHint')}</Typography.Text>
              </Card>
            </Col>
            <Col xs={24} sm={12} xl={5}>
              <Card>
                <Statistic
                  title={<Link to="/party-orgs">{t('dashboard.companyCoverage')}</Link>}
                  loading={party.isPending}
                  value={party.data?.companyCoverage ?? 0}
                  formatter={() => (
                    <RateText num={party.data?.companiesWithOrganization ?? 0} den={party.data?.companies ?? 0} />
                  )}
                />
                <Typography.Text type="secondary">{t('dashboard.companyCoverageHint')}</Typography.Text>
              </Card>
            </Col>
            <Col xs={24} sm={12} xl={5}>
              <Card>
                <Statistic
                  title={<Link to="/party-orgs">{t('dashboard.estateCoverage')}</Link>}
                  loading={party.isPending}
                  value={party.data?.estateCoverage ?? 0}
                  formatter={() => <RateText num={party.data?.estatesWithBranch ?? 0} den={party.data?.estates ?? 0} />}
                />
                <Typography.Text type="secondary">{t('dashboard.estateCoverageHint')}</Typography.Text>
              </Card>
            </Col>
            <Col xs={24} sm={12} xl={4}>
              <Card>
                <Statistic title={t('dashboard.members')} value={party.data?.members ?? 0} loading={party.isPending} />
              </Card>
            </Col>
          </>
        ) : null}
      </Row>
      <IssueHeadlineCards orgUnitId={orgUnitId} />
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={12}>
          <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('dashboard.byMode')}</h2>}>
            <Typography.Paragraph type="secondary">{t('dashboard.byModeQuestion')}</Typography.Paragraph>
            {modes.some((q) => q.isError) ? (
              <LoadError error={modes.find((q) => q.isError)?.error} />
            ) : !modes.every((q) => q.isSuccess) ? (
              <Skeleton active paragraph={{ rows: 6 }} />
            ) : (
              <EChart
                option={modeOption}
                label={t('dashboard.chartLabel', { title: t('dashboard.byMode'), summary: modeSummary })}
                testId="chart-by-mode"
                onClick={(i) => navigate(withScope('/estates', { managementMode: MANAGEMENT_MODES[i] }))}
              />
            )}
            <Flex gap={12} wrap>
              {MANAGEMENT_MODES.map((m, i) => (
                <Link key={m} to={withScope('/estates', { managementMode: m })}>
                  {modeLabels[i]} {modeCounts[i]}
                </Link>
              ))}
            </Flex>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('dashboard.byUnit')}</h2>}>
            <Typography.Paragraph type="secondary">{t('dashboard.byUnitQuestion')}</Typography.Paragraph>
            {tree.isPending ? (
              <Skeleton active paragraph={{ rows: 6 }} />
            ) : subUnits.length ? (
              <>
                <EChart
                  option={unitOption}
                  label={t('dashboard.chartLabel', { title: t('dashboard.byUnit'), summary: unitSummary })}
                  testId="chart-by-unit"
                  onClick={(i) => navigate(`/org/${subUnits[i].id}`)}
                />
                <Flex gap={12} wrap>
                  {subUnits.map((u) => (
                    <Link key={u.id} to={`/org/${u.id}`}>
                      {u.name} {u.estateCount ?? 0}
                    </Link>
                  ))}
                </Flex>
              </>
            ) : (
              <Empty description={t('org.noChildren')} />
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}
