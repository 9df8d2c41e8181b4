import { LockOutlined, PrinterOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Row, Skeleton, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { post } from '../../app/api';
import { useUser } from '../../app/auth';
import { PageHeader } from '../../app/components/page-header';
import { LoadError } from '../../app/components/status-pages';
import { formatDateTime } from '../../app/format';
import { useScopeTrail } from '../../app/layout/scope-trail';
import { can } from '../../app/permissions';
import { useProblemHandler } from '../../app/problem';
import { useEstate } from '../../app/queries';
import { BallotEntryCard } from './ballot-entry-card';
import { groupArea } from './exact';
import { useMeeting, useMeetingResult } from './governance-queries';
import type { MeetingDetail, MeetingResult } from './governance-types';
import { MeetingStatusTag } from './meeting-status-tag';
import { MotionResults } from './motion-results';
import { TurnoutCard } from './turnout-card';
import './governance.css';

const h2 = (text: string) => <h2 style={{ fontSize: 16, margin: 0 }}>{text}</h2>;

/** The meeting's facts: estate, voting period, totals and motions. */
function MeetingFacts({ meeting, estateName }: { meeting: MeetingDetail; estateName: string }) {
  const { t } = useTranslation();
  return (
    <Card title={h2(t('governance.meetingInfo'))} style={{ marginBottom: 16 }}>
      <Descriptions
        column={{ xs: 1, md: 2 }}
        items={[
          {
            key: 'estate',
            label: t('governance.estate'),
            children: <Link to={`/estates/${meeting.estateId}/committee`}>{estateName}</Link>,
          },
          { key: 'status', label: t('governance.statusLabel'), children: <MeetingStatusTag meeting={meeting} /> },
          { key: 'opens', label: t('governance.opensAt'), children: formatDateTime(meeting.opensAt) },
          { key: 'closes', label: t('governance.closesAt'), children: formatDateTime(meeting.closesAt) },
          {
            key: 'area',
            label: t('governance.totalArea'),
            children: <span className="rp-num">{t('format.area', { value: groupArea(meeting.totals.areaM2) })}</span>,
          },
          {
            key: 'head',
            label: t('governance.totalHeadcount'),
            children: <span className="rp-num">{t('governance.persons', { count: meeting.totals.headcount })}</span>,
          },
          {
            key: 'motions',
            label: t('governance.motions'),
            span: 2,
            children: (
              <ol style={{ margin: 0, paddingInlineStart: 20 }}>
                {meeting.motions.map((m) => (
                  <li key={m.id}>
                    {m.title}{' '}
                    <Tag color={m.matter === 'major' ? 'volcano' : 'blue'}>{t(`enum.matter.${m.matter}`)}</Tag>
                  </li>
                ))}
              </ol>
            ),
          },
        ]}
      />
      <Typography.Text type="secondary">{t('governance.subjectsRule')}</Typography.Text>
    </Card>
  );
}

/** 业主大会: live turnout and ballot entry while open, close with a confirmation, then the results (SPEC R-42). */
export function MeetingPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const user = useUser();
  const navigate = useNavigate();
  const { modal, message } = App.useApp();
  const qc = useQueryClient();
  const onError = useProblemHandler();
  const meeting = useMeeting(id);
  const estate = useEstate(meeting.data?.estateId);
  const closed = meeting.data?.status === 'closed';
  const result = useMeetingResult(id, closed);
  useScopeTrail(
    estate.data
      ? { crumbs: estate.data.breadcrumb, leaf: { name: estate.data.name, href: `/estates/${estate.data.id}` } }
      : null,
  );
  const close = useMutation({
    mutationFn: () => post<MeetingResult>(`/api/v1/meetings/${id}/close`),
    onSuccess: (r) => {
      qc.setQueryData(['meetings', id, 'result'], r);
      void qc.invalidateQueries({ queryKey: ['meetings'] });
      message.success(t('governance.closed'));
      navigate(`/meetings/${id}/result`);
    },
    onError: (e) => onError(e),
  });
  if (meeting.isError) return <LoadError error={meeting.error} onRetry={() => void meeting.refetch()} />;
  if (!meeting.data) return <Skeleton active />;
  const m = meeting.data;
  const runs = can(user.role, 'runMeeting');
  const confirmClose = () =>
    modal.confirm({
      title: t('governance.closeConfirmTitle'),
      content: t('governance.closeConfirmText'),
      okText: t('governance.closeMeeting'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => close.mutateAsync().catch(() => undefined),
    });

  return (
    <>
      <PageHeader
        title={
          <span data-testid="meeting-title">
            {m.title} <MeetingStatusTag meeting={m} />
          </span>
        }
        sub={estate.data?.name}
        extra={
          <>
            <Button onClick={() => navigate(`/meetings?estateId=${m.estateId}`)}>
              {t('governance.backToMeetings')}
            </Button>
            {closed ? (
              <Button type="primary" icon={<PrinterOutlined />} onClick={() => navigate(`/meetings/${id}/result`)}>
                {t('governance.resultPage')}
              </Button>
            ) : runs ? (
              <Button
                danger
                type="primary"
                icon={<LockOutlined />}
                loading={close.isPending}
                onClick={confirmClose}
                data-testid="meeting-close"
              >
                {t('governance.closeMeeting')}
              </Button>
            ) : null}
          </>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={closed ? 24 : 12}>
          <MeetingFacts meeting={m} estateName={estate.data?.name ?? ''} />
          {!closed && runs ? <TurnoutCard meetingId={id} open={!closed} /> : null}
        </Col>
        {!closed && runs ? (
          <Col xs={24} xl={12}>
            <BallotEntryCard meeting={m} />
          </Col>
        ) : null}
        {closed ? (
          <Col span={24}>
            {result.isError ? (
              <LoadError error={result.error} />
            ) : result.data ? (
              <MotionResults motions={result.data.motions} />
            ) : (
              <Skeleton active />
            )}
          </Col>
        ) : null}
      </Row>
    </>
  );
}
