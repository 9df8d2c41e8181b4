import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { HANDLER_KINDS, LIMITS, ZIssueCategoryUpsert } from '@rp/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { put } from '../../app/api';
import { PageHeader } from '../../app/components/page-header';
import { LoadError } from '../../app/components/status-pages';
import { useProblemHandler } from '../../app/problem';
import { zodRule } from '../../app/zod-rules';
import { useIssueCategories } from './issue-queries';
import type { HandlerKind, IssueCategory } from './issue-types';

interface Row {
  code: string;
  name: string;
  nameEn: string;
  handlerKind: HandlerKind | null;
  active: boolean;
  depth: number;
  children?: Row[];
}

interface Values {
  suffix?: string;
  name: string;
  nameEn: string;
  handlerKind?: HandlerKind;
  active: boolean;
}

const MAX_DEPTH = 3;

/** The tree with every category and whether it is in use (its own flag: a child of an unused category keeps it). */
function useCategoryRows() {
  const all = useIssueCategories(true);
  const rows = useMemo(() => {
    const map = (n: IssueCategory, depth: number): Row => ({
      code: n.code,
      name: n.name,
      nameEn: n.nameEn,
      handlerKind: n.handlerKind ?? null,
      active: n.active !== false,
      depth,
      children: n.children.length ? n.children.map((c) => map(c, depth + 1)) : undefined,
    });
    return (all.data ?? []).map((n) => map(n, 1));
  }, [all.data]);
  return { rows, isPending: all.isPending, error: all.error, refetch: all.refetch };
}

function CategoryModal({ target, onClose }: { target: { row?: Row; parent?: Row }; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useProblemHandler();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const { row, parent } = target;
  const prefix = parent ? `${parent.code}.` : '';
  const save = useMutation({
    mutationFn: (v: Values) => {
      const code = row?.code ?? `${prefix}${v.suffix?.trim() ?? ''}`;
      const parentCode = row ? row.code.split('.').slice(0, -1).join('.') || null : (parent?.code ?? null);
      return put(`/api/v1/issue-categories/${encodeURIComponent(code)}`, {
        parentCode,
        name: v.name.trim(),
        nameEn: v.nameEn.trim(),
        handlerKind: v.handlerKind ?? null,
        active: v.active,
      });
    },
    onSuccess: () => {
      message.success(t('common.saved'));
      void qc.invalidateQueries({ queryKey: ['issue-categories'] });
      onClose();
    },
    onError: (e) => onError(e, form),
  });
  const title = row
    ? t('issues.categories.edit', { name: row.name })
    : parent
      ? t('issues.categories.addChild', { name: parent.name })
      : t('issues.categories.addRoot');
  return (
    <Modal
      open
      title={title}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={
          row
            ? { name: row.name, nameEn: row.nameEn, handlerKind: row.handlerKind ?? undefined, active: row.active }
            : { active: true, handlerKind: parent?.handlerKind ?? undefined }
        }
        onFinish={(v) => save.mutate(v)}
      >
        {row ? (
          <Form.Item label={t('issues.categories.code')}>
            <code>{row.code}</code>
          </Form.Item>
        ) : (
          <Form.Item
            name="suffix"
            label={t('issues.categories.code')}
            extra={t('issues.categories.codeHint')}
            rules={[
              { required: true, message: t('common.required') },
              { pattern: /^[a-z0-9_-]+$/, message: t('err.categoryCode') },
              {
                validator: async (_, v?: string) => {
                  if (!v) return;
                  const r = ZIssueCategoryUpsert.shape.code.safeParse(`${prefix}${v}`);
                  if (!r.success) throw new Error(t('err.categoryCode'));
                },
              },
            ]}
          >
            <Input
              prefix={prefix ? <code>{prefix}</code> : undefined}
              maxLength={40 - prefix.length}
              data-testid="category-code"
            />
          </Form.Item>
        )}
        <Form.Item
          name="name"
          label={t('issues.categories.name')}
          rules={[
            { required: true, whitespace: true, message: t('common.required') },
            zodRule(ZIssueCategoryUpsert.shape.name),
          ]}
        >
          <Input maxLength={LIMITS.name} />
        </Form.Item>
        <Form.Item
          name="nameEn"
          label={t('issues.categories.nameEn')}
          rules={[
            { required: true, whitespace: true, message: t('common.required') },
            zodRule(ZIssueCategoryUpsert.shape.nameEn),
          ]}
        >
          <Input maxLength={LIMITS.name} lang="en" />
        </Form.Item>
        <Form.Item
          name="handlerKind"
          label={t('issues.categories.handlerKind')}
          extra={t('issues.categories.handlerHint')}
        >
          <Select
            allowClear
            placeholder={t('common.none')}
            options={HANDLER_KINDS.map((k) => ({ value: k, label: t(`enum.handlerKind.${k}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="active"
          label={t('issues.categories.active')}
          valuePropName="checked"
          extra={t('issues.categories.activeHint')}
        >
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 诉求类别: the three-level category tree, edited by the admin (PUT /issue-categories/:code). */
export function CategoriesPage() {
  const { t } = useTranslation();
  const { rows, isPending, error, refetch } = useCategoryRows();
  const [target, setTarget] = useState<{ row?: Row; parent?: Row } | null>(null);
  return (
    <>
      <PageHeader
        title={t('issues.nav.categories')}
        sub={t('issues.categories.sub')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget({})} data-testid="category-add-root">
            {t('issues.categories.addRoot')}
          </Button>
        }
      />
      <Card>
        {error ? (
          <LoadError error={error} onRetry={() => void refetch()} />
        ) : (
          <Table<Row>
            rowKey="code"
            size="middle"
            data-testid="categories-table"
            loading={isPending}
            dataSource={rows}
            pagination={false}
            scroll={{ x: 900 }}
            columns={[
              {
                title: t('issues.categories.name'),
                dataIndex: 'name',
                render: (v: string, r) => (
                  <Typography.Text type={r.active ? undefined : 'secondary'} delete={!r.active}>
                    {v}
                  </Typography.Text>
                ),
              },
              {
                title: t('issues.categories.nameEn'),
                dataIndex: 'nameEn',
                render: (v: string) => <span lang="en">{v}</span>,
              },
              { title: t('issues.categories.code'), dataIndex: 'code', render: (v: string) => <code>{v}</code> },
              {
                title: t('issues.categories.level'),
                dataIndex: 'depth',
                width: 90,
                render: (d: number) => t('issues.categories.levelN', { n: d }),
              },
              {
                title: t('issues.categories.handlerKind'),
                dataIndex: 'handlerKind',
                render: (k: HandlerKind | null) => (k ? t(`enum.handlerKind.${k}`) : ''),
              },
              {
                title: t('issues.categories.active'),
                dataIndex: 'active',
                width: 90,
                render: (a: boolean) =>
                  a ? <Tag color="green">{t('issues.categories.on')}</Tag> : <Tag>{t('issues.categories.off')}</Tag>,
              },
              {
                title: t('common.actions'),
                key: 'actions',
                width: 200,
                render: (_, r) => (
                  <Space>
                    <Button size="small" icon={<EditOutlined />} onClick={() => setTarget({ row: r })}>
                      {t('common.edit')}
                    </Button>
                    {r.depth < MAX_DEPTH ? (
                      <Button size="small" icon={<PlusOutlined />} onClick={() => setTarget({ parent: r })}>
                        {t('issues.categories.child')}
                      </Button>
                    ) : null}
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Card>
      {target ? <CategoryModal target={target} onClose={() => setTarget(null)} /> : null}
    </>
  );
}
