import { ApartmentOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Breadcrumb } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get } from '../api';
import { ORG_BOUND_ROLES } from '../permissions';
import { useEstate, useOrgUnit } from '../queries';
import type { Company, Crumb, User } from '../types';
import { type Trail, useCurrentTrail } from './scope-trail';

/** The account's own place in the hierarchy, shown when the page has not set one. */
function useAccountTrail(user: User): Trail | null {
  const unit = useOrgUnit(user.scope.orgUnitId);
  const estate = useEstate(user.role === 'committee' ? user.scope.estateId : null);
  const company = useQuery({
    queryKey: ['companies', user.scope.companyId, 'name'],
    queryFn: () => get<Company>(`/api/v1/companies/${user.scope.companyId}`),
    enabled: user.role === 'company' && !!user.scope.companyId,
  });
  if (unit.data) return { crumbs: unit.data.breadcrumb };
  if (estate.data)
    return {
      crumbs: estate.data.breadcrumb,
      leaf: { name: estate.data.name, href: `/estates/${estate.data.id}` },
    };
  if (company.data) return { crumbs: [], leaf: { name: company.data.name, href: `/companies/${company.data.id}` } };
  return null;
}

/** Whether the account may open an org unit of the trail: org-bound roles only inside their own subtree. */
function mayOpen(user: User, crumbs: Crumb[], index: number): boolean {
  if (!ORG_BOUND_ROLES.includes(user.role)) return true;
  const own = crumbs.findIndex((c) => c.id === user.scope.orgUnitId);
  return own >= 0 && index >= own;
}

/** The top bar's scope breadcrumb: 市 › 区 › 街道 › 社区 › 小区, each level a link where the account may go. */
export function ScopeBreadcrumb({ user }: { user: User }) {
  const { t } = useTranslation();
  const pageTrail = useCurrentTrail();
  const accountTrail = useAccountTrail(user);
  const trail = pageTrail ?? accountTrail;
  const items: { key: string; title: React.ReactNode }[] = [
    {
      key: 'scope',
      title: (
        <span>
          <ApartmentOutlined aria-hidden /> <span className="rp-visually-hidden">{t('nav.scope')}</span>
        </span>
      ),
    },
  ];
  if (!trail || (!trail.crumbs.length && !trail.leaf)) items.push({ key: 'all', title: t('nav.allScope') });
  else {
    trail.crumbs.forEach((c, i) => {
      const label = (
        <span key={c.id} title={t(`enum.orgKind.${c.kind}`)}>
          {c.name}
        </span>
      );
      items.push({
        key: c.id,
        title: mayOpen(user, trail.crumbs, i) ? <Link to={`/org/${c.id}`}>{label}</Link> : label,
      });
    });
    if (trail.leaf)
      items.push({
        key: 'leaf',
        title: trail.leaf.href ? <Link to={trail.leaf.href}>{trail.leaf.name}</Link> : trail.leaf.name,
      });
  }
  return <Breadcrumb aria-label={t('nav.scope')} data-testid="scope-breadcrumb" separator="›" items={items} />;
}
