import { ExclamationCircleOutlined, RightOutlined } from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, ErrorBlock, Skeleton } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get, type Page } from '../../app/api';
import { formatDateTime } from '../../app/format';
import { useCategoryNames } from '../issues/issue-queries';
import type { Issue } from '../issues/issue-types';
import { H5Header, H5StatusTag } from './h5-issue-common';

const PAGE = 20;

/** 我的诉求: the issues this account reported (GET /issues?mine=true), newest first, with their status. */
export function H5MyIssues() {
  const { t } = useTranslation();
  const names = useCategoryNames();
  const res = useInfiniteQuery({
    queryKey: ['issues', 'mine'],
    queryFn: ({ pageParam }) => get<Page<Issue>>('/api/v1/issues', { mine: 'true', page: pageParam, pageSize: PAGE }),
    initialPageParam: 1,
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
  });
  // The server lists ledgers overdue-first; a resident follows their own reports by date.
  const items = (res.data?.pages.flatMap((p) => p.items) ?? []).sort((a, b) =>
    b.reportedAt.localeCompare(a.reportedAt),
  );
  const waiting = items.filter((i) => i.allowedActions.includes('confirm')).length;

  return (
    <>
      <H5Header
        title={t('h5.myIssues')}
        sub={res.data ? t('issues.h5.mineCount', { count: res.data.pages[0].total }) : null}
      />
      <div className="rp-h5-section">
        {waiting ? (
          <p className="rp-h5-card" role="status" style={{ margin: '0 0 12px', fontWeight: 600 }}>
            {t('issues.h5.waitingRating', { count: waiting })}
          </p>
        ) : null}
        {res.isPending ? (
          <Skeleton.Paragraph lineCount={6} animated />
        ) : res.isError ? (
          <ErrorBlock status="default" title={t('common.loadFailed')} description={res.error.message} />
        ) : !items.length ? (
          <ErrorBlock status="empty" title={t('issues.h5.noIssues')} description={t('issues.h5.noIssuesHelp')} />
        ) : (
          <ul className="rp-choice-list" data-testid="h5-my-issues">
            {items.map((i) => (
              <li key={i.id}>
                <Link to={`/h5/issues/${i.id}`} className="rp-choice" data-testid="h5-issue-item" data-code={i.code}>
                  <span className="rp-choice-main">
                    <span className="rp-issue-item-title">{i.title}</span>
                    <span className="rp-issue-meta">
                      <H5StatusTag status={i.status} />
                      <span className="rp-num">{i.code}</span>
                      <span>{names.leaf(i.category)}</span>
                      <span className="rp-num">{formatDateTime(i.reportedAt)}</span>
                      {i.overdue ? (
                        <span style={{ color: '#a3121a', fontWeight: 600 }}>
                          <ExclamationCircleOutlined aria-hidden /> {t('enum.overdue')}
                        </span>
                      ) : null}
                      {i.allowedActions.includes('confirm') ? (
                        <span style={{ color: '#a3121a', fontWeight: 600 }}>{t('issues.h5.pleaseRate')}</span>
                      ) : null}
                    </span>
                  </span>
                  <RightOutlined aria-hidden />
                </Link>
              </li>
            ))}
          </ul>
        )}
        {res.hasNextPage ? (
          <div className="rp-h5-actions">
            <Button block onClick={() => void res.fetchNextPage()} loading={res.isFetchingNextPage}>
              {t('issues.h5.more')}
            </Button>
          </div>
        ) : null}
      </div>
    </>
  );
}
