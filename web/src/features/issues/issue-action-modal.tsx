import { type IssueAction, LIMITS, RATINGS, ZIssueActionBody } from '@rp/contract';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Checkbox, Form, Input, Modal, Radio, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, type Page } from '../../app/api';
import { useProblemHandler } from '../../app/problem';
import { useEstate } from '../../app/queries';
import { zodCheck } from '../../app/zod-rules';
import { AssistantsField, cleanHandlers, HandlerPicker, type HandlerValue, handlerRule } from './handler-picker';
import { useCategoryNames, useIssueAction } from './issue-queries';
import type { Issue, IssueDetail } from './issue-types';
import { PhotoUpload } from './photo-upload';

interface Values {
  note?: string;
  handler?: HandlerValue;
  assistants?: HandlerValue[];
  rating?: (typeof RATINGS)[number];
  returnVisit?: boolean;
  mergedIntoId?: string;
  photoIds?: string[];
}

/** Searches issues to merge a duplicate into (GET /issues?q=), leaving out the issue itself and ended ones. */
function MergeTargetSelect({
  selfId,
  value,
  onChange,
  id,
}: {
  selfId: string;
  value?: string;
  onChange?: (v: string | undefined) => void;
  id?: string;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const h = setTimeout(() => setDebounced(q), 250);
    return () => clearTimeout(h);
  }, [q]);
  const res = useQuery({
    queryKey: ['issues', 'merge-search', debounced],
    queryFn: () => get<Page<Issue>>('/api/v1/issues', { q: debounced, pageSize: 20 }),
  });
  const options = (res.data?.items ?? [])
    .filter((i) => i.id !== selfId && i.status !== 'merged' && i.status !== 'rejected')
    .map((i) => ({ value: i.id, label: `${i.code} · ${i.title} · ${t(`enum.issueStatus.${i.status}`)}` }));
  return (
    <Select
      id={id}
      data-testid="merge-target"
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      options={options}
      loading={res.isFetching}
      placeholder={t('issues.action.mergeSearch')}
      notFoundContent={t('common.empty')}
    />
  );
}

/** The note's label and whether it is required, per action. */
function noteOf(action: IssueAction): { label: string; required: boolean } {
  switch (action) {
    case 'reject':
      return { label: 'issues.action.rejectReason', required: true };
    case 'resolve':
      return { label: 'issues.action.resolution', required: true };
    case 'escalate':
      return { label: 'issues.action.escalateReason', required: false };
    case 'reopen':
      return { label: 'issues.action.reopenReason', required: false };
    case 'confirm':
      return { label: 'issues.action.confirmNote', required: false };
    default:
      return { label: 'common.note', required: false };
  }
}

/**
 * One action on an issue, in a modal asking for what it needs (UI.md): a reason to reject, the issue to merge into,
 * the handlers to assign, the resolution and evidence photos, a return-visit rating. 409 shows the server's message.
 */
