import {
  CommentOutlined,
  FileSearchOutlined,
  HeartOutlined,
  HomeOutlined,
  ScheduleOutlined,
  SolutionOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import type { Role } from '../../app/types';
import { useNotifications } from '../issues/notification-bell';

type TabLabel = `h5.${'home' | 'speak' | 'myIssues' | 'orders' | 'vote' | 'volunteer' | 'me'}`;

/** The tabs of the residents' side (UI.md); volunteers get 接单 (orders) instead of 投票 (vote). */
export function h5Tabs(role: Role): { to: string; key: string; icon: React.ReactNode; label: TabLabel }[] {
  return [
    { to: '/h5', key: 'home', icon: <HomeOutlined />, label: 'h5.home' },
    { to: '/h5/speak', key: 'speak', icon: <CommentOutlined />, label: 'h5.speak' },
    { to: '/h5/issues', key: 'issues', icon: <FileSearchOutlined />, label: 'h5.myIssues' },
    role === 'volunteer'
      ? { to: '/h5/orders', key: 'orders', icon: <SolutionOutlined />, label: 'h5.orders' }
      : { to: '/h5/vote', key: 'vote', icon: <ScheduleOutlined />, label: 'h5.vote' },
    { to: '/h5/volunteer', key: 'volunteer', icon: <HeartOutlined />, label: 'h5.volunteer' },
    { to: '/h5/me', key: 'me', icon: <UserOutlined />, label: 'h5.me' },
  ];
}

/**
 * The bottom tab bar, styled after antd-mobile's TabBar but built from links, so every tab is reachable by keyboard
 * and announced as navigation (antd-mobile's TabBar items are not focusable).
 */
export function H5TabBar({ role }: { role: Role }) {
  const { t } = useTranslation();
  const unread = useNotifications().data?.unread ?? 0;
  return (
    <nav className="rp-tabbar" aria-label={t('h5.tabs')} data-testid="h5-tabbar">
      {h5Tabs(role).map((tab) => (
        <NavLink key={tab.key} to={tab.to} end={tab.to === '/h5'} data-testid={`tab-${tab.key}`}>
          <span aria-hidden className="rp-tab-icon">
            {tab.icon}
            {tab.key === 'me' && unread ? (
              <span className="rp-tab-badge" data-testid="tab-me-unread">
                {unread > 99 ? '99+' : unread}
              </span>
            ) : null}
          </span>
          <span>{t(tab.label)}</span>
          {tab.key === 'me' && unread ? (
            <span className="rp-visually-hidden">{t('h5.notificationsUnread', { count: unread })}</span>
          ) : null}
        </NavLink>
      ))}
    </nav>
  );
}
