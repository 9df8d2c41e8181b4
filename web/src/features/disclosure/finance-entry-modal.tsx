import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { COUNTERPARTY_KINDS, FINANCE_KINDS, LIMITS, ZFinanceEntryCreate } from '@rp/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Flex, Form, Input, Modal, Progress, Radio, Typography, Upload } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, post, upload } from '../../app/api';
import { TIME_ZONE } from '../../app/format';
import { useProblemHandler } from '../../app/problem';
import { zodCheck } from '../../app/zod-rules';
import type { FinanceEntry, Upload as Uploaded } from './disclosure-types';
import { formatFen, parseYuan } from './money';

interface Values {
  kind?: (typeof FINANCE_KINDS)[number];
  amountFen?: string;
  date?: Dayjs;
  counterparty?: string;
  counterpartyKind?: (typeof COUNTERPARTY_KINDS)[number];
  purpose?: string;
}

// Receipts: photos or scanned PDFs (the server checks the first bytes).
const RECEIPT_TYPES = '.jpg,.jpeg,.png,.webp,.gif,.pdf';

/** 记一笔: an income or expense entry of the committee's finances, with a receipt photo (SPEC R-43 (3)). */
export function FinanceEntryModal({ estateId, onClose }: { estateId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const onError = useProblemHandler();
  const [form] = Form.useForm<Values>();
  const [attachment, setAttachment] = useState<(Uploaded & { name: string }) | null>(null);
  const [uploading, setUploading] = useState<number | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const today = dayjs().tz(TIME_ZONE).format('YYYY-MM-DD');
  const save = useMutation({
    mutationFn: (body: unknown) => post<FinanceEntry>(`/api/v1/estates/${estateId}/finance`, body),
    onSuccess: (e) => {
      void qc.invalidateQueries({ queryKey: ['finance', estateId] });
      message.success(t('disclosure.entrySaved', { amount: formatFen(e.amountFen) }));
      onClose();
    },
    onError: (e) => {
      if (e instanceof ApiError && e.problem.errors?.some((x) => x.path === 'attachmentId')) setAttachment(null);
      onError(e, form);
    },
  });
  const pick = async (file: File) => {
    setUploadError(null);
    setUploading(0);
    try {
      const u = await upload<Uploaded>('/api/v1/uploads', file, { onProgress: setUploading });
      setAttachment({ ...u, name: file.name });
    } catch (e) {
      setUploadError(e instanceof ApiError ? (e.problem.errors?.[0]?.message ?? e.problem.title) : String(e));
    } finally {
      setUploading(null);
    }
  };
  return (
    <Modal
      open
      title={t('disclosure.addEntry')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      okButtonProps={{ disabled: uploading !== null }}
      destroyOnHidden
      width={600}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ kind: 'expense', date: dayjs(today), counterpartyKind: 'organization' }}
        onFinish={(v) => {
          const fen = parseYuan(v.amountFen);
          if (fen === null) {
            form.setFields([{ name: 'amountFen', errors: [t('err.amount')] }]);
            return;
          }
          const body = {
            kind: v.kind,
            amountFen: fen,
            date: v.date ? v.date.format('YYYY-MM-DD') : '',
            counterparty: (v.counterparty ?? '').trim(),
            counterpartyKind: v.counterpartyKind,
            purpose: (v.purpose ?? '').trim(),
            ...(attachment ? { attachmentId: attachment.id } : {}),
          };
          if (!zodCheck(form, ZFinanceEntryCreate, body)) return;
          save.mutate(body);
        }}
      >
        <Form.Item
          name="kind"
          label={t('disclosure.entryKind')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={FINANCE_KINDS.map((k) => ({ value: k, label: t(`enum.financeKind.${k}`) }))}
          />
        </Form.Item>
        <Flex gap={16} wrap>
          <Form.Item
            name="amountFen"
            label={t('disclosure.amountYuan')}
            extra={t('disclosure.yuanHint')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Input inputMode="decimal" prefix="¥" maxLength={14} style={{ width: 200 }} data-testid="finance-amount" />
          </Form.Item>
          <Form.Item name="date" label={t('common.date')} rules={[{ required: true, message: t('common.required') }]}>
            <DatePicker format="YYYY-MM-DD" disabledDate={(d) => d.format('YYYY-MM-DD') > today} />
          </Form.Item>
        </Flex>
        <Flex gap={16} wrap>
          <Form.Item
            name="counterparty"
            label={t('disclosure.counterparty')}
            rules={[{ required: true, message: t('common.required') }]}
            style={{ flex: 1, minWidth: 220 }}
          >
            <Input maxLength={LIMITS.name} data-testid="finance-counterparty" />
          </Form.Item>
          <Form.Item name="counterpartyKind" label={t('disclosure.counterpartyKind')} extra={t('disclosure.maskHint')}>
            <Radio.Group
              options={COUNTERPARTY_KINDS.map((k) => ({ value: k, label: t(`enum.counterpartyKind.${k}`) }))}
            />
          </Form.Item>
        </Flex>
        <Form.Item
          name="purpose"
          label={t('disclosure.purpose')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input maxLength={LIMITS.shortText} data-testid="finance-purpose" />
        </Form.Item>
        <Form.Item
          label={t('disclosure.attachment')}
          extra={t('disclosure.attachmentHint')}
          validateStatus={uploadError ? 'error' : undefined}
          help={uploadError ?? undefined}
        >
          {attachment ? (
            <Flex gap={8} align="center">
              <PaperClipOutlined aria-hidden />
              <Typography.Link href={attachment.url} target="_blank" rel="noreferrer">
                {attachment.name}
              </Typography.Link>
              <Button size="small" onClick={() => setAttachment(null)}>
                {t('disclosure.removeAttachment')}
              </Button>
            </Flex>
          ) : (
            <Upload
              accept={RECEIPT_TYPES}
              showUploadList={false}
              beforeUpload={(f) => {
                void pick(f);
                return Upload.LIST_IGNORE;
              }}
            >
              <Button icon={<UploadOutlined />} loading={uploading !== null} data-testid="finance-attach">
                {t('disclosure.attach')}
              </Button>
            </Upload>
          )}
          {uploading !== null ? <Progress percent={uploading} size="small" aria-label={t('import.uploading')} /> : null}
        </Form.Item>
      </Form>
    </Modal>
  );
}
