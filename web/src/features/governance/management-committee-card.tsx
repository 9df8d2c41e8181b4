import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { LIMITS, ZManagementCommitteeInput } from '@rp/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Descriptions, Empty, Flex, Form, Input, Modal, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { put } from '../../app/api';
import { formatDate } from '../../app/format';
import { useProblemHandler } from '../../app/problem';
import { zodCheck } from '../../app/zod-rules';
import type { Committee } from './governance-types';

interface Values {
  establishedAt?: Dayjs;
  members?: { name?: string; role?: string }[];
  note?: string;
}

/** 物业管理委员会: led by the community, it may act where no owners' committee exists (SPEC R-40). */
export function ManagementCommitteeCard({
  estateId,
  committee,
  canEdit,
}: {
  estateId: string;
  committee: Committee;
  canEdit: boolean;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const mc = committee.managementCommittee;
  return (
    <Card
      title={<h2 style={{ fontSize: 16, margin: 0, whiteSpace: 'normal' }}>{t('governance.managementCommittee')}</h2>}
      data-testid="management-committee"
      extra={
        canEdit ? (
          <Button icon={<EditOutlined />} onClick={() => setOpen(true)} data-testid="edit-management-committee">
            {mc ? t('common.edit') : t('governance.recordManagementCommittee')}
          </Button>
        ) : null
      }
    >
      {mc ? (
        <>
          <Descriptions
            column={1}
            items={[
              { key: 'at', label: t('governance.establishedAt'), children: formatDate(mc.establishedAt) },
              ...(mc.note ? [{ key: 'note', label: t('common.note'), children: mc.note }] : []),
            ]}
          />
          <Table
            rowKey={(m) => `${m.name}-${m.role}`}
            size="small"
            pagination={false}
            dataSource={mc.members}
            columns={[
              { title: t('common.name'), dataIndex: 'name' },
              { title: t('governance.mcRole'), dataIndex: 'role' },
            ]}
          />
        </>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('governance.noManagementCommittee')} />
      )}
      {open ? (
        <ManagementCommitteeModal onClose={() => setOpen(false)} estateId={estateId} committee={committee} />
      ) : null}
    </Card>
  );
}

/** The 物委会 dialog: a fresh form each time it opens. */
function ManagementCommitteeModal({
  estateId,
  committee,
  onClose,
}: {
  estateId: string;
  committee: Committee;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const onError = useProblemHandler();
  const [form] = Form.useForm<Values>();
  const mc = committee.managementCommittee;
  const save = useMutation({
    mutationFn: (body: unknown) => put<Committee>(`/api/v1/estates/${estateId}/management-committee`, body),
    onSuccess: (c) => {
      qc.setQueryData(['committee', estateId], c);
      message.success(t('common.saved'));
      onClose();
    },
    onError: (e) => onError(e, form),
  });
  return (
    <Modal
      title={t('governance.managementCommittee')}
      open
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={640}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          establishedAt: mc ? dayjs(mc.establishedAt) : dayjs(),
          members: mc?.members ?? [{ name: '', role: '' }],
          note: mc?.note ?? undefined,
        }}
        onFinish={(v) => {
          const body = {
            establishedAt: v.establishedAt ? v.establishedAt.format('YYYY-MM-DD') : '',
            members: (v.members ?? []).map((m) => ({ name: (m.name ?? '').trim(), role: (m.role ?? '').trim() })),
            ...(v.note?.trim() ? { note: v.note.trim() } : {}),
          };
          if (!zodCheck(form, ZManagementCommitteeInput, body)) return;
          save.mutate(body);
        }}
      >
        <Form.Item
          name="establishedAt"
          label={t('governance.establishedAt')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <DatePicker format="YYYY-MM-DD" />
        </Form.Item>
        <Form.List name="members">
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((f, i) => (
                <Flex key={f.key} gap={8} align="flex-start">
                  <Form.Item
                    name={[f.name, 'name']}
                    label={t('governance.memberName', { n: i + 1 })}
                    rules={[{ required: true, message: t('common.required') }]}
                    style={{ flex: 1 }}
                  >
                    <Input maxLength={LIMITS.name} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'role']}
                    label={t('governance.mcRole')}
                    rules={[{ required: true, message: t('common.required') }]}
                    style={{ flex: 1 }}
                  >
                    <Input maxLength={40} placeholder={t('governance.mcRolePlaceholder')} />
                  </Form.Item>
                  <Form.Item label={<span className="rp-visually-hidden">{t('governance.removeMember')}</span>}>
                    <Button
                      icon={<DeleteOutlined />}
                      aria-label={t('governance.removeMemberN', { n: i + 1 })}
                      onClick={() => remove(f.name)}
                    />
                  </Form.Item>
                </Flex>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ name: '', role: '' })}>
                {t('governance.addMember')}
              </Button>
              <Form.ErrorList errors={errors} />
            </>
          )}
        </Form.List>
        <Form.Item name="note" label={t('common.note')} style={{ marginTop: 16 }}>
          <Input.TextArea maxLength={LIMITS.shortText} showCount rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
