import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Empty, Flex, Popover, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { get, post } from '../../app/api';
import { formatDateTime } from '../../app/format';
import type { NotificationItem, NotificationList } from './issue-types';
import { noticeText } from './notice-text';

const KINDS = [
  'issue_assigned',
  'issue_escalated',
  'issue_overdue',
  'issue_reopened',
  'issue_resolved',
  'issue_resolved_sms',
  'issue_resolved_anonymous',
  'issue_rejected',
  'issue_merged',
] as const;

/** GET /notifications, refreshed every minute. */
export function useNotifications() {
  return useQuery({
    queryKey: ['notifications'],
    queryFn: () => get<NotificationList>('/api/v1/notifications'),
    refetchInterval: 60_000,
    staleTime: 30_000,
  });
}

/** Marking one notification, or all of the caller's, read; the list and counts refresh after either. */
export function useNotificationActions() {
  const qc = useQueryClient();
  const done = () => void qc.invalidateQueries({ queryKey: ['notifications'] });
  const read = useMutation({
    mutationFn: (id: string) => post<void>(`/api/v1/notifications/${id}/read`),
    onSuccess: done,
  });
  const readAll = useMutation({
    mutationFn: () => post<{ updated: number }>('/api/v1/notifications/read-all'),
    onSuccess: done,
  });
  return { read, readAll };
}

/** Where a notification leads: its issue, for now the only kind of entity that notifies. */
const hrefOf = (n: NotificationItem) => (n.entity === 'issue' && n.entityId ? `/issues/${n.entityId}` : null);

/** The top bar's bell: unread count, the latest notifications; opening one marks it read and goes to its issue. */
export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const res = useNotifications();
  const { read, readAll } = useNotificationActions();
  const items = res.data?.items ?? [];
  const unread = res.data?.unread ?? 0;
  const kindLabel = (k: string) =>
    (KINDS as readonly string[]).includes(k) ? t(`issues.notifications.kind.${k as (typeof KINDS)[number]}`) : k;

  const openOne = (n: NotificationItem) => {
    if (!n.readAt) read.mutate(n.id);
    setOpen(false);
    const href = hrefOf(n);
    if (href) navigate(href);
  };

  const content = (
    <div style={{ width: 360, maxHeight: 420, overflow: 'auto' }} data-testid="notifications">
      {items.length ? (
        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {items.slice(0, 30).map((n) => {
            const text = noticeText(t, n);
            return (
              <li key={n.id} style={{ borderBottom: '1px solid #f0f0f0' }}>
                <button
                  type="button"
                  className="rp-notification"
                  onClick={() => openOne(n)}
                  data-testid="notification"
                  data-unread={!n.readAt}
                  style={{
                    all: 'unset',
                    boxSizing: 'border-box',
                    display: 'block',
                    width: '100%',
                    padding: '8px 4px',
                    cursor: 'pointer',
                  }}
                >
                  <Flex justify="space-between" gap={8}>
                    <Typography.Text strong={!n.readAt}>
                      {n.readAt ? null : <Badge status="error" style={{ marginInlineEnd: 6 }} />}
                      {kindLabel(n.kind)}
                      {n.readAt ? null : (
                        <span className="rp-visually-hidden"> ({t('issues.notifications.unread')})</span>
                      )}
                    </Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                      {formatDateTime(n.createdAt)}
                    </Typography.Text>
                  </Flex>
                  <div style={{ fontSize: 13 }}>{text.title}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {text.body}
                  </Typography.Text>
                </button>
              </li>
            );
          })}
        </ul>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('issues.notifications.none')} />
      )}
    </div>
  );

  return (
    <Popover
      content={content}
      title={
        <Flex justify="space-between" align="center">
          <span>{t('issues.notifications.title')}</span>
          {unread ? (
            <Button
              type="link"
              size="small"
              loading={readAll.isPending}
              onClick={() => readAll.mutate()}
              data-testid="notifications-read-all"
            >
              {t('issues.notifications.markAllRead')}
            </Button>
          ) : null}
        </Flex>
      }
      trigger="click"
      open={open}
      onOpenChange={setOpen}
      placement="bottomRight"
    >
      <Button
        type="text"
        aria-label={t('issues.notifications.label', { count: unread })}
        data-testid="notification-bell"
        data-unread={unread}
        icon={
          <Badge count={unread} size="small" overflowCount={99}>
            <BellOutlined style={{ fontSize: 18 }} />
          </Badge>
        }
      />
    </Popover>
  );
}
