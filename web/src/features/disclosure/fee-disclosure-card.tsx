import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { FEE_UNITS, fenToYuan, LIMITS, ZFeeDisclosurePut } from '@rp/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Empty, Flex, Form, Input, Modal, Select, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { put } from '../../app/api';
import { useProblemHandler } from '../../app/problem';
import { zodCheck } from '../../app/zod-rules';
import type { FeeDisclosure } from './disclosure-types';
import { fenInput, parseYuan } from './money';

type Unit = (typeof FEE_UNITS)[number];
interface Values {
  items?: { name?: string; unit?: Unit; standard?: string; note?: string }[];
  serviceContent?: string;
  serviceStandard?: string;
  complaintHotline?: string;
}
type Item = FeeDisclosure['items'][number];

/** 三个公开 (2) 收费公开 / 明码标价: fee items and standards, service content and standards, complaint hotline. */
export function FeeDisclosureCard({
  estateId,
  fees,
  canEdit,
}: {
  estateId: string;
  fees: FeeDisclosure | null;
  canEdit: boolean;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const f = fees;
  return (
    <Card
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('disclosure.feesPublicTitle')}</h2>}
      data-testid="fee-disclosure-card"
      extra={
        canEdit ? (
          <Button icon={<EditOutlined />} onClick={() => setOpen(true)} data-testid="edit-fees">
            {f ? t('common.edit') : t('disclosure.record')}
          </Button>
        ) : null
      }
    >
      {f ? (
        <>
          <Table<Item>
            rowKey={(i) => `${i.name}-${i.unit}`}
            size="small"
            pagination={false}
            dataSource={f.items}
            style={{ marginBottom: 16 }}
            columns={[
              { title: t('disclosure.feeItem'), dataIndex: 'name' },
              {
                title: t('disclosure.standard'),
                key: 'standard',
                align: 'right',
                render: (_, i) => (
                  <span className="rp-num">
                    {fenToYuan(i.standardFen)} {t(`enum.feeUnit.${i.unit}`)}
                  </span>
                ),
              },
              { title: t('common.note'), dataIndex: 'note' },
            ]}
          />
          <Descriptions
            column={1}
            items={[
              {
                key: 'content',
                label: t('disclosure.serviceContent'),
                children: <div className="rp-pre">{f.serviceContent}</div>,
              },
              ...(f.serviceStandard
                ? [
                    {
                      key: 'std',
                      label: t('disclosure.serviceStandard'),
                      children: <div className="rp-pre">{f.serviceStandard}</div>,
                    },
                  ]
                : []),
              { key: 'hotline', label: t('disclosure.hotline'), children: f.complaintHotline },
            ]}
          />
        </>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('disclosure.noFees')} />
      )}
      {open ? <FeeDisclosureModal onClose={() => setOpen(false)} estateId={estateId} fees={fees} /> : null}
    </Card>
  );
}

/** The clear-pricing dialog: a fresh form each time it opens. */
function FeeDisclosureModal({
  estateId,
  fees,
  onClose,
}: {
  estateId: string;
  fees: FeeDisclosure | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const onError = useProblemHandler();
  const [form] = Form.useForm<Values>();
  const f = fees;
  const save = useMutation({
    mutationFn: (body: unknown) => put<FeeDisclosure>(`/api/v1/estates/${estateId}/disclosure/fees`, body),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['disclosure', estateId] });
      message.success(t('common.saved'));
      onClose();
    },
    onError: (e) => onError(e, form),
  });
  return (
    <Modal
      title={t('disclosure.feesPublicTitle')}
      open
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={760}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          items: f?.items.map((i) => ({
            name: i.name,
            unit: i.unit,
            standard: fenInput(i.standardFen),
            note: i.note ?? undefined,
          })) ?? [{ unit: 'm2_month' }],
          serviceContent: f?.serviceContent,
          serviceStandard: f?.serviceStandard,
          complaintHotline: f?.complaintHotline,
        }}
        onFinish={(v) => {
          const items = (v.items ?? []).map((i) => ({
            name: (i.name ?? '').trim(),
            unit: i.unit,
            standardFen: parseYuan(i.standard),
            ...(i.note?.trim() ? { note: i.note.trim() } : {}),
          }));
          const bad = items.findIndex((i) => i.standardFen === null);
          if (bad >= 0) {
            form.setFields([{ name: ['items', bad, 'standard'], errors: [t('err.amount')] }]);
            return;
          }
          const body = {
            items,
            serviceContent: (v.serviceContent ?? '').trim(),
            serviceStandard: (v.serviceStandard ?? '').trim(),
            complaintHotline: (v.complaintHotline ?? '').trim(),
          };
          if (!zodCheck(form, ZFeeDisclosurePut, body)) return;
          save.mutate(body);
        }}
      >
        <Form.List name="items">
          {(fields, { add, remove }, { errors }) => (
            <fieldset className="rp-fieldset">
              <legend>{t('disclosure.feeItems')}</legend>
              {fields.map((fl, n) => (
                <Flex key={fl.key} gap={8} align="flex-start" wrap>
                  <Form.Item
                    name={[fl.name, 'name']}
                    label={t('disclosure.feeItemN', { n: n + 1 })}
                    rules={[{ required: true, message: t('common.required') }]}
                    style={{ width: 180 }}
                  >
                    <Input maxLength={LIMITS.name} />
                  </Form.Item>
                  <Form.Item
                    name={[fl.name, 'standard']}
                    label={t('disclosure.standardYuan')}
                    rules={[{ required: true, message: t('common.required') }]}
                    style={{ width: 120 }}
                  >
                    <Input inputMode="decimal" maxLength={10} />
                  </Form.Item>
                  <Form.Item name={[fl.name, 'unit']} label={t('disclosure.unit')} style={{ width: 140 }}>
                    <Select options={FEE_UNITS.map((u) => ({ value: u, label: t(`enum.feeUnit.${u}`) }))} />
                  </Form.Item>
                  <Form.Item name={[fl.name, 'note']} label={t('common.note')} style={{ width: 160 }}>
                    <Input maxLength={LIMITS.shortText} />
                  </Form.Item>
                  <Form.Item label={<span className="rp-visually-hidden">{t('disclosure.removeItem')}</span>}>
                    <Button
                      icon={<DeleteOutlined />}
                      aria-label={t('disclosure.removeItemN', { n: n + 1 })}
                      onClick={() => remove(fl.name)}
                    />
                  </Form.Item>
                </Flex>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ unit: 'm2_month' })}>
                {t('disclosure.addItem')}
              </Button>
              <Form.ErrorList errors={errors} />
            </fieldset>
          )}
        </Form.List>
        <Form.Item
          name="serviceContent"
          label={t('disclosure.serviceContent')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input.TextArea rows={3} maxLength={LIMITS.longText} showCount />
        </Form.Item>
        <Form.Item name="serviceStandard" label={t('disclosure.serviceStandard')}>
          <Input.TextArea rows={2} maxLength={LIMITS.longText} />
        </Form.Item>
        <Form.Item
          name="complaintHotline"
          label={t('disclosure.hotline')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input maxLength={20} style={{ width: 220 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
