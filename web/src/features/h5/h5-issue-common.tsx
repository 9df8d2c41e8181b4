import { LeftOutlined } from '@ant-design/icons';
import type { IssueStatus } from '@rp/contract';
import { Tag } from 'antd-mobile';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import './h5-issues.css';

// Dark enough for AA on white as outlined tags; red stays for "overdue".
const STATUS_COLOURS: Record<IssueStatus, string> = {
  submitted: '#ad6800',
  accepted: '#006d75',
  assigned: '#0958d9',
  in_progress: '#1d39c4',
  resolved: '#3f6600',
  closed: '#237804',
  rejected: '#595959',
  merged: '#531dab',
};

/** An issue's status as an outlined tag with its name. */
export function H5StatusTag({ status }: { status: IssueStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOURS[status]} fill="outline" data-testid="h5-issue-status" data-status={status}>
      {t(`enum.issueStatus.${status}`)}
    </Tag>
  );
}

/** The red header of a residents' screen, with a back button on screens below a tab. */
export function H5Header({ title, onBack, sub }: { title: ReactNode; onBack?: () => void; sub?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <header className="rp-h5-header">
      <div className="rp-h5-subheader">
        {onBack ? (
          <button
            type="button"
            className="rp-h5-back"
            onClick={onBack}
            aria-label={t('common.back')}
            data-testid="h5-back"
          >
            <LeftOutlined aria-hidden />
          </button>
        ) : null}
        <h1>{title}</h1>
      </div>
      {sub ? <div className="rp-h5-steps">{sub}</div> : null}
    </header>
  );
}
