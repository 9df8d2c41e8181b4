import { PrinterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LanguageSwitch } from '../../app/components/language-switch';
import './public.css';

/** The public portal (/public): an article-like, print-friendly page; rankings and lists will be published here. */
export function PublicPage() {
  const { t } = useTranslation();
  return (
    <div className="rp-public">
      <header className="rp-public-bar no-print">
        <strong>{t('app.name')}</strong>
        <span className="rp-public-tools">
          <LanguageSwitch />
          <button type="button" className="rp-public-print" onClick={() => window.print()}>
            <PrinterOutlined aria-hidden /> {t('public.print')}
          </button>
          <Link to="/login">{t('public.signIn')}</Link>
        </span>
      </header>
      <main>
        <article className="rp-article">
          <h1 data-testid="public-title">{t('public.title')}</h1>
          <p className="rp-lead">{t('public.lead')}</p>
          <p>{t('public.soon')}</p>
          <ul>
            <li>{t('public.rankings')}</li>
            <li>{t('public.lists')}</li>
            <li>{t('public.inspections')}</li>
            <li>{t('public.disclosures')}</li>
          </ul>
          <p className="rp-note">{t('public.note')}</p>
        </article>
      </main>
    </div>
  );
}
