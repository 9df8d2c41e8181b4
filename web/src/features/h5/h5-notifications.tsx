import { Badge, Button, List } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { formatDateTime } from '../../app/format';
import type { NotificationItem } from '../issues/issue-types';
import { noticeText } from '../issues/notice-text';
import { useNotificationActions, useNotifications } from '../issues/notification-bell';

/** 消息通知 on 我的: what happened to the resident's issues (resolved, not accepted, merged), newest first. */
export function H5Notifications() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const res = useNotifications();
  const { read, readAll } = useNotificationActions();
  const items = res.data?.items ?? [];
  const unread = res.data?.unread ?? 0;
  const open = (n: NotificationItem) => {
    if (!n.readAt) read.mutate(n.id);
    if (n.entity === 'issue' && n.entityId) navigate(`/h5/issues/${n.entityId}`);
  };
  return (
    <List
      mode="card"
      header={
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
          <h2 style={{ margin: 0, fontSize: 'inherit' }}>
            {unread ? t('h5.notificationsUnread', { count: unread }) : t('h5.notifications')}
          </h2>
          {unread ? (
            <Button
              size="mini"
              fill="none"
              color="primary"
              loading={readAll.isPending}
              onClick={() => readAll.mutate()}
              data-testid="h5-notifications-read-all"
            >
              {t('h5.markAllRead')}
            </Button>
          ) : null}
        </div>
      }
      data-testid="h5-notifications"
    >
      {items.length ? (
        items.slice(0, 20).map((n) => {
          const text = noticeText(t, n);
          return (
            <List.Item
              key={n.id}
              onClick={() => open(n)}
              prefix={n.readAt ? null : <Badge content={Badge.dot} aria-hidden />}
              description={
                <>
                  <div>{text.body}</div>
                  <div style={{ fontSize: '0.85em' }}>{formatDateTime(n.createdAt)}</div>
                </>
              }
              data-testid="h5-notification"
              data-unread={!n.readAt}
            >
              <span style={{ fontWeight: n.readAt ? 'normal' : 600 }}>
                {text.title}
                {n.readAt ? null : <span className="rp-visually-hidden"> ({t('issues.notifications.unread')})</span>}
              </span>
            </List.Item>
          );
        })
      ) : (
        <List.Item>{res.isLoading ? '…' : t('h5.noNotifications')}</List.Item>
      )}
    </List>
  );
}
