import { DownloadOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { download, type Query } from '../api';
import { useProblemHandler } from '../problem';

/** The Excel export at a list's top right: the same endpoint with `format=xlsx` and the current filters (UI.md). */
export function ExportButton({ path, query, fileName }: { path: string; query: Query; fileName: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useProblemHandler();
  const [busy, setBusy] = useState(false);
  const { page: _page, pageSize: _pageSize, ...filters } = query;
  return (
    <Button
      icon={<DownloadOutlined />}
      loading={busy}
      data-testid="export-xlsx"
      onClick={async () => {
        setBusy(true);
        try {
          await download(path, { ...filters, format: 'xlsx' }, `${fileName}.xlsx`);
          message.success(t('common.exported'));
        } catch (e) {
          onError(e);
        } finally {
          setBusy(false);
        }
      }}
    >
      {busy ? t('common.exporting') : t('common.exportXlsx')}
    </Button>
  );
}
