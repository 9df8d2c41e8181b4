import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { fenToYuan } from '@rp/contract';
import { Button, Card, Empty, Form, Input, Skeleton, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useUser } from '../../app/auth';
import { OrgTreeSelect } from '../../app/components/org-tree-select';
import { PageHeader } from '../../app/components/page-header';
import { RateText } from '../../app/components/rate-text';
import { LoadError } from '../../app/components/status-pages';
import { formatInt } from '../../app/format';
import { can } from '../../app/permissions';
import { useTableSort } from '../../app/use-list-state';
import { EstatePicker, useChosenEstate } from '../governance/estate-choice';
import { ExactRate } from '../governance/exact-rate';
import { BillingPeriodModal } from './billing-period-modal';
import type { BillingPeriod } from './disclosure-types';
import { FeeRateCards } from './fee-rate-cards';
import { FeeTrendChart } from './fee-trend-chart';
import { useBillingPeriods, useFeeStats, useFeeTrend } from './fees-queries';
import { formatFen } from './money';
import { MoneyText } from './money-text';
import './disclosure.css';

const h2 = (text: string) => <h2 style={{ fontSize: 16, margin: 0 }}>{text}</h2>;

/** 物业费: collection rates and their trend for a scope and period, and the billing periods (SPEC R-44). */
export function FeesPage() {
  const { t } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const [estateId, setEstateId] = useChosenEstate();
  const [sp, setSp] = useSearchParams();
  const orgUnitId = estateId ? undefined : (sp.get('orgUnitId') ?? undefined);
  const period = sp.get('period') ?? undefined;
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [billing, setBilling] = useState(false);
  const staff = can(user.role, 'readStaffOnly');
  const scope = { estateId, orgUnitId };
  const stats = useFeeStats(scope, period);
  const trend = useFeeTrend(scope);
  const sorting = useTableSort();
  const periods = useBillingPeriods({ ...scope, period, ...page, ...(sorting.sort ? { sort: sorting.sort } : {}) });
  const setParam = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(sp);
    if (v) next.set(k, v);
    else next.delete(k);
    setSp(next, { replace: true });
  };
  const mayBill = can(user.role, 'billFees');

  return (
    <>
      <PageHeader
        title={t('disclosure.feesTitle')}
        sub={t('disclosure.feesSub')}
        extra={
          <>
            {staff ? (
              <Form layout="inline">
                <Form.Item label={t('governance.scope')} htmlFor="fees-scope" style={{ margin: 0 }}>
                  <OrgTreeSelect
                    id="fees-scope"
                    value={orgUnitId}
                    placeholder={t('dashboard.scopeAll')}
                    onChange={(v) => {
                      const next = new URLSearchParams(sp);
                      next.delete('estateId');
                      if (v) next.set('orgUnitId', v);
                      else next.delete('orgUnitId');
                      setSp(next, { replace: true });
                    }}
                  />
                </Form.Item>
              </Form>
            ) : null}
            <EstatePicker value={estateId} onChange={setEstateId} />
            <Form layout="inline">
              <Form.Item label={t('disclosure.period')} htmlFor="fees-period" style={{ margin: 0 }}>
                <Input.Search
                  id="fees-period"
                  allowClear
                  defaultValue={period}
                  placeholder={t('disclosure.allPeriods')}
                  style={{ width: 170 }}
                  maxLength={7}
                  onSearch={(v) => setParam('period', v.trim() || undefined)}
                />
              </Form.Item>
            </Form>
          </>
        }
      />
      {stats.isError ? (
        <LoadError error={stats.error} onRetry={() => void stats.refetch()} />
      ) : (
        <FeeRateCards stats={stats.data} loading={stats.isPending} />
      )}
      <Card title={h2(t('disclosure.trend'))} style={{ marginTop: 16 }}>
        <Typography.Paragraph type="secondary">{t('disclosure.trendQuestion')}</Typography.Paragraph>
        {trend.isError ? (
          <LoadError error={trend.error} />
        ) : trend.isPending ? (
          <Skeleton active paragraph={{ rows: 5 }} />
        ) : trend.data.length ? (
          <FeeTrendChart points={trend.data} />
        ) : (
          <Empty description={t('disclosure.noBilling')} />
        )}
      </Card>
      <Card
        title={h2(t('disclosure.periods'))}
        style={{ marginTop: 16 }}
        extra={
          <Space>
            <Button
              onClick={() => navigate(`/fees/bills${estateId ? `?estateId=${estateId}` : ''}`)}
              data-testid="bills-link"
            >
              {t('disclosure.billsLedger')}
            </Button>
            {mayBill && estateId ? (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setBilling(true)}
                data-testid="billing-create"
              >
                {t('disclosure.createBilling')}
              </Button>
            ) : null}
          </Space>
        }
      >
        {mayBill && !estateId ? (
          <Typography.Paragraph type="secondary">{t('disclosure.pickEstateToBill')}</Typography.Paragraph>
        ) : null}
        {periods.isError ? (
          <LoadError error={periods.error} onRetry={() => void periods.refetch()} />
        ) : (
          <Table<BillingPeriod>
            rowKey="id"
            data-testid="periods-table"
            className="rp-table-nowrap"
            loading={periods.isFetching}
            dataSource={periods.data?.items}
            scroll={{ x: 'max-content' }}
            onChange={(pg, f, sorter, extra) => {
              if (extra.action === 'sort') setPage({ page: 1, pageSize: page.pageSize });
              sorting.onTableChange(pg, f, sorter, extra);
            }}
            pagination={{
              current: page.page,
              pageSize: page.pageSize,
              total: periods.data?.total ?? 0,
              showSizeChanger: true,
              showTotal: (n) => t('common.total', { total: n }),
              onChange: (p, s) => setPage({ page: s !== page.pageSize ? 1 : p, pageSize: s }),
            }}
            columns={[
              ...(estateId
                ? []
                : [
                    {
                      title: t('governance.estate'),
                      dataIndex: 'estateName',
                      ...sorting.sortColumn('estateName'),
                      render: (_: unknown, p: BillingPeriod) => (
                        <Link to={`/fees?estateId=${p.estateId}`}>{p.estateName}</Link>
                      ),
                    },
                  ]),
              { title: t('disclosure.period'), dataIndex: 'period', ...sorting.sortColumn('period') },
              {
                title: t('disclosure.kind'),
                dataIndex: 'kind',
                render: (k: BillingPeriod['kind']) => t(`enum.periodKind.${k}`),
              },
              { title: t('disclosure.months'), dataIndex: 'months', align: 'right' },
              {
                title: t('disclosure.unitPrice'),
                dataIndex: 'unitPriceFenPerM2Month',
                align: 'right',
                render: (v: number) => (
                  <span className="rp-num">
                    {fenToYuan(v)} {t('enum.feeUnit.m2_month')}
                  </span>
                ),
              },
              { title: t('disclosure.bills'), dataIndex: 'bills', align: 'right', render: formatInt },
              {
                title: t('disclosure.billed'),
                dataIndex: 'billedFen',
                ...sorting.sortColumn('billedFen'),
                align: 'right',
                render: (v: number) => <MoneyText fen={v} />,
              },
              {
                title: t('disclosure.paid'),
                dataIndex: 'paidFen',
                align: 'right',
                render: (v: number) => <MoneyText fen={v} />,
              },
              {
                title: t('disclosure.rateByAmount'),
                key: 'rateA',
                align: 'right',
                render: (_, p) => (
                  <ExactRate
                    num={BigInt(p.paidFen)}
                    den={BigInt(p.billedFen)}
                    numText={formatFen(p.paidFen)}
                    denText={formatFen(p.billedFen)}
                  />
                ),
              },
              {
                title: t('disclosure.rateByHousehold'),
                key: 'rateH',
                align: 'right',
                render: (_, p) => <RateText num={p.paidBills} den={p.bills} />,
              },
              {
                title: t('common.actions'),
                key: 'actions',
                render: (_, p) => (
                  <Space>
                    <Link to={`/fees/bills?estateId=${p.estateId}&billingPeriodId=${p.id}`}>
                      {t('disclosure.viewBills')}
                    </Link>
                    {mayBill ? (
                      <Link to={`/fees/import/${p.id}`} data-testid="payment-import-link">
                        <UploadOutlined aria-hidden /> {t('disclosure.importPayments')}
                      </Link>
                    ) : null}
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Card>
      {billing && estateId ? (
        <BillingPeriodModal estateId={estateId} open={billing} onClose={() => setBilling(false)} />
      ) : null}
    </>
  );
}
