import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Modal, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { post } from '../../app/api';
import { useProblemHandler } from '../../app/problem';
import { AssistantsField, cleanHandlers, HandlerPicker, type HandlerValue, handlerRule } from './handler-picker';
import type { BulkResult, Issue } from './issue-types';

interface Values {
  handler: HandlerValue;
  assistants?: HandlerValue[];
  note?: string;
}

/** Words one failed row of a bulk action from the server's error key and the row's own status. */
export function useBulkErrorText() {
  const { t } = useTranslation();
  return (r: BulkResult['results'][number], issue: Issue | undefined, action: string) => {
    const key = r.error ?? 'err.internal';
    if (key === 'err.transition')
      return t('err.transition', {
        status: issue ? t(`enum.issueStatus.${issue.status}`) : '',
        action: t(`enum.issueAction.${action}` as 'enum.issueAction.assign'),
      });
    return key.startsWith('err.') ? t(key as 'err.internal') : key;
  };
}

/** 批量派单: POST /issues/bulk-actions with `assign`; every row succeeds or fails on its own and failures are listed. */
export function BulkAssignModal({
  issues: selected,
  onClose,
  onDone,
}: {
  issues: Issue[];
  onClose: () => void;
  onDone: (succeededIds: string[]) => void;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const onError = useProblemHandler();
  const errorText = useBulkErrorText();
  const [form] = Form.useForm<Values>();
  // The rows as they were when the modal opened: the selection shrinks to the failures once assigned.
  const [issues] = useState(selected);
  const byId = new Map(issues.map((i) => [i.id, i]));
  const run = useMutation({
    mutationFn: (v: Values) =>
      post<BulkResult>('/api/v1/issues/bulk-actions', {
        ids: issues.map((i) => i.id),
        action: 'assign',
        handler: v.handler,
        assistants: cleanHandlers(v.assistants),
        note: v.note?.trim() || undefined,
      }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: ['ledgers'] });
      void qc.invalidateQueries({ queryKey: ['issues'] });
      onDone(r.results.filter((x) => x.ok).map((x) => x.id));
    },
    onError: (e) => onError(e, form),
  });
  const result = run.data;
  const failures = (result?.results ?? []).filter((r) => !r.ok);

  return (
    <Modal
      open
      title={t('issues.bulk.title', { count: issues.length })}
      onCancel={onClose}
      destroyOnHidden
      width={720}
      footer={
        result
          ? [
              <Button key="close" type="primary" onClick={onClose} data-testid="bulk-close">
                {t('common.close')}
              </Button>,
            ]
          : [
              <Button key="cancel" onClick={onClose}>
                {t('common.cancel')}
              </Button>,
              <Button
                key="ok"
                type="primary"
                loading={run.isPending}
                onClick={() => form.submit()}
                data-testid="bulk-submit"
              >
                {t('issues.bulk.submit')}
              </Button>,
            ]
      }
    >
      {result ? (
        <div data-testid="bulk-result">
          <Alert
            showIcon
            type={failures.length ? (result.succeeded ? 'warning' : 'error') : 'success'}
            title={t('issues.bulk.summary', { ok: result.succeeded, failed: failures.length })}
            style={{ marginBottom: 12 }}
          />
          {failures.length ? (
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              data-testid="bulk-failures"
              dataSource={failures}
              columns={[
                {
                  title: t('issues.code'),
                  key: 'code',
                  render: (_, r) => <Link to={`/issues/${r.id}`}>{byId.get(r.id)?.code ?? r.id}</Link>,
                },
                { title: t('issues.title'), key: 'title', render: (_, r) => byId.get(r.id)?.title },
                {
                  title: t('issues.bulk.reason'),
                  key: 'reason',
                  render: (_, r) => errorText(r, byId.get(r.id), 'assign'),
                },
              ]}
            />
          ) : null}
        </div>
      ) : (
        <Form<Values> form={form} layout="vertical" onFinish={(v) => run.mutate(v)} preserve={false}>
          <Form.Item
            name="handler"
            label={t('issues.leadHandler')}
            rules={[handlerRule(t('issues.handlerRequired'))]}
            required
          >
            <HandlerPicker testId="bulk-handler" />
          </Form.Item>
          <Form.Item label={t('issues.assistants')}>
            <AssistantsField />
          </Form.Item>
          <Form.Item name="note" label={t('common.note')}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
