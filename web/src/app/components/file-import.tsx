import { DownloadOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { LIMITS } from '@rp/contract';
import { Alert, Button, Flex, Progress, Spin, Table, Typography, Upload } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, saveBlob, upload } from '../api';
import { toCsvBlob } from '../csv';

const MB = Math.round(LIMITS.uploadBytes / 1024 / 1024);

/** One row error of a refused import (row null = the file as a whole). */
export interface RowError {
  key: number;
  row: number | null;
  column: string;
  message: string;
}

/** Turns a refused import's problem (paths like `rows.3.面积`, `rows.0` for the file) into row errors. */
export function rowErrorsOf(err: ApiError): RowError[] {
  const list = err.problem.errors?.length ? err.problem.errors : [{ path: '', message: err.problem.title }];
  return list.map((e, key) => {
    const m = e.path.match(/^rows\.(\d+)(?:\.(.+))?$/);
    const row = m ? Number(m[1]) : null;
    return { key, row: row === 0 ? null : row, column: m?.[2] ?? '', message: e.message };
  });
}

type Phase<R> =
  | { step: 'idle' }
  | { step: 'uploading'; percent: number }
  | { step: 'processing' }
  | { step: 'done'; result: R }
  | { step: 'failed'; title: string; errors: RowError[] };

/**
 * A whole-file import (UI.md "long work"): pick one .xlsx or .csv (type and size checked here first), upload with a
 * progress bar, wait while the server processes it, then the caller's summary, or every row's error in a table and
 * as a CSV to download. Any row error means nothing was imported (the server refuses the whole file).
 */
export function FileImport<R>({
  url,
  testId,
  processingText,
  failedText,
  errorsFileName,
  onDone,
  renderDone,
}: {
  url: string;
  /** Prefix of the test ids: `<testId>-dropzone`, `-start`, `-progress`, `-failed`, `-errors`. */
  testId: string;
  processingText: string;
  failedText: string;
  /** The file name of the downloaded errors, without `.csv`. */
  errorsFileName: string;
  onDone: (result: R) => void;
  renderDone: (result: R, again: () => void) => ReactNode;
}) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [pickError, setPickError] = useState<string | null>(null);
  const [phase, setPhase] = useState<Phase<R>>({ step: 'idle' });

  const start = async () => {
    if (!file) return;
    setPhase({ step: 'uploading', percent: 0 });
    try {
      const result = await upload<R>(url, file, {
        onProgress: (percent) => setPhase((p) => (p.step === 'uploading' ? { step: 'uploading', percent } : p)),
        onUploaded: () => setPhase({ step: 'processing' }),
      });
      setPhase({ step: 'done', result });
      onDone(result);
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError({ type: 'about:blank', title: String(e), status: 0 });
      setPhase({ step: 'failed', title: err.problem.title, errors: rowErrorsOf(err) });
    }
  };
  const again = () => {
    setFile(null);
    setPhase({ step: 'idle' });
  };
  const downloadErrors = (errors: RowError[]) =>
    saveBlob(
      toCsvBlob([
        [t('import.row'), t('import.column'), t('import.message')],
        ...errors.map((e) => [e.row ?? t('import.fileLevel'), e.column, e.message]),
      ]),
      `${errorsFileName}.csv`,
    );

  if (phase.step === 'done') return <>{renderDone(phase.result, again)}</>;
  if (phase.step === 'uploading' || phase.step === 'processing')
    return (
      <div role="status" aria-live="polite" data-testid={`${testId}-progress`}>
        <Typography.Text>{phase.step === 'uploading' ? t('import.uploading') : processingText}</Typography.Text>
        <Progress
          percent={phase.step === 'uploading' ? phase.percent : 100}
          status="active"
          aria-label={t('import.uploading')}
        />
        {phase.step === 'processing' ? <Spin style={{ marginTop: 8 }} /> : null}
      </div>
    );
  if (phase.step === 'failed')
    return (
      <div data-testid={`${testId}-failed`}>
        <Alert
          type="error"
          showIcon
          role="alert"
          title={failedText}
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
          <Button onClick={again} data-testid="import-again">
            {t('import.again')}
          </Button>
        </Flex>
        <Table<RowError>
          rowKey="key"
          size="small"
          data-testid={`${testId}-errors`}
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
    );
  return (
    <>
      <Upload.Dragger
        accept=".xlsx,.csv"
        multiple={false}
        maxCount={1}
        aria-label={t('import.fileLabel')}
        data-testid={`${testId}-dropzone`}
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
      {pickError ? <Alert type="error" showIcon title={pickError} style={{ marginTop: 12 }} role="alert" /> : null}
      <Button
        type="primary"
        icon={<UploadOutlined />}
        disabled={!file}
        onClick={() => void start()}
        style={{ marginTop: 16 }}
        data-testid={`${testId}-start`}
      >
        {t('import.start')}
      </Button>
    </>
  );
}
