import { useQueries, useQuery } from '@tanstack/react-query';
import { ErrorBlock, List, Skeleton, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get } from '../../app/api';
import { formatDateTime } from '../../app/format';
import type { EstateDetail } from '../../app/types';
import type { Meeting } from './governance-types';
import './h5-vote.css';

/** 投票: the owners' meetings of the resident's estates — open ones to vote in, closed ones with their results. */
export function H5VotePage() {
  const { t } = useTranslation();
  const list = useQuery({ queryKey: ['meetings', 'mine'], queryFn: () => get<Meeting[]>('/api/v1/meetings') });
  const ids = [...new Set((list.data ?? []).map((m) => m.estateId))];
  const estates = useQueries({
    queries: ids.map((id) => ({
      queryKey: ['estates', id],
      queryFn: () => get<EstateDetail>(`/api/v1/estates/${id}`),
      staleTime: 60_000,
    })),
  });
  const nameOf = (id: string) => estates.find((e) => e.data?.id === id)?.data?.name ?? '';
  const open = (list.data ?? []).filter((m) => m.status === 'open');
  const closed = (list.data ?? []).filter((m) => m.status === 'closed');
  const item = (m: Meeting) => (
    <List.Item
      key={m.id}
      className="rp-h5-linked"
      arrowIcon
      description={
        m.status === 'open'
          ? t('governance.h5.closesAt', { time: formatDateTime(m.closesAt) })
          : t('governance.h5.closedMeeting', { estate: nameOf(m.estateId) })
      }
      extra={
        <Tag color={m.status === 'open' ? 'primary' : 'default'} fill="outline">
          {t(`governance.status.${m.status}`)}
        </Tag>
      }
      data-testid="h5-meeting-item"
    >
      <Link to={`/h5/vote/${m.id}`} className="rp-h5-stretch" style={{ fontWeight: 600 }}>
        {m.title}
      </Link>
      {m.status === 'open' ? <div style={{ fontSize: '0.85em', color: '#595959' }}>{nameOf(m.estateId)}</div> : null}
    </List.Item>
  );
  return (
    <>
      <header className="rp-h5-header">
        <h1>{t('h5.vote')}</h1>
        <div>{t('governance.h5.intro')}</div>
      </header>
      <div className="rp-h5-section" data-testid="vote-page">
        {list.isError ? (
          <ErrorBlock status="default" title={t('common.loadFailed')} description={(list.error as Error).message} />
        ) : list.isPending ? (
          <Skeleton.Paragraph lineCount={5} animated />
        ) : !list.data.length ? (
          <ErrorBlock
            status="empty"
            title={t('governance.h5.noMeetings')}
            description={t('governance.h5.noMeetingsText')}
          />
        ) : (
          <>
            <List mode="card" header={<h2 className="rp-h5-h2">{t('governance.h5.openMeetings')}</h2>}>
              {open.length ? open.map(item) : <List.Item>{t('governance.h5.noOpen')}</List.Item>}
            </List>
            {closed.length ? (
              <List mode="card" header={<h2 className="rp-h5-h2">{t('governance.h5.closedMeetings')}</h2>}>
                {closed.map(item)}
              </List>
            ) : null}
          </>
        )}
      </div>
    </>
  );
}
