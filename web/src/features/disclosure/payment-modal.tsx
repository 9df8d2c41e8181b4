import { LIMITS, ZPaymentCreate } from '@rp/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, DatePicker, Descriptions, Form, Input, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { post } from '../../app/api';
import { TIME_ZONE } from '../../app/format';
import { useProblemHandler } from '../../app/problem';
import { zodCheck } from '../../app/zod-rules';
import type { Bill, PaymentResult } from './disclosure-types';
import { fenInput, formatFen, parseYuan } from './money';
import { MoneyText } from './money-text';

interface Values {
  amountFen?: string;
  paidAt?: Dayjs;
  note?: string;
}

/** 登记缴费: a payment against a bill, entered in yuan with two decimals and sent as integer fen (SPEC R-44). */
export function PaymentModal({ bill, onClose }: { bill: Bill; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const onError = useProblemHandler();
  const [form] = Form.useForm<Values>();
  const today = dayjs().tz(TIME_ZONE).format('YYYY-MM-DD');
  const pay = useMutation({
    mutationFn: (body: unknown) => post<PaymentResult>(`/api/v1/bills/${bill.id}/payments`, body),
    onSuccess: (p) => {
      void qc.invalidateQueries({ queryKey: ['bills'] });
      void qc.invalidateQueries({ queryKey: ['billing-periods'] });
      void qc.invalidateQueries({ queryKey: ['stats', 'fees'] });
      message.success(
        t('disclosure.paymentSaved', { amount: formatFen(p.amountFen), owed: formatFen(p.bill.owedFen) }),
      );
      onClose();
    },
    onError: (e) => onError(e, form),
  });
  return (
    <Modal
      open
      title={t('disclosure.recordPayment')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={pay.isPending}
      destroyOnHidden
    >
      <Descriptions
        size="small"
        column={2}
        style={{ marginBottom: 16 }}
        items={[
          {
            key: 'addr',
            label: t('disclosure.dwelling'),
            children: bill.unit
              ? t('dwelling.address', { building: bill.building, unit: bill.unit, number: bill.number })
              : t('dwelling.addressNoUnit', { building: bill.building, number: bill.number }),
          },
          { key: 'period', label: t('disclosure.period'), children: bill.period },
          { key: 'amount', label: t('disclosure.amount'), children: <MoneyText fen={bill.amountFen} /> },
          { key: 'owed', label: t('disclosure.owed'), children: <MoneyText fen={bill.owedFen} /> },
        ]}
      />
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ amountFen: fenInput(bill.owedFen), paidAt: dayjs(today) }}
        onFinish={(v) => {
          const fen = parseYuan(v.amountFen);
          if (fen === null) {
            form.setFields([{ name: 'amountFen', errors: [t('err.amount')] }]);
            return;
          }
          if (fen > bill.owedFen) {
            form.setFields([{ name: 'amountFen', errors: [t('err.overpayment', { owed: fenInput(bill.owedFen) })] }]);
            return;
          }
          const body = {
            amountFen: fen,
            paidAt: v.paidAt ? v.paidAt.format('YYYY-MM-DD') : '',
            ...(v.note?.trim() ? { note: v.note.trim() } : {}),
          };
          if (!zodCheck(form, ZPaymentCreate, body)) return;
          pay.mutate(body);
        }}
      >
        <Form.Item
          name="amountFen"
          label={t('disclosure.paymentAmount')}
          extra={t('disclosure.yuanHint')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input inputMode="decimal" prefix="¥" maxLength={14} style={{ width: 200 }} data-testid="payment-amount" />
        </Form.Item>
        <Form.Item
          name="paidAt"
          label={t('disclosure.paidAt')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <DatePicker format="YYYY-MM-DD" disabledDate={(d) => d.format('YYYY-MM-DD') > today} />
        </Form.Item>
        <Form.Item name="note" label={t('common.note')}>
          <Input maxLength={LIMITS.shortText} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
