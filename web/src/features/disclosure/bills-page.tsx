import { BILL_STATUSES } from '@rp/contract';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Form, Input, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, type Page } from '../../app/api';
import { useUser } from '../../app/auth';
import { AreaText } from '../../app/components/area-text';
import { ExportButton } from '../../app/components/export-button';
import { FilterBar } from '../../app/components/filter-bar';
import { PageHeader } from '../../app/components/page-header';
import { LoadError } from '../../app/components/status-pages';
import { formatDateTime } from '../../app/format';
import { can } from '../../app/permissions';
import { useListState, useTableSort } from '../../app/use-list-state';
import { EstatePicker } from '../governance/estate-choice';
import { BillStatusTag } from './bill-status-tag';
import type { Bill, Payment } from './disclosure-types';
import { useBillingPeriods } from './fees-queries';
import { formatFen } from './money';
import { MoneyText } from './money-text';
import { PaymentModal } from './payment-modal';
import { ReversalModal, ReversalTag, reversalColumn } from './reversal-modal';
import './disclosure.css';

const DEFAULTS = { estateId: undefined, billingPeriodId: undefined, status: undefined, building: undefined } as {
  estateId?: string;
  billingPeriodId?: string;
  status?: string;
  building?: string;
};

/** The payments of one bill, shown when its row is expanded. */
function PaymentsOfBill({ billId, mayReverse }: { billId: string; mayReverse: boolean }) {
  const { t } = useTranslation();
  const [reversing, setReversing] = useState<Payment | null>(null);
  const sorting = useTableSort();
  const { sort } = sorting;
  const res = useQuery({
    queryKey: ['bills', billId, 'payments', sort],
    queryFn: () => get<Payment[]>(`/api/v1/bills/${billId}/payments`, { sort }),
    placeholderData: keepPreviousData,
  });
  if (res.isError) return <LoadError error={res.error} />;
  return (
    <>
      <Table<Payment>
        rowKey="id"
        size="small"
        loading={res.isPending}
        dataSource={res.data}
        pagination={false}
        onChange={sorting.onTableChange}
        locale={{ emptyText: t('disclosure.noPayments') }}
        columns={[
          {
            title: t('disclosure.paidAt'),
            dataIndex: 'paidAt',
            ...sorting.sortColumn('paidAt'),
            render: formatDateTime,
          },
          {
            title: t('disclosure.paymentAmount'),
            dataIndex: 'amountFen',
            ...sorting.sortColumn('amountFen'),
            align: 'right',
            render: (v: number) => <MoneyText fen={v} />,
          },
          {
            title: t('disclosure.source'),
            dataIndex: 'source',
            render: (s: Payment['source']) => t(`enum.paymentSource.${s}`),
          },
          {
            title: t('common.note'),
            dataIndex: 'note',
            render: (v: string | null, p) => (
              <>
                <ReversalTag reversesId={p.reversesId} reversed={p.reversed} reason={p.reversalReason} />
                {v}
              </>
            ),
          },
          ...reversalColumn<Payment>(t, mayReverse, setReversing, 'payment-reverse'),
        ]}
      />
      {reversing ? (
        <ReversalModal
          url={`/api/v1/payments/${reversing.id}/reverse`}
          what={t('disclosure.reversal.paymentWhat', {
            date: formatDateTime(reversing.paidAt),
            amount: formatFen(reversing.amountFen),
          })}
          invalidate={[['bills'], ['billing-periods'], ['stats', 'fees']]}
          onClose={() => setReversing(null)}
        />
      ) : null}
    </>
  );
}

