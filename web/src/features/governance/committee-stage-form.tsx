import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  COMMITTEE_ROLES,
  COMMITTEE_RULES,
  COMMITTEE_STAGES,
  GROUP_SIDES,
  LIMITS,
  ZCommitteeStageInput,
} from '@rp/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Checkbox,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Typography,
} from 'antd';
import type { Rule } from 'antd/es/form';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, put } from '../../app/api';
import { RemoteSelect } from '../../app/components/remote-select';
import { percent } from '../../app/format';
import { useProblemHandler } from '../../app/problem';
import type { Owner } from '../../app/types';
import { zodCheck } from '../../app/zod-rules';
import type { Committee } from './governance-types';

type Stage = Committee['stage'];
type NextStage = Exclude<Stage, 'none'>;
type Side = (typeof GROUP_SIDES)[number];
type Role = (typeof COMMITTEE_ROLES)[number];

interface Values {
  preparatoryGroup?: { name?: string; side?: Side; ownerId?: string }[];
  formedAt?: Dayjs;
  announcedAt?: Dayjs;
  firstMeetingAt?: Dayjs;
  electedAt?: Dayjs;
  termYears?: number;
  members?: { name?: string; role?: Role; ownerId?: string; partyMember?: boolean }[];
  filedAt?: Dayjs;
  certificateNo?: string;
}

const day = (d: Dayjs | undefined) => (d ? d.format('YYYY-MM-DD') : '');
/** Days from a to b, on calendar dates (as the server counts them). */
const daysBetween = (a: Dayjs, b: Dayjs) => b.startOf('day').diff(a.startOf('day'), 'day');

/** The stage after the current one, or null when the committee is filed. */
export function nextStageOf(stage: Stage): NextStage | null {
  const i = COMMITTEE_STAGES.indexOf(stage);
  return (COMMITTEE_STAGES[i + 1] as NextStage | undefined) ?? null;
}

/**
 * The form for the NEXT establishment stage only (SPEC R-40), validated in the browser with the contract's schema
 * and COMMITTEE_RULES, then by the server; its 400 reasons land on the fields, a 409 (skipped stage) above the form.
 */
