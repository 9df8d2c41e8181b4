import { useQueries, useQuery } from '@tanstack/react-query';
import { ErrorBlock, List, Skeleton, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { get } from '../../app/api';
import { useUser } from '../../app/auth';
import { twoDecimals } from '../../app/format';
import type { Dwelling, EstateDetail } from '../../app/types';
import { H5DisclosureSection } from '../disclosure/h5-disclosure-section';

/** 首页: the resident's own dwellings, grouped by estate (GET /me/dwellings). */
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
