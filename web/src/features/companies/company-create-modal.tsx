import { LIMITS, PARTY_ORGANIZATION, ZCompanyCreate } from '@rp/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { post } from '../../app/api';
import { useProblemHandler } from '../../app/problem';
import type { Company } from '../../app/types';
import { zodCheck, zodRule } from '../../app/zod-rules';

interface Values {
  name: string;
  uscc: string;
  contactName?: string;
  contactPhone?: string;
  partyOrganization: (typeof PARTY_ORGANIZATION)[number];
  staffCount?: number | null;
}

/** 登记企业: POST /companies; the credit code is checked with the contract's ZCompanyCreate (isValidUscc) first. */
export function CompanyCreateModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const onError = useProblemHandler();
  const [form] = Form.useForm<Values>();
  const shape = ZCompanyCreate.shape;
  const create = useMutation({
    mutationFn: (body: unknown) => post<Company>('/api/v1/companies', body),
    onSuccess: (c) => {
      message.success(t('common.created'));
      void qc.invalidateQueries({ queryKey: ['companies'] });
      onClose();
      navigate(`/companies/${c.id}`);
    },
    onError: (e) => onError(e, form),
  });
  return (
    <Modal
      title={t('company.create')}
      open={open}
      onCancel={onClose}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ partyOrganization: 'none' }}
        onFinish={(v) => {
          const body = {
            name: v.name?.trim(),
            uscc: v.uscc?.trim().toUpperCase(),
            partyOrganization: v.partyOrganization,
            ...(v.contactName?.trim() ? { contactName: v.contactName.trim() } : {}),
            ...(v.contactPhone?.trim() ? { contactPhone: v.contactPhone.trim() } : {}),
            ...(typeof v.staffCount === 'number' ? { staffCount: v.staffCount } : {}),
          };
          if (!zodCheck(form, ZCompanyCreate, body)) return;
          create.mutate(body);
        }}
      >
        <Form.Item
          name="name"
          label={t('company.name')}
          rules={[{ required: true, message: t('common.required') }, zodRule(shape.name)]}
        >
          <Input maxLength={LIMITS.name} data-testid="company-name" />
        </Form.Item>
        <Form.Item
          name="uscc"
          label={t('company.uscc')}
          extra={t('company.usccHint')}
          validateTrigger="onBlur"
          rules={[{ required: true, message: t('common.required') }, zodRule(shape.uscc)]}
          normalize={(v: string) => v?.toUpperCase()}
        >
          <Input maxLength={18} style={{ fontFamily: 'monospace' }} data-testid="company-uscc" />
        </Form.Item>
        <Form.Item name="contactName" label={t('company.contactName')}>
          <Input maxLength={LIMITS.name} />
        </Form.Item>
        <Form.Item name="contactPhone" label={t('company.contactPhone')} rules={[zodRule(shape.contactPhone.unwrap())]}>
          <Input maxLength={20} inputMode="tel" />
        </Form.Item>
        <Form.Item name="partyOrganization" label={t('company.partyOrganization')}>
          <Select options={PARTY_ORGANIZATION.map((p) => ({ value: p, label: t(`enum.partyOrganization.${p}`) }))} />
        </Form.Item>
        <Form.Item name="staffCount" label={t('company.staffCount')}>
          <InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
