import { CheckCircleOutlined, HomeOutlined, RightOutlined } from '@ant-design/icons';
import { ISSUE_KINDS, LIMITS, ZIssueCreate } from '@rp/contract';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Button, ErrorBlock, NoticeBar, Result, SearchBar, Skeleton, Switch, Toast } from 'antd-mobile';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, get, type Page, post } from '../../app/api';
import { useUser } from '../../app/auth';
import { formatDateTime } from '../../app/format';
import type { Dwelling, Estate } from '../../app/types';
import { issueMessage } from '../../app/zod-rules';
import { categoryName, indexCategories, useIssueCategories } from '../issues/issue-queries';
import type { Issue, IssueCategory } from '../issues/issue-types';
import { type IssueDraft, useIssueDraft } from './h5-draft';
import { H5Header } from './h5-issue-common';
import { H5PhotoPicker } from './h5-photo-picker';

type Errors = Partial<Record<'title' | 'description' | 'reporter' | 'photos' | 'form', string>>;

/** A row of large choices, one of which is chosen: native radio buttons under a legend. */
function Chips<T extends string>({
  label,
  name,
  value,
  options,
  onChange,
  testId,
}: {
  label: string;
  name: string;
  value: T;
  options: { value: T; label: string }[];
  onChange: (v: T) => void;
  testId?: string;
}) {
  return (
    <fieldset className="rp-h5-fieldset" data-testid={testId}>
      <legend className="rp-h5-label">{label}</legend>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
        {options.map((o) => (
          <label key={o.value} className="rp-rate-option rp-chip" data-checked={value === o.value}>
            <input
              type="radio"
              name={name}
              value={o.value}
              checked={value === o.value}
              onChange={() => onChange(o.value)}
              className="rp-visually-hidden"
            />
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** One labelled field with its error. */
function Field({
  label,
  error,
  id,
  children,
  hint,
}: {
  label: string;
  error?: string;
  id: string;
  children: ReactNode;
  hint?: string;
}) {
  return (
    <div className="rp-h5-field">
      <label className="rp-h5-label" htmlFor={id}>
        {label}
      </label>
      {children}
      {hint ? <div className="rp-h5-hint">{hint}</div> : null}
      {error ? (
        <div className="rp-h5-error" id={`${id}-error`} role="alert">
          {error}
        </div>
      ) : null}
    </div>
  );
}

/** Step 1 for residents: one of their own dwellings (GET /me/dwellings, with the estate's name). */
function DwellingStep({ draft, onPick }: { draft: IssueDraft; onPick: (d: Dwelling, label: string) => void }) {
  const { t } = useTranslation();
  const mine = useQuery({ queryKey: ['me', 'dwellings'], queryFn: () => get<Dwelling[]>('/api/v1/me/dwellings') });
  const address = (d: Dwelling) =>
    d.unit
      ? t('dwelling.address', { building: d.building, unit: d.unit, number: d.number })
      : t('dwelling.addressNoUnit', { building: d.building, number: d.number });
  if (mine.isPending) return <Skeleton.Paragraph lineCount={4} animated />;
  if (mine.isError)
    return <ErrorBlock status="default" title={t('common.loadFailed')} description={String(mine.error.message)} />;
  if (!mine.data.length)
    return <ErrorBlock status="empty" title={t('h5.noDwellings')} description={t('issues.h5.noDwellingHelp')} />;
  const estates = [...new Map(mine.data.map((d) => [d.estateId, d.estateName ?? ''])).entries()];
  return (
    <>
      <p className="rp-h5-hint" style={{ margin: '0 4px 8px' }}>
        {t('issues.h5.placeHint')}
      </p>
      {estates.map(([estateId, estateName]) => (
        <section key={estateId}>
          <h2 className="rp-h5-group-title">{estateName || t('h5.myDwellings')}</h2>
          <ul className="rp-choice-list" data-testid="h5-dwellings">
            {mine.data
              .filter((d) => d.estateId === estateId)
              .map((d) => (
                <li key={d.id}>
                  <button
                    type="button"
                    className="rp-choice"
                    aria-current={draft.dwellingId === d.id}
                    onClick={() => onPick(d, `${estateName} ${address(d)}`)}
                  >
                    <HomeOutlined aria-hidden />
                    <span className="rp-choice-main">{address(d)}</span>
                    <RightOutlined aria-hidden />
                  </button>
                </li>
              ))}
          </ul>
        </section>
      ))}
    </>
  );
}

/** Step 1 for volunteers (入户走访): an estate of their area (GET /estates?q=). */
function EstateStep({ draft, onPick }: { draft: IssueDraft; onPick: (e: Estate) => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const res = useQuery({
    queryKey: ['estates', 'h5-pick', q],
    queryFn: () => get<Page<Estate>>('/api/v1/estates', { q, pageSize: 50 }),
  });
  return (
    <>
      <SearchBar
        placeholder={t('issues.intake.estateSearch')}
        onSearch={setQ}
        onClear={() => setQ('')}
        style={{ marginBottom: 12 }}
      />
      {res.isPending ? (
        <Skeleton.Paragraph lineCount={4} animated />
      ) : !res.data?.items.length ? (
        <ErrorBlock status="empty" title={t('common.empty')} />
      ) : (
        <ul className="rp-choice-list" data-testid="h5-estates">
          {res.data.items.map((e) => (
            <li key={e.id}>
              <button
                type="button"
                className="rp-choice"
                aria-current={draft.estateId === e.id}
                onClick={() => onPick(e)}
              >
                <HomeOutlined aria-hidden />
                <span className="rp-choice-main">
                  {e.name}
                  {e.communityName ? <span className="rp-choice-sub">{e.communityName}</span> : null}
                </span>
                <RightOutlined aria-hidden />
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** Step 2: the category, one level per screen. */
function CategoryStep({
  roots,
  path,
  onPick,
}: {
  roots: IssueCategory[];
  path: IssueCategory[];
  onPick: (c: IssueCategory) => void;
}) {
  const { t, i18n } = useTranslation();
  const options = path.length ? path[path.length - 1].children : roots;
  return (
    <>
      <p className="rp-h5-hint" style={{ margin: '0 4px 8px' }}>
        {path.length
          ? t('issues.h5.categoryIn', { path: path.map((c) => categoryName(c, i18n.language)).join(' › ') })
          : t('issues.h5.categoryHint')}
      </p>
      <ul className="rp-choice-list" data-testid="h5-categories" data-level={path.length + 1}>
        {options.map((c) => (
          <li key={c.code}>
            <button type="button" className="rp-choice" onClick={() => onPick(c)}>
              <span className="rp-choice-main">{categoryName(c, i18n.language)}</span>
              {c.children.length ? <RightOutlined aria-hidden /> : null}
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}

/**
 * 说事: a resident reports an issue in three screens — where (one of their dwellings), what kind of matter (the
 * category, a screen per level), and the details with photos from the camera. Source `portal`, no reporting time.
 * A volunteer gets the 入户走访 variant: any estate of their area, the reporter's name and phone, source `visit`.
 * Everything entered stays in a draft on the phone until the server has the issue.
 */
export function H5Speak() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const volunteer = user.role === 'volunteer';
  const { draft, update, clear, restored } = useIssueDraft(user.id);
  const [showRestored, setShowRestored] = useState(restored);
  const [errors, setErrors] = useState<Errors>({});
  const [created, setCreated] = useState<Issue | null>(null);
  const cats = useIssueCategories();
  const index = useMemo(() => indexCategories(cats.data), [cats.data]);
  const path = draft.categoryPath.map((c) => index.get(c)?.node).filter((n): n is IssueCategory => !!n);
  const leaf = path.length && !path[path.length - 1].children.length ? path[path.length - 1] : null;

  // biome-ignore lint/correctness/useExhaustiveDependencies: each new screen starts at the top
  useEffect(() => {
    // A block body: newer browsers return a promise from scrollTo, which React would take for a cleanup.
    window.scrollTo(0, 0);
  }, [draft.step, draft.categoryPath.length]);

  const submit = useMutation({
    mutationFn: (body: unknown) => post<Issue>('/api/v1/issues', body),
    onSuccess: (issue) => {
      clear();
      setCreated(issue);
    },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 0) {
        setErrors({ form: t('issues.h5.offline') });
        return;
      }
      if (e instanceof ApiError && e.problem.errors?.length) {
        const next: Errors = {};
        for (const x of e.problem.errors) {
          const k = x.path.split('.')[0];
          if (k === 'title' || k === 'description' || k === 'reporter') next[k] = x.message;
          else if (k === 'photoIds') next.photos = x.message;
          else next.form = `${e.problem.title}: ${x.message}`;
        }
        setErrors(next);
        return;
      }
      setErrors({ form: e instanceof ApiError ? e.problem.title : String(e) });
    },
  });

  if (created)
    return (
      <>
        <H5Header title={t('h5.speak')} />
        <div className="rp-h5-section" data-testid="h5-created">
          <Result
            status="success"
            icon={<CheckCircleOutlined />}
            title={t('issues.h5.createdTitle')}
            description={t('issues.h5.createdText', { code: created.code, due: formatDateTime(created.acceptDueAt) })}
          />
          <div className="rp-h5-actions">
            <Button
              block
              color="primary"
              size="large"
              onClick={() => navigate(`/h5/issues/${created.id}`)}
              data-testid="h5-view-created"
            >
              {t('issues.h5.viewIssue')}
            </Button>
            <Button block size="large" onClick={() => setCreated(null)}>
              {t('issues.h5.another')}
            </Button>
          </div>
        </div>
      </>
    );

  const stepNo = draft.step === 'place' ? 1 : draft.step === 'category' ? 2 : 3;
  const stepName = t(`issues.h5.steps.${draft.step}`);
  const back =
    draft.step === 'place'
      ? undefined
      : draft.step === 'category'
        ? () =>
            draft.categoryPath.length
              ? update({ categoryPath: draft.categoryPath.slice(0, -1) })
              : update({ step: 'place' })
        : () => update({ step: 'category', categoryPath: draft.categoryPath.slice(0, -1) });

  const send = () => {
    const body = {
      estateId: draft.estateId,
      dwellingId: volunteer ? undefined : draft.dwellingId,
      kind: draft.kind,
      category: leaf?.code,
      title: draft.title.trim(),
      description: draft.description.trim(),
      source: volunteer ? 'visit' : 'portal',
      urgency: draft.urgency,
      anonymous: draft.anonymous,
      reporter:
        volunteer && !draft.anonymous && (draft.reporterName || draft.reporterPhone)
          ? { name: draft.reporterName.trim(), phone: draft.reporterPhone.trim() }
          : undefined,
      photoIds: draft.photos.map((p) => p.id),
    };
    const r = ZIssueCreate.safeParse(body);
    if (!r.success) {
      const next: Errors = {};
      for (const i of r.error.issues) {
        const k = String(i.path[0]);
        // An empty field reads better as "必填" than as a length rule.
        const empty = i.code === 'too_small' && i.minimum === 1;
        if (k === 'title' || k === 'description' || k === 'reporter')
          next[k] ??= empty ? t('common.required') : issueMessage(i);
        else next.form ??= issueMessage(i);
      }
      setErrors(next);
      Toast.show({ content: t('issues.h5.fixErrors') });
      return;
    }
    setErrors({});
    submit.mutate(body);
  };

  return (
    <>
      <H5Header
        title={volunteer ? t('issues.h5.visitTitle') : t('h5.speak')}
        onBack={back}
        sub={t('issues.h5.stepOf', { n: stepNo, total: 3, name: stepName })}
      />
      <div className="rp-h5-section" data-testid="h5-speak" data-step={draft.step}>
        {showRestored && draft.savedAt ? (
          <NoticeBar
            color="info"
            wrap
            style={{ marginBottom: 12 }}
            content={t('issues.h5.draftRestored', { at: formatDateTime(draft.savedAt) })}
            extra={
              <Button
                size="mini"
                onClick={() => {
                  clear();
                  setShowRestored(false);
                }}
              >
                {t('issues.h5.startOver')}
              </Button>
            }
          />
        ) : null}
        {draft.step === 'place' ? (
          volunteer ? (
            <EstateStep
              draft={draft}
              onPick={(e) => update({ estateId: e.id, placeLabel: e.name, step: 'category' })}
            />
          ) : (
            <DwellingStep
              draft={draft}
              onPick={(d, label) =>
                update({ dwellingId: d.id, estateId: d.estateId, placeLabel: label, step: 'category' })
              }
            />
          )
        ) : null}
        {draft.step === 'category' ? (
          cats.isPending ? (
            <Skeleton.Paragraph lineCount={5} animated />
          ) : (
            <CategoryStep
              roots={cats.data ?? []}
              path={path}
              onPick={(c) =>
                update({
                  categoryPath: [...draft.categoryPath, c.code],
                  ...(c.children.length ? {} : { step: 'details' as const }),
                })
              }
            />
          )
        ) : null}
        {draft.step === 'details' ? (
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              send();
            }}
            data-testid="h5-details"
          >
            <div className="rp-h5-card">
              <dl className="rp-h5-dl">
                <dt>{volunteer ? t('issues.estate') : t('issues.dwelling')}</dt>
                <dd>{draft.placeLabel}</dd>
                <dt>{t('issues.category')}</dt>
                <dd>{path.map((c) => categoryName(c, i18n.language)).join(' › ')}</dd>
              </dl>
            </div>
            <div className="rp-h5-card">
              <div className="rp-h5-field">
                <Chips
                  label={t('issues.kind')}
                  name="h5-kind"
                  value={draft.kind as (typeof ISSUE_KINDS)[number]}
                  onChange={(kind) => update({ kind })}
                  options={ISSUE_KINDS.map((k) => ({ value: k, label: t(`enum.issueKind.${k}`) }))}
                />
              </div>
              <Field id="h5-title" label={t('issues.title')} error={errors.title}>
                <input
                  id="h5-title"
                  className="rp-h5-input"
                  maxLength={LIMITS.shortText}
                  value={draft.title}
                  placeholder={t('issues.h5.titlePlaceholder')}
                  aria-invalid={!!errors.title}
                  aria-describedby={errors.title ? 'h5-title-error' : undefined}
                  onChange={(e) => update({ title: e.target.value })}
                  data-testid="h5-title"
                />
              </Field>
              <Field id="h5-description" label={t('issues.description')} error={errors.description}>
                <textarea
                  id="h5-description"
                  className="rp-h5-input"
                  maxLength={LIMITS.longText}
                  value={draft.description}
                  placeholder={t('issues.h5.descriptionPlaceholder')}
                  aria-invalid={!!errors.description}
                  aria-describedby={errors.description ? 'h5-description-error' : undefined}
                  onChange={(e) => update({ description: e.target.value })}
                  data-testid="h5-description"
                />
              </Field>
              <div className="rp-h5-field">
                <Chips
                  label={t('issues.urgency')}
                  name="h5-urgency"
                  value={draft.urgency}
                  onChange={(urgency) => update({ urgency })}
                  options={(['normal', 'urgent'] as const).map((u) => ({ value: u, label: t(`enum.urgency.${u}`) }))}
                />
                <div className="rp-h5-hint">{t('issues.h5.urgentHint')}</div>
              </div>
            </div>
            <div className="rp-h5-card">
              <span className="rp-h5-label" style={{ display: 'block', fontWeight: 600, marginBottom: 6 }}>
                {t('issues.photos')}
              </span>
              <H5PhotoPicker
                value={draft.photos}
                onChange={(photos) => update({ photos })}
                label={t('issues.photos')}
                testId="h5-photos"
              />
              {errors.photos ? <div className="rp-h5-error">{errors.photos}</div> : null}
            </div>
            <div className="rp-h5-card">
              <div className="rp-toggle-row">
                <span>
                  <span style={{ fontWeight: 600 }}>{t('issues.anonymous')}</span>
                  <span className="rp-h5-hint" style={{ display: 'block' }}>
                    {volunteer ? t('issues.h5.anonymousVisitHint') : t('issues.h5.anonymousHint')}
                  </span>
                </span>
                <button
                  type="button"
                  role="switch"
                  aria-checked={draft.anonymous}
                  aria-label={t('issues.anonymous')}
                  className="rp-switch-button"
                  data-testid="h5-anonymous"
                  onClick={() => update({ anonymous: !draft.anonymous })}
                >
                  <Switch checked={draft.anonymous} aria-hidden />
                </button>
              </div>
              {volunteer && !draft.anonymous ? (
                <>
                  <Field id="h5-reporter-name" label={t('issues.reporterName')} error={errors.reporter}>
                    <input
                      id="h5-reporter-name"
                      className="rp-h5-input"
                      maxLength={LIMITS.name}
                      value={draft.reporterName}
                      autoComplete="off"
                      onChange={(e) => update({ reporterName: e.target.value })}
                    />
                  </Field>
                  <Field id="h5-reporter-phone" label={t('issues.reporterPhone')}>
                    <input
                      id="h5-reporter-phone"
                      className="rp-h5-input"
                      type="tel"
                      inputMode="tel"
                      maxLength={20}
                      value={draft.reporterPhone}
                      autoComplete="off"
                      onChange={(e) => update({ reporterPhone: e.target.value })}
                    />
                  </Field>
                </>
              ) : null}
            </div>
            {submit.isPaused ? (
              <div role="status" style={{ marginBottom: 12 }} data-testid="h5-offline">
                <NoticeBar color="alert" wrap content={t('issues.h5.offlineWaiting')} />
              </div>
            ) : null}
            {errors.form ? (
              <div role="alert" style={{ marginBottom: 12 }}>
                <NoticeBar color="alert" wrap content={errors.form} />
              </div>
            ) : null}
            <div className="rp-h5-actions">
              <Button
                block
                type="submit"
                color="primary"
                size="large"
                loading={submit.isPending}
                data-testid="h5-submit"
              >
                {t('issues.h5.submit')}
              </Button>
              <div className="rp-h5-hint" style={{ textAlign: 'center' }}>
                {t('issues.h5.draftNote')}
              </div>
            </div>
          </form>
        ) : null}
      </div>
    </>
  );
}
