import { DownloadOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { LIMITS } from '@rp/contract';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Progress, Result, Skeleton, Spin, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ApiError, saveBlob, upload } from '../../app/api';
import { PageHeader } from '../../app/components/page-header';
import { LoadError } from '../../app/components/status-pages';
import { toCsvBlob } from '../../app/csv';
import { useScopeTrail } from '../../app/layout/scope-trail';
import { useEstate } from '../../app/queries';
import type { ImportResult } from '../../app/types';
import { type RowError, rowErrorsOf, TEMPLATE_ROWS } from './import-file';

const MB = Math.round(LIMITS.uploadBytes / 1024 / 1024);

type Phase =
  | { step: 'idle' }
  | { step: 'uploading'; percent: number }
  | { step: 'processing' }
  | { step: 'done'; result: ImportResult }
  | { step: 'failed'; title: string; errors: RowError[] };

/** 导入房屋: upload with a progress bar, then processing, then a summary, or the row errors to download (SPEC R-07). */
export function ImportPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const estate = useEstate(id);
  const [file, setFile] = useState<File | null>(null);
  const [pickError, setPickError] = useState<string | null>(null);
  const [phase, setPhase] = useState<Phase>({ step: 'idle' });
  useScopeTrail(
    estate.data ? { crumbs: estate.data.breadcrumb, leaf: { name: estate.data.name, href: `/estates/${id}` } } : null,
  );
  if (estate.isError) return <LoadError error={estate.error} />;
  if (!estate.data) return <Skeleton active />;
  const name = estate.data.name;

  const start = async () => {
    if (!file) return;
    setPhase({ step: 'uploading', percent: 0 });
    try {
      const result = await upload<ImportResult>(`/api/v1/estates/${id}/dwellings/import`, file, {
        onProgress: (percent) => setPhase((p) => (p.step === 'uploading' ? { step: 'uploading', percent } : p)),
        onUploaded: () => setPhase({ step: 'processing' }),
      });
      setPhase({ step: 'done', result });
      void qc.invalidateQueries({ queryKey: ['estates'] });
      void qc.invalidateQueries({ queryKey: ['org-units', 'tree'] });
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError({ type: 'about:blank', title: String(e), status: 0 });
      setPhase({ step: 'failed', title: err.problem.title, errors: rowErrorsOf(err) });
    }
  };
  const reset = () => {
    setFile(null);
    setPhase({ step: 'idle' });
  };
  const downloadTemplate = () => saveBlob(toCsvBlob(TEMPLATE_ROWS), `${t('import.templateFileName')}.csv`);
  const downloadErrors = (errors: RowError[]) =>
    saveBlob(
      toCsvBlob([
        [t('import.row'), t('import.column'), t('import.message')],
        ...errors.map((e) => [e.row ?? t('import.fileLevel'), e.column, e.message]),
      ]),
      `${t('import.errorsFileName', { name })}.csv`,
    );
  const busy = phase.step === 'uploading' || phase.step === 'processing';

  return (
    <>
      <PageHeader
        title={t('import.title')}
        sub={name}
        extra={
          <>
            <Button icon={<DownloadOutlined />} onClick={downloadTemplate} data-testid="import-template">
              {t('import.template')}
            </Button>
            <Button onClick={() => navigate(`/estates/${id}`)}>{t('import.backToEstate')}</Button>
          </>
        }
      />
      <Card>
        <Alert type="info" showIcon title={t('import.intro')} style={{ marginBottom: 16 }} />
        {phase.step === 'idle' ? (
          <>
            <Upload.Dragger
              accept=".xlsx,.csv"
              multiple={false}
              maxCount={1}
              aria-label={t('import.fileLabel')}
              data-testid="import-dropzone"
              fileList={
                file ? [{ uid: 'f', name: file.name, size: file.size, status: 'done', originFileObj: undefined }] : []
              }
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
              data-testid="import-start"
            >
              {t('import.start')}
            </Button>
          </>
        ) : null}
        {busy ? (
          <div role="status" aria-live="polite" data-testid="import-progress">
            <Typography.Text>
              {phase.step === 'uploading' ? t('import.uploading') : t('import.processing')}
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
              <span data-testid="import-result">
                {t('import.doneText', { imported: phase.result.imported, owners: phase.result.owners ?? 0 })}
              </span>
            }
            extra={[
              <Button type="primary" key="view" onClick={() => navigate(`/estates/${id}`)} data-testid="view-dwellings">
                {t('import.viewDwellings')}
              </Button>,
              <Button key="again" onClick={reset}>
                {t('import.again')}
              </Button>,
            ]}
          />
        ) : null}
        {phase.step === 'failed' ? (
          <div data-testid="import-failed">
            <Alert
              type="error"
              showIcon
              role="alert"
              title={t('import.failed')}
              description={`${phase.title} · ${t('import.failedText', { count: phase.errors.length })}`}
              style={{ marginBottom: 16 }}
            />
            <Flex gap={8} style={{ marginBottom: 12 }}>
              <Button
                icon={<DownloadOutlined />}
                onClick={() => downloadErrors(phase.errors)}
                data-testid="download-errors"
              >
                {t('import.downloadErrors')}
              </Button>
              <Button onClick={reset} data-testid="import-again">
                {t('import.again')}
              </Button>
            </Flex>
            <Table<RowError>
              rowKey="key"
              size="small"
              data-testid="import-errors"
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