export function IssueActionModal({
  issue,
  action,
  onClose,
}: {
  issue: IssueDetail;
  action: IssueAction;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useProblemHandler();
  const [form] = Form.useForm<Values>();
  const act = useIssueAction(issue.id);
  const names = useCategoryNames();
  const estate = useEstate(action === 'assign' ? issue.estateId : null);
  const note = noteOf(action);
  const anonymousConfirm = action === 'confirm' && issue.anonymous;
  const staffConfirm = action === 'confirm' && !issue.anonymous;

  // Suggest the estate's company when the category usually goes to a company and nobody is assigned yet.
  const suggestCompany =
    action === 'assign' &&
    !issue.handlers.length &&
    names.index.get(issue.category)?.node.handlerKind === 'company' &&
    !!estate.data?.companyId;
  const suggested = suggestCompany
    ? { value: estate.data!.companyId!, label: estate.data!.companyName ?? estate.data!.companyId! }
    : undefined;
  const current = issue.handlers.find((h) => h.role === 'lead');
  // biome-ignore lint/correctness/useExhaustiveDependencies: fill the suggestion in once it is known
  useEffect(() => {
    if (action !== 'assign' || form.getFieldValue('handler')?.id) return;
    if (current) {
      form.setFieldsValue({
        handler: { kind: current.kind, id: current.id },
        assistants: issue.handlers.filter((h) => h.role === 'assist').map((h) => ({ kind: h.kind, id: h.id })),
      });
    } else if (suggested) form.setFieldValue('handler', { kind: 'company', id: suggested.value });
  }, [suggested?.value, current?.id]);

  const submit = (v: Values) => {
    const body = {
      action,
      note: v.note?.trim() || undefined,
      handler: action === 'assign' ? v.handler : undefined,
      assistants: action === 'assign' ? cleanHandlers(v.assistants) : undefined,
      rating: staffConfirm ? v.rating : undefined,
      returnVisit: staffConfirm ? v.returnVisit : undefined,
      mergedIntoId: action === 'merge' ? v.mergedIntoId : undefined,
      photoIds: action === 'resolve' && v.photoIds?.length ? v.photoIds : undefined,
    };
    if (!zodCheck(form, ZIssueActionBody, body)) return;
    act.mutate(body, {
      onSuccess: (after) => {
        message.success(
          t('issues.action.done', {
            action: t(`enum.issueAction.${action}`),
            status: t(`enum.issueStatus.${after.status}`),
          }),
        );
        onClose();
      },
      onError: (e) => onError(e, form),
    });
  };

  const currentCompany =
    current?.kind === 'company' ? { value: current.id, label: current.name } : (suggested ?? undefined);

  return (
    <Modal
      open
      title={t('issues.action.title', { action: t(`enum.issueAction.${action}`), code: issue.code })}
      okText={t(`enum.issueAction.${action}`)}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={act.isPending}
      okButtonProps={{ danger: action === 'reject', ...({ 'data-testid': 'action-submit' } as object) }}
      destroyOnHidden
      width={action === 'assign' ? 680 : 560}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={submit}
        initialValues={{ returnVisit: false }}
        data-testid={`action-form-${action}`}
      >
        <p style={{ marginTop: 0, color: '#555' }}>{t(`issues.action.help.${action}`)}</p>
        {action === 'merge' ? (
          <Form.Item
            name="mergedIntoId"
            label={t('issues.action.mergeInto')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <MergeTargetSelect selfId={issue.id} />
          </Form.Item>
        ) : null}
        {action === 'assign' ? (
          <>
            {suggested && !current ? (
              <Alert
                type="info"
                showIcon
                style={{ marginBottom: 12 }}
                title={t('issues.action.suggested', { name: suggested.label })}
              />
            ) : null}
            <Form.Item
              name="handler"
              label={t('issues.leadHandler')}
              required
              rules={[handlerRule(t('issues.handlerRequired'))]}
            >
              <HandlerPicker testId="assign-handler" initialCompany={currentCompany} />
            </Form.Item>
            <Form.Item label={t('issues.assistants')}>
              <AssistantsField testId="assign-assistants" />
            </Form.Item>
          </>
        ) : null}
        {anonymousConfirm ? (
          <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('err.anonymousNoRating')} />
        ) : null}
        {staffConfirm ? (
          <>
            <Form.Item
              name="rating"
              label={t('issues.rating')}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                data-testid="confirm-rating"
                options={RATINGS.map((r) => ({ value: r, label: t(`enum.rating.${r}`) }))}
              />
            </Form.Item>
            <Form.Item
              name="returnVisit"
              valuePropName="checked"
              rules={[
                {
                  validator: async (_, v) => {
                    if (!v) throw new Error(t('err.returnVisit'));
                  },
                },
              ]}
            >
              <Checkbox data-testid="confirm-return-visit">{t('issues.action.returnVisit')}</Checkbox>
            </Form.Item>
          </>
        ) : null}
        <Form.Item
          name="note"
          label={t(note.label as 'common.note')}
          rules={note.required ? [{ required: true, whitespace: true, message: t('common.required') }] : []}
        >
          <Input.TextArea rows={3} maxLength={LIMITS.longText} showCount data-testid="action-note" />
        </Form.Item>
        {action === 'resolve' ? (
          <Form.Item name="photoIds" label={t('issues.action.evidence')} extra={t('issues.action.evidenceHint')}>
            <PhotoUpload testId="resolve-photos" />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
