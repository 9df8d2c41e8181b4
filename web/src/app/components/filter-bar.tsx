import { SearchOutlined } from '@ant-design/icons';
import { Button, Flex, Form } from 'antd';
import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** The filter form above a list (UI.md): fields inline, 查询 applies, 重置 clears; the export sits on the right. */
export function FilterBar<F extends Record<string, string | undefined>>({
  filters,
  onApply,
  children,
  extra,
  label,
}: {
  filters: F;
  onApply: (f: Partial<F>) => void;
  children: ReactNode;
  extra?: ReactNode;
  label: string;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const key = JSON.stringify(filters);
  // biome-ignore lint/correctness/useExhaustiveDependencies: follow filter changes made elsewhere (links, reset)
  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(filters);
  }, [key, form]);
  return (
    <Flex justify="space-between" align="flex-start" gap={12} wrap style={{ marginBottom: 16 }}>
      <Form
        form={form}
        layout="inline"
        role="search"
        aria-label={label}
        initialValues={filters}
        onFinish={(v: Partial<F>) => onApply(v)}
        style={{ rowGap: 8 }}
      >
        {children}
        <Form.Item style={{ marginInlineEnd: 8 }}>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="filter-apply">
            {t('common.search')}
          </Button>
        </Form.Item>
        <Form.Item>
          <Button
            onClick={() => {
              form.resetFields();
              const cleared = Object.fromEntries(Object.keys(form.getFieldsValue()).map((k) => [k, undefined]));
              onApply(cleared as Partial<F>);
            }}
          >
            {t('common.reset')}
          </Button>
        </Form.Item>
      </Form>
      {extra}
    </Flex>
  );
}
