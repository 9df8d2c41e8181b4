import { CheckCircleOutlined, CloseCircleOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Form, Input, Row, Table, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { get, type Page, post } from '../../app/api';
import { FilterBar } from '../../app/components/filter-bar';
import { PageHeader } from '../../app/components/page-header';
import { LoadError } from '../../app/components/status-pages';
import { formatDateTime } from '../../app/format';
import { useProblemHandler } from '../../app/problem';
import type { AuditEntry, AuditHead, AuditVerify } from '../../app/types';
import { useListState } from '../../app/use-list-state';

const DEFAULTS = { entity: undefined, entityId: undefined } as { entity?: string; entityId?: string };

function Json({ value }: { value: unknown }) {
  const { t } = useTranslation();
  if (value === null || value === undefined)
    return <Typography.Text type="secondary">{t('format.noRate')}</Typography.Text>;
  return (
    <pre style={{ margin: 0, maxHeight: 240, overflow: 'auto', fontSize: 12, background: '#fafafa', padding: 8 }}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

/** 审计日志: the append-only, hash-chained log and the chain check (SPEC R-80). */
export function AuditPage() {
  const { t } = useTranslation();
  const onError = useProblemHandler();
  const list = useListState(DEFAULTS, true);
  const res = useQuery({
    queryKey: ['audit', 'list', list.query],
    queryFn: () => get<Page<AuditEntry>>('/api/v1/audit', list.query),
    placeholderData: keepPreviousData,
  });
  const head = useQuery({ queryKey: ['audit', 'head'], queryFn: () => get<AuditHead>('/api/v1/audit/head') });
  const [anchorForm] = Form.useForm<{ anchors?: string }>();
  const verify = useMutation({
    mutationFn: () => {
      const text = (anchorForm.getFieldValue('anchors') as string | undefined) ?? '';
      const anchors = text
        .split(/\s+/)
        .map((x) => x.trim())
        .filter(Boolean);
      return post<AuditVerify>('/api/v1/audit/verify', { anchors });
    },
    // Verifying seals waiting entries first: reload the list so they show their chain numbers.
    onSuccess: () => {
      void res.refetch();
      void head.refetch();
    },
    onError: (e) => onError(e, anchorForm),
  });
  const v = verify.data;
  const reasonText = (r: string) =>
    r === 'prev_hash' || r === 'content' || r === 'chain_no' ? t(`audit.reasons.${r}`) : r;
  return (
    <>
      <PageHeader
        title={t('audit.title')}
        extra={
          <Button
            type="primary"
            icon={<SafetyCertificateOutlined />}
            loading={verify.isPending}
            onClick={() => verify.mutate()}
            data-testid="audit-verify"
          >
            {verify.isPending ? t('audit.verifying') : t('audit.verify')}
          </Button>
        }
      />
      {v ? (
        <Alert
          role="status"
          data-testid="audit-verify-result"
          data-ok={v.ok}
          style={{ marginBottom: 16 }}
          type={v.ok ? 'success' : 'error'}
          showIcon
          icon={v.ok ? <CheckCircleOutlined /> : <CloseCircleOutlined />}
          title={
            v.ok
              ? t('audit.verifyOk', { checked: v.checked })
              : v.firstBroken
                ? t('audit.verifyBroken', {
                    checked: v.checked,
                    seq: v.firstBroken.seq,
                    reason: reasonText(v.firstBroken.reason),
                  })
                : t('audit.head.anchorsFailed', { checked: v.checked })
          }
          description={
            v.pending || v.anchors.length ? (
              <>
                {v.anchors.map((a) => (
                  <div key={`${a.chainNo}:${a.hash}`} data-testid="audit-anchor-result" data-ok={a.ok}>
                    {t(
                      a.ok
                        ? 'audit.head.anchorOk'
                        : a.reason === 'missing'
                          ? 'audit.head.anchorMissing'
                          : 'audit.head.anchorMismatch',
                      { chainNo: a.chainNo },
                    )}
                  </div>
                ))}
                {v.pending ? (
                  <div>
                    {t('audit.verifyPending', {
                      pending: v.pending,
                      seconds: Math.ceil((v.oldestPendingAgeMs ?? 0) / 1000),
                    })}
                  </div>
                ) : null}
              </>
            ) : undefined
          }
        />
      ) : null}
      <Card
        title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('audit.head.title')}</h2>}
        style={{ marginBottom: 16 }}
        data-testid="audit-head"
      >
        {head.isError ? (
          <LoadError error={head.error} onRetry={() => void head.refetch()} />
        ) : head.data ? (
          <>
            <Typography.Paragraph style={{ marginBottom: 4 }}>
              {t('audit.head.current', { chainNo: head.data.chainNo, at: formatDateTime(head.data.at) })}
            </Typography.Paragraph>
            <Typography.Paragraph copyable={{ text: head.data.anchor }} style={{ wordBreak: 'break-all' }}>
              <Typography.Text code data-testid="audit-head-anchor">
                {head.data.anchor}
              </Typography.Text>
            </Typography.Paragraph>
          </>
        ) : (
          <Typography.Paragraph type="secondary">{head.isPending ? '…' : t('audit.head.empty')}</Typography.Paragraph>
        )}
        <Typography.Paragraph type="secondary">{t('audit.head.hint')}</Typography.Paragraph>
        <Form form={anchorForm} layout="vertical" onFinish={() => verify.mutate()}>
          <Form.Item name="anchors" label={t('audit.head.anchors')} style={{ marginBottom: 0 }}>
            <Input.TextArea rows={2} style={{ fontFamily: 'monospace' }} data-testid="audit-anchors" />
          </Form.Item>
        </Form>
      </Card>
      <Card>
        <FilterBar label={t('audit.title')} filters={list.filters} onApply={list.setFilters}>
          <Form.Item name="entity" label={t('audit.entity')}>
            <Input allowClear maxLength={64} placeholder={t('audit.entityPlaceholder')} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="entityId" label={t('audit.entityId')}>
            <Input allowClear maxLength={64} style={{ width: 240 }} />
          </Form.Item>
        </FilterBar>
        {res.isError ? (
          <LoadError error={res.error} onRetry={() => void res.refetch()} />
        ) : (
          <Table<AuditEntry>
            rowKey="seq"
            size="middle"
            data-testid="audit-table"
            loading={res.isFetching}
            dataSource={res.data?.items}
            pagination={list.pagination(res.data?.total)}
            rowClassName={(e) => (v?.firstBroken?.seq === e.seq ? 'rp-row-broken' : '')}
            scroll={{ x: 900 }}
            expandable={{
              expandedRowRender: (e) => (
                <Row gutter={16}>
                  <Col span={12}>
                    <Typography.Text strong>{t('audit.before')}</Typography.Text>
                    <Json value={e.before} />
                  </Col>
                  <Col span={12}>
                    <Typography.Text strong>{t('audit.after')}</Typography.Text>
                    <Json value={e.after} />
                  </Col>
                </Row>
              ),
            }}
            columns={[
              { title: t('audit.seq'), dataIndex: 'seq', width: 80 },
              {
                title: t('audit.chain'),
                dataIndex: 'chainNo',
                width: 110,
                render: (_: unknown, e: AuditEntry) =>
                  e.chainNo === null ? (
                    <Tooltip title={t('audit.pendingSealHint')}>
                      <Tag color="gold" data-testid="audit-pending-seal">
                        {t('audit.pendingSeal')}
                      </Tag>
                    </Tooltip>
                  ) : (
                    <Tooltip title={e.hash}>
                      <code>#{e.chainNo}</code>
                    </Tooltip>
                  ),
              },
              { title: t('audit.at'), dataIndex: 'at', width: 150, render: (x: string) => formatDateTime(x) },
              {
                title: t('audit.actor'),
                dataIndex: 'actorName',
                render: (x: string | null) =>
                  x ?? <Typography.Text type="secondary">{t('audit.system')}</Typography.Text>,
              },
              { title: t('audit.ip'), dataIndex: 'ip' },
              { title: t('audit.action'), dataIndex: 'action', render: (x: string) => <code>{x}</code> },
              { title: t('audit.entity'), dataIndex: 'entity', render: (x: string) => <code>{x}</code> },
              {
                title: t('audit.entityId'),
                dataIndex: 'entityId',
                ellipsis: true,
                render: (x: string | null) => <code>{x ?? ''}</code>,
              },
            ]}
          />
        )}
      </Card>
    </>
  );
}
