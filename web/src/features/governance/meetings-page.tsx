import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Form, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { get } from '../../app/api';
import { useUser } from '../../app/auth';
import { PageHeader } from '../../app/components/page-header';
import { LoadError } from '../../app/components/status-pages';
import { formatDateTime } from '../../app/format';
import { can } from '../../app/permissions';
import type { EstateDetail } from '../../app/types';
import { useTableSort } from '../../app/use-list-state';
import { EstatePicker, useChosenEstate } from './estate-choice';
import { groupArea } from './exact';
import type { Meeting } from './governance-types';
import { MeetingCreateModal } from './meeting-create-modal';
import { MeetingStatusTag } from './meeting-status-tag';
import './governance.css';

/** 业主大会: the owners' meetings of an estate (or of the whole scope), and a new meeting (SPEC R-42). */
export function MeetingsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const [estateId, setEstateId] = useChosenEstate();
  const [sp, setSp] = useSearchParams();
  const status = (sp.get('status') ?? undefined) as 'open' | 'closed' | undefined;
  const [creating, setCreating] = useState(false);
  const sorting = useTableSort();
  const { sort } = sorting;
  const res = useQuery({
    queryKey: ['meetings', 'list', estateId, status, sort],
    queryFn: () => get<Meeting[]>('/api/v1/meetings', { estateId, status, sort }),
    placeholderData: keepPreviousData,
  });
  const estateIds = estateId ? [] : [...new Set((res.data ?? []).map((m) => m.estateId))];
  const names = useQueries({
    queries: estateIds.map((id) => ({
      queryKey: ['estates', id],
      queryFn: () => get<EstateDetail>(`/api/v1/estates/${id}`),
      staleTime: 60_000,
    })),
  });
  const nameOf = (id: string) => names.find((q) => q.data?.id === id)?.data?.name ?? '';
  const setStatus = (v: string | undefined) => {
    const next = new URLSearchParams(sp);
    if (v) next.set('status', v);
    else next.delete('status');
    setSp(next, { replace: true });
  };

  return (
    <>
      <PageHeader
        title={t('governance.meetingsTitle')}
        sub={t('governance.meetingsSub')}
        extra={
          <>
            <EstatePicker value={estateId} onChange={setEstateId} />
            {estateId && can(user.role, 'runMeeting') ? (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setCreating(true)}
                data-testid="meeting-create"
              >
                {t('governance.createMeeting')}
              </Button>
            ) : null}
          </>
        }
      />
      <Card>
        <Form layout="inline" style={{ marginBottom: 16 }}>
          <Form.Item label={t('governance.statusLabel')} htmlFor="meeting-status-filter">
            <Select
              id="meeting-status-filter"
              allowClear
              style={{ width: 160 }}
              placeholder={t('common.all')}
              value={status}
              onChange={setStatus}
              options={(['open', 'closed'] as const).map((s) => ({ value: s, label: t(`governance.status.${s}`) }))}
            />
          </Form.Item>
        </Form>
        {res.isError ? (
          <LoadError error={res.error} onRetry={() => void res.refetch()} />
        ) : (
          <Table<Meeting>
            rowKey="id"
            data-testid="meetings-table"
            loading={res.isFetching}
            dataSource={res.data}
            locale={{ emptyText: <Empty description={t('governance.noMeetings')} /> }}
            scroll={{ x: 960 }}
            pagination={{ defaultPageSize: 20, showTotal: (n) => t('common.total', { total: n }) }}
            onChange={sorting.onTableChange}
            columns={[
              {
                title: t('governance.meetingTitle'),
                dataIndex: 'title',
                ...sorting.sortColumn('title'),
                render: (_, m) => <Link to={`/meetings/${m.id}`}>{m.title}</Link>,
              },
              ...(estateId
                ? []
                : [
                    {
                      title: t('governance.estate'),
                      key: 'estate',
                      render: (_: unknown, m: Meeting) => nameOf(m.estateId),
                    },
                  ]),
              {
                title: t('governance.opensAt'),
                dataIndex: 'opensAt',
                ...sorting.sortColumn('opensAt'),
                render: formatDateTime,
              },
              {
                title: t('governance.closesAt'),
                dataIndex: 'closesAt',
                ...sorting.sortColumn('closesAt'),
                render: formatDateTime,
              },
              {
                title: t('governance.statusLabel'),
                dataIndex: 'status',
                ...sorting.sortColumn('status'),
                render: (_, m) => <MeetingStatusTag meeting={m} />,
              },
              {
                title: t('governance.motions'),
                key: 'motions',
                render: (_, m) =>
                  m.motions.map((x) => (
                    <Tag key={x.id} color={x.matter === 'major' ? 'volcano' : 'blue'}>
                      {t(`enum.matter.${x.matter}`)}
                    </Tag>
                  )),
              },
              {
                title: t('governance.totals'),
                key: 'totals',
                align: 'right',
                render: (_, m) => (
                  <span className="rp-num">
                    {t('format.area', { value: groupArea(m.totals.areaM2) })} ·{' '}
                    {t('governance.persons', { count: m.totals.headcount })}
                  </span>
                ),
              },
              {
                title: t('common.actions'),
                key: 'actions',
                render: (_, m) =>
                  m.status === 'closed' ? (
                    <Link to={`/meetings/${m.id}/result`}>{t('governance.viewResult')}</Link>
                  ) : (
                    <Link to={`/meetings/${m.id}`}>{t('governance.viewTurnout')}</Link>
                  ),
              },
            ]}
          />
        )}
      </Card>
      {creating && estateId ? (
        <MeetingCreateModal estateId={estateId} open={creating} onClose={() => setCreating(false)} />
      ) : null}
    </>
  );
}
