import { ExclamationCircleOutlined } from '@ant-design/icons';
import { Button, ErrorBlock, Image, ImageViewer, Popup, Skeleton, Steps, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ApiError } from '../../app/api';
import { formatDateTime } from '../../app/format';
import { useCategoryNames, useIssue, useIssueAction } from '../issues/issue-queries';
import { stepDataLines } from '../issues/issue-step-data';
import type { IssueDetail } from '../issues/issue-types';
import { photoUrl } from '../issues/photo-gallery';
import { H5Header, H5StatusTag } from './h5-issue-common';

/** Thumbnails that open full screen. */
function Photos({ ids, label }: { ids: string[]; label: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<number | null>(null);
  if (!ids.length) return null;
  return (
    <>
      <div className="rp-photo-grid" style={{ marginTop: 8 }}>
        {ids.map((id, i) => (
          <button
            key={id}
            type="button"
            className="rp-photo-tile"
            style={{ padding: 0, cursor: 'zoom-in' }}
            onClick={() => setOpen(i)}
            aria-label={t('issues.photoAlt', { what: label, n: i + 1 })}
          >
            <Image src={photoUrl(id)} fit="cover" width="100%" height="100%" alt="" />
          </button>
        ))}
      </div>
      <ImageViewer.Multi
        images={ids.map(photoUrl)}
        visible={open !== null}
        defaultIndex={open ?? 0}
        onClose={() => setOpen(null)}
      />
    </>
  );
}

/** What happened to the issue, oldest first (SPEC R-11). */
function History({ issue }: { issue: IssueDetail }) {
  const { t } = useTranslation();
  return (
    <Steps direction="vertical" current={issue.history.length - 1} data-testid="h5-timeline">
      {issue.history.map((h) => (
        <Steps.Step
          key={`${h.at}-${h.action}-${h.toStatus}`}
          status={
            h.action === 'auto_escalate' || h.action === 'flag_overdue' || h.action === 'reject' ? 'error' : 'finish'
          }
          title={
            <span data-testid="h5-timeline-item" data-action={h.action}>
              {t(`enum.issueAction.${h.action}` as 'enum.issueAction.submit', { defaultValue: h.action })}
              {h.fromStatus !== h.toStatus
                ? ` → ${t(`enum.issueStatus.${h.toStatus}` as 'enum.issueStatus.submitted', { defaultValue: h.toStatus })}`
                : ''}
            </span>
          }
          description={
            <div>
              <div className="rp-num">
                {formatDateTime(h.at)}
                {h.actorName ? ` · ${h.actorName}` : ''}
              </div>
              {stepDataLines(t, h).map((line) => (
                <div key={line} style={{ color: '#333', marginTop: 2 }}>
                  {line}
                </div>
              ))}
              {h.note ? <div style={{ whiteSpace: 'pre-wrap', color: '#333', marginTop: 2 }}>{h.note}</div> : null}
              <Photos
                ids={h.action === 'submit' ? [] : (h.photoIds ?? [])}
                label={t(`enum.issueAction.${h.action}` as 'enum.issueAction.submit')}
              />
            </div>
          }
        />
      ))}
    </Steps>
  );
}

/** One of the resident's issues: its record, photos, timeline, and — once resolved — rating it or reopening it. */
export function H5IssuePage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const res = useIssue(id);
  const names = useCategoryNames();
  const act = useIssueAction(id ?? '');
  const [reopening, setReopening] = useState(false);
  const [note, setNote] = useState('');
  const issue = res.data;
  const back = () => navigate('/h5/issues');

  if (res.isError)
    return (
      <>
        <H5Header title={t('h5.myIssues')} onBack={back} />
        <div className="rp-h5-section">
          <ErrorBlock
            status="default"
            title={
              res.error instanceof ApiError && res.error.status === 404
                ? t('common.notFoundTitle')
                : t('common.loadFailed')
            }
            description={res.error.message}
          />
        </div>
      </>
    );
  if (!issue)
    return (
      <>
        <H5Header title={t('h5.myIssues')} onBack={back} />
        <div className="rp-h5-section">
          <Skeleton.Paragraph lineCount={8} animated />
        </div>
      </>
    );

  const may = (a: string) => issue.allowedActions.includes(a as never);
  const lead = issue.handlers.find((h) => h.role === 'lead');
  return (
    <>
      <H5Header title={issue.title} onBack={back} sub={<span className="rp-num">{issue.code}</span>} />
      <div className="rp-h5-section" data-testid="h5-issue" data-status={issue.status}>
        <div className="rp-h5-card">
          <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap', marginBottom: 8 }}>
            <H5StatusTag status={issue.status} />
            {issue.overdue ? (
              <span style={{ color: '#a3121a', fontWeight: 600 }}>
                <ExclamationCircleOutlined aria-hidden /> {t('issues.overdueDays', { count: issue.daysOverdue ?? 1 })}
              </span>
            ) : null}
          </div>
          <dl className="rp-h5-dl">
            <dt>{t('issues.estate')}</dt>
            <dd>{issue.estateName}</dd>
            <dt>{t('issues.category')}</dt>
            <dd>{names.path(issue.category, issue.categoryPath)}</dd>
            <dt>{t('issues.kind')}</dt>
            <dd>{t(`enum.issueKind.${issue.kind}`)}</dd>
            <dt>{t('issues.reportedAt')}</dt>
            <dd className="rp-num">{formatDateTime(issue.reportedAt)}</dd>
            {lead ? (
              <>
                <dt>{t('issues.handlers')}</dt>
                <dd>{issue.handlers.map((h) => h.name).join(t('issues.h5.listSep'))}</dd>
              </>
            ) : null}
            {issue.resolveDueAt && !issue.closedAt ? (
              <>
                <dt>{t('issues.resolveDueAt')}</dt>
                <dd className="rp-num">{formatDateTime(issue.resolveDueAt)}</dd>
              </>
            ) : null}
            {issue.rating ? (
              <>
                <dt>{t('issues.h5.myRating')}</dt>
                <dd>{t(`enum.rating.${issue.rating}`)}</dd>
              </>
            ) : null}
            {issue.anonymous ? (
              <>
                <dt>{t('issues.anonymous')}</dt>
                <dd>{t('common.yes')}</dd>
              </>
            ) : null}
          </dl>
          <p style={{ whiteSpace: 'pre-wrap', margin: '12px 0 0' }}>{issue.description}</p>
          <Photos ids={issue.photoIds} label={t('issues.photos')} />
        </div>
        {may('confirm') || may('reopen') ? (
          <div className="rp-h5-card" data-testid="h5-issue-actions">
            <p style={{ marginTop: 0 }}>{t('issues.h5.resolvedAsk')}</p>
            <div className="rp-h5-actions" style={{ margin: 0 }}>
              {may('confirm') ? (
                <Button
                  block
                  color="primary"
                  size="large"
                  onClick={() => navigate(`/h5/issues/${issue.id}/rate`)}
                  data-testid="h5-rate"
                >
                  {t('issues.h5.rate')}
                </Button>
              ) : null}
              {may('reopen') ? (
                <Button block size="large" onClick={() => setReopening(true)} data-testid="h5-reopen">
                  {t('issues.h5.reopen')}
                </Button>
              ) : null}
            </div>
          </div>
        ) : null}
        <div className="rp-h5-card">
          <h2 style={{ fontSize: '1.05em', margin: '0 0 8px' }}>{t('issues.detail.history')}</h2>
          <History issue={issue} />
        </div>
      </div>
      <Popup
        visible={reopening}
        onMaskClick={() => setReopening(false)}
        bodyStyle={{ padding: 16, borderRadius: '12px 12px 0 0' }}
      >
        <h2 style={{ fontSize: '1.1em', marginTop: 0 }}>{t('issues.h5.reopen')}</h2>
        <label htmlFor="h5-reopen-note" className="rp-h5-label" style={{ display: 'block', marginBottom: 6 }}>
          {t('issues.h5.reopenWhy')}
        </label>
        <div className="rp-h5-input" style={{ padding: 8 }}>
          <TextArea id="h5-reopen-note" value={note} onChange={setNote} rows={4} maxLength={500} showCount />
        </div>
        <div className="rp-h5-actions">
          <Button
            block
            color="primary"
            size="large"
            loading={act.isPending}
            onClick={() =>
              act.mutate(
                { action: 'reopen', note: note.trim() || undefined },
                {
                  onSuccess: () => {
                    setReopening(false);
                    setNote('');
                    Toast.show({ icon: 'success', content: t('issues.h5.reopened') });
                  },
                  onError: (e) => Toast.show({ content: e instanceof ApiError ? e.problem.title : String(e) }),
                },
              )
            }
          >
            {t('common.submit')}
          </Button>
          <Button block size="large" onClick={() => setReopening(false)}>
            {t('common.cancel')}
          </Button>
        </div>
      </Popup>
    </>
  );
}
