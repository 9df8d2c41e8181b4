import { LeftOutlined } from '@ant-design/icons';
import { CHOICES } from '@rp/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Card, ErrorBlock, NoticeBar, Skeleton, Tag, Toast } from 'antd-mobile';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ApiError, post } from '../../app/api';
import { useUser } from '../../app/auth';
import { formatDateTime } from '../../app/format';
import { useEstate } from '../../app/queries';
import { exactPercent, groupArea, hundredths, majorityMet, quorumMet } from './exact';
import { useMeeting } from './governance-queries';
import type { BallotAnswer, Choice, MotionResult } from './governance-types';
import './h5-vote.css';

const CHOICE_COLOUR: Record<Choice, 'success' | 'danger' | 'warning'> = {
  for: 'success',
  against: 'danger',
  abstain: 'warning',
};

/** One motion's result for residents: passed, quorum and both majorities, with the exact figures. */
function H5MotionResult({ m, n }: { m: MotionResult; n: number }) {
  const { t } = useTranslation();
  const m2 = (v: string) => t('format.area', { value: groupArea(v) });
  const part = m.participating;
  const line = (label: string, num: string, den: string, rate: string | null, ok: boolean) => (
    <div className="rp-h5-figure">
      <span>{label}</span>
      <span className="rp-num">
        {num} / {den} · {rate ?? '—'} {ok ? `✓ ${t('governance.reached')}` : `✗ ${t('governance.notReached')}`}
      </span>
    </div>
  );
  return (
    <Card
      className="rp-h5-card"
      data-testid={`h5-motion-result-${n}`}
      title={
        <span>
          {t('governance.motionN', { n: n + 1 })} {m.title}
        </span>
      }
      extra={
        <Tag color={m.passed ? 'success' : 'danger'} fill="solid">
          {m.passed ? t('governance.passed') : t('governance.notPassed')}
        </Tag>
      }
    >
      <p style={{ marginTop: 0 }}>
        <Tag color={m.matter === 'major' ? 'warning' : 'primary'} fill="outline">
          {t(`enum.matter.${m.matter}`)}
        </Tag>{' '}
        {m.quorate ? t('governance.quorate') : t('governance.notQuorate')}
      </p>
      {line(
        t('governance.h5.partArea'),
        m2(part.areaM2),
        m2(m.totals.areaM2),
        exactPercent(hundredths(part.areaM2), hundredths(m.totals.areaM2)),
        quorumMet(hundredths(part.areaM2), hundredths(m.totals.areaM2)),
      )}
      {line(
        t('governance.h5.partHead'),
        String(part.headcount),
        String(m.totals.headcount),
        exactPercent(part.headcount, m.totals.headcount),
        quorumMet(BigInt(part.headcount), BigInt(m.totals.headcount)),
      )}
      {line(
        t('governance.h5.agreeArea'),
        m2(m.agreeing.areaM2),
        m2(part.areaM2),
        exactPercent(hundredths(m.agreeing.areaM2), hundredths(part.areaM2)),
        majorityMet(m.matter, hundredths(m.agreeing.areaM2), hundredths(part.areaM2)),
      )}
      {line(
        t('governance.h5.agreeHead'),
        String(m.agreeing.headcount),
        String(part.headcount),
        exactPercent(m.agreeing.headcount, part.headcount),
        majorityMet(m.matter, BigInt(m.agreeing.headcount), BigInt(part.headcount)),
      )}
      <p className="rp-h5-note">
        {t('governance.h5.againstAbstain', {
          against: m.against.headcount,
          abstain: m.abstaining.headcount,
        })}{' '}
        {m.matter === 'major' ? t('governance.ruleMajor') : t('governance.ruleOrdinary')}
      </p>
    </Card>
  );
}

