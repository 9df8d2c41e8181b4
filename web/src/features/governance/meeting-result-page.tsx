import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { PageHeader } from '../../app/components/page-header';
import { LoadError } from '../../app/components/status-pages';
import { formatDateTime } from '../../app/format';
import { useScopeTrail } from '../../app/layout/scope-trail';
import { useEstate } from '../../app/queries';
import { groupArea } from './exact';
import { useMeeting, useMeetingResult } from './governance-queries';
import { MotionResults } from './motion-results';
import './governance.css';

/** 表决结果: the stored results of a closed owners' meeting, per motion, printable (SPEC R-42). */
export function MeetingResultPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const meeting = useMeeting(id);
  const closed = meeting.data?.status === 'closed';
  const result = useMeetingResult(id, closed);
  const estate = useEstate(meeting.data?.estateId);
  useScopeTrail(
    estate.data
      ? { crumbs: estate.data.breadcrumb, leaf: { name: estate.data.name, href: `/estates/${estate.data.id}` } }
      : null,
  );
  if (meeting.isError) return <LoadError error={meeting.error} />;
  if (!meeting.data) return <Skeleton active />;
  const m = meeting.data;
  return (
    <>
      <PageHeader
        title={<span data-testid="result-title">{t('governance.resultOf', { title: m.title })}</span>}
        sub={estate.data?.name}
        extra={
          <span className="no-print" style={{ display: 'inline-flex', gap: 8 }}>
            <Button onClick={() => navigate(`/meetings/${id}`)}>{t('governance.backToMeeting')}</Button>
            <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
              {t('public.print')}
            </Button>
          </span>
        }
      />
      {!closed ? (
        <Alert type="info" showIcon title={t('err.meetingOpen')} />
      ) : result.isError ? (
        <LoadError error={result.error} />
      ) : !result.data ? (
        <Skeleton active />
      ) : (
        <>
          <Card style={{ marginBottom: 16 }}>
            <Descriptions
              column={{ xs: 1, md: 3 }}
              items={[
                { key: 'closed', label: t('governance.closedAt'), children: formatDateTime(result.data.closedAt) },
                {
                  key: 'area',
                  label: t('governance.totalArea'),
                  children: <span className="rp-num">{t('format.area', { value: groupArea(m.totals.areaM2) })}</span>,
                },
                {
                  key: 'head',
                  label: t('governance.totalHeadcount'),
                  children: t('governance.persons', { count: m.totals.headcount }),
                },
              ]}
            />
          </Card>
          <div data-testid="meeting-result">
            <MotionResults motions={result.data.motions} />
          </div>
        </>
      )}
    </>
  );
}
