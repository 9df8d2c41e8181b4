import { DeleteOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { MANAGEMENT_MODES } from '@rp/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Flex, Form, InputNumber, Skeleton, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { get, put } from '../../app/api';
import { useUser } from '../../app/auth';
import { PageHeader } from '../../app/components/page-header';
import { LoadError } from '../../app/components/status-pages';
import { useProblemHandler } from '../../app/problem';
import { useOrgUnit } from '../../app/queries';

interface GovernanceConfig {
  requiredMinDeliveredPercent: number;
  requiredExcludeModes: string[];
  coverageTargets: Record<string, number>;
}
interface Values {
  requiredMinDeliveredPercent: number;
  requiredExcludeModes: string[];
  targets: { year?: number; percent?: number }[];
}

const toValues = (c: GovernanceConfig): Values => ({
  requiredMinDeliveredPercent: c.requiredMinDeliveredPercent,
  requiredExcludeModes: c.requiredExcludeModes,
  targets: Object.entries(c.coverageTargets)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([year, v]) => ({ year: Number(year), percent: Math.round(v * 10000) / 100 })),
});

/**
 * 业委会组建设置 (SPEC R-40): when an estate must have an owners' committee (share of dwellings delivered, management
 * modes left out) and the yearly coverage targets the committee statistics are measured against. City-wide: the
 * admin or the city's bureau saves it (GET/PUT /settings/governance).
 */
export function GovernanceSettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useProblemHandler();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const user = useUser();
  // City-wide: a bureau bound to a district reads it but cannot change it (the server answers 403).
  const unit = useOrgUnit(user.role === 'bureau' ? user.scope.orgUnitId : null);
  const readOnly = user.role !== 'admin' && unit.data?.kind !== 'city';
  const cfg = useQuery({
    queryKey: ['settings', 'governance'],
    queryFn: () => get<GovernanceConfig>('/api/v1/settings/governance'),
  });
  useEffect(() => {
    if (cfg.data) form.setFieldsValue(toValues(cfg.data));
  }, [cfg.data, form]);
  const save = useMutation({
    mutationFn: (v: Values) =>
      put<GovernanceConfig>('/api/v1/settings/governance', {
        requiredMinDeliveredPercent: v.requiredMinDeliveredPercent,
        requiredExcludeModes: v.requiredExcludeModes ?? [],
        coverageTargets: Object.fromEntries(
          (v.targets ?? [])
            .filter((x) => x.year !== undefined && x.percent !== undefined)
            .map((x) => [String(x.year), Math.round((x.percent as number) * 100) / 10000]),
        ),
      }),
    onSuccess: (c) => {
      qc.setQueryData(['settings', 'governance'], c);
      void qc.invalidateQueries({ queryKey: ['committees'] });
      void qc.invalidateQueries({ queryKey: ['stats', 'committees'] });
      message.success(t('common.saved'));
    },
    onError: (e) => onError(e, form),
  });

  return (
    <>
      <PageHeader title={t('governance.settings.title')} sub={t('governance.settings.sub')} />
      <Card style={{ maxWidth: 760 }}>
        {cfg.isError ? (
          <LoadError error={cfg.error} onRetry={() => void cfg.refetch()} />
        ) : cfg.isPending ? (
          <Skeleton active />
        ) : (
          <Form<Values>
            form={form}
            layout="vertical"
            disabled={readOnly}
            onFinish={(v) => save.mutate(v)}
            data-testid="governance-settings-form"
          >
            {readOnly ? (
              <Alert type="info" showIcon title={t('governance.settings.readOnly')} style={{ marginBottom: 16 }} />
            ) : null}
            <Form.Item
              name="requiredMinDeliveredPercent"
              label={t('governance.settings.minDelivered')}
              extra={t('governance.settings.minDeliveredHint')}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <InputNumber min={0} max={100} precision={0} suffix="%" style={{ width: 160 }} />
            </Form.Item>
            <Form.Item
              name="requiredExcludeModes"
              label={t('governance.settings.excludeModes')}
              extra={t('governance.settings.excludeModesHint')}
            >
              <Checkbox.Group
                options={MANAGEMENT_MODES.map((m) => ({ value: m, label: t(`enum.managementMode.${m}`) }))}
              />
            </Form.Item>
            <Typography.Title level={3} style={{ fontSize: 15 }}>
              {t('governance.settings.targets')}
            </Typography.Title>
            <Typography.Paragraph type="secondary">{t('governance.settings.targetsHint')}</Typography.Paragraph>
            <Form.List name="targets">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((f, i) => (
                    <Flex key={f.key} gap={12} align="baseline" data-testid="target-row">
                      <Form.Item
                        name={[f.name, 'year']}
                        label={i === 0 ? t('governance.settings.year') : undefined}
                        rules={[
                          { required: true, message: t('common.required') },
                          ({ getFieldValue }) => ({
                            validator: async (_r, year: number | undefined) => {
                              const years = (getFieldValue('targets') as Values['targets']).map((x) => x?.year);
                              if (year !== undefined && years.filter((y) => y === year).length > 1)
                                throw new Error(t('governance.settings.yearTwice'));
                            },
                          }),
                        ]}
                      >
                        <InputNumber
                          min={2000}
                          max={2100}
                          precision={0}
                          aria-label={t('governance.settings.year')}
                          style={{ width: 120 }}
                        />
                      </Form.Item>
                      <Form.Item
                        name={[f.name, 'percent']}
                        label={i === 0 ? t('governance.settings.target') : undefined}
                        rules={[{ required: true, message: t('common.required') }]}
                      >
                        <InputNumber
                          min={0}
                          max={100}
                          precision={2}
                          suffix="%"
                          aria-label={t('governance.settings.target')}
                          style={{ width: 140 }}
                        />
                      </Form.Item>
                      <Button
                        type="text"
                        icon={<DeleteOutlined />}
                        aria-label={t('governance.settings.removeTarget', { n: i + 1 })}
                        onClick={() => remove(f.name)}
                      />
                    </Flex>
                  ))}
                  <Button
                    icon={<PlusOutlined />}
                    onClick={() => add({ year: new Date().getFullYear() + 1 })}
                    data-testid="target-add"
                    style={{ marginBottom: 24 }}
                  >
                    {t('governance.settings.addTarget')}
                  </Button>
                </>
              )}
            </Form.List>
            <div>
              <Button
                type="primary"
                htmlType="submit"
                icon={<SaveOutlined />}
                loading={save.isPending}
                data-testid="governance-settings-save"
              >
                {t('common.save')}
              </Button>
            </div>
          </Form>
        )}
      </Card>
    </>
  );
}
