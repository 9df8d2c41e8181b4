import { ExclamationCircleOutlined } from '@ant-design/icons';
import { COMMITTEE_STAGES } from '@rp/contract';
import { Button, Card, Col, Descriptions, Empty, Row, Skeleton, Steps, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useUser } from '../../app/auth';
import { PageHeader } from '../../app/components/page-header';
import { RateText } from '../../app/components/rate-text';
import { LoadError } from '../../app/components/status-pages';
import { formatDate, TIME_ZONE } from '../../app/format';
import { useScopeTrail } from '../../app/layout/scope-trail';
import { can } from '../../app/permissions';
import { useEstate } from '../../app/queries';
import { CommitteeStageForm, nextStageOf } from './committee-stage-form';
import { useCommittee } from './governance-queries';
import type { Committee } from './governance-types';
import { ManagementCommitteeCard } from './management-committee-card';
import { StageTag } from './stage-tag';
import './governance.css';

const h2 = (text: string) => <h2 style={{ fontSize: 16, margin: 0 }}>{text}</h2>;

/** The record's rows that have something to show (a stage not reached yet has no date). */
function recordItems<T extends { children: React.ReactNode }>(items: T[]): T[] {
  return items.filter((i) => i.children !== '' && i.children !== null);
}

/** The date recorded for reaching a stage. */
function stageDate(c: Committee, stage: Committee['stage']): string | null {
  if (stage === 'preparing') return c.formedAt;
  if (stage === 'announced') return c.announcedAt;
  if (stage === 'elected') return c.electedAt;
  if (stage === 'filed') return c.filedAt;
  return null;
}

