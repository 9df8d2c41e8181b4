import { CHANNELS } from '@rp/contract';
import { Card, Descriptions, Skeleton, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../../app/components/status-pages';
import { TIME_ZONE } from '../../app/format';
import { CheckMark } from './check-mark';
import { groupArea, hundredths, quorumMet, VOTE_RULES } from './exact';
import { TURNOUT_REFRESH_MS, useTurnout } from './governance-queries';
import { ShareBar } from './share-bar';

/** 实时参与情况: participation by area and by headcount against the 2/3 quorum line, and by channel (SPEC R-42). */
export function TurnoutCard({ meetingId, open }: { meetingId: string; open: boolean }) {
  const { t } = useTranslation();
  const turnout = useTurnout(meetingId, open);
  const d = turnout.data;
  const m2 = (v: string) => t('format.area', { value: groupArea(v) });
  const body = () => {
    if (turnout.isError) return <LoadError error={turnout.error} onRetry={() => void turnout.refetch()} />;
    if (!d) return <Skeleton active />;
    const area = hundredths(d.participating.areaM2);
    const areaTotal = hundredths(d.totals.areaM2);
    const head = BigInt(d.participating.headcount);
    const headTotal = BigInt(d.totals.headcount);
    const areaOk = quorumMet(area, areaTotal);
    const headOk = quorumMet(head, headTotal);
    const line = t('governance.quorumLine');
    return (
      <>
        <ShareBar
          label={t('governance.byArea')}
          num={area}
          den={areaTotal}
          numText={m2(d.participating.areaM2)}
          denText={m2(d.totals.areaM2)}
          line={[...VOTE_RULES.quorum]}
          lineLabel={line}
          met={areaOk}
          testId="turnout-area"
        />
        <ShareBar
          label={t('governance.byHeadcount')}
          num={head}
          den={headTotal}
          numText={t('governance.persons', { count: d.participating.headcount })}
          denText={t('governance.persons', { count: d.totals.headcount })}
          line={[...VOTE_RULES.quorum]}
          lineLabel={line}
          met={headOk}
          testId="turnout-headcount"
        />
        <p data-testid="turnout-quorum">
          <CheckMark ok={areaOk && headOk} yes={t('governance.quorumReachedNow')} no={t('governance.quorumNotYet')} />
        </p>
        <Descriptions
          size="small"
          column={3}
          title={t('governance.byChannel')}
          items={CHANNELS.map((c) => ({
            key: c,
            label: t(`enum.channel.${c}`),
            children: <span data-testid={`turnout-${c}`}>{d.byChannel[c]}</span>,
          }))}
        />
        {open ? (
          <Typography.Text type="secondary" role="status">
            {t('governance.autoRefresh', {
              seconds: TURNOUT_REFRESH_MS / 1000,
              time: dayjs(turnout.dataUpdatedAt).tz(TIME_ZONE).format('HH:mm:ss'),
            })}
          </Typography.Text>
        ) : null}
      </>
    );
  };
  return (
    <Card
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('governance.turnout')}</h2>}
      data-testid="turnout-card"
      style={{ marginBottom: 16 }}
    >
      {body()}
    </Card>
  );
}
