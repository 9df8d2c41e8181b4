import { ISSUE_KINDS, LIMITS, STAFF_SOURCES, URGENCIES, ZIssueCreate } from '@rp/contract';
import { useMutation, useQuery } from '@tanstack/react-query';
import { App, Button, Card, Col, DatePicker, Form, Input, Radio, Row, Select, Switch, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { get, type Page, post } from '../../app/api';
import { useUser } from '../../app/auth';
import { PageHeader } from '../../app/components/page-header';
import { RemoteSelect } from '../../app/components/remote-select';
import { TIME_ZONE } from '../../app/format';
import { useProblemHandler } from '../../app/problem';
import type { Dwelling, Estate } from '../../app/types';
import { zodCheck, zodRule } from '../../app/zod-rules';
import { CategoryCascader } from './category-cascader';
import { useCategoryNames } from './issue-queries';
import type { Issue, IssueSettings } from './issue-types';
import { PhotoUpload } from './photo-upload';

interface Values {
  estateId?: string;
  dwellingId?: string;
  kind: (typeof ISSUE_KINDS)[number];
  category?: string;
  title?: string;
  description?: string;
  source: (typeof STAFF_SOURCES)[number];
  urgency: (typeof URGENCIES)[number];
  anonymous: boolean;
  reporter?: { name?: string; phone?: string };
  reportedAt?: Dayjs;
  photoIds?: string[];
}

const shape = ZIssueCreate.shape;

/** The picked wall-clock time read as Asia/Shanghai (UI.md), whatever the browser's own zone. */
function toInstant(d: Dayjs): string {
  return dayjs.tz(d.format('YYYY-MM-DDTHH:mm:00'), TIME_ZONE).toISOString();
}

/** A dwelling as "1 栋 1 单元 101". */
export function useDwellingAddress() {
  const { t } = useTranslation();
  return (d: Pick<Dwelling, 'building' | 'unit' | 'number'>) =>
    d.unit
      ? t('dwelling.address', { building: d.building, unit: d.unit, number: d.number })
      : t('dwelling.addressNoUnit', { building: d.building, number: d.number });
}

/** Picks a dwelling of one estate (GET /estates/:id/dwellings?q=). */
function DwellingSelect({
  estateId,
  value,
  onChange,
  onPicked,
  id,
}: {
  estateId?: string;
  value?: string;
  onChange?: (v: string | undefined) => void;
  onPicked?: (d: Dwelling | undefined) => void;
  id?: string;
}) {
  const { t } = useTranslation();
  const address = useDwellingAddress();
  const [q, setQ] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const h = setTimeout(() => setDebounced(q), 250);
    return () => clearTimeout(h);
  }, [q]);
  const res = useQuery({
    queryKey: ['estates', estateId, 'dwellings', 'pick', debounced],
    queryFn: () => get<Page<Dwelling>>(`/api/v1/estates/${estateId}/dwellings`, { q: debounced, pageSize: 50 }),
    enabled: !!estateId,
  });
  const items = res.data?.items ?? [];
  return (
    <Select
      id={id}
      allowClear
      disabled={!estateId}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      loading={res.isFetching}
      placeholder={estateId ? t('issues.intake.dwellingSearch') : t('issues.intake.pickEstateFirst')}
      onChange={(v) => {
        onChange?.(v ?? undefined);
        onPicked?.(items.find((d) => d.id === v));
      }}
      options={items.map((d) => ({
        value: d.id,
        label: d.owners[0] ? `${address(d)} · ${d.owners[0].name}` : address(d),
      }))}
    />
  );
}