export function CommitteeStageForm({ estateId, committee }: { estateId: string; committee: Committee }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const onError = useProblemHandler();
  const [form] = Form.useForm<Values>();
  const [conflict, setConflict] = useState<string | null>(null);
  const next = nextStageOf(committee.stage);
  const group = Form.useWatch('preparatoryGroup', form) ?? [];
  const members = Form.useWatch('members', form) ?? [];
  const announcedAt = Form.useWatch('announcedAt', form);
  const filedAt = Form.useWatch('filedAt', form);

  const save = useMutation({
    mutationFn: (body: unknown) => put<Committee>(`/api/v1/estates/${estateId}/committee`, body),
    onSuccess: (c) => {
      qc.setQueryData(['committee', estateId], c);
      void qc.invalidateQueries({ queryKey: ['committees'] });
      void qc.invalidateQueries({ queryKey: ['stats', 'committees'] });
      setConflict(null);
      form.resetFields();
      message.success(t('governance.stageSaved', { stage: t(`enum.committeeStage.${c.stage}`) }));
    },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 409) setConflict(e.problem.detail ?? e.problem.title);
      onError(e, form);
    },
  });
  if (!next) return null;

  const required: Rule = { required: true, message: t('common.required') };
  const ownerPicker = (
    <RemoteSelect<Owner> path="/api/v1/owners" query={{ estateId }} placeholder={t('governance.ownerOptional')} />
  );

  // SPEC R-40 rules, the same as governance.service checkStageRules (the server stays the authority).
  const groupRule = {
    validator: async (_r: unknown, list: Values['preparatoryGroup']) => {
      const n = list?.length ?? 0;
      if (!n) throw new Error(t('governance.groupEmpty'));
      if (n % 2 === 0) throw new Error(t('err.groupOdd'));
      if ((list ?? []).filter((m) => m?.side === 'owner').length * 2 < n) throw new Error(t('err.groupOwners'));
    },
  };
  const membersRule = {
    validator: async (_r: unknown, list: Values['members']) => {
      const n = list?.length ?? 0;
      const { membersMin: min, membersMax: max } = COMMITTEE_RULES;
      if (n < min || n > max || n % 2 === 0) throw new Error(t('err.membersOdd', { min, max }));
      if ((list ?? []).filter((m) => m?.role === 'director').length !== 1) throw new Error(t('err.oneDirector'));
    },
  };
  const notBefore = (prev: string | null): Rule => ({
    validator: async (_r, v: Dayjs | undefined) => {
      if (v && prev && day(v) < prev) throw new Error(`${t('err.dateOrder')} (${prev})`);
    },
  });
  const ahead: Rule = ({ getFieldValue }) => ({
    validator: async (_r, v: Dayjs | undefined) => {
      const a = getFieldValue('announcedAt') as Dayjs | undefined;
      if (v && a && daysBetween(a, v) < COMMITTEE_RULES.announceDaysAhead)
        throw new Error(t('err.announceAhead', { days: COMMITTEE_RULES.announceDaysAhead }));
    },
  });

  const submit = (v: Values) => {
    let body: unknown;
    if (next === 'preparing')
      body = {
        stage: next,
        formedAt: day(v.formedAt),
        preparatoryGroup: (v.preparatoryGroup ?? []).map((m) => ({
          name: (m.name ?? '').trim(),
          side: m.side,
          ...(m.ownerId ? { ownerId: m.ownerId } : {}),
        })),
      };
    else if (next === 'announced')
      body = { stage: next, announcedAt: day(v.announcedAt), firstMeetingAt: day(v.firstMeetingAt) };
    else if (next === 'elected')
      body = {
        stage: next,
        electedAt: day(v.electedAt),
        termYears: v.termYears,
        members: (v.members ?? []).map((m) => ({
          name: (m.name ?? '').trim(),
          role: m.role,
          partyMember: !!m.partyMember,
          ...(m.ownerId ? { ownerId: m.ownerId } : {}),
        })),
      };
    else
      body = {
        stage: next,
        filedAt: day(v.filedAt),
        ...(v.certificateNo?.trim() ? { certificateNo: v.certificateNo.trim() } : {}),
      };
    if (!zodCheck(form, ZCommitteeStageInput, body)) return;
    save.mutate(body);
  };

  const owners = group.filter((m) => m?.side === 'owner').length;
  const directors = members.filter((m) => m?.role === 'director').length;
  const party = members.filter((m) => m?.partyMember).length;
  const earliestMeeting = announcedAt ? announcedAt.add(COMMITTEE_RULES.announceDaysAhead, 'day') : null;
  const late = !!filedAt && !!committee.filingDueOn && day(filedAt) > committee.filingDueOn;

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      onFinish={submit}
      data-testid={`stage-form-${next}`}
      initialValues={{
        preparatoryGroup: [
          { side: 'owner' },
          { side: 'owner' },
          { side: 'owner' },
          { side: 'community' },
          { side: 'street' },
        ],
        members: [{ role: 'director' }, { role: 'deputy' }, { role: 'member' }, { role: 'member' }, { role: 'member' }],
        termYears: COMMITTEE_RULES.termYearsMax,
        announcedAt: dayjs(),
      }}
    >
      {conflict ? <Alert type="error" showIcon role="alert" title={conflict} style={{ marginBottom: 16 }} /> : null}
      <Typography.Paragraph type="secondary">{t(`governance.stageHint.${next}`)}</Typography.Paragraph>
      {next === 'preparing' ? (
        <>
          <Form.Item name="formedAt" label={t('governance.formedAt')} rules={[required]}>
            <DatePicker format="YYYY-MM-DD" />
          </Form.Item>
          <Form.List name="preparatoryGroup" rules={[groupRule]}>
            {(fields, { add, remove }, { errors }) => (
              <fieldset className="rp-fieldset">
                <legend>
                  {t('governance.preparatoryGroup')}{' '}
                  <Typography.Text type="secondary" data-testid="group-summary">
                    {t('governance.groupSummary', { count: fields.length, owners })}
                  </Typography.Text>
                </legend>
                {fields.map((f, i) => (
                  <Flex key={f.key} gap={8} align="flex-start" wrap>
                    <Form.Item
                      name={[f.name, 'name']}
                      label={t('governance.memberName', { n: i + 1 })}
                      rules={[required]}
                      style={{ width: 140 }}
                    >
                      <Input maxLength={LIMITS.name} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'side']}
                      label={t('governance.side')}
                      rules={[required]}
                      style={{ width: 140 }}
                    >
                      <Select options={GROUP_SIDES.map((s) => ({ value: s, label: t(`enum.groupSide.${s}`) }))} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'ownerId']} label={t('governance.linkedOwner')} style={{ width: 170 }}>
                      {ownerPicker}
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
                <Button icon={<PlusOutlined />} onClick={() => add({ side: 'owner' })} data-testid="add-group-member">
                  {t('governance.addMember')}
                </Button>
                <Form.ErrorList errors={errors} />
              </fieldset>
            )}
          </Form.List>
        </>
      ) : null}
      {next === 'announced' ? (
        <Space wrap size="large" align="start">
          <Form.Item
            name="announcedAt"
            label={t('governance.announcedAt')}
            rules={[required, notBefore(committee.formedAt)]}
          >
            <DatePicker format="YYYY-MM-DD" />
          </Form.Item>
          <Form.Item
            name="firstMeetingAt"
            label={t('governance.firstMeetingAt')}
            dependencies={['announcedAt']}
            rules={[required, ahead]}
            extra={
              earliestMeeting
                ? t('governance.earliestMeeting', {
                    days: COMMITTEE_RULES.announceDaysAhead,
                    date: earliestMeeting.format('YYYY-MM-DD'),
                  })
                : null
            }
          >
            <DatePicker format="YYYY-MM-DD" />
          </Form.Item>
        </Space>
      ) : null}
      {next === 'elected' ? (
        <>
          <Space wrap size="large" align="start">
            <Form.Item
              name="electedAt"
              label={t('governance.electedAt')}
              rules={[required, notBefore(committee.firstMeetingAt)]}
            >
              <DatePicker format="YYYY-MM-DD" />
            </Form.Item>
            <Form.Item
              name="termYears"
              label={t('governance.termYears')}
              rules={[required]}
              extra={t('governance.termYearsHint', { max: COMMITTEE_RULES.termYearsMax })}
            >
              <InputNumber min={1} max={COMMITTEE_RULES.termYearsMax} precision={0} />
            </Form.Item>
          </Space>
          <Form.List name="members" rules={[membersRule]}>
            {(fields, { add, remove }, { errors }) => (
              <fieldset className="rp-fieldset">
                <legend>
                  {t('governance.members')}{' '}
                  <Typography.Text type="secondary" data-testid="members-summary">
                    {t('governance.membersSummary', {
                      count: fields.length,
                      directors,
                      party,
                      share: percent(party, fields.length) ?? '—',
                      min: COMMITTEE_RULES.membersMin,
                      max: COMMITTEE_RULES.membersMax,
                    })}
                  </Typography.Text>
                </legend>
                {fields.map((f, i) => (
                  <Flex key={f.key} gap={8} align="flex-start" wrap>
                    <Form.Item
                      name={[f.name, 'name']}
                      label={t('governance.memberName', { n: i + 1 })}
                      rules={[required]}
                      style={{ width: 140 }}
                    >
                      <Input maxLength={LIMITS.name} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'role']}
                      label={t('governance.role')}
                      rules={[required]}
                      style={{ width: 110 }}
                    >
                      <Select
                        options={COMMITTEE_ROLES.map((r) => ({ value: r, label: t(`enum.committeeRole.${r}`) }))}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'partyMember']}
                      valuePropName="checked"
                      label={t('governance.partyMember')}
                    >
                      <Checkbox>{t('governance.partyMemberYes')}</Checkbox>
                    </Form.Item>
                    <Form.Item name={[f.name, 'ownerId']} label={t('governance.linkedOwner')} style={{ width: 170 }}>
                      {ownerPicker}
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
                <Button icon={<PlusOutlined />} onClick={() => add({ role: 'member' })} data-testid="add-member">
                  {t('governance.addMember')}
                </Button>
                <Form.ErrorList errors={errors} />
              </fieldset>
            )}
          </Form.List>
        </>
      ) : null}
      {next === 'filed' ? (
        <>
          <Space wrap size="large" align="start">
            <Form.Item
              name="filedAt"
              label={t('governance.filedAt')}
              rules={[required, notBefore(committee.electedAt)]}
              extra={committee.filingDueOn ? t('governance.filingDue', { date: committee.filingDueOn }) : null}
            >
              <DatePicker format="YYYY-MM-DD" />
            </Form.Item>
            <Form.Item name="certificateNo" label={t('governance.certificateNo')}>
              <Input maxLength={60} style={{ width: 240 }} />
            </Form.Item>
          </Space>
          {late ? (
            <Alert type="warning" showIcon title={t('governance.willBeLate')} style={{ marginBottom: 16 }} />
          ) : null}
        </>
      ) : null}
      <div>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="stage-submit">
          {t('governance.moveTo', { stage: t(`enum.committeeStage.${next}`) })}
        </Button>
      </div>
    </Form>
  );
}
