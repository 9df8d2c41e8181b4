import { DownloadOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { LIMITS, PAYMENT_IMPORT_COLUMNS } from '@rp/contract';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Progress, Result, Skeleton, Spin, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ApiError, get, saveBlob, upload } from '../../app/api';
import { PageHeader } from '../../app/components/page-header';
import { LoadError } from '../../app/components/status-pages';
import { toCsvBlob } from '../../app/csv';
import { useScopeTrail } from '../../app/layout/scope-trail';
import { useEstate } from '../../app/queries';
import { type RowError, rowErrorsOf } from '../estates/import-file';
import type { BillingPeriod, PaymentImportResult } from './disclosure-types';
import { formatFen } from './money';

const MB = Math.round(LIMITS.uploadBytes / 1024 / 1024);

type Phase =
  | { step: 'idle' }
  | { step: 'uploading'; percent: number }
  | { step: 'processing' }
  | { step: 'done'; result: PaymentImportResult }
  | { step: 'failed'; title: string; errors: RowError[] };

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
  const [file, setFile] = useState<File | null>(null);
  const [pickError, setPickError] = useState<string | null>(null);
  const [phase, setPhase] = useState<Phase>({ step: 'idle' });
  useScopeTrail(
    estate.data
      ? { crumbs: estate.data.breadcrumb, leaf: { name: estate.data.name, href: `/estates/${estateId}` } }
      : null,
  );
  if (period.isError) return <LoadError error={period.error} />;
  if (!period.data) return <Skeleton active />;
  const p = period.data;
  const name = `${estate.data?.name ?? ''} ${p.period}`;

  const start = async () => {
    if (!file) return;
    setPhase({ step: 'uploading', percent: 0 });
    try {
      const result = await upload<PaymentImportResult>(
        `/api/v1/estates/${p.estateId}/billing-periods/${p.id}/payments/import`,
        file,
        {
          onProgress: (percent) => setPhase((s) => (s.step === 'uploading' ? { step: 'uploading', percent } : s)),
          onUploaded: () => setPhase({ step: 'processing' }),
        },
      );
      setPhase({ step: 'done', result });
      void qc.invalidateQueries({ queryKey: ['bills'] });
      void qc.invalidateQueries({ queryKey: ['billing-periods'] });
      void qc.invalidateQueries({ queryKey: ['stats', 'fees'] });
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError({ type: 'about:blank', title: String(e), status: 0 });
      setPhase({ step: 'failed', title: err.problem.title, errors: rowErrorsOf(err) });
    }
  };
  const reset = () => {
    setFile(null);
    setPhase({ step: 'idle' });
  };
  // The server reads these Chinese column names whatever the interface language: file content, not labels.
  const downloadTemplate = () =>
    saveBlob(
      toCsvBlob([[...PAYMENT_IMPORT_COLUMNS], ['1', '1', '101', '402.98', p.startsOn]]),
      `${t('disclosure.importTemplateFile')}.csv`,
    );
  const downloadErrors = (errors: RowError[]) =>
    saveBlob(
      toCsvBlob([
        [t('import.row'), t('import.column'), t('import.message')],
        ...errors.map((e) => [e.row ?? t('import.fileLevel'), e.column, e.message]),
      ]),
      `${t('import.errorsFileName', { name })}.csv`,
    );
  const busy = phase.step === 'uploading' || phase.step === 'processing';
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
        {phase.step === 'idle' ? (
          <>
            <Upload.Dragger
              accept=".xlsx,.csv"
              multiple={false}
              maxCount={1}
              aria-label={t('import.fileLabel')}
              data-testid="payment-dropzone"
              fileList={file ? [{ uid: 'f', name: file.name, size: file.size, status: 'done' }] : []}
              onRemove={() => setFile(null)}
              beforeUpload={(f) => {
                const lower = f.name.toLowerCase();
                if (!lower.endsWith('.xlsx') && !lower.endsWith('.csv')) setPickError(t('import.wrongType'));
                else if (f.size > LIMITS.uploadBytes) setPickError(t('import.tooLarge', { mb: MB }));
                else {
                  setPickError(null);
                  setFile(f);
                }
                return Upload.LIST_IGNORE;
              }}
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined aria-hidden />
              </p>
              <p className="ant-upload-text">{t('import.pick')}</p>
              <p className="ant-upload-hint">{t('import.pickHint', { mb: MB, rows: LIMITS.importRows })}</p>
            </Upload.Dragger>
            {pickError ? (
              <Alert type="error" showIcon title={pickError} style={{ marginTop: 12 }} role="alert" />
            ) : null}
            <Button
              type="primary"
              icon={<UploadOutlined />}
              disabled={!file}
              onClick={() => void start()}
              style={{ marginTop: 16 }}
              data-testid="payment-import-start"
            >
              {t('import.start')}
            </Button>
          </>
        ) : null}
        {busy ? (
          <div role="status" aria-live="polite" data-testid="payment-import-progress">
            <Typography.Text>
              {phase.step === 'uploading' ? t('import.uploading') : t('disclosure.importProcessing')}
            </Typography.Text>
            <Progress
              percent={phase.step === 'uploading' ? phase.percent : 100}
              status="active"
              aria-label={t('import.uploading')}
            />
            {phase.step === 'processing' ? <Spin style={{ marginTop: 8 }} /> : null}
          </div>
        ) : null}
        {phase.step === 'done' ? (
          <Result
            status="success"
            title={t('import.done')}
            subTitle={
              <span data-testid="payment-import-result">
                {t('disclosure.importDone', {
                  imported: phase.result.imported,
                  amount: formatFen(phase.result.amountFen),
                })}
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
              <Button key="again" onClick={reset}>
                {t('import.again')}
              </Button>,
            ]}
          />
        ) : null}
        {phase.step === 'failed' ? (
          <div data-testid="payment-import-failed">
            <Alert
              type="error"
              showIcon
              role="alert"
              title={t('disclosure.importFailed')}
              description={`${phase.title} · ${t('import.failedText', { count: phase.errors.length })}`}
              style={{ marginBottom: 16 }}
            />
            <Flex gap={8} style={{ marginBottom: 12 }}>
              <Button icon={<DownloadOutlined />} onClick={() => downloadErrors(phase.errors)}>
                {t('import.downloadErrors')}
              </Button>
              <Button onClick={reset}>{t('import.again')}</Button>
            </Flex>
            <Table<RowError>
              rowKey="key"
              size="small"
              data-testid="payment-import-errors"
              dataSource={phase.errors}
              pagination={phase.errors.length > 50 ? { pageSize: 50 } : false}
              columns={[
                {
                  title: t('import.row'),
                  dataIndex: 'row',
                  width: 90,
                  render: (r: number | null) => (r === null ? t('import.fileLevel') : r),
                },
                { title: t('import.column'), dataIndex: 'column', width: 140 },
                { title: t('import.message'), dataIndex: 'message' },
              ]}
            />
          </div>
        ) : null}
      </Card>
    </>
  );
}