/** 诉求登记: staff enter an issue from a talk point, the hotline, a visit, a comment box or an inspection. */
export function IntakePage() {
  const { t } = useTranslation();
  const user = useUser();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const onError = useProblemHandler();
  const [form] = Form.useForm<Values>();
  const estateId = Form.useWatch('estateId', form);
  const anonymous = Form.useWatch('anonymous', form);
  const source = Form.useWatch('source', form);
  const category = Form.useWatch('category', form);
  const urgency = Form.useWatch('urgency', form);
  const names = useCategoryNames();
  const reporterNeeded = !anonymous && source !== 'inspection';
  const settings = useQuery({
    queryKey: ['settings', 'issues'],
    queryFn: () => get<IssueSettings>('/api/v1/settings/issues'),
    enabled: user.role !== 'committee',
    staleTime: 60_000,
  });
  const d = settings.data?.deadlines;
  const hint = (u: (typeof URGENCIES)[number]) =>
    !d
      ? ''
      : u === 'urgent'
        ? t('issues.intake.urgentHint', { hours: d.urgentHours })
        : t('issues.intake.daysHint', { days: u === 'complex' ? d.complexWorkingDays : d.normalWorkingDays });

  const create = useMutation({
    mutationFn: (body: unknown) => post<Issue>('/api/v1/issues', body),
    onSuccess: (issue) => {
      message.success(t('issues.intake.created', { code: issue.code }));
      navigate(`/issues/${issue.id}`);
    },
    onError: (e) => onError(e, form),
  });

  const submit = (v: Values) => {
    const body = {
      estateId: v.estateId,
      dwellingId: v.dwellingId || undefined,
      kind: v.kind,
      category: v.category,
      title: v.title?.trim(),
      description: v.description?.trim(),
      source: v.source,
      urgency: v.urgency,
      anonymous: v.anonymous,
      reporter:
        !v.anonymous && (v.reporter?.name || v.reporter?.phone)
          ? { name: v.reporter?.name?.trim() ?? '', phone: v.reporter?.phone?.trim() ?? '' }
          : undefined,
      reportedAt: v.reportedAt ? toInstant(v.reportedAt) : undefined,
      photoIds: v.photoIds ?? [],
    };
    if (body.reportedAt && Date.parse(body.reportedAt) > Date.now() + 60_000) {
      form.setFields([{ name: 'reportedAt', errors: [t('err.reportedAtFuture')] }]);
      return;
    }
    if (!zodCheck(form, ZIssueCreate, body)) return;
    create.mutate(body);
  };

  return (
    <>
      <PageHeader title={t('issues.intake.title')} sub={t('issues.intake.sub')} />
      <Card>
        <Form<Values>
          form={form}
          layout="vertical"
          style={{ maxWidth: 960 }}
          initialValues={{ kind: 'problem', source: 'talk_point', urgency: 'normal', anonymous: false }}
          onValuesChange={(changed: Partial<Values>) => {
            if ('estateId' in changed) form.setFieldValue('dwellingId', undefined);
          }}
          onFinish={submit}
          data-testid="intake-form"
        >
          <Typography.Title level={2} style={{ fontSize: 16 }}>
            {t('issues.intake.where')}
          </Typography.Title>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item
                name="estateId"
                label={t('issues.estate')}
                rules={[{ required: true, message: t('common.required') }]}
              >
                <RemoteSelect<Estate>
                  path="/api/v1/estates"
                  placeholder={t('issues.intake.estateSearch')}
                  describe={(e) => (e.communityName ? `${e.name} · ${e.communityName}` : e.name)}
                  testId="intake-estate"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="dwellingId" label={t('issues.dwelling')} extra={t('issues.intake.dwellingHint')}>
                <DwellingSelect
                  estateId={estateId}
                  onPicked={(dw) => {
                    // The owner of record is the likely reporter; fill in only what is still empty.
                    const o = dw?.owners[0];
                    const r = form.getFieldValue('reporter') as Values['reporter'];
                    if (o && !form.getFieldValue('anonymous') && !r?.name && !r?.phone)
                      form.setFieldValue('reporter', { name: o.name, phone: o.phone ?? '' });
                  }}
                />
              </Form.Item>
            </Col>
          </Row>
          <Typography.Title level={2} style={{ fontSize: 16 }}>
            {t('issues.intake.what')}
          </Typography.Title>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item
                name="kind"
                label={t('issues.kind')}
                rules={[{ required: true, message: t('common.required') }]}
              >
                <Select options={ISSUE_KINDS.map((k) => ({ value: k, label: t(`enum.issueKind.${k}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={16}>
              <Form.Item
                name="category"
                label={t('issues.category')}
                extra={category ? names.path(category) : t('issues.intake.categoryHint')}
                rules={[{ required: true, message: t('err.categoryLeaf') }]}
              >
                <CategoryCascader leafOnly testId="intake-category" style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item
            name="title"
            label={t('issues.title')}
            rules={[{ required: true, whitespace: true, message: t('common.required') }, zodRule(shape.title)]}
          >
            <Input maxLength={LIMITS.shortText} showCount data-testid="intake-title" />
          </Form.Item>
          <Form.Item
            name="description"
            label={t('issues.description')}
            rules={[{ required: true, whitespace: true, message: t('common.required') }, zodRule(shape.description)]}
          >
            <Input.TextArea
              rows={4}
              maxLength={LIMITS.longText}
              showCount
              placeholder={t('issues.intake.descriptionHint')}
              data-testid="intake-description"
            />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item
                name="source"
                label={t('issues.source')}
                rules={[{ required: true, message: t('common.required') }]}
              >
                <Select
                  data-testid="intake-source"
                  options={STAFF_SOURCES.map((s) => ({ value: s, label: t(`enum.issueSource.${s}`) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={16}>
              <Form.Item name="urgency" label={t('issues.urgency')} extra={urgency ? hint(urgency) : null}>
                <Radio.Group
                  optionType="button"
                  options={URGENCIES.map((u) => ({ value: u, label: t(`enum.urgency.${u}`) }))}
                />
              </Form.Item>
            </Col>
          </Row>
          <Typography.Title level={2} style={{ fontSize: 16 }}>
            {t('issues.intake.who')}
          </Typography.Title>
          <Row gutter={16}>
            <Col xs={24} md={6}>
              <Form.Item
                name="anonymous"
                label={t('issues.anonymous')}
                valuePropName="checked"
                extra={t('issues.intake.anonymousHint')}
              >
                <Switch />
              </Form.Item>
            </Col>
            {anonymous ? null : (
              <>
                <Col xs={24} md={9}>
                  <Form.Item
                    name={['reporter', 'name']}
                    label={t('issues.reporterName')}
                    rules={[
                      { required: reporterNeeded, whitespace: true, message: t('err.reporterRequired') },
                      zodRule(shape.reporter.unwrap().shape.name),
                    ]}
                  >
                    <Input maxLength={LIMITS.name} autoComplete="off" data-testid="intake-reporter-name" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={9}>
                  <Form.Item
                    name={['reporter', 'phone']}
                    label={t('issues.reporterPhone')}
                    rules={[
                      { required: reporterNeeded, whitespace: true, message: t('err.reporterRequired') },
                      zodRule(shape.reporter.unwrap().shape.phone),
                    ]}
                  >
                    <Input maxLength={20} inputMode="tel" autoComplete="off" data-testid="intake-reporter-phone" />
                  </Form.Item>
                </Col>
              </>
            )}
          </Row>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="reportedAt" label={t('issues.reportedAt')} extra={t('issues.intake.reportedAtHint')}>
                <DatePicker
                  showTime={{ format: 'HH:mm' }}
                  format="YYYY-MM-DD HH:mm"
                  style={{ width: '100%' }}
                  disabledDate={(day) => day.isAfter(dayjs().tz(TIME_ZONE), 'day')}
                  placeholder={t('issues.intake.reportedAtNow')}
                />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="photoIds" label={t('issues.photos')} extra={t('issues.intake.photosHint', { max: 9 })}>
            <PhotoUpload testId="intake-photos" />
          </Form.Item>
          <Form.Item style={{ marginBottom: 0 }}>
            <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="intake-submit">
              {t('issues.intake.submit')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
    </>
  );
}
