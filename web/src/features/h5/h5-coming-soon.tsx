import { ErrorBlock } from 'antd-mobile';
import { useTranslation } from 'react-i18next';

/** An honest placeholder for a tab whose feature is not built yet. */
export function H5ComingSoon({ title }: { title: string }) {
  const { t } = useTranslation();
  return (
    <>
      <header className="rp-h5-header">
        <h1>{title}</h1>
      </header>
      <div className="rp-h5-section" data-testid="coming-soon">
        <ErrorBlock status="empty" title={t('common.comingSoon')} description={t('common.comingSoonText')} />
      </div>
    </>
  );
}
