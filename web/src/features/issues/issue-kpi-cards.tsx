import { useQuery } from '@tanstack/react-query';
import { Card, Col, Flex, Row, Statistic, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get } from '../../app/api';
import { useUser } from '../../app/auth';
import { can } from '../../app/permissions';
import { IssueRate } from './issue-rate';
import type { IssueStats } from './issue-types';
import { issuesLink, type Period, thisYear } from './period';

/** GET /stats/issues for a scope and period (SPEC R-15). */
export function useIssueStats(q: { orgUnitId?: string; from?: string; to?: string }, enabled = true) {
  return useQuery({
    queryKey: ['stats', 'issues', 'summary', q],
    queryFn: () => get<IssueStats>('/api/v1/stats/issues', q),
    enabled,
  });
}

type Key =
  | 'collected'
  | 'suggestions'
  | 'solved'
  | 'overdue'
  | 'avgHours'
  | 'responseRate'
  | 'resolutionRate'
  | 'satisfactionRate';

function Kpi({
  title,
  hint,
  value,
  loading,
  testId,
}: {
  title: ReactNode;
  hint: string;
  value: ReactNode;
  loading: boolean;
  testId: string;
}) {
  return (
    <Card size="small" style={{ height: '100%' }}>
      <Statistic title={title} loading={loading} value={0} formatter={() => value} data-testid={testId} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {hint}
      </Typography.Text>
    </Card>
  );
}

/** The KPI cards of issues for a scope and period; each count links to the issues behind it. */
export function IssueKpiCards({
  stats,
  loading,
  scope,
  keys,
}: {
  stats: IssueStats | undefined;
  loading: boolean;
  scope: Period & { orgUnitId?: string };
  keys?: Key[];
}) {
  const { t } = useTranslation();
  const s = stats;
  const count = (n: number | undefined, testId: string) => (
    <span className="rp-num" data-testid={testId}>
      {(n ?? 0).toLocaleString('en-US')}
    </span>
  );
  const cards: Record<Key, { title: ReactNode; hint: string; value: ReactNode }> = {
    collected: {
      title: <Link to={issuesLink(scope)}>{t('issues.stats.collected')}</Link>,
      hint: t('issues.stats.collectedHint'),
      value: count(s?.collected, 'kpi-collected-value'),
    },
    suggestions: {
      title: t('issues.stats.suggestions'),
      hint: t('issues.stats.suggestionsHint'),
      value: count(s?.suggestions, 'kpi-suggestions-value'),
    },
    solved: {
      title: <Link to={issuesLink(scope, { status: 'closed' })}>{t('issues.stats.solved')}</Link>,
      hint: t('issues.stats.solvedHint'),
      value: count(s?.solved, 'kpi-solved-value'),
    },
    overdue: {
      title: <Link to={issuesLink(scope, { overdue: 'true' })}>{t('issues.stats.overdue')}</Link>,
      hint: t('issues.stats.overdueHint'),
      value: (
        <Typography.Text type={s?.overdue ? 'danger' : undefined} style={{ fontSize: 'inherit' }}>
          {count(s?.overdue, 'kpi-overdue-value')}
        </Typography.Text>
      ),
    },
    avgHours: {
      title: t('issues.stats.avgHours'),
      hint: t('issues.stats.avgHoursHint'),
      value:
        s?.avgHoursToResolve === null || s?.avgHoursToResolve === undefined ? (
          t('format.noRate')
        ) : (
          <span className="rp-num">{t('issues.stats.hours', { value: s.avgHoursToResolve.toFixed(2) })}</span>
        ),
    },
    responseRate: {
      title: t('issues.stats.responseRate'),
      hint: t('issues.stats.responseHint'),
      value: <IssueRate fraction={s?.fractions.response} testId="kpi-response-value" />,
    },
    resolutionRate: {
      title: t('issues.stats.resolutionRate'),
      hint: t('issues.stats.resolutionHint'),
      value: <IssueRate fraction={s?.fractions.resolution} testId="kpi-resolution-value" />,
    },
    satisfactionRate: {
      title: t('issues.stats.satisfactionRate'),
      hint: t('issues.stats.satisfactionHint'),
      value: <IssueRate fraction={s?.fractions.satisfaction} testId="kpi-satisfaction-value" />,
    },
  };
  const shown = keys ?? (Object.keys(cards) as Key[]);
  return (
    <Row gutter={[16, 16]} data-testid="issue-kpis">
      {shown.map((k) => (
        <Col key={k} xs={12} md={8} xl={shown.length > 6 ? 6 : 4}>
          <Kpi loading={loading} testId={`kpi-${k}`} {...cards[k]} />
        </Col>
      ))}
    </Row>
  );
}

/** The headline figures of 百姓说事 on the 工作台: this year, in the dashboard's scope. */
export function IssueHeadlineCards({ orgUnitId }: { orgUnitId?: string }) {
  const { t } = useTranslation();
  const user = useUser();
  const allowed = can(user.role, 'issueStats');
  const period = thisYear();
  const stats = useIssueStats({ orgUnitId, ...period }, allowed);
  if (!allowed) return null;
  return (
    <Card
      style={{ marginTop: 16 }}
      title={
        <h2 style={{ fontSize: 16, margin: 0 }}>{t('issues.stats.headline', { year: period.from.slice(0, 4) })}</h2>
      }
      extra={
        <Flex gap={12}>
          <Link to={`/issue-stats${orgUnitId ? `?orgUnitId=${orgUnitId}` : ''}`}>{t('issues.stats.more')}</Link>
        </Flex>
      }
      data-testid="issue-headline"
    >
      <IssueKpiCards
        stats={stats.data}
        loading={stats.isPending}
        scope={{ ...period, orgUnitId }}
        keys={['collected', 'solved', 'overdue', 'responseRate', 'resolutionRate', 'satisfactionRate']}
      />
    </Card>
  );
}
