import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../app/components/page-header';
import { EstatesTable } from './estates-table';

/** 小区台账: every estate in scope, filterable, linkable from the dashboard. */
export function EstatesPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('nav.estates')} />
      <EstatesTable syncUrl />
    </>
  );
}
