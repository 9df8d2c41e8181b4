import { LIMITS, ZReversalCreate } from '@rp/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { post } from '../../app/api';
import { useProblemHandler } from '../../app/problem';
import { zodRule } from '../../app/zod-rules';

/**
 * 冲正: cancels a payment or a finance entry recorded in error with a counter-entry of the negative amount and a
 * reason (POST …/:id/reverse). The original stays on the ledger, marked 已冲正.
 */
export function ReversalModal({
  url,
  what,
  invalidate,
  onClose,
}: {
  url: string;
  /** What is being reversed, in words (amount, date). */
  what: string;
  invalidate: readonly (readonly string[])[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const onError = useProblemHandler();
  const [form] = Form.useForm<{ reason: string }>();
  const reverse = useMutation({
    mutationFn: (body: { reason: string }) => post(url, body),
    onSuccess: () => {
      for (const key of invalidate) void qc.invalidateQueries({ queryKey: [...key] });
      message.success(t('disclosure.reversal.done'));
      onClose();
    },
    onError: (e) => onError(e, form),
  });
  return (
    <Modal
      open
      title={t('disclosure.reversal.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('disclosure.reversal.submit')}
      okButtonProps={{ danger: true, ...({ 'data-testid': 'reversal-submit' } as object) }}
      cancelText={t('common.cancel')}
      confirmLoading={reverse.isPending}
      destroyOnHidden
    >
      <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('disclosure.reversal.hint', { what })} />
      <Form form={form} layout="vertical" preserve={false} onFinish={(v) => reverse.mutate({ reason: v.reason })}>
        <Form.Item
          name="reason"
          label={t('disclosure.reversal.reason')}
          rules={[{ required: true, message: t('err.required') }, zodRule(ZReversalCreate.shape.reason)]}
        >
          <Input.TextArea
            rows={3}
            maxLength={LIMITS.shortText}
            showCount
            placeholder={t('disclosure.reversal.reasonPlaceholder')}
            data-testid="reversal-reason"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 冲正 / 已冲正 beside an entry: a counter-entry (with its reason on hover) or an entry cancelled by one. */
export function ReversalTag({
  reversesId,
  reversed,
  reason,
}: {
  reversesId: string | null;
  reversed: boolean;
  reason?: string | null;
}) {
  const { t } = useTranslation();
  if (reversesId)
    return (
      <Tooltip title={reason ? t('disclosure.reversal.reasonIs', { reason }) : undefined}>
        <Tag color="orange" data-testid="reversal-tag">
          {t('disclosure.reversal.isReversal')}
        </Tag>
      </Tooltip>
    );
  if (reversed)
    return (
      <Tag data-testid="reversed-tag" style={{ textDecoration: 'line-through' }}>
        {t('disclosure.reversal.reversed')}
      </Tag>
    );
  return null;
}

/**
 * The 操作 column with a 冲正 button on rows that are neither a reversal nor reversed already; none when the caller
 * may not reverse.
 */
export function reversalColumn<T extends { reversesId: string | null; reversed: boolean }>(
  t: (key: 'common.actions' | 'disclosure.reversal.action') => string,
  mayReverse: boolean,
  onReverse: (row: T) => void,
  testId: string,
) {
  if (!mayReverse) return [];
  return [
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_: unknown, row: T) =>
        row.reversesId || row.reversed ? null : (
          <Button size="small" type="link" danger onClick={() => onReverse(row)} data-testid={testId}>
            {t('disclosure.reversal.action')}
          </Button>
        ),
    },
  ];
}
