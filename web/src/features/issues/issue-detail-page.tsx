import {
  AlertOutlined,
  CheckCircleOutlined,
  CheckOutlined,
  CloseCircleOutlined,
  MergeCellsOutlined,
  PlayCircleOutlined,
  RiseOutlined,
  RollbackOutlined,
  SendOutlined,
} from '@ant-design/icons';
import type { IssueAction } from '@rp/contract';
import { Button, Card, Col, Descriptions, Flex, Row, Skeleton, Tag, Timeline, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { PageHeader } from '../../app/components/page-header';
import { LoadError } from '../../app/components/status-pages';
import { formatDateTime } from '../../app/format';
import { useScopeTrail } from '../../app/layout/scope-trail';
import { useEstate } from '../../app/queries';
import { IssueActionModal } from './issue-action-modal';
import { useCategoryNames, useIssue } from './issue-queries';
import { IssueStatusTag, OverdueText } from './issue-status-tag';
import { stepDataLines } from './issue-step-data';
import { HandlersText } from './issue-table';
import type { IssueDetail, IssueHistoryEntry } from './issue-types';
import { PhotoGallery } from './photo-gallery';
import './issues.css';

const ACTION_ICONS: Record<IssueAction, ReactNode> = {
  accept: <CheckOutlined />,
  assign: <SendOutlined />,
  start: <PlayCircleOutlined />,
  resolve: <CheckCircleOutlined />,
  confirm: <CheckCircleOutlined />,
  reject: <CloseCircleOutlined />,
  merge: <MergeCellsOutlined />,
  escalate: <RiseOutlined />,
  reopen: <RollbackOutlined />,
};
// The step the issue is waiting for is the primary button.
const PRIMARY: IssueAction[] = ['accept', 'assign', 'start', 'resolve', 'confirm'];

function historyColour(h: IssueHistoryEntry): string {
  if (h.action === 'auto_escalate' || h.action === 'flag_overdue' || h.action === 'reject') return 'red';
  if (h.action === 'resolve' || h.action === 'confirm' || h.action === 'auto_close') return 'green';
  if (h.action === 'submit') return 'gray';
  // Not the theme's blue, which antd maps to the primary (party red) colour.
  return '#1D4ED8';
}

/** What a step decided (whom it assigned, the rating, the new level, the merge target, why it closed). */
function StepData({ entry }: { entry: IssueHistoryEntry }) {
  const { t } = useTranslation();
  const lines = stepDataLines(t, entry);
  if (!lines.length) return null;
  return (
    <div style={{ fontSize: 13 }} data-testid="timeline-data">
      {lines.map((line) => (
        <div key={line}>{line}</div>
      ))}
    </div>
  );
}

/** The timeline of an issue (SPEC R-11: every step with actor, time and note, and its photos). */
export function IssueTimeline({ issue }: { issue: IssueDetail }) {
  const { t } = useTranslation();
  const actor = (h: IssueHistoryEntry) => {
    if (h.actorName) return h.actorName;
    if (h.action === 'submit' && issue.anonymous) return t('issues.anonymousReporter');
    return t('audit.system');
  };
  return (
    <Timeline
      data-testid="issue-timeline"
      items={issue.history.map((h, i) => ({
        key: `${h.at}-${i}`,
        color: historyColour(h),
        icon: h.action === 'auto_escalate' || h.action === 'flag_overdue' ? <AlertOutlined /> : undefined,
        content: (
          <div data-testid="timeline-item" data-action={h.action}>
            <Flex gap={8} align="center" wrap>
              <strong>
                {t(`enum.issueAction.${h.action}` as 'enum.issueAction.submit', { defaultValue: h.action })}
              </strong>
              {h.fromStatus !== h.toStatus ? (
                <Typography.Text type="secondary">
                  → {t(`enum.issueStatus.${h.toStatus}` as 'enum.issueStatus.submitted', { defaultValue: h.toStatus })}
                </Typography.Text>
              ) : null}
            </Flex>
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              <span className="rp-num">{formatDateTime(h.at)}</span> · {actor(h)}
            </Typography.Text>
            <StepData entry={h} />
            {h.note ? (
              <Typography.Paragraph style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }}>
                {h.note}
              </Typography.Paragraph>
            ) : null}
            {/* The report's own photos are shown with the issue above. */}
            {h.action !== 'submit' && h.photoIds?.length ? (
              <div style={{ marginTop: 6 }}>
                <PhotoGallery
                  ids={h.photoIds}
                  size={72}
                  label={t(`enum.issueAction.${h.action}` as 'enum.issueAction.submit')}
                />
              </div>
            ) : null}
          </div>
        ),
      }))}
    />
  );
}

