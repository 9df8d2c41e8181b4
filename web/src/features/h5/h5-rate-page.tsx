import { FrownOutlined, MehOutlined, SmileOutlined } from '@ant-design/icons';
import { RATINGS, type Rating } from '@rp/contract';
import { Button, ErrorBlock, NoticeBar, Skeleton, TextArea, Toast } from 'antd-mobile';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ApiError } from '../../app/api';
import { useIssue, useIssueAction } from '../issues/issue-queries';
import { H5Header } from './h5-issue-common';

const ICONS: Record<Rating, ReactNode> = {
  satisfied: <SmileOutlined aria-hidden />,
  basically_satisfied: <MehOutlined aria-hidden />,
  unsatisfied: <FrownOutlined aria-hidden />,
};

/**
 * 评价 (SPEC R-14): 满意 / 基本满意 / 不满意 and an optional note, sent as `confirm` with the rating. Satisfied or
 * basically satisfied closes the issue (已销号); unsatisfied sends it back to be handled again.
 */
export function H5RatePage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const res = useIssue(id);
  const act = useIssueAction(id ?? '');
  const [rating, setRating] = useState<Rating | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState('');
  const back = () => navigate(`/h5/issues/${id}`);
  const issue = res.data;

  const send = () => {
    if (!rating) {
      setError(t('issues.h5.pickRating'));
      return;
    }
    setError('');
    act.mutate(
      { action: 'confirm', rating, note: note.trim() || undefined },
      {
        onSuccess: (after) => {
          Toast.show({
            icon: 'success',
            content: after.status === 'closed' ? t('issues.h5.thanks') : t('issues.h5.sentBack'),
          });
          navigate(`/h5/issues/${id}`, { replace: true });
        },
        onError: (e) => setError(e instanceof ApiError ? e.problem.title : String(e)),
      },
    );
  };

  return (
    <>
      <H5Header title={t('issues.h5.rateTitle')} onBack={back} sub={issue ? issue.title : null} />
      <div className="rp-h5-section" data-testid="h5-rate-page">
        {res.isPending ? (
          <Skeleton.Paragraph lineCount={5} animated />
        ) : !issue ? (
          <ErrorBlock status="default" title={t('common.loadFailed')} />
        ) : !issue.allowedActions.includes('confirm') ? (
          <ErrorBlock
            status="empty"
            title={t('issues.h5.notRateable')}
            description={t(`enum.issueStatus.${issue.status}`)}
          />
        ) : (
          <>
            <div className="rp-h5-card">
              <fieldset className="rp-h5-fieldset" data-testid="h5-ratings">
                <legend style={{ fontWeight: 600, marginBottom: 12 }}>{t('issues.h5.rateQuestion')}</legend>
                <div className="rp-rate-options">
                  {RATINGS.map((r) => (
                    <label
                      key={r}
                      className="rp-rate-option"
                      data-checked={rating === r}
                      data-testid={`h5-rating-${r}`}
                    >
                      <input
                        type="radio"
                        name="h5-rating"
                        value={r}
                        checked={rating === r}
                        onChange={() => setRating(r)}
                        className="rp-visually-hidden"
                      />
                      {ICONS[r]}
                      <span>{t(`enum.rating.${r}`)}</span>
                    </label>
                  ))}
                </div>
              </fieldset>
              {rating === 'unsatisfied' ? (
                <p className="rp-h5-hint" role="status">
                  {t('issues.h5.unsatisfiedHint')}
                </p>
              ) : null}
            </div>
            <div className="rp-h5-card">
              <label
                htmlFor="h5-rate-note"
                className="rp-h5-label"
                style={{ display: 'block', fontWeight: 600, marginBottom: 6 }}
              >
                {t('issues.h5.rateNote')}
              </label>
              <div className="rp-h5-input" style={{ padding: 8 }}>
                <TextArea id="h5-rate-note" value={note} onChange={setNote} rows={3} maxLength={500} showCount />
              </div>
            </div>
            {act.isPaused ? (
              <div role="status" style={{ marginBottom: 12 }}>
                <NoticeBar color="alert" wrap content={t('issues.h5.offlineWaiting')} />
              </div>
            ) : null}
            {error ? (
              <div role="alert" style={{ marginBottom: 12 }}>
                <NoticeBar color="alert" wrap content={error} />
              </div>
            ) : null}
            <div className="rp-h5-actions">
              <Button
                block
                color="primary"
                size="large"
                loading={act.isPending}
                onClick={send}
                data-testid="h5-rate-submit"
              >
                {t('issues.h5.rateSubmit')}
              </Button>
            </div>
          </>
        )}
      </div>
    </>
  );
}
