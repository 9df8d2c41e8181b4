import { DownloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Result, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { saveBlob } from '../../app/api';
import { FileImport } from '../../app/components/file-import';
import { PageHeader } from '../../app/components/page-header';
import { LoadError } from '../../app/components/status-pages';
import { toCsvBlob } from '../../app/csv';
import { useScopeTrail } from '../../app/layout/scope-trail';
import { useEstate } from '../../app/queries';
import type { ImportResult } from '../../app/types';
import { TEMPLATE_ROWS } from './import-file';

/** 导入房屋: upload with a progress bar, then processing, then a summary, or the row errors to download (SPEC R-07). */
export function ImportPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const estate = useEstate(id);
  useScopeTrail(
    estate.data ? { crumbs: estate.data.breadcrumb, leaf: { name: estate.data.name, href: `/estates/${id}` } } : null,
  );
  if (estate.isError) return <LoadError error={estate.error} />;
  if (!estate.data) return <Skeleton active />;
  const name = estate.data.name;
  const downloadTemplate = () => saveBlob(toCsvBlob(TEMPLATE_ROWS), `${t('import.templateFileName')}.csv`);

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
        <FileImport<ImportResult>
          url={`/api/v1/estates/${id}/dwellings/import`}
          testId="import"
          processingText={t('import.processing')}
          failedText={t('import.failed')}
          errorsFileName={t('import.errorsFileName', { name })}
          onDone={() => {
            void qc.invalidateQueries({ queryKey: ['estates'] });
            void qc.invalidateQueries({ queryKey: ['org-units', 'tree'] });
          }}
          renderDone={(result, again) => (
            <Result
              status="success"
              title={t('import.done')}
              subTitle={
                <span data-testid="import-result">
                  {t('import.doneText', { imported: result.imported, owners: result.owners ?? 0 })}
                </span>
              }
              extra={[
                <Button
                  type="primary"
                  key="view"
                  onClick={() => navigate(`/estates/${id}`)}
                  data-testid="view-dwellings"
                >
                  {t('import.viewDwellings')}
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
