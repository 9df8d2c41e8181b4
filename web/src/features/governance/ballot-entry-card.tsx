import { CHOICES } from '@rp/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Radio, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { post } from '../../app/api';
import { RemoteSelect } from '../../app/components/remote-select';
import { useProblemHandler } from '../../app/problem';
import type { Owner } from '../../app/types';
import type { BallotAnswer, Choice, Meeting } from './governance-types';

interface Values {
  ownerId?: string;
  channel?: 'paper' | 'door_to_door';
  choices?: Record<string, Choice>;
}

/**
 * 代录选票: the committee enters a paper or door-to-door (扫楼) ballot for an owner; the server records the entering
 * account, and a second ballot of the same voting subject replaces the first (SPEC R-42).
 */
export function BallotEntryCard({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const onError = useProblemHandler();
  const [form] = Form.useForm<Values>();
  const save = useMutation({
    mutationFn: (v: Values) =>
      post<BallotAnswer>(`/api/v1/meetings/${meeting.id}/ballots`, {
        ownerId: v.ownerId,
        channel: v.channel,
        choices: meeting.motions.map((m) => ({ motionId: m.id, choice: v.choices?.[m.id] })),
      }),
    onSuccess: (b) => {
      void qc.invalidateQueries({ queryKey: ['meetings', meeting.id, 'turnout'] });
      message.success(b.replaced ? t('governance.ballotReplaced') : t('governance.ballotRecorded'));
      form.resetFields(['ownerId', 'choices']);
    },
    onError: (e) => onError(e, form),
  });
  return (
    <Card
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('governance.enterBallot')}</h2>}
      data-testid="ballot-entry"
      style={{ marginBottom: 16 }}
    >
      <Alert type="info" showIcon title={t('governance.replaceNotice')} style={{ marginBottom: 16 }} />
      <Form<Values> form={form} layout="vertical" initialValues={{ channel: 'paper' }} onFinish={(v) => save.mutate(v)}>
        <Form.Item
          name="ownerId"
          label={t('governance.owner')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <RemoteSelect<Owner>
            path="/api/v1/owners"
            query={{ estateId: meeting.estateId }}
            testId="ballot-owner"
            placeholder={t('governance.searchOwner')}
            describe={(o) => (o.phone ? `${o.name} · ${o.phone}` : o.name)}
          />
        </Form.Item>
        <Form.Item
          name="channel"
          label={t('governance.channel')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={(['paper', 'door_to_door'] as const).map((c) => ({ value: c, label: t(`enum.channel.${c}`) }))}
          />
        </Form.Item>
        {meeting.motions.map((m, i) => (
          <Form.Item
            key={m.id}
            name={['choices', m.id]}
            label={
              <span>
                {t('governance.motionN', { n: i + 1 })} {m.title}{' '}
                <Tag color={m.matter === 'major' ? 'volcano' : 'blue'}>{t(`enum.matter.${m.matter}`)}</Tag>
              </span>
            }
            rules={[{ required: true, message: t('governance.choose') }]}
          >
            <Radio.Group
              data-testid={`ballot-choice-${i}`}
              options={CHOICES.map((c) => ({ value: c, label: t(`enum.choice.${c}`) }))}
            />
          </Form.Item>
        ))}
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="ballot-submit">
          {t('governance.submitBallot')}
        </Button>
      </Form>
    </Card>
  );
}
