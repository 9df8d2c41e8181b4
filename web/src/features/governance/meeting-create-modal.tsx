import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { LIMITS, MATTERS, ZMeetingCreate } from '@rp/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Flex, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { post } from '../../app/api';
import { TIME_ZONE } from '../../app/format';
import { useProblemHandler } from '../../app/problem';
import { zodCheck } from '../../app/zod-rules';
import { groupArea } from './exact';
import type { Meeting } from './governance-types';

interface Values {
  title?: string;
  opensAt?: Dayjs;
  closesAt?: Dayjs;
  motions?: { title?: string; matter?: (typeof MATTERS)[number] }[];
}

const WALL = 'YYYY-MM-DDTHH:mm';
/** The pickers show wall-clock time in Asia/Shanghai (UI.md), whatever the browser's own zone. */
const wallNow = () => dayjs(dayjs().tz(TIME_ZONE).format(WALL));
const toInstant = (d: Dayjs | undefined) => (d ? dayjs.tz(d.format(WALL), TIME_ZONE).format() : '');

/** 发起业主大会: title, voting period and motions (ordinary or major); the server freezes the voting subjects. */
export function MeetingCreateModal({
  estateId,
  open,
  onClose,
}: {
  estateId: string;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const onError = useProblemHandler();
  const [form] = Form.useForm<Values>();
  const create = useMutation({
    mutationFn: (body: unknown) => post<Meeting>(`/api/v1/estates/${estateId}/meetings`, body),
    onSuccess: (m) => {
      void qc.invalidateQueries({ queryKey: ['meetings'] });
      message.success(
        t('governance.meetingCreated', { area: groupArea(m.totals.areaM2), headcount: m.totals.headcount }),
        6,
      );
      onClose();
      navigate(`/meetings/${m.id}`);
    },
    onError: (e) => onError(e, form),
  });
  return (
    <Modal
      title={t('governance.createMeeting')}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      destroyOnHidden
      width={680}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          opensAt: wallNow(),
          closesAt: wallNow().add(7, 'day').endOf('day').startOf('minute'),
          motions: [{ matter: 'ordinary' }],
        }}
        onFinish={(v) => {
          const body = {
            title: (v.title ?? '').trim(),
            opensAt: toInstant(v.opensAt),
            closesAt: toInstant(v.closesAt),
            motions: (v.motions ?? []).map((m) => ({ title: (m.title ?? '').trim(), matter: m.matter })),
          };
          if (!zodCheck(form, ZMeetingCreate, body)) return;
          create.mutate(body);
        }}
      >
        <Form.Item
          name="title"
          label={t('governance.meetingTitle')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input maxLength={LIMITS.shortText} data-testid="meeting-title" />
        </Form.Item>
        <Flex gap={16} wrap>
          <Form.Item
            name="opensAt"
            label={t('governance.opensAt')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Form.Item
            name="closesAt"
            label={t('governance.closesAt')}
            dependencies={['opensAt']}
            rules={[
              { required: true, message: t('common.required') },
              ({ getFieldValue }) => ({
                validator: async (_r, v: Dayjs | undefined) => {
                  const o = getFieldValue('opensAt') as Dayjs | undefined;
                  if (v && o && !v.isAfter(o)) throw new Error(t('err.closesBeforeOpens'));
                },
              }),
            ]}
          >
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
        </Flex>
        <Form.List
          name="motions"
          rules={[
            {
              validator: async (_r, list: unknown[] | undefined) => {
                if (!list?.length) throw new Error(t('governance.motionsEmpty'));
              },
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <fieldset className="rp-fieldset">
              <legend>{t('governance.motions')}</legend>
              {fields.map((f, i) => (
                <Flex key={f.key} gap={8} align="flex-start">
                  <Form.Item
                    name={[f.name, 'title']}
                    label={t('governance.motionN', { n: i + 1 })}
                    rules={[{ required: true, message: t('common.required') }]}
                    style={{ flex: 1 }}
                  >
                    <Input maxLength={LIMITS.shortText} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'matter']}
                    label={t('governance.matter')}
                    rules={[{ required: true, message: t('common.required') }]}
                    style={{ width: 150 }}
                  >
                    <Select options={MATTERS.map((m) => ({ value: m, label: t(`enum.matter.${m}`) }))} />
                  </Form.Item>
                  <Form.Item label={<span className="rp-visually-hidden">{t('governance.removeMotion')}</span>}>
                    <Button
                      icon={<DeleteOutlined />}
                      aria-label={t('governance.removeMotionN', { n: i + 1 })}
                      onClick={() => remove(f.name)}
                    />
                  </Form.Item>
                </Flex>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ matter: 'ordinary' })}>
                {t('governance.addMotion')}
              </Button>
              <div style={{ marginTop: 8, color: '#595959' }}>{t('governance.matterHint')}</div>
              <Form.ErrorList errors={errors} />
            </fieldset>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
