import {
  BarChartOutlined,
  CalendarOutlined,
  ClockCircleOutlined,
  FileAddOutlined,
  ProfileOutlined,
  TagsOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import type { MenuProps } from 'antd';
import type { TFunction } from 'i18next';
import { Link } from 'react-router';
import { can } from '../../app/permissions';
import type { Role } from '../../app/types';
import { ledgerLevelsOf } from './issue-types';

type Item = Required<MenuProps>['items'][number];

const link = (to: string, label: string) => (
  <Link to={to} data-testid={`menu-${to.slice(1).replace(/\//g, '-')}`}>
    {label}
  </Link>
);

/** The menu group 百姓说事 for a role: intake, the ledgers the role works at, all issues, statistics. */
export function issueMenuGroup(role: Role, t: TFunction): Item | null {
  const children: Item[] = [];
  if (can(role, 'issueIntake'))
    children.push({
      key: '/issue-intake',
      icon: <FileAddOutlined />,
      label: link('/issue-intake', t('issues.nav.intake')),
    });
  if (can(role, 'issueLedgers'))
    for (const l of ledgerLevelsOf(role))
      children.push({
        key: `/ledgers/${l}`,
        icon: <ProfileOutlined />,
        label: link(`/ledgers/${l}`, t(`issues.nav.ledger.${l}`)),
      });
  if (can(role, 'issueRead'))
    children.push({ key: '/issues', icon: <UnorderedListOutlined />, label: link('/issues', t('issues.nav.all')) });
  if (can(role, 'issueStats'))
    children.push({
      key: '/issue-stats',
      icon: <BarChartOutlined />,
      label: link('/issue-stats', t('issues.nav.stats')),
    });
  return children.length ? { type: 'group', key: 'g-issues', label: t('issues.nav.group'), children } : null;
}

/** The 百姓说事 entries of 系统管理 (admin): working-day calendar, categories, deadlines. */
export function issueSystemItems(role: Role, t: TFunction): Item[] {
  if (!can(role, 'issueAdmin')) return [];
  return [
    { key: '/calendar', icon: <CalendarOutlined />, label: link('/calendar', t('issues.nav.calendar')) },
    { key: '/issue-categories', icon: <TagsOutlined />, label: link('/issue-categories', t('issues.nav.categories')) },
    { key: '/issue-settings', icon: <ClockCircleOutlined />, label: link('/issue-settings', t('issues.nav.settings')) },
  ];
}

/** The menu key of an issue path that the first segment does not identify (the three ledgers). */
export function issueMenuKey(pathname: string): string | null {
  const m = pathname.match(/^\/ledgers\/[a-z]+/);
  return m ? m[0] : null;
}
