import { SearchOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { get, type Page } from '../../app/api';
import type { PublicEstate } from '../disclosure/disclosure-types';

/** The portal's front page: find an estate's three publics, and what else will be published here. */
export function PublicHome() {
  const { t } = useTranslation();
  const inputId = useId();
  const [sp, setSp] = useSearchParams();
  const q = sp.get('q') ?? '';
  const [text, setText] = useState(q);
  useEffect(() => {
    document.title = `${t('public.title')} · ${t('app.name')}`;
  }, [t]);
  const res = useQuery({
    queryKey: ['public', 'estates', q],
    queryFn: () => get<Page<PublicEstate>>('/api/public/estates', { q, pageSize: 50 }),
    placeholderData: keepPreviousData,
  });
  return (
    <article className="rp-article">
      <h1 data-testid="public-title">{t('public.title')}</h1>
      <p className="rp-lead">{t('public.lead')}</p>
      <section aria-labelledby={`${inputId}-h`}>
        <h2 id={`${inputId}-h`}>{t('public.findEstate')}</h2>
        <p>{t('public.findEstateText')}</p>
        <search>
          <form
            className="rp-public-search no-print"
            onSubmit={(e) => {
              e.preventDefault();
              setSp(text.trim() ? { q: text.trim() } : {}, { replace: true });
            }}
          >
            <label htmlFor={inputId} className="rp-visually-hidden">
              {t('public.estateName')}
            </label>
            <input
              id={inputId}
              type="search"
              value={text}
              maxLength={100}
              placeholder={t('public.estatePlaceholder')}
              onChange={(e) => setText(e.target.value)}
              data-testid="public-estate-q"
            />
            <button type="submit" data-testid="public-estate-search">
              <SearchOutlined aria-hidden /> {t('common.search')}
            </button>
          </form>
        </search>
        {res.isError ? (
          <p role="alert">{t('common.loadFailed')}</p>
        ) : res.isPending ? (
          <p aria-live="polite">{t('common.loading')}</p>
        ) : res.data.items.length ? (
          <>
            <ul className="rp-estate-list" data-testid="public-estates">
              {res.data.items.map((e) => (
                <li key={e.id}>
                  <Link to={`/public/estates/${e.id}`}>{e.name}</Link>
                  <span className="rp-muted"> {[e.streetName, e.communityName].filter(Boolean).join(' · ')}</span>
                </li>
              ))}
            </ul>
            {res.data.total > res.data.items.length ? (
              <p className="rp-muted">{t('public.more', { shown: res.data.items.length, total: res.data.total })}</p>
            ) : null}
          </>
        ) : (
          <p className="rp-muted">{t('public.noEstates')}</p>
        )}
      </section>
      <section>
        <h2>{t('public.upcoming')}</h2>
        <p>{t('public.soon')}</p>
        <ul>
          <li>{t('public.rankings')}</li>
          <li>{t('public.lists')}</li>
          <li>{t('public.inspections')}</li>
        </ul>
      </section>
      <p className="rp-note">{t('public.note')}</p>
    </article>
  );
}
