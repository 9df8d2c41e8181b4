import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { HANDLER_KINDS } from '@rp/contract';
import { useQuery } from '@tanstack/react-query';
import { Button, Flex, Form, Select } from 'antd';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../../app/api';
import { OrgTreeSelect } from '../../app/components/org-tree-select';
import { type Option, RemoteSelect } from '../../app/components/remote-select';
import type { Department } from '../../app/types';
import type { HandlerKind } from './issue-types';

export interface HandlerValue {
  kind?: HandlerKind;
  id?: string;
}

/** GET /departments (staff only): the functional departments issues can be routed to. */
export function useDepartments(enabled = true) {
  return useQuery({
    queryKey: ['departments'],
    queryFn: () => get<Department[]>('/api/v1/departments'),
    enabled,
    staleTime: 5 * 60_000,
  });
}

/** The handler of one kind: a company (GET /companies), an org unit (the tree in scope) or a department. */
export function HandlerTargetSelect({
  kind,
  value,
  onChange,
  testId,
  initialCompany,
  style,
}: {
  kind?: HandlerKind;
  value?: string;
  onChange?: (v: string | undefined) => void;
  testId?: string;
  initialCompany?: Option;
  style?: React.CSSProperties;
}) {
  const { t } = useTranslation();
  const departments = useDepartments(kind === 'department');
  const label = t('issues.handler');
  const inputId = useId();
  if (kind === 'company')
    return (
      <div style={style}>
        <label htmlFor={inputId} className="rp-visually-hidden">
          {label}
        </label>
        <RemoteSelect
          id={inputId}
          path="/api/v1/companies"
          value={value}
          initial={initialCompany}
          placeholder={t('issues.searchCompany')}
          testId={testId}
          onChange={onChange}
        />
      </div>
    );
  if (kind === 'org_unit')
    return (
      <>
        <label htmlFor={inputId} className="rp-visually-hidden">
          {label}
        </label>
        <OrgTreeSelect
          id={inputId}
          value={value}
          kinds={['community', 'street', 'district']}
          placeholder={t('issues.pickOrgUnit')}
          style={{ width: '100%', minWidth: 0, ...style }}
          testId={testId}
          onChange={onChange}
        />
      </>
    );
  if (kind === 'department')
    return (
      <Select
        aria-label={label}
        data-testid={testId}
        showSearch={{ optionFilterProp: 'label' }}
        allowClear
        style={{ width: '100%', ...style }}
        value={value}
        loading={departments.isPending}
        placeholder={t('issues.pickDepartment')}
        onChange={(v) => onChange?.(v ?? undefined)}
        options={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
      />
    );
  return (
    <Select aria-label={label} disabled style={{ width: '100%', ...style }} placeholder={t('issues.pickKindFirst')} />
  );
}

/** A handler (责任单位) as `{ kind, id }`: its kind, then the company, org unit or department. */
export function HandlerPicker({
  value,
  onChange,
  id,
  testId,
  initialCompany,
}: {
  value?: HandlerValue;
  onChange?: (v: HandlerValue) => void;
  id?: string;
  testId?: string;
  initialCompany?: Option;
}) {
  const { t } = useTranslation();
  const kind = value?.kind;
  return (
    <Flex gap={8} data-testid={testId} style={{ width: '100%' }}>
      <Select<HandlerKind>
        id={id}
        aria-label={t('issues.handlerKind')}
        data-testid={testId ? `${testId}-kind` : undefined}
        style={{ width: 150, flex: 'none' }}
        value={kind}
        placeholder={t('issues.handlerKind')}
        onChange={(k) => onChange?.({ kind: k, id: undefined })}
        options={HANDLER_KINDS.map((k) => ({ value: k, label: t(`enum.handlerKind.${k}`) }))}
      />
      <div style={{ flex: 1, minWidth: 0 }}>
        <HandlerTargetSelect
          kind={kind}
          value={value?.id}
          initialCompany={initialCompany}
          testId={testId ? `${testId}-target` : undefined}
          onChange={(v) => onChange?.({ kind, id: v })}
        />
      </div>
    </Flex>
  );
}

/** A form rule: both the kind and the handler chosen. */
export function handlerRule(message: string) {
  return {
    validator: async (_: unknown, v: HandlerValue | undefined) => {
      if (!v?.kind || !v.id) throw new Error(message);
    },
  };
}

/** 协办单位: up to ten assisting handlers under `assistants` of the surrounding form. */
export function AssistantsField({ testId }: { testId?: string }) {
  const { t } = useTranslation();
  return (
    <Form.List name="assistants">
      {(fields, { add, remove }) => (
        <Flex vertical gap={8} data-testid={testId}>
          {fields.map((f, i) => (
            <Flex key={f.key} gap={8} align="start">
              <Form.Item
                name={f.name}
                style={{ flex: 1, marginBottom: 0 }}
                rules={[handlerRule(t('issues.handlerRequired'))]}
              >
                <HandlerPicker />
              </Form.Item>
              <Button
                icon={<MinusCircleOutlined />}
                aria-label={t('issues.removeAssistant', { n: i + 1 })}
                onClick={() => remove(f.name)}
              />
            </Flex>
          ))}
          {fields.length < 10 ? (
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} style={{ alignSelf: 'flex-start' }}>
              {t('issues.addAssistant')}
            </Button>
          ) : null}
        </Flex>
      )}
    </Form.List>
  );
}

/** Keeps only complete handlers (kind and id) for a request body. */
export function cleanHandlers(list: HandlerValue[] | undefined): { kind: HandlerKind; id: string }[] | undefined {
  const out = (list ?? []).filter((h): h is { kind: HandlerKind; id: string } => !!h?.kind && !!h.id);
  return out.length ? out : undefined;
}
