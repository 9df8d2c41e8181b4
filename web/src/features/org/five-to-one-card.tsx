import { EditOutlined } from '@ant-design/icons';
import { FIVE_TO_ONE_ROLES, ZFiveToOne } from '@rp/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Empty, Form, Input, Modal, Row, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { put } from '../../app/api';
import { useProblemHandler } from '../../app/problem';
import type { FiveToOne } from '../../app/types';
import { zodCheck, zodRule } from '../../app/zod-rules';

type Contact = { name: string; phone?: string };
type Values = Record<(typeof FIVE_TO_ONE_ROLES)[number], { name?: string; phone?: string }>;

/** Drops empty optional strings so they are absent rather than invalid. */
function clean(v: Values): FiveToOne {
  const contact = (c: { name?: string; phone?: string } | undefined): Contact => ({
    name: (c?.name ?? '').trim(),
    ...(c?.phone?.trim() ? { phone: c.phone.trim() } : {}),
  });
  return {
    districtLeader: contact(v.districtLeader),
    liaisonUnit: { name: (v.liaisonUnit?.name ?? '').trim() },
    unitPrincipal: contact(v.unitPrincipal),
    streetContact: contact(v.streetContact),
    liaisonCadre: contact(v.liaisonCadre),
  };
}

/** A community's five-to-one (五包一) responsibility record, with an edit form for those allowed (SPEC R-08). */
export function FiveToOneCard({
  communityId,
  value,
  editable,
}: {
  communityId: string;
  value: FiveToOne | null;
  editable: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const onError = useProblemHandler();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const save = useMutation({
    mutationFn: (body: FiveToOne) => put<FiveToOne>(`/api/v1/org-units/${communityId}/five-to-one`, body),
    onSuccess: () => {
      message.success(t('common.saved'));
      setOpen(false);
      void qc.invalidateQueries({ queryKey: ['org-units', communityId] });
    },
    onError: (e) => onError(e, form),
  });
  const contact = ZFiveToOne.shape.districtLeader.shape;
  const unitName = ZFiveToOne.shape.liaisonUnit.shape.name;

  return (
    <Card
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('org.fiveToOne')}</h2>}
      data-testid="five-to-one"
      extra={
        editable ? (
          <Button icon={<EditOutlined />} onClick={() => setOpen(true)}>
            {t('org.fiveToOneEdit')}
          </Button>
        ) : null
      }
    >
      {value ? (
        <Descriptions
          column={{ xs: 1, md: 2, xl: 3 }}
          items={FIVE_TO_ONE_ROLES.map((r) => {
            const c = value[r] as { name: string; phone?: string };
            return {
              key: r,
              label: t(`enum.fiveToOne.${r}`),
              children: (
                <span>
                  {c.name}
                  {c.phone ? <Typography.Text type="secondary"> · {c.phone}</Typography.Text> : null}
                </span>
              ),
            };
          })}
        />
      ) : (
        <Empty description={t('org.fiveToOneEmpty')} />
      )}
      <Modal
        title={t('org.fiveToOneEdit')}
        open={open}
        onCancel={() => setOpen(false)}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={save.isPending}
        onOk={() => form.submit()}
        destroyOnHidden
        width={640}
      >
        <Typography.Paragraph type="secondary">{t('org.fiveToOneHint')}</Typography.Paragraph>
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={(value ?? {}) as Values}
          onFinish={(v) => {
            const body = clean(v);
            if (!zodCheck(form, ZFiveToOne, body)) return;
            save.mutate(body);
          }}
        >
          {FIVE_TO_ONE_ROLES.map((r) => (
            <fieldset key={r} style={{ border: 'none', padding: 0, margin: 0 }}>
              <legend style={{ fontWeight: 600, fontSize: 14, marginBottom: 8 }}>{t(`enum.fiveToOne.${r}`)}</legend>
              <Row gutter={12}>
                <Col span={r === 'liaisonUnit' ? 24 : 12}>
                  <Form.Item
                    name={[r, 'name']}
                    label={r === 'liaisonUnit' ? t('org.unitName') : t('org.contactName')}
                    rules={[
                      { required: true, message: t('common.required') },
                      zodRule(r === 'liaisonUnit' ? unitName : contact.name),
                    ]}
                  >
                    <Input maxLength={100} />
                  </Form.Item>
                </Col>
                {r === 'liaisonUnit' ? null : (
                  <Col span={12}>
                    <Form.Item
                      name={[r, 'phone']}
                      label={t('org.contactPhone')}
                      rules={[zodRule(contact.phone.unwrap())]}
                    >
                      <Input maxLength={20} inputMode="tel" />
                    </Form.Item>
                  </Col>
                )}
              </Row>
            </fieldset>
          ))}
        </Form>
      </Modal>
    </Card>
  );
}
