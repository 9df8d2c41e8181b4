import { LIMITS, MANAGEMENT_MODES, ZManagementChange } from '@rp/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { put } from '../../app/api';
import { RemoteSelect } from '../../app/components/remote-select';
import { useProblemHandler } from '../../app/problem';
import type { EstateDetail, ManagementMode } from '../../app/types';
import { zodCheck } from '../../app/zod-rules';

interface Values {
  managementMode: ManagementMode;
  companyId?: string;
  fromDate?: Dayjs;
  note?: string;
}

const needsCompany = (m?: ManagementMode) => m === 'company' || m === 'state_takeover';

/** Changes an estate's management mode (PUT /estates/:id/management), validated with the contract's schema. */
export function ChangeModeModal({
  estate,
  open,
  onClose,
}: {
  estate: EstateDetail;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const onError = useProblemHandler();
  const [form] = Form.useForm<Values>();
  const mode = Form.useWatch('managementMode', form);
  const save = useMutation({
    mutationFn: (body: unknown) => put<EstateDetail>(`/api/v1/estates/${estate.id}/management`, body),
    onSuccess: (next) => {
      qc.setQueryData(['estates', estate.id], next);
      void qc.invalidateQueries({ queryKey: ['estates'] });
      void qc.invalidateQueries({ queryKey: ['companies'] });
      message.success(t('estate.modeChanged'));
      onClose();
    },
    onError: (e) => onError(e, form),
  });
  return (
    <Modal
      title={t('estate.changeMode')}
      open={open}
      onCancel={onClose}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{
          managementMode: estate.managementMode,
          companyId: estate.companyId ?? undefined,
          fromDate: dayjs(),
        }}
        onFinish={(v) => {
          const body = {
            managementMode: v.managementMode,
            ...(needsCompany(v.managementMode) && v.companyId ? { companyId: v.companyId } : {}),
            fromDate: v.fromDate ? v.fromDate.format('YYYY-MM-DD') : '',
            ...(v.note?.trim() ? { note: v.note.trim() } : {}),
          };
          if (!zodCheck(form, ZManagementChange, body)) return;
          save.mutate(body);
        }}
      >
        <Form.Item
          name="managementMode"
          label={t('estate.mode')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Select options={MANAGEMENT_MODES.map((m) => ({ value: m, label: t(`enum.managementMode.${m}`) }))} />
        </Form.Item>
        {needsCompany(mode) ? (
          <Form.Item
            name="companyId"
            label={t('estate.company')}
            rules={[{ required: true, message: t('err.companyRequired') }]}
          >
            <RemoteSelect
              path="/api/v1/companies"
              placeholder={t('estate.pickCompany')}
              initial={estate.companyId ? { value: estate.companyId, label: estate.companyName ?? '' } : undefined}
            />
          </Form.Item>
        ) : null}
        <Form.Item
          name="fromDate"
          label={t('estate.fromDate')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <DatePicker format="YYYY-MM-DD" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="note" label={t('common.note')}>
          <Input.TextArea maxLength={LIMITS.shortText} showCount rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
