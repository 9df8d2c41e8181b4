import { EditOutlined } from '@ant-design/icons';
import { LIMITS, SELECTION_METHODS, ZSelectionPut } from '@rp/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Descriptions, Empty, Flex, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, put } from '../../app/api';
import { RemoteSelect } from '../../app/components/remote-select';
import { formatDate } from '../../app/format';
import { useProblemHandler } from '../../app/problem';
import type { Company, EstateDetail } from '../../app/types';
import { zodCheck } from '../../app/zod-rules';
import type { Meeting } from '../governance/governance-types';
import type { Selection } from './disclosure-types';

interface Values {
  method?: (typeof SELECTION_METHODS)[number];
  description?: string;
  companyId?: string;
  contractStartsOn?: Dayjs;
  contractEndsOn?: Dayjs;
  decidedOn?: Dayjs;
  meetingId?: string;
  tenderResult?: string;
}

const day = (d: Dayjs | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);

/** 三个公开 (1) 物业选聘: how the company was chosen, the vote or tender result, the contract period (SPEC R-43). */
export function SelectionCard({
  estate,
  selection,
  canEdit,
}: {
  estate: EstateDetail;
  selection: Selection | null;
  canEdit: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const onError = useProblemHandler();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const meetings = useQuery({
    queryKey: ['meetings', 'list', estate.id, 'closed'],
    queryFn: () => get<Meeting[]>('/api/v1/meetings', { estateId: estate.id, status: 'closed' }),
    enabled: open,
  });
  const save = useMutation({
    mutationFn: (body: unknown) => put<Selection>(`/api/v1/estates/${estate.id}/disclosure/selection`, body),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['disclosure', estate.id] });
      message.success(t('common.saved'));
      setOpen(false);
    },
    onError: (e) => onError(e, form),
  });
  const s = selection;
  return (
    <Card
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('disclosure.selectionTitle')}</h2>}
      data-testid="selection-card"
      extra={
        canEdit ? (
          <Button icon={<EditOutlined />} onClick={() => setOpen(true)} data-testid="edit-selection">
            {s ? t('common.edit') : t('disclosure.record')}
          </Button>
        ) : null
      }
    >
      {s ? (
        <Descriptions
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'method', label: t('disclosure.method'), children: t(`enum.selectionMethod.${s.method}`) },
            { key: 'company', label: t('estate.company'), children: s.companyName },
            {
              key: 'contract',
              label: t('disclosure.contract'),
              children: t('disclosure.dateRange', {
                from: formatDate(s.contractStartsOn),
                to: formatDate(s.contractEndsOn),
              }),
            },
            { key: 'decided', label: t('disclosure.decidedOn'), children: formatDate(s.decidedOn) },
            ...(s.meetingTitle ? [{ key: 'meeting', label: t('disclosure.meeting'), children: s.meetingTitle }] : []),
            {
              key: 'desc',
              label: t('disclosure.description'),
              span: 'filled' as const,
              children: <div className="rp-pre">{s.description}</div>,
            },
            ...(s.tenderResult
              ? [
                  {
                    key: 'tender',
                    label: t('disclosure.tenderResult'),
                    span: 'filled' as const,
                    children: <div className="rp-pre">{s.tenderResult}</div>,
                  },
                ]
              : []),
          ]}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('disclosure.noSelection')} />
      )}
      <Modal
        title={t('disclosure.selectionTitle')}
        open={open}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={save.isPending}
        destroyOnHidden
        width={680}
      >
        <Form<Values>
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{
            method: s?.method ?? (estate.managementMode === 'state_takeover' ? 'state_takeover' : 'owners_vote'),
            description: s?.description,
            companyId: s?.companyId ?? estate.companyId ?? undefined,
            contractStartsOn: s ? dayjs(s.contractStartsOn) : undefined,
            contractEndsOn: s ? dayjs(s.contractEndsOn) : undefined,
            decidedOn: s?.decidedOn ? dayjs(s.decidedOn) : undefined,
            meetingId: s?.meetingId ?? undefined,
            tenderResult: s?.tenderResult ?? undefined,
          }}
          onFinish={(v) => {
            const body = {
              method: v.method,
              description: (v.description ?? '').trim(),
              ...(v.companyId ? { companyId: v.companyId } : {}),
              contractStartsOn: day(v.contractStartsOn) ?? '',
              contractEndsOn: day(v.contractEndsOn) ?? '',
              ...(v.decidedOn ? { decidedOn: day(v.decidedOn) } : {}),
              ...(v.meetingId ? { meetingId: v.meetingId } : {}),
              ...(v.tenderResult?.trim() ? { tenderResult: v.tenderResult.trim() } : {}),
            };
            if (!zodCheck(form, ZSelectionPut, body)) return;
            save.mutate(body);
          }}
        >
          <Form.Item
            name="method"
            label={t('disclosure.method')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Select options={SELECTION_METHODS.map((m) => ({ value: m, label: t(`enum.selectionMethod.${m}`) }))} />
          </Form.Item>
          <Form.Item
            name="companyId"
            label={t('estate.company')}
            rules={[{ required: true, message: t('err.companyMissing') }]}
          >
            <RemoteSelect<Company>
              path="/api/v1/companies"
              placeholder={t('estate.pickCompany')}
              initial={
                s
                  ? { value: s.companyId, label: s.companyName }
                  : estate.companyId
                    ? { value: estate.companyId, label: estate.companyName ?? '' }
                    : undefined
              }
            />
          </Form.Item>
          <Flex gap={16} wrap>
            <Form.Item
              name="contractStartsOn"
              label={t('disclosure.contractStarts')}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <DatePicker format="YYYY-MM-DD" />
            </Form.Item>
            <Form.Item
              name="contractEndsOn"
              label={t('disclosure.contractEnds')}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <DatePicker format="YYYY-MM-DD" />
            </Form.Item>
            <Form.Item name="decidedOn" label={t('disclosure.decidedOn')}>
              <DatePicker format="YYYY-MM-DD" />
            </Form.Item>
          </Flex>
          <Form.Item name="meetingId" label={t('disclosure.meeting')} extra={t('disclosure.meetingHint')}>
            <Select
              allowClear
              loading={meetings.isPending}
              options={(meetings.data ?? []).map((m) => ({ value: m.id, label: m.title }))}
            />
          </Form.Item>
          <Form.Item
            name="description"
            label={t('disclosure.description')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Input.TextArea rows={4} maxLength={LIMITS.longText} showCount />
          </Form.Item>
          <Form.Item name="tenderResult" label={t('disclosure.tenderResult')}>
            <Input.TextArea rows={2} maxLength={LIMITS.longText} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
