import { PaperClipOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Row, Space, Statistic, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../../app/api';
import { ExportButton } from '../../app/components/export-button';
import { LoadError } from '../../app/components/status-pages';
import { formatDate } from '../../app/format';
import { useTableSort } from '../../app/use-list-state';
import type { FinanceEntry, FinanceLedger } from './disclosure-types';
import { FinanceEntryModal } from './finance-entry-modal';
import { formatFen } from './money';
import { MoneyText } from './money-text';
import { ReversalModal, ReversalTag, reversalColumn } from './reversal-modal';

/** 三个公开 (3) 业委会财务: income and expenditure entries with attachments, and the balance (SPEC R-43). */
export function FinanceCard({ estateId, canWrite }: { estateId: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const [reversing, setReversing] = useState<FinanceEntry | null>(null);
  const sorting = useTableSort();
  const { sort } = sorting;
  const ledger = useQuery({
    queryKey: ['finance', estateId, sort],
    queryFn: () => get<FinanceLedger>(`/api/v1/estates/${estateId}/finance`, { sort }),
    placeholderData: keepPreviousData,
  });
  const l = ledger.data;
  return (
    <Card
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('disclosure.financeTitle')}</h2>}
      data-testid="finance-card"
      extra={
        <Space>
          <ExportButton
            path={`/api/v1/estates/${estateId}/finance`}
            query={{ sort }}
            fileName={t('disclosure.financeFile')}
          />
          {canWrite ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="finance-add">
              {t('disclosure.addEntry')}
            </Button>
          ) : null}
        </Space>
      }
    >
      {ledger.isError ? (
        <LoadError error={ledger.error} onRetry={() => void ledger.refetch()} />
      ) : (
        <>
          <Row gutter={16} style={{ marginBottom: 16 }}>
            <Col xs={8}>
              <Statistic
                title={t('disclosure.income')}
                loading={ledger.isPending}
                value={l?.incomeFen ?? 0}
                formatter={() => <MoneyText fen={l?.incomeFen ?? 0} />}
              />
            </Col>
            <Col xs={8}>
              <Statistic
                title={t('disclosure.expense')}
                loading={ledger.isPending}
                value={l?.expenseFen ?? 0}
                formatter={() => <MoneyText fen={l?.expenseFen ?? 0} />}
              />
            </Col>
            <Col xs={8}>
              <Statistic
                title={t('disclosure.balance')}
                loading={ledger.isPending}
                value={l?.balanceFen ?? 0}
                formatter={() => <MoneyText fen={l?.balanceFen ?? 0} testId="finance-balance" />}
              />
            </Col>
          </Row>
          <Table<FinanceEntry>
            rowKey="id"
            size="middle"
            data-testid="finance-table"
            loading={ledger.isFetching}
            dataSource={l?.entries}
            scroll={{ x: 760 }}
            pagination={{ defaultPageSize: 20, hideOnSinglePage: true }}
            onChange={sorting.onTableChange}
            columns={[
              { title: t('common.date'), dataIndex: 'date', ...sorting.sortColumn('date'), render: formatDate },
              {
                title: t('disclosure.entryKind'),
                dataIndex: 'kind',
                ...sorting.sortColumn('kind'),
                render: (k: FinanceEntry['kind']) => (
                  <Tag color={k === 'income' ? 'green' : 'orange'}>{t(`enum.financeKind.${k}`)}</Tag>
                ),
              },
              {
                title: t('disclosure.amount'),
                dataIndex: 'amountFen',
                ...sorting.sortColumn('amountFen'),
                align: 'right',
                render: (v: number, e) => <MoneyText fen={e.kind === 'expense' ? -v : v} />,
              },
              {
                title: t('disclosure.counterparty'),
                dataIndex: 'counterparty',
                render: (v: string, e) => (
                  <>
                    {v} <Tag>{t(`enum.counterpartyKind.${e.counterpartyKind}`)}</Tag>
                  </>
                ),
              },
              {
                title: t('disclosure.purpose'),
                dataIndex: 'purpose',
                render: (v: string, e) => (
                  <>
                    <ReversalTag reversesId={e.reversesId} reversed={e.reversed} reason={e.reversalReason} />
                    {v}
                  </>
                ),
              },
              {
                title: t('disclosure.attachment'),
                dataIndex: 'attachment',
                render: (_, e) =>
                  e.attachment ? (
                    <a href={`/api/v1/finance-entries/${e.id}/attachment`} target="_blank" rel="noreferrer">
                      <PaperClipOutlined aria-hidden /> {t('disclosure.viewAttachment')}
                    </a>
                  ) : null,
              },
              ...reversalColumn<FinanceEntry>(t, canWrite, setReversing, 'finance-reverse'),
            ]}
          />
        </>
      )}
      {adding ? <FinanceEntryModal estateId={estateId} onClose={() => setAdding(false)} /> : null}
      {reversing ? (
        <ReversalModal
          url={`/api/v1/finance-entries/${reversing.id}/reverse`}
          what={t('disclosure.reversal.entryWhat', {
            date: formatDate(reversing.date),
            kind: t(`enum.financeKind.${reversing.kind}`),
            amount: formatFen(reversing.amountFen),
          })}
          invalidate={[['finance', estateId], ['disclosure']]}
          onClose={() => setReversing(null)}
        />
      ) : null}
    </Card>
  );
}