/** 诉求详情: the issue's record, its photos and history, and only the actions the server allows this account now. */
export function IssueDetailPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const res = useIssue(id);
  const names = useCategoryNames();
  const [action, setAction] = useState<IssueAction | null>(null);
  const issue = res.data;
  const estate = useEstate(issue?.estateId);
  useScopeTrail(
    estate.data
      ? { crumbs: estate.data.breadcrumb, leaf: { name: estate.data.name, href: `/estates/${estate.data.id}` } }
      : null,
  );
  if (res.isError) return <LoadError error={res.error} onRetry={() => void res.refetch()} />;
  if (!issue) return <Skeleton active paragraph={{ rows: 10 }} />;

  const reporter = issue.anonymous ? (
    <Tag>{t('issues.anonymous')}</Tag>
  ) : issue.reporter ? (
    <span data-testid="reporter">
      {issue.reporter.name}
      {issue.reporter.phone ? <span className="rp-num"> · {issue.reporter.phone}</span> : null}
    </span>
  ) : (
    <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
  );
  const closed = issue.closedAt
    ? `${formatDateTime(issue.closedAt)}${issue.closeReason ? ` · ${t(`enum.closeReason.${issue.closeReason}`)}` : ''}`
    : '';

  return (
    <>
      <PageHeader
        title={
          <Flex gap={12} align="center" wrap>
            <span className="rp-num">{issue.code}</span>
            <span>{issue.title}</span>
          </Flex>
        }
        sub={
          <Flex gap={8} align="center" wrap component="span">
            <IssueStatusTag status={issue.status} />
            <Tag>{t('issues.levelTag', { level: t(`enum.level.${issue.level}`) })}</Tag>
            <OverdueText overdue={issue.overdue} days={issue.daysOverdue} />
          </Flex>
        }
        extra={
          issue.allowedActions.length ? (
            <Flex gap={8} wrap data-testid="issue-actions">
              {issue.allowedActions.map((a) => (
                <Button
                  key={a}
                  icon={ACTION_ICONS[a]}
                  type={PRIMARY.includes(a) ? 'primary' : 'default'}
                  danger={a === 'reject'}
                  onClick={() => setAction(a)}
                  data-testid={`action-${a}`}
                >
                  {t(`enum.issueAction.${a}`)}
                </Button>
              ))}
            </Flex>
          ) : null
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('issues.detail.info')}</h2>}>
            <Descriptions
              column={{ xs: 1, md: 2 }}
              size="small"
              bordered
              data-testid="issue-descriptions"
              items={[
                { key: 'code', label: t('issues.code'), children: <span className="rp-num">{issue.code}</span> },
                {
                  key: 'estate',
                  label: t('issues.estate'),
                  children: <Link to={`/estates/${issue.estateId}`}>{issue.estateName}</Link>,
                },
                {
                  key: 'category',
                  label: t('issues.category'),
                  span: 2,
                  children: names.path(issue.category, issue.categoryPath),
                },
                { key: 'kind', label: t('issues.kind'), children: t(`enum.issueKind.${issue.kind}`) },
                { key: 'source', label: t('issues.source'), children: t(`enum.issueSource.${issue.source}`) },
                { key: 'urgency', label: t('issues.urgency'), children: t(`enum.urgency.${issue.urgency}`) },
                {
                  key: 'status',
                  label: t('issues.status'),
                  children: (
                    <Flex gap={8} wrap>
                      <IssueStatusTag status={issue.status} />
                      <OverdueText overdue={issue.overdue} days={issue.daysOverdue} />
                    </Flex>
                  ),
                },
                { key: 'level', label: t('issues.level'), children: t(`enum.level.${issue.level}`) },
                { key: 'reporter', label: t('issues.reporter'), children: reporter },
                { key: 'reportedAt', label: t('issues.reportedAt'), children: formatDateTime(issue.reportedAt) },
                { key: 'acceptDueAt', label: t('issues.acceptDueAt'), children: formatDateTime(issue.acceptDueAt) },
                { key: 'acceptedAt', label: t('issues.acceptedAt'), children: formatDateTime(issue.acceptedAt) },
                {
                  key: 'resolveDueAt',
                  label: t('issues.resolveDueAt'),
                  children: (
                    <Flex gap={8} wrap>
                      <span className="rp-num">{formatDateTime(issue.resolveDueAt)}</span>
                      <OverdueText overdue={issue.overdue} days={issue.daysOverdue} />
                    </Flex>
                  ),
                },
                { key: 'resolvedAt', label: t('issues.resolvedAt'), children: formatDateTime(issue.resolvedAt) },
                { key: 'closedAt', label: t('issues.closedAt'), children: closed },
                {
                  key: 'rating',
                  label: t('issues.rating'),
                  children: issue.rating ? t(`enum.rating.${issue.rating}`) : '',
                },
                { key: 'reopenCount', label: t('issues.reopenCount'), children: issue.reopenCount },
                {
                  key: 'handlers',
                  label: t('issues.handlers'),
                  span: 2,
                  children: <HandlersText handlers={issue.handlers} />,
                },
                ...(issue.mergedIntoId
                  ? [
                      {
                        key: 'merged',
                        label: t('issues.mergedInto'),
                        span: 2,
                        children: <Link to={`/issues/${issue.mergedIntoId}`}>{t('issues.openMerged')}</Link>,
                      },
                    ]
                  : []),
              ]}
            />
            <Typography.Title level={3} style={{ fontSize: 15, marginTop: 20 }}>
              {t('issues.description')}
            </Typography.Title>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="issue-description">
              {issue.description}
            </Typography.Paragraph>
            {issue.photoIds.length ? (
              <>
                <Typography.Title level={3} style={{ fontSize: 15 }}>
                  {t('issues.photos')}
                </Typography.Title>
                <PhotoGallery ids={issue.photoIds} />
              </>
            ) : null}
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('issues.detail.history')}</h2>}>
            <IssueTimeline issue={issue} />
          </Card>
        </Col>
      </Row>
      {action ? <IssueActionModal issue={issue} action={action} onClose={() => setAction(null)} /> : null}
    </>
  );
}
