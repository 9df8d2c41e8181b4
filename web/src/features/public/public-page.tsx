import { PrinterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes } from 'react-router';
import { LanguageSwitch } from '../../app/components/language-switch';
import { PublicEstatePage } from './public-estate-page';
import { PublicHome } from './public-home';
import './public.css';

/** The public portal (/public): article-like, print-friendly, mobile-first pages; no login, nothing personal. */
export function PublicPage() {
  const { t } = useTranslation();
  return (
    <div className="rp-public">
      <header className="rp-public-bar no-print">
        <Link to="/public" className="rp-public-home">
          <strong>{t('app.name')}</strong>
          <span className="rp-visually-hidden"> {t('public.home')}</span>
        </Link>
        <span className="rp-public-tools">
          <LanguageSwitch />
          <button type="button" className="rp-public-print" onClick={() => window.print()}>
            <PrinterOutlined aria-hidden /> {t('public.print')}
          </button>
          <Link to="/login">{t('public.signIn')}</Link>
        </span>
      </header>
      <main>
        <Routes>
          <Route index element={<PublicHome />} />
          <Route path="estates/:id" element={<PublicEstatePage />} />
          <Route path="*" element={<PublicHome />} />
        </Routes>
      </main>
    </div>
  );
}
