import { DownloadOutlined } from '@ant-design/icons';
import { PAYMENT_IMPORT_COLUMNS } from '@rp/contract';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Result, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { get, saveBlob } from '../../app/api';
import { FileImport } from '../../app/components/file-import';
import { PageHeader } from '../../app/components/page-header';
import { LoadError } from '../../app/components/status-pages';
import { toCsvBlob } from '../../app/csv';
import { useScopeTrail } from '../../app/layout/scope-trail';
import { useEstate } from '../../app/queries';
import type { BillingPeriod, PaymentImportResult } from './disclosure-types';
import { formatFen } from './money';

/**
 * 导入缴费: a workbook or CSV of payments for one billing period (columns 楼栋, 单元, 房号, 金额（元）, 缴费日期),
 * uploaded with a progress bar; any row error refuses the whole file and lists every row's errors (SPEC ).
 */
export function PaymentImportPage() {
  const { t } = useTranslation();
  const { periodId = '' } = useParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const period = useQuery({
    queryKey: ['billing-periods', periodId],
    queryFn: () => get<BillingPeriod>(`/api/v1/billing-periods/${periodId}`),
  });
  const estateId = period.data?.estateId;
  const estate = useEstate(estateId);
  useScopeTrail(
    estate.data
      ? { crumbs: estate.data.breadcrumb, leaf: { name: estate.data.name, href: `/estates/${estateId}` } }
      : null,
  );
  if (period.isError) return <LoadError error={period.error} />;
  if (!period.data) return <Skeleton active />;
  const p = period.data;
  const name = `${estate.data?.name ?? ''} ${p.period}`;

  // The server reads these Chinese column names whatever the interface language: file content, not labels.
  const downloadTemplate = () =>
    saveBlob(
      toCsvBlob([[...PAYMENT_IMPORT_COLUMNS], ['1', '1', '101', '402.98', p.startsOn]]),
      `${t('disclosure.importTemplateFile')}.csv`,
    );
  const back = () => navigate(`/fees?estateId=${p.estateId}`);

  return (
    <>
      <PageHeader
        title={t('disclosure.importTitle')}
        sub={name}
        extra={
          <>
            <Button icon={<DownloadOutlined />} onClick={downloadTemplate} data-testid="payment-template">
              {t('import.template')}
            </Button>
            <Button onClick={back}>{t('disclosure.backToFees')}</Button>
          </>
        }
      />
      <Card>
        <Alert
          type="info"
          showIcon
          title={t('disclosure.importIntro', { columns: PAYMENT_IMPORT_COLUMNS.join('、') })}
          style={{ marginBottom: 16 }}
        />
        <FileImport<PaymentImportResult>
          url={`/api/v1/estates/${p.estateId}/billing-periods/${p.id}/payments/import`}
          testId="payment-import"
          processingText={t('disclosure.importProcessing')}
          failedText={t('disclosure.importFailed')}
          errorsFileName={t('import.errorsFileName', { name })}
          onDone={() => {
            void qc.invalidateQueries({ queryKey: ['bills'] });
            void qc.invalidateQueries({ queryKey: ['billing-periods'] });
            void qc.invalidateQueries({ queryKey: ['stats', 'fees'] });
          }}
          renderDone={(result, again) => (
            <Result
              status="success"
              title={t('import.done')}
              subTitle={
                <span data-testid="payment-import-result">
                  {t('disclosure.importDone', { imported: result.imported, amount: formatFen(result.amountFen) })}
                </span>
              }
              extra={[
                <Button
                  type="primary"
                  key="view"
                  onClick={() => navigate(`/fees/bills?estateId=${p.estateId}&billingPeriodId=${p.id}`)}
                >
                  {t('disclosure.viewBills')}
                </Button>,
                <Button key="again" onClick={again}>
                  {t('import.again')}
                </Button>,
              ]}
            />
          )}
        />
      </Card>
    </>
  );
}
