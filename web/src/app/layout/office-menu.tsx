import {
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  DashboardOutlined,
  FlagOutlined,
  HomeOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { MenuProps } from 'antd';
import type { TFunction } from 'i18next';
import { Link } from 'react-router';
import { governanceMenuGroup } from '../../features/governance/governance-menu';
import { issueMenuGroup, issueMenuKey, issueSystemItems } from '../../features/issues/issue-menu';
import { can } from '../permissions';
import type { Role } from '../types';

type Item = Required<MenuProps>['items'][number];

const link = (to: string, label: string) => (
  <Link to={to} data-testid={`menu-${to.slice(1) || 'dashboard'}`}>
    {label}
  </Link>
);

/** The back-office menu for a role (UI.md): groups 工作台, 基础台账, 系统管理; what the role cannot use is left out. */
export function officeMenu(role: Role, t: TFunction): Item[] {
  const registry: Item[] = [
    { key: '/org', icon: <ApartmentOutlined />, label: link('/org', t('nav.orgUnits')) },
    { key: '/estates', icon: <HomeOutlined />, label: link('/estates', t('nav.estates')) },
    { key: '/companies', icon: <BankOutlined />, label: link('/companies', t('nav.companies')) },
  ];
  if (can(role, 'readOwners'))
    registry.push({ key: '/owners', icon: <UserOutlined />, label: link('/owners', t('nav.owners')) });
  if (can(role, 'readStaffOnly'))
    registry.push({ key: '/party-orgs', icon: <FlagOutlined />, label: link('/party-orgs', t('nav.partyOrgs')) });

  const system: Item[] = [];
  if (can(role, 'manageAccounts'))
    system.push({ key: '/accounts', icon: <TeamOutlined />, label: link('/accounts', t('nav.accounts')) });
  system.push(...issueSystemItems(role, t));
  if (can(role, 'audit'))
    system.push({ key: '/audit', icon: <AuditOutlined />, label: link('/audit', t('nav.audit')) });

  const issueGroup = issueMenuGroup(role, t);
  const governanceGroup = governanceMenuGroup(role, t);
  const items: Item[] = [
    {
      type: 'group',
      key: 'g-workbench',
      label: t('nav.workbench'),
      children: [{ key: '/', icon: <DashboardOutlined />, label: link('/', t('nav.dashboard')) }],
    },
    ...(issueGroup ? [issueGroup] : []),
    ...(governanceGroup ? [governanceGroup] : []),
    { type: 'group', key: 'g-registry', label: t('nav.registry'), children: registry },
  ];
  if (system.length)
    items.push({
      type: 'group',
      key: 'g-system',
      label: t('nav.system'),
      children: system,
    });
  return items;
}

/** The menu key of a path: its first segment (a ledger's: its first two). */
export function menuKeyOf(pathname: string): string {
  const issueKey = issueMenuKey(pathname);
  if (issueKey) return issueKey;
  const first = pathname.split('/').filter(Boolean)[0];
  return first ? `/${first}` : '/';
}
