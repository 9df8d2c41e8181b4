import { LIMITS, ROLES, ZAccountCreate } from '@rp/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { get, post } from '../../app/api';
import { useUser } from '../../app/auth';
import { OrgTreeSelect } from '../../app/components/org-tree-select';
import { RemoteSelect } from '../../app/components/remote-select';
import { BUREAU_MAY_CREATE, ROLE_SCOPE } from '../../app/permissions';
import { useProblemHandler } from '../../app/problem';
import type { Department, Owner, Role, User } from '../../app/types';
import { zodCheck, zodRule } from '../../app/zod-rules';

interface Values {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  scope?: { orgUnitId?: string; departmentId?: string; companyId?: string; estateId?: string; ownerId?: string };
}

/** 新建账号: POST /accounts with the scope picker that fits the chosen role (API.md "Accounts"). */
export function AccountCreateModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useUser();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const onError = useProblemHandler();
  const [form] = Form.useForm<Values>();
  const role = Form.useWatch('role', form);
  const orgUnitId = Form.useWatch(['scope', 'orgUnitId'], form);
  const rule = role ? ROLE_SCOPE[role] : null;
  const roles = me.role === 'admin' ? ROLES : BUREAU_MAY_CREATE;
  const departments = useQuery({
    queryKey: ['departments'],
    queryFn: () => get<Department[]>('/api/v1/departments'),
    enabled: role === 'department',
  });
  const create = useMutation({
    mutationFn: (body: unknown) => post<User>('/api/v1/accounts', body),
    onSuccess: () => {
      message.success(t('common.created'));
      void qc.invalidateQueries({ queryKey: ['accounts'] });
      onClose();
    },
    onError: (e) => onError(e, form),
  });
  const shape = ZAccountCreate.shape;
  const kindsText = (rule?.kinds ?? []).map((k) => t(`enum.orgKind.${k}`)).join(' / ');

  return (
    <Modal
      title={t('account.create')}
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
        onValuesChange={(changed: Partial<Values>) => {
          if (changed.role) form.setFieldValue('scope', {});
        }}
        onFinish={(v) => {
          const field = ROLE_SCOPE[v.role].field;
          const scope: Record<string, string> = {};
          if (field && v.scope?.[field]) scope[field] = v.scope[field] as string;
          if (v.role === 'department' && v.scope?.departmentId) scope.departmentId = v.scope.departmentId;
          const body = {
            username: v.username?.trim(),
            displayName: v.displayName?.trim(),
            password: v.password,
            role: v.role,
            scope,
          };
          if (!zodCheck(form, ZAccountCreate, body)) return;
          create.mutate(body);
        }}
      >
        <Form.Item name="role" label={t('account.role')} rules={[{ required: true, message: t('common.required') }]}>
          <Select data-testid="account-role" options={roles.map((r) => ({ value: r, label: t(`enum.role.${r}`) }))} />
        </Form.Item>
        <Form.Item
          name="username"
          label={t('account.username')}
          rules={[{ required: true, message: t('common.required') }, zodRule(shape.username)]}
        >
          <Input maxLength={64} autoComplete="off" data-testid="account-username" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('account.displayName')}
          rules={[{ required: true, message: t('common.required') }, zodRule(shape.displayName)]}
        >
          <Input maxLength={LIMITS.name} />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('account.password')}
          extra={t('account.passwordHint')}
          rules={[{ required: true, message: t('common.required') }, zodRule(shape.password)]}
        >
          <Input.Password maxLength={200} autoComplete="new-password" />
        </Form.Item>
        {rule?.field === 'orgUnitId' ? (
          <Form.Item
            name={['scope', 'orgUnitId']}
            label={t('account.scopeOrgUnit')}
            extra={t('account.scopeOrgUnitHint', { kinds: kindsText })}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <OrgTreeSelect kinds={rule.kinds} testId="account-scope-org" />
          </Form.Item>
        ) : null}
        {role === 'department' ? (
          <Form.Item
            name={['scope', 'departmentId']}
            label={t('account.scopeDepartment')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Select
              loading={departments.isPending}
              options={(departments.data ?? [])
                .filter((d) => !orgUnitId || d.orgUnitId === orgUnitId)
                .map((d) => ({ value: d.id, label: d.name }))}
            />
          </Form.Item>
        ) : null}
        {rule?.field === 'companyId' ? (
          <Form.Item
            name={['scope', 'companyId']}
            label={t('account.scopeCompany')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <RemoteSelect path="/api/v1/companies" placeholder={t('account.searchToPick')} />
          </Form.Item>
        ) : null}
        {rule?.field === 'estateId' ? (
          <Form.Item
            name={['scope', 'estateId']}
            label={t('account.scopeEstate')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <RemoteSelect path="/api/v1/estates" placeholder={t('account.searchToPick')} />
          </Form.Item>
        ) : null}
        {rule?.field === 'ownerId' ? (
          <Form.Item
            name={['scope', 'ownerId']}
            label={t('account.scopeOwner')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <RemoteSelect<Owner>
              path="/api/v1/owners"
              placeholder={t('account.searchToPick')}
              describe={(o) => (o.phone ? `${o.name} · ${o.phone}` : o.name)}
            />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
