import { useQueries, useQuery } from '@tanstack/react-query';
import { Collapse, List, Skeleton, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { get, type Page } from '../../app/api';
import { DisclosureArticle } from './disclosure-article';
import type { Bill, PublicDisclosure } from './disclosure-types';
import { formatFen } from './money';

const STATUS_COLOUR = { unpaid: 'danger', partial: 'warning', paid: 'success' } as const;

/**
 * 首页 of the residents' side, continued: the resident's own property-fee bills (GET /bills answers a resident with
 * its own dwellings' bills only) and each of its estates' three publics (the public disclosure, nothing personal).
 */
export function H5DisclosureSection({ estateIds }: { estateIds: string[] }) {
  const { t } = useTranslation();
  const bills = useQuery({
    queryKey: ['bills', 'mine'],
    queryFn: () => get<Page<Bill>>('/api/v1/bills', { pageSize: 50 }),
  });
  const publics = useQueries({
    queries: estateIds.map((id) => ({
      queryKey: ['public', 'estates', id, 'disclosure'],
      queryFn: () => get<PublicDisclosure>(`/api/public/estates/${id}/disclosure`),
    })),
  });
  const address = (b: Bill) =>
    b.unit
      ? t('dwelling.address', { building: b.building, unit: b.unit, number: b.number })
      : t('dwelling.addressNoUnit', { building: b.building, number: b.number });
  const owed = (bills.data?.items ?? []).reduce((s, b) => s + b.owedFen, 0);
  return (
    <div className="rp-h5-section">
      <List
        mode="card"
        data-testid="my-bills"
        header={
          <h2 style={{ margin: 0, fontSize: 'inherit' }}>
            {t('disclosure.h5.myBills')}
            {owed > 0 ? (
              <span style={{ fontWeight: 'normal' }}>
                {' '}
                · {t('disclosure.h5.owedTotal', { amount: formatFen(owed) })}
              </span>
            ) : null}
          </h2>
        }
      >
        {bills.isPending ? (
          <List.Item>
            <Skeleton.Paragraph lineCount={2} animated />
          </List.Item>
        ) : !bills.data?.items.length ? (
          <List.Item>{t('disclosure.h5.noBills')}</List.Item>
        ) : (
          bills.data.items.map((b) => (
            <List.Item
              key={b.id}
              description={t('disclosure.h5.billLine', {
                amount: formatFen(b.amountFen),
                paid: formatFen(b.paidFen),
                owed: formatFen(b.owedFen),
              })}
              extra={
                <Tag color={STATUS_COLOUR[b.status]} fill="outline">
                  {t(`enum.billStatus.${b.status}`)}
                </Tag>
              }
            >
              {b.period} · {address(b)}
            </List.Item>
          ))
        )}
      </List>
      {publics.map((q, i) =>
        q.data ? (
          <div className="rp-h5-publics" key={estateIds[i]} data-testid="h5-publics">
            <Collapse defaultActiveKey={i === 0 ? ['p'] : []}>
              <Collapse.Panel
                key="p"
                title={
                  <h2 style={{ margin: 0, fontSize: 'inherit' }}>
                    {t('disclosure.h5.publicsOf', { name: q.data.estate.name })}
                  </h2>
                }
              >
                <DisclosureArticle data={q.data} level={3} />
                <a href={`/public/estates/${estateIds[i]}`}>{t('disclosure.h5.openPublic')}</a>
              </Collapse.Panel>
            </Collapse>
          </div>
        ) : q.isPending ? (
          <Skeleton.Paragraph key={estateIds[i]} lineCount={3} animated />
        ) : null,
      )}
    </div>
  );
}