/** 小区业委会: the establishment steps, the form for the next stage, the roster and the 物委会 (SPEC ). */
export function CommitteePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const user = useUser();
  const navigate = useNavigate();
  const estate = useEstate(id);
  const committee = useCommittee(id);
  useScopeTrail(
    estate.data ? { crumbs: estate.data.breadcrumb, leaf: { name: estate.data.name, href: `/estates/${id}` } } : null,
  );
  if (committee.isError) return <LoadError error={committee.error} onRetry={() => void committee.refetch()} />;
  if (!committee.data) return <Skeleton active />;
  const c = committee.data;
  const current = COMMITTEE_STAGES.indexOf(c.stage);
  const next = nextStageOf(c.stage);
  const established = c.stage === 'elected' || c.stage === 'filed';
  const party = c.members.filter((m) => m.partyMember).length;
  // UI.md: overdue in red with the days overdue — an election not filed by its due date (SPEC R-40, 30 days).
  const today = dayjs().tz(TIME_ZONE).format('YYYY-MM-DD');
  const overdueDays =
    c.stage === 'elected' && c.filingDueOn && today > c.filingDueOn
      ? dayjs(today).diff(dayjs(c.filingDueOn), 'day')
      : 0;

  return (
    <>
      <PageHeader
        title={
          <span data-testid="committee-title">
            {t('governance.committeeOf', { estate: estate.data?.name ?? '' })} <StageTag stage={c.stage} />
          </span>
        }
        sub={c.required ? t('governance.isRequired') : t('governance.notRequired')}
        extra={
          <>
            <Button onClick={() => navigate(`/meetings?estateId=${id}`)}>{t('governance.meetingsOfEstate')}</Button>
            {user.role !== 'committee' ? (
              <Button onClick={() => navigate(`/estates/${id}`)}>{t('governance.backToEstate')}</Button>
            ) : null}
          </>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Steps
          data-testid="committee-steps"
          current={current}
          status={c.stage === 'filed' ? 'finish' : 'process'}
          items={COMMITTEE_STAGES.map((s, i) => ({
            title: t(`enum.committeeStage.${s}`),
            content: stageDate(c, s) ? formatDate(stageDate(c, s)) : i === current + 1 ? t('governance.nextStep') : '',
          }))}
        />
        {overdueDays > 0 ? (
          <Tag color="red" icon={<ExclamationCircleOutlined />} style={{ marginTop: 12 }} data-testid="filing-overdue">
            {t('governance.filingOverdue', { days: overdueDays, date: c.filingDueOn })}
          </Tag>
        ) : null}
        {c.filedLate ? (
          <Tag color="red" icon={<ExclamationCircleOutlined />} style={{ marginTop: 12 }} data-testid="filed-late">
            {t('governance.filedLate')}
          </Tag>
        ) : null}
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={next && can(user.role, 'editCommittee') ? 16 : 14}>
          {next && can(user.role, 'editCommittee') ? (
            <Card
              title={h2(t('governance.nextStage', { stage: t(`enum.committeeStage.${next}`) }))}
              style={{ marginBottom: 16 }}
            >
              <CommitteeStageForm estateId={id} committee={c} />
            </Card>
          ) : null}
          {c.members.length || !next || !can(user.role, 'editCommittee') ? (
            <Card title={h2(t('governance.roster'))} data-testid="committee-roster">
              {c.members.length ? (
                <>
                  <Descriptions
                    column={{ xs: 1, md: 2 }}
                    style={{ marginBottom: 16 }}
                    items={[
                      {
                        key: 'party',
                        label: t('governance.partyShare'),
                        children: (
                          <span data-testid="party-share">
                            <RateText num={party} den={c.members.length} />
                          </span>
                        ),
                      },
                      {
                        key: 'term',
                        label: t('governance.term'),
                        children: t('governance.termRange', {
                          from: formatDate(c.electedAt),
                          to: formatDate(c.termEndsOn),
                          years: c.termYears ?? 0,
                        }),
                      },
                      {
                        key: 'filed',
                        label: t('governance.filedAt'),
                        children: formatDate(c.filedAt) || t('governance.notFiled'),
                      },
                      { key: 'cert', label: t('governance.certificateNo'), children: c.certificateNo ?? '' },
                    ]}
                  />
                  <Table
                    rowKey="id"
                    size="small"
                    pagination={false}
                    dataSource={c.members}
                    columns={[
                      { title: t('common.name'), dataIndex: 'name' },
                      {
                        title: t('governance.role'),
                        dataIndex: 'role',
                        render: (r: Committee['members'][number]['role']) => (
                          <Tag color={r === 'director' ? 'red' : r === 'deputy' ? 'orange' : 'default'}>
                            {t(`enum.committeeRole.${r}`)}
                          </Tag>
                        ),
                      },
                      {
                        title: t('governance.partyMember'),
                        dataIndex: 'partyMember',
                        render: (v: boolean) => (v ? t('governance.partyMemberYes') : t('common.no')),
                      },
                      { title: t('governance.termStarts'), dataIndex: 'termStartsOn', render: formatDate },
                      { title: t('governance.termEnds'), dataIndex: 'termEndsOn', render: formatDate },
                    ]}
                  />
                </>
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('governance.noRoster')} />
              )}
            </Card>
          ) : null}
        </Col>
        <Col xs={24} xl={next && can(user.role, 'editCommittee') ? 8 : 10}>
          <Card title={h2(t('governance.record'))} style={{ marginBottom: 16 }} data-testid="committee-record">
            {c.stage === 'none' ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('governance.noRecord')} />
            ) : null}
            <Descriptions
              column={1}
              items={recordItems([
                { key: 'formed', label: t('governance.formedAt'), children: formatDate(c.formedAt) },
                {
                  key: 'group',
                  label: t('governance.preparatoryGroup'),
                  children: c.preparatoryGroup?.length ? (
                    <div>
                      {c.preparatoryGroup.map((m, i) => (
                        // biome-ignore lint/suspicious/noArrayIndexKey: group members carry no id; the list is read-only
                        <div key={`${m.name}-${i}`}>
                          {m.name} <Tag>{t(`enum.groupSide.${m.side}`)}</Tag>
                        </div>
                      ))}
                    </div>
                  ) : (
                    ''
                  ),
                },
                { key: 'announced', label: t('governance.announcedAt'), children: formatDate(c.announcedAt) },
                { key: 'first', label: t('governance.firstMeetingAt'), children: formatDate(c.firstMeetingAt) },
                { key: 'elected', label: t('governance.electedAt'), children: formatDate(c.electedAt) },
                {
                  key: 'due',
                  label: t('governance.filingDueOn'),
                  children: c.filingDueOn ? formatDate(c.filingDueOn) : '',
                },
                {
                  key: 'filed',
                  label: t('governance.filedAt'),
                  children: c.filedAt ? (
                    <>
                      {formatDate(c.filedAt)}{' '}
                      {c.filedLate ? (
                        <Tag color="red" icon={<ExclamationCircleOutlined />}>
                          {t('governance.filedLate')}
                        </Tag>
                      ) : null}
                    </>
                  ) : (
                    ''
                  ),
                },
              ])}
            />
          </Card>
          {!established ? (
            <ManagementCommitteeCard estateId={id} committee={c} canEdit={can(user.role, 'editManagementCommittee')} />
          ) : c.managementCommittee ? (
            <Typography.Paragraph type="secondary">{t('governance.mcSuperseded')}</Typography.Paragraph>
          ) : null}
        </Col>
      </Row>
    </>
  );
}
