import { ExclamationCircleOutlined } from '@ant-design/icons';
import type { IssueStatus } from '@rp/contract';
import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

// Red is kept for "overdue" (UI.md), so no status uses it.
const COLOURS: Record<IssueStatus, string> = {
  submitted: 'gold',
  accepted: 'cyan',
  assigned: 'blue',
  in_progress: 'geekblue',
  resolved: 'lime',
  closed: 'green',
  rejected: 'default',
  merged: 'purple',
};

/** An issue's status as a coloured tag, with its name (never colour alone). */
export function IssueStatusTag({ status }: { status: IssueStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLOURS[status]} data-testid="issue-status" data-status={status}>
      {t(`enum.issueStatus.${status}`)}
    </Tag>
  );
}

/** "超期 N 天" in red with a warning icon, for an overdue issue; nothing otherwise. */
export function OverdueText({ overdue, days }: { overdue: boolean; days?: number }) {
  const { t } = useTranslation();
  if (!overdue) return null;
  return (
    <Typography.Text type="danger" strong className="rp-overdue" data-testid="overdue">
      <ExclamationCircleOutlined aria-hidden /> {t('issues.overdueDays', { count: Math.max(1, days ?? 1) })}
    </Typography.Text>
  );
}