/** 账单与欠费台账: bills of an estate or period, filtered by status, exportable; payments recorded here. */
export function BillsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const list = useListState(DEFAULTS, true);
  const fixed = user.role === 'committee' ? (user.scope.estateId ?? undefined) : undefined;
  const estateId = fixed ?? list.filters.estateId;
  const query = { ...list.query, estateId };
  const [paying, setPaying] = useState<Bill | null>(null);
  const res = useQuery({
    queryKey: ['bills', 'list', query],
    queryFn: () => get<Page<Bill>>('/api/v1/bills', query),
    placeholderData: keepPreviousData,
  });
  const periods = useBillingPeriods({ estateId, pageSize: 200 });
  const mayBill = can(user.role, 'billFees');
  const fileName = list.filters.status === 'paid' ? t('disclosure.paidLedger') : t('disclosure.arrearsLedger');

  return (
    <>
      <PageHeader
        title={t('disclosure.billsTitle')}
        sub={t('disclosure.billsSub')}
        extra={
          <EstatePicker
            value={estateId}
            onChange={(v) => list.setFilters({ ...list.filters, estateId: v, billingPeriodId: undefined })}
          />
        }
      />
      <Card
        extra={<ExportButton path="/api/v1/bills" query={query} fileName={fileName} />}
        title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('disclosure.billsLedger')}</h2>}
      >
        <FilterBar
          label={t('disclosure.billsLedger')}
          filters={list.filters}
          onApply={(f) => list.setFilters({ ...f, estateId: list.filters.estateId })}
        >
          <Form.Item name="billingPeriodId" label={t('disclosure.period')}>
            <Select
              allowClear
              style={{ width: 180 }}
              placeholder={estateId ? t('disclosure.allPeriods') : t('disclosure.pickEstateFirst')}
              disabled={!estateId}
              options={(periods.data?.items ?? []).map((p) => ({ value: p.id, label: p.period }))}
            />
          </Form.Item>
          <Form.Item name="status" label={t('disclosure.status')}>
            <Select
              allowClear
              style={{ width: 140 }}
              placeholder={t('common.all')}
              data-testid="filter-bill-status"
              options={BILL_STATUSES.map((s) => ({ value: s, label: t(`enum.billStatus.${s}`) }))}
            />
          </Form.Item>
          <Form.Item name="building" label={t('dwelling.building')}>
            <Input allowClear maxLength={20} style={{ width: 100 }} />
          </Form.Item>
        </FilterBar>
        {res.isError ? (
          <LoadError error={res.error} onRetry={() => void res.refetch()} />
        ) : (
          <Table<Bill>
            rowKey="id"
            data-testid="bills-table"
            loading={res.isFetching}
            dataSource={res.data?.items}
            pagination={list.pagination(res.data?.total)}
            onChange={list.onTableChange}
            scroll={{ x: 1000 }}
            locale={{ emptyText: <Empty description={t('disclosure.noBills')} /> }}
            rowClassName={(b) => (b.status === 'unpaid' ? 'rp-row-arrears' : '')}
            expandable={{
              expandedRowRender: (b) => <PaymentsOfBill billId={b.id} mayReverse={mayBill} />,
            }}
            columns={[
              { title: t('dwelling.building'), dataIndex: 'building', ...list.sortColumn('building') },
              { title: t('dwelling.unit'), dataIndex: 'unit' },
              { title: t('dwelling.number'), dataIndex: 'number' },
              {
                title: t('dwelling.area'),
                dataIndex: 'areaM2',
                ...list.sortColumn('areaM2'),
                align: 'right',
                render: (v: string) => <AreaText value={v} />,
              },
              { title: t('disclosure.period'), dataIndex: 'period', ...list.sortColumn('period') },
              {
                title: t('disclosure.amount'),
                dataIndex: 'amountFen',
                ...list.sortColumn('amountFen'),
                align: 'right',
                render: (v: number) => <MoneyText fen={v} />,
              },
              {
                title: t('disclosure.paid'),
                dataIndex: 'paidFen',
                ...list.sortColumn('paidFen'),
                align: 'right',
                render: (v: number) => <MoneyText fen={v} />,
              },
              {
                title: t('disclosure.owed'),
                dataIndex: 'owedFen',
                ...list.sortColumn('owedFen'),
                align: 'right',
                render: (v: number) => <MoneyText fen={v} />,
              },
              {
                title: t('disclosure.status'),
                dataIndex: 'status',
                ...list.sortColumn('status'),
                render: (_, b) => <BillStatusTag status={b.status} />,
              },
              ...(mayBill
                ? [
                    {
                      title: t('common.actions'),
                      key: 'actions',
                      render: (_: unknown, b: Bill) =>
                        b.owedFen > 0 ? (
                          <Button size="small" onClick={() => setPaying(b)} data-testid={`pay-${b.number}`}>
                            {t('disclosure.recordPayment')}
                          </Button>
                        ) : (
                          <Typography.Text type="secondary">{t('disclosure.settled')}</Typography.Text>
                        ),
                    },
                  ]
                : []),
            ]}
          />
        )}
      </Card>
      {paying ? <PaymentModal bill={paying} onClose={() => setPaying(null)} /> : null}
    </>
  );
}