/** 投票详情: a clear list of motions with large 同意 / 反对 / 弃权 buttons; re-voting replaces the ballot. */
export function H5MeetingPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const user = useUser();
  const qc = useQueryClient();
  const meeting = useMeeting(id);
  const estate = useEstate(meeting.data?.estateId);
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const mine = meeting.data?.myBallot;
  useEffect(() => {
    if (mine) setChoices(mine.choices);
  }, [mine]);
  const vote = useMutation({
    mutationFn: () =>
      post<BallotAnswer>(`/api/v1/meetings/${id}/ballots`, {
        ownerId: user.scope.ownerId,
        channel: 'online',
        choices: (meeting.data?.motions ?? []).map((m) => ({ motionId: m.id, choice: choices[m.id] })),
      }),
    onSuccess: (b) => {
      Toast.show({ icon: 'success', content: b.replaced ? t('governance.h5.revoted') : t('governance.h5.voted') });
      void qc.invalidateQueries({ queryKey: ['meetings', id] });
    },
    onError: (e) => {
      const detail = e instanceof ApiError ? (e.problem.errors?.[0]?.message ?? e.problem.title) : String(e);
      Toast.show({ icon: 'fail', content: detail, duration: 4000 });
    },
  });
  const header = (
    <header className="rp-h5-header">
      <button type="button" className="rp-h5-back" onClick={() => navigate('/h5/vote')} data-testid="h5-back">
        <LeftOutlined aria-hidden /> {t('governance.h5.back')}
      </button>
      <h1 data-testid="h5-meeting-title">{meeting.data?.title ?? t('h5.vote')}</h1>
      {meeting.data ? (
        <div>
          {estate.data?.name} · {formatDateTime(meeting.data.opensAt)} — {formatDateTime(meeting.data.closesAt)}
        </div>
      ) : null}
    </header>
  );
  if (meeting.isError)
    return (
      <>
        {header}
        <ErrorBlock status="default" title={t('common.notFoundTitle')} description={t('common.notFoundText')} />
      </>
    );
  if (!meeting.data)
    return (
      <>
        {header}
        <div className="rp-h5-section">
          <Skeleton.Paragraph lineCount={6} animated />
        </div>
      </>
    );
  const m = meeting.data;
  const now = Date.now();
  const notYet = now < Date.parse(m.opensAt);
  const over = now > Date.parse(m.closesAt);
  const canVote = m.status === 'open' && !notYet && !over && !!user.scope.ownerId;
  const complete = m.motions.every((x) => choices[x.id]);

  return (
    <>
      {header}
      <div className="rp-h5-section" data-testid="h5-meeting">
        {m.status === 'closed' ? (
          <>
            <NoticeBar content={t('governance.h5.resultsPublished')} color="info" wrap />
            {m.results?.motions.map((r, i) => (
              <H5MotionResult key={r.motionId} m={r} n={i} />
            ))}
          </>
        ) : (
          <>
            {mine ? (
              <div className="rp-h5-ballot" data-testid="my-ballot" role="status">
                {t('governance.h5.myBallot', {
                  time: formatDateTime(mine.castAt),
                  channel: t(`enum.channel.${mine.channel}`),
                })}
                <br />
                {t('governance.h5.revoteHint')}
              </div>
            ) : (
              <NoticeBar content={t('governance.h5.voteHint')} color="alert" wrap />
            )}
            {notYet ? <NoticeBar content={t('governance.h5.notYet')} color="alert" wrap /> : null}
            {over ? <NoticeBar content={t('governance.h5.over')} color="alert" wrap /> : null}
            {m.motions.map((x, i) => (
              <Card
                key={x.id}
                className="rp-h5-card"
                data-testid={`h5-motion-${i}`}
                title={
                  <span>
                    {t('governance.motionN', { n: i + 1 })} {x.title}
                  </span>
                }
              >
                <p style={{ marginTop: 0 }}>
                  <span className="rp-h5-note">
                    {x.matter === 'major' ? t('governance.ruleMajor') : t('governance.ruleOrdinary')}
                  </span>
                </p>
                <fieldset className="rp-h5-choices" disabled={!canVote}>
                  <legend className="rp-visually-hidden">{x.title}</legend>
                  {CHOICES.map((c) => {
                    const on = choices[x.id] === c;
                    return (
                      <Button
                        key={c}
                        size="large"
                        block
                        color={on ? CHOICE_COLOUR[c] : 'default'}
                        fill={on ? 'solid' : 'outline'}
                        aria-pressed={on}
                        disabled={!canVote}
                        data-testid={`choice-${i}-${c}`}
                        onClick={() => setChoices((s) => ({ ...s, [x.id]: c }))}
                      >
                        {on ? '✓ ' : ''}
                        {t(`enum.choice.${c}`)}
                      </Button>
                    );
                  })}
                </fieldset>
              </Card>
            ))}
            <div style={{ margin: '16px 0 24px' }}>
              <Button
                block
                size="large"
                color="primary"
                disabled={!canVote || !complete}
                loading={vote.isPending}
                onClick={() => vote.mutate()}
                data-testid="h5-vote-submit"
              >
                {mine ? t('governance.h5.resubmit') : t('governance.h5.submit')}
              </Button>
              {!complete && canVote ? <p className="rp-h5-note">{t('governance.h5.chooseAll')}</p> : null}
            </div>
          </>
        )}
      </div>
    </>
  );
}
