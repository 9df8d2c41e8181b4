import { PlayCircleOutlined, SaveOutlined } from '@ant-design/icons';
import { DEFAULT_DEADLINES } from '@rp/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Form, InputNumber, Row, Skeleton, Table, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post, put } from '../../app/api';
import { PageHeader } from '../../app/components/page-header';
import { LoadError } from '../../app/components/status-pages';
import { formatDateTime } from '../../app/format';
import { useProblemHandler } from '../../app/problem';
import type { DeadlineJobResult, Deadlines, IssueSettings, JobRun, SatisfactionWeights } from './issue-types';

interface Values {
  deadlines: Deadlines;
  weights: SatisfactionWeights;
}

// Bounds of the server's validator (system.routes ZDeadlines).
const BOUNDS: Record<keyof Deadlines, [number, number]> = {
  acceptWorkingDays: [1, 30],
  urgentHours: [1, 240],
  normalWorkingDays: [1, 60],
  complexWorkingDays: [1, 120],
  escalationWorkingDays: [1, 60],
  autoCloseDays: [1, 60],
};

/** 办理时限: the deadline settings and satisfaction weights (SPEC ), and running the deadline job now. */
export function SettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useProblemHandler();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const settings = useQuery({
    queryKey: ['settings', 'issues'],
    queryFn: () => get<IssueSettings>('/api/v1/settings/issues'),
  });
  const runs = useQuery({ queryKey: ['admin', 'jobs'], queryFn: () => get<JobRun[]>('/api/v1/admin/jobs') });
  useEffect(() => {
    if (settings.data)
      form.setFieldsValue({ deadlines: settings.data.deadlines, weights: settings.data.formula.satisfactionWeights });
  }, [settings.data, form]);

  const save = useMutation({
    mutationFn: (v: Values) => {
      const w = settings.data?.formula.satisfactionWeights;
      const changed =
        !w ||
        w.satisfied !== v.weights.satisfied ||
        w.basically_satisfied !== v.weights.basically_satisfied ||
        w.unsatisfied !== v.weights.unsatisfied;
      // Weights are sent only when changed: each change makes a new formula version.
      return put<IssueSettings>('/api/v1/settings/issues', {
        deadlines: v.deadlines,
        satisfactionWeights: changed ? v.weights : undefined,
      });
    },
    onSuccess: (s) => {
      qc.setQueryData(['settings', 'issues'], s);
      void qc.invalidateQueries({ queryKey: ['stats', 'issues'] });
      message.success(t('common.saved'));
    },
    onError: (e) => onError(e, form),
  });
  const job = useMutation({
    mutationFn: () => post<DeadlineJobResult>('/api/v1/admin/jobs/deadlines/run'),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['admin', 'jobs'] });
      void qc.invalidateQueries({ queryKey: ['ledgers'] });
      void qc.invalidateQueries({ queryKey: ['issues'] });
      void qc.invalidateQueries({ queryKey: ['stats', 'issues'] });
    },
    onError: (e) => onError(e),
  });
  const r = job.data;

  const field = (k: keyof Deadlines) => (
    <Col xs={24} md={12} xl={8} key={k}>
      <Form.Item
        name={['deadlines', k]}
        label={t(`issues.settings.${k}`)}
        extra={t('issues.settings.default', { value: DEFAULT_DEADLINES[k] })}
        rules={[{ required: true, message: t('common.required') }]}
      >
        <InputNumber
          min={BOUNDS[k][0]}
          max={BOUNDS[k][1]}
          precision={0}
          style={{ width: 160 }}
          suffix={
            k === 'urgentHours'
              ? t('issues.settings.hours')
              : t(k === 'autoCloseDays' ? 'issues.settings.days' : 'issues.settings.workingDays')
          }
        />
      </Form.Item>
    </Col>
  );

  return (
    <>
      <PageHeader title={t('issues.nav.settings')} sub={t('issues.settings.sub')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('issues.settings.deadlines')}</h2>}>
            {settings.isError ? (
              <LoadError error={settings.error} onRetry={() => void settings.refetch()} />
            ) : settings.isPending ? (
              <Skeleton active />
            ) : (
              <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} data-testid="settings-form">
                <Row gutter={16}>{(Object.keys(BOUNDS) as (keyof Deadlines)[]).map(field)}</Row>
                <Typography.Title level={3} style={{ fontSize: 15 }}>
                  {t('issues.settings.weights')}
                </Typography.Title>
                <Typography.Paragraph type="secondary">
                  {t('issues.settings.weightsHint', { version: settings.data?.formula.version })}
                </Typography.Paragraph>
                <Row gutter={16}>
                  {(['satisfied', 'basically_satisfied', 'unsatisfied'] as const).map((k) => (
                    <Col xs={24} md={8} key={k}>
                      <Form.Item
                        name={['weights', k]}
                        label={t(`enum.rating.${k}`)}
                        rules={[{ required: true, message: t('common.required') }]}
                      >
                        <InputNumber min={0} max={1} step={0.05} precision={2} style={{ width: 160 }} />
                      </Form.Item>
                    </Col>
                  ))}
                </Row>
                <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={save.isPending}>
                  {t('common.save')}
                </Button>
              </Form>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('issues.settings.job')}</h2>}>
            <Typography.Paragraph type="secondary">{t('issues.settings.jobHint')}</Typography.Paragraph>
            <Button
              type="primary"
              icon={<PlayCircleOutlined />}
              loading={job.isPending}
              onClick={() => job.mutate()}
              data-testid="run-deadline-job"
            >
              {t('issues.settings.runJob')}
            </Button>
            {r ? (
              <Alert
                role="status"
                style={{ marginTop: 16 }}
                type={r.skipped ? 'warning' : 'success'}
                showIcon
                data-testid="job-result"
                title={
                  r.skipped ? t('issues.settings.jobSkipped') : t('issues.settings.jobDone', { changed: r.changed })
                }
                description={
                  <Descriptions
                    size="small"
                    column={1}
                    items={[
                      { key: 'e', label: t('issues.settings.escalated'), children: r.escalated },
                      { key: 'f', label: t('issues.settings.flagged'), children: r.flagged },
                      { key: 'a', label: t('issues.settings.autoClosed'), children: r.autoClosed },
                    ]}
                  />
                }
              />
            ) : null}
            <Typography.Title level={3} style={{ fontSize: 15, marginTop: 20 }}>
              {t('issues.settings.runs')}
            </Typography.Title>
            <Table<JobRun>
              size="small"
              rowKey="id"
              loading={runs.isPending}
              dataSource={(runs.data ?? []).filter((x) => x.job === 'deadlines').slice(0, 10)}
              pagination={false}
              columns={[
                { title: t('issues.settings.runAt'), dataIndex: 'startedAt', render: (v: string) => formatDateTime(v) },
                { title: t('issues.settings.changed'), dataIndex: 'changed', width: 80 },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
