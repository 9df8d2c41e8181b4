import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, get } from '../../app/api';
import { DisclosureArticle } from '../disclosure/disclosure-article';
import type { PublicDisclosure } from '../disclosure/disclosure-types';

/** /public/estates/:id — an estate's three publics at a stable address, for sharing and printing (SPEC ). */
export function PublicEstatePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const res = useQuery({
    queryKey: ['public', 'estates', id, 'disclosure'],
    queryFn: () => get<PublicDisclosure>(`/api/public/estates/${id}/disclosure`),
  });
  const name = res.data?.estate.name;
  useEffect(() => {
    if (name) document.title = `${t('public.estateTitle', { name })} · ${t('app.name')}`;
  }, [name, t]);
  if (res.isError)
    return (
      <article className="rp-article">
        <h1>
          {res.error instanceof ApiError && res.error.status === 404
            ? t('public.estateMissing')
            : t('common.loadFailed')}
        </h1>
        <p>
          <Link to="/public">{t('public.backHome')}</Link>
        </p>
      </article>
    );
  if (!res.data)
    return (
      <article className="rp-article">
        <p aria-live="polite">{t('common.loading')}</p>
      </article>
    );
  const e = res.data.estate;
  return (
    <article className="rp-article" data-testid="public-estate">
      <p className="rp-breadcrumb no-print">
        <Link to="/public">{t('public.home')}</Link> › {t('public.threePublics')}
      </p>
      <h1 data-testid="public-estate-title">{t('public.estateTitle', { name: e.name })}</h1>
      <p className="rp-lead">
        {[e.streetName, e.communityName].filter(Boolean).join(' · ')} · {t(`enum.managementMode.${e.managementMode}`)}
        {e.companyName ? ` · ${e.companyName}` : ''}
      </p>
      <DisclosureArticle data={res.data} />
      <p className="rp-note">
        {t('public.disclosureNote')}
        <br />
        <span className="rp-print-url">{window.location.href}</span>
      </p>
    </article>
  );
}
