import { useQueries, useQuery } from '@tanstack/react-query';
import { ErrorBlock, List, Skeleton, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { get, type Page } from '../../app/api';
import { useUser } from '../../app/auth';
import { twoDecimals } from '../../app/format';
import type { Dwelling, EstateDetail } from '../../app/types';
import { H5DisclosureSection } from '../disclosure/h5-disclosure-section';
import type { Issue } from '../issues/issue-types';

/**
 * 待评价: the resident's own resolved issues waiting for their confirmation and rating (SPEC R-14), each opening its
 * rating page; anonymous ones are closed off by the community and are not listed.
 */
function ToRate() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const res = useQuery({
    queryKey: ['issues', 'mine', 'resolved'],
    queryFn: () => get<Page<Issue>>('/api/v1/issues', { mine: 'true', status: 'resolved', pageSize: 20 }),
  });
  const items = (res.data?.items ?? []).filter((i) => !i.anonymous);
  if (!items.length) return null;
  return (
    <List
      mode="card"
      header={<h2 style={{ margin: 0, fontSize: 'inherit' }}>{t('h5.toRate', { count: items.length })}</h2>}
      data-testid="h5-to-rate"
    >
      {items.map((i) => (
        <List.Item key={i.id} arrow onClick={() => navigate(`/h5/issues/${i.id}/rate`)} description={i.code}>
          {i.title}
        </List.Item>
      ))}
    </List>
  );
}

/** 首页: what waits for the resident's rating, and their own dwellings, grouped by estate (GET /me/dwellings). */
export function H5Home() {
  const { t } = useTranslation();
  const user = useUser();
  const resident = user.role === 'resident';
  const mine = useQuery({
    queryKey: ['me', 'dwellings'],
    queryFn: () => get<Dwelling[]>('/api/v1/me/dwellings'),
    enabled: resident,
  });
  const estateIds = [...new Set((mine.data ?? []).map((d) => d.estateId))];
  // The dwellings answer carries only the estate id; the names come from the estates themselves.
  const estates = useQueries({
    queries: estateIds.map((id) => ({
      queryKey: ['estates', id],
      queryFn: () => get<EstateDetail>(`/api/v1/estates/${id}`),
    })),
  });
  const nameOf = (id: string) => estates.find((e) => e.data?.id === id)?.data?.name ?? '';
  const address = (d: Dwelling) =>
    d.unit
      ? t('dwelling.address', { building: d.building, unit: d.unit, number: d.number })
      : t('dwelling.addressNoUnit', { building: d.building, number: d.number });

  return (
    <>
      <header className="rp-h5-header">
        <h1>{t('h5.greeting', { name: user.displayName })}</h1>
        <div>{t('app.tagline')}</div>
      </header>
      <div className="rp-h5-section">
        {resident ? <ToRate /> : null}
        {!resident ? (
          <ErrorBlock status="empty" title={t('common.comingSoon')} description={t('h5.volunteerHome')} />
        ) : mine.isPending ? (
          <Skeleton.Paragraph lineCount={4} animated />
        ) : !mine.data?.length ? (
          <ErrorBlock status="empty" title={t('h5.myDwellings')} description={t('h5.noDwellings')} />
        ) : (
          estateIds.map((id) => (
            <List
              key={id}
              header={<h2 style={{ margin: 0, fontSize: 'inherit' }}>{nameOf(id) || t('h5.myDwellings')}</h2>}
              mode="card"
              data-testid="my-dwellings"
            >
              {mine.data
                .filter((d) => d.estateId === id)
                .map((d) => (
                  <List.Item
                    key={d.id}
                    description={t('format.area', { value: twoDecimals(d.areaM2) })}
                    extra={
                      <Tag color={d.delivered ? 'success' : 'default'} fill="outline">
                        {d.delivered ? t('dwelling.deliveredYes') : t('dwelling.deliveredNo')}
                      </Tag>
                    }
                  >
                    {address(d)}
                  </List.Item>
                ))}
            </List>
          ))
        )}
      </div>
      {resident && estateIds.length ? <H5DisclosureSection estateIds={estateIds} /> : null}
    </>
  );
}
