import { parsePeriod, ZBillingPeriodCreate, ZPeriod } from '@rp/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, InputNumber, Modal, Progress, Result, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, post } from '../../app/api';
import { formatInt } from '../../app/format';
import { useProblemHandler } from '../../app/problem';
import { issueMessage, zodRule } from '../../app/zod-rules';
import type { BillingPeriod } from './disclosure-types';
import { parseYuan } from './money';
import { MoneyText } from './money-text';

interface Values {
  period?: string;
  months?: number;
  unitPrice?: string;
}

/**
 * 开账: bills every delivered dwelling of the estate for a period (SPEC R-44). The server does it in one statement; a
 * large estate takes a while, so the dialog shows the work in progress, then the summary { bills, billedFen }.
 */
export function BillingPeriodModal({
  estateId,
  open,
  onClose,
}: {
  estateId: string;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const onError = useProblemHandler();
  const [form] = Form.useForm<Values>();
  const [elapsed, setElapsed] = useState(0);
  const period = Form.useWatch('period', form);
  const create = useMutation({
    mutationFn: (body: unknown) => post<BillingPeriod>(`/api/v1/estates/${estateId}/billing-periods`, body),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['billing-periods'] });
      void qc.invalidateQueries({ queryKey: ['bills'] });
      void qc.invalidateQueries({ queryKey: ['stats', 'fees'] });
    },
    onError: (e) => {
      onError(e, form);
      if (e instanceof ApiError && e.status === 409) form.setFields([{ name: 'period', errors: [e.problem.title] }]);
    },
  });
  useEffect(() => {
    const p = period ? parsePeriod(period.trim()) : null;
    if (p) form.setFieldValue('months', p.months);
  }, [period, form]);
  useEffect(() => {
    if (!create.isPending) return;
    const started = Date.now();
    setElapsed(0);
    const h = setInterval(() => setElapsed(Math.round((Date.now() - started) / 1000)), 500);
    return () => clearInterval(h);
  }, [create.isPending]);

  const done = create.data;
  const footer = done ? (
    <>
      <Button onClick={onClose}>{t('common.close')}</Button>
      <Button
        type="primary"
        data-testid="view-bills"
        onClick={() => {
          onClose();
          navigate(`/fees/bills?estateId=${estateId}&billingPeriodId=${done.id}`);
        }}
      >
        {t('disclosure.viewBills')}
      </Button>
    </>
  ) : (
    <>
      <Button onClick={onClose} disabled={create.isPending}>
        {t('common.cancel')}
      </Button>
      <Button type="primary" loading={create.isPending} onClick={() => form.submit()} data-testid="billing-submit">
        {t('disclosure.createBilling')}
      </Button>
    </>
  );

  return (
    <Modal
      title={t('disclosure.createBillingTitle')}
      open={open}
      onCancel={create.isPending ? undefined : onClose}
      closable={!create.isPending}
      maskClosable={false}
      footer={footer}
      destroyOnHidden
    >
      {done ? (
        <Result
          status="success"
          title={t('disclosure.billingDone', { period: done.period })}
          subTitle={
            <span data-testid="billing-result">
              {t('disclosure.billingSummary', { bills: formatInt(done.bills) })} <MoneyText fen={done.billedFen} />
            </span>
          }
        />
      ) : create.isPending ? (
        <div role="status" aria-live="polite" data-testid="billing-progress" style={{ padding: '24px 0' }}>
          <Typography.Text>{t('disclosure.billingRunning')}</Typography.Text>
          <Progress percent={100} status="active" showInfo={false} aria-label={t('disclosure.billingRunning')} />
          <Typography.Text type="secondary">{t('disclosure.elapsed', { seconds: elapsed })}</Typography.Text>
        </div>
      ) : null}
      {done ? null : (
        <Form<Values>
          form={form}
          layout="vertical"
          hidden={create.isPending}
          onFinish={(v) => {
            const fen = parseYuan(v.unitPrice);
            if (fen === null) {
              form.setFields([{ name: 'unitPrice', errors: [t('err.amount')] }]);
              return;
            }
            const body = { period: (v.period ?? '').trim(), months: v.months, unitPriceFenPerM2Month: fen };
            // The schema names the price in fen; the form asks for it in yuan, so its issues go on that field.
            const r = ZBillingPeriodCreate.safeParse(body);
            if (!r.success) {
              form.setFields(
                r.error.issues.map((i) => ({
                  name: i.path[0] === 'unitPriceFenPerM2Month' ? 'unitPrice' : (String(i.path[0]) as keyof Values),
                  errors: [issueMessage(i)],
                })),
              );
              return;
            }
            create.mutate(body);
          }}
        >
          <Alert type="info" showIcon title={t('disclosure.billingIntro')} style={{ marginBottom: 16 }} />
          <Form.Item
            name="period"
            label={t('disclosure.period')}
            extra={t('disclosure.periodHint')}
            rules={[{ required: true, message: t('common.required') }, zodRule(ZPeriod)]}
          >
            <Input maxLength={7} placeholder="2026Q3" data-testid="billing-period" style={{ width: 160 }} />
          </Form.Item>
          <Form.Item
            name="months"
            label={t('disclosure.months')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <InputNumber min={1} max={12} precision={0} data-testid="billing-months" />
          </Form.Item>
          <Form.Item
            name="unitPrice"
            label={t('disclosure.unitPrice')}
            extra={t('disclosure.unitPriceHint')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Input
              inputMode="decimal"
              maxLength={10}
              suffix={t('enum.feeUnit.m2_month')}
              data-testid="billing-price"
              style={{ width: 240 }}
            />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
