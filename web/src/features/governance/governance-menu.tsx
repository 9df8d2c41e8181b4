import {
  AccountBookOutlined,
  AuditOutlined,
  ClusterOutlined,
  ScheduleOutlined,
  SettingOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { MenuProps } from 'antd';
import type { TFunction } from 'i18next';
import { Link } from 'react-router';
import { can } from '../../app/permissions';
import type { Role } from '../../app/types';

type Item = Required<MenuProps>['items'][number];

const link = (to: string, label: string, testId: string) => (
  <Link to={to} data-testid={`menu-${testId}`}>
    {label}
  </Link>
);

/** The menu group 业主自治 (UI.md): committees, owners' meetings, fees, the three publics — what the role may use. */
export function governanceMenuGroup(role: Role, t: TFunction): Item | null {
  const children: Item[] = [];
  if (can(role, 'committeeStats'))
    children.push({
      key: '/committees',
      icon: <ClusterOutlined />,
      label: link('/committees', t('governance.nav.committees'), 'committees'),
    });
  if (role === 'committee')
    children.push({
      key: '/my-committee',
      icon: <TeamOutlined />,
      label: link('/my-committee', t('governance.nav.myCommittee'), 'my-committee'),
    });
  if (can(role, 'readMeetings'))
    children.push({
      key: '/meetings',
      icon: <ScheduleOutlined />,
      label: link('/meetings', t('governance.nav.meetings'), 'meetings'),
    });
  if (can(role, 'feeStats'))
    children.push({
      key: '/fees',
      icon: <AccountBookOutlined />,
      label: link('/fees', t('governance.nav.fees'), 'fees'),
    });
  if (can(role, 'readDisclosure'))
    children.push({
      key: '/publics',
      icon: <AuditOutlined />,
      label: link('/publics', t('governance.nav.publics'), 'publics'),
    });
  if (can(role, 'governanceSettings'))
    children.push({
      key: '/governance-settings',
      icon: <SettingOutlined />,
      label: link('/governance-settings', t('governance.nav.settings'), 'governance-settings'),
    });
  return children.length ? { type: 'group', key: 'g-governance', label: t('governance.nav.group'), children } : null;
}
