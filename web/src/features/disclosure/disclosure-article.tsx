import { fenToYuan } from '@rp/contract';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime } from '../../app/format';
import { exactPercent } from '../governance/exact';
import type { PublicDisclosure } from './disclosure-types';
import { formatFen } from './money';
import './disclosure-article.css';

/** A rate with its fraction, readable on paper and on a phone (no hover needed). */
function Rate({ num, den, numText, denText }: { num: number; den: number; numText: string; denText: string }) {
  const { t } = useTranslation();
  const fraction = t('format.fraction', { num: numText, den: denText });
  return (
    <span className="rp-num">
      <strong>{exactPercent(num, den) ?? t('format.noRate')}</strong> <span className="rp-muted">({fraction})</span>
    </span>
  );
}

/**
 * The three publics of an estate (SPEC R-43) as an article: company selection, fees and collection, committee
 * finances. Plain elements so it prints well and reads on a phone; shared by the public portal and the H5 home.
 */
export function DisclosureArticle({ data, level = 2 }: { data: PublicDisclosure; level?: 2 | 3 }) {
  const { t } = useTranslation();
  const H = level === 2 ? 'h2' : 'h3';
  const { selection: s, fees: f, collection: c, finances } = data;
  return (
    <div className="rp-disclosure" data-testid="disclosure-article">
      <section data-testid="public-selection">
        <H>{t('disclosure.public.selection')}</H>
        {s ? (
          <>
            <dl className="rp-dl">
              <dt>{t('disclosure.method')}</dt>
              <dd>{t(`enum.selectionMethod.${s.method}`)}</dd>
              <dt>{t('estate.company')}</dt>
              <dd>{s.companyName}</dd>
              <dt>{t('disclosure.contract')}</dt>
              <dd>
                {t('disclosure.dateRange', { from: formatDate(s.contractStartsOn), to: formatDate(s.contractEndsOn) })}
              </dd>
              {s.decidedOn ? (
                <>
                  <dt>{t('disclosure.decidedOn')}</dt>
                  <dd>{formatDate(s.decidedOn)}</dd>
                </>
              ) : null}
              {s.meeting ? (
                <>
                  <dt>{t('disclosure.meeting')}</dt>
                  <dd>
                    {s.meeting.title}
                    {s.meeting.closedAt
                      ? ` · ${t('disclosure.public.closedAt', { time: formatDateTime(s.meeting.closedAt) })}`
                      : ''}
                  </dd>
                </>
              ) : null}
            </dl>
            <p className="rp-pre">{s.description}</p>
            {s.tenderResult ? (
              <p className="rp-pre">
                <strong>{t('disclosure.tenderResult')}</strong> {s.tenderResult}
              </p>
            ) : null}
          </>
        ) : (
          <p className="rp-muted">{t('disclosure.public.notYet')}</p>
        )}
      </section>
      <section data-testid="public-fees">
        <H>{t('disclosure.public.fees')}</H>
        {f ? (
          <>
            <div className="rp-table-scroll">
              <table className="rp-table rp-table-stack">
                <thead>
                  <tr>
                    <th scope="col">{t('disclosure.feeItem')}</th>
                    <th scope="col" className="rp-right">
                      {t('disclosure.standard')}
                    </th>
                    <th scope="col">{t('common.note')}</th>
                  </tr>
                </thead>
                <tbody>
                  {f.items.map((i) => (
                    <tr key={`${i.name}-${i.unit}`}>
                      <td data-label={t('disclosure.feeItem')}>{i.name}</td>
                      <td className="rp-right rp-num" data-label={t('disclosure.standard')}>
                        {fenToYuan(i.standardFen)} {t(`enum.feeUnit.${i.unit}`)}
                      </td>
                      <td data-label={t('common.note')}>{i.note ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <dl className="rp-dl">
              <dt>{t('disclosure.serviceContent')}</dt>
              <dd className="rp-pre">{f.serviceContent}</dd>
              {f.serviceStandard ? (
                <>
                  <dt>{t('disclosure.serviceStandard')}</dt>
                  <dd className="rp-pre">{f.serviceStandard}</dd>
                </>
              ) : null}
              <dt>{t('disclosure.hotline')}</dt>
              <dd>
                <a href={`tel:${f.complaintHotline.replace(/[^0-9+]/g, '')}`} data-testid="public-hotline">
                  {f.complaintHotline}
                </a>
              </dd>
            </dl>
          </>
        ) : (
          <p className="rp-muted">{t('disclosure.public.notYet')}</p>
        )}
        {c ? (
          <div className="rp-collection" data-testid="public-collection">
            <strong>{t('disclosure.public.collection', { period: c.period })}</strong>
            <dl className="rp-dl">
              <dt>{t('disclosure.rateByAmount')}</dt>
              <dd>
                <Rate
                  num={c.paidFen}
                  den={c.billedFen}
                  numText={formatFen(c.paidFen)}
                  denText={formatFen(c.billedFen)}
                />
              </dd>
              <dt>{t('disclosure.rateByHousehold')}</dt>
              <dd>
                <Rate
                  num={c.paidHouseholds}
                  den={c.households}
                  numText={String(c.paidHouseholds)}
                  denText={String(c.households)}
                />
              </dd>
            </dl>
          </div>
        ) : null}
      </section>
      <section data-testid="public-finances">
        <H>{t('disclosure.public.finances')}</H>
        <dl className="rp-dl rp-totals">
          <dt>{t('disclosure.income')}</dt>
          <dd className="rp-num">{formatFen(finances.incomeFen)}</dd>
          <dt>{t('disclosure.expense')}</dt>
          <dd className="rp-num">{formatFen(finances.expenseFen)}</dd>
          <dt>{t('disclosure.balance')}</dt>
          <dd className="rp-num" data-testid="public-balance">
            <strong>{formatFen(finances.balanceFen)}</strong>
          </dd>
        </dl>
        {finances.entries.length ? (
          <div className="rp-table-scroll">
            <table className="rp-table rp-table-stack">
              <thead>
                <tr>
                  <th scope="col">{t('common.date')}</th>
                  <th scope="col">{t('disclosure.entryKind')}</th>
                  <th scope="col" className="rp-right">
                    {t('disclosure.amount')}
                  </th>
                  <th scope="col">{t('disclosure.counterparty')}</th>
                  <th scope="col">{t('disclosure.purpose')}</th>
                  <th scope="col">{t('disclosure.attachment')}</th>
                </tr>
              </thead>
              <tbody>
                {finances.entries.map((e, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: public entries carry no id; the list is read-only
                  <tr key={`${e.date}-${i}`}>
                    <td className="rp-nowrap" data-label={t('common.date')}>
                      {formatDate(e.date)}
                    </td>
                    <td data-label={t('disclosure.entryKind')}>{t(`enum.financeKind.${e.kind}`)}</td>
                    <td className="rp-right rp-num rp-nowrap" data-label={t('disclosure.amount')}>
                      {formatFen(e.kind === 'expense' ? -e.amountFen : e.amountFen)}
                    </td>
                    <td data-label={t('disclosure.counterparty')}>{e.counterparty}</td>
                    <td data-label={t('disclosure.purpose')}>
                      {e.reversal ? t('disclosure.reversal.markReversal') : ''}
                      {e.reversed ? t('disclosure.reversal.markReversed') : ''}
                      {e.purpose}
                    </td>
                    <td data-label={t('disclosure.attachment')}>
                      {e.attachment ? t('disclosure.public.hasReceipt') : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="rp-muted">{t('disclosure.public.noEntries')}</p>
        )}
      </section>
    </div>
  );
}
