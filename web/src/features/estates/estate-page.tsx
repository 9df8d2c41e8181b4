import { SwapOutlined, TeamOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Empty, Flex, Row, Skeleton, Statistic, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useUser } from '../../app/auth';
import { AreaText } from '../../app/components/area-text';
import { ModeTag } from '../../app/components/mode-tag';
import { PageHeader } from '../../app/components/page-header';
import { LoadError } from '../../app/components/status-pages';
import { formatDate } from '../../app/format';
import { useScopeTrail } from '../../app/layout/scope-trail';
import { can } from '../../app/permissions';
import { useEstate } from '../../app/queries';
import { ChangeModeModal } from './change-mode-modal';
import { DwellingsTable } from './dwellings-table';

const h2 = (text: string) => <h2 style={{ fontSize: 16, margin: 0 }}>{text}</h2>;

/** 小区: details, management-mode history, party branch and the dwellings ledger of one estate. */
export function EstatePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const user = useUser();
  const navigate = useNavigate();
  const estate = useEstate(id);
  const [changing, setChanging] = useState(false);
  useScopeTrail(
    estate.data ? { crumbs: estate.data.breadcrumb, leaf: { name: estate.data.name, href: `/estates/${id}` } } : null,
  );
  if (estate.isError) return <LoadError error={estate.error} onRetry={() => void estate.refetch()} />;
  if (!estate.data) return <Skeleton active />;
  const e = estate.data;
  const history = e.modeHistory;

  return (
    <>
      <PageHeader
        title={
          <span data-testid="estate-title">
            {e.name} <ModeTag mode={e.managementMode} />
          </span>
        }
        sub={e.address ?? undefined}
        extra={
          <>
            <Button
              icon={<TeamOutlined />}
              onClick={() => navigate(`/estates/${id}/committee`)}
              data-testid="committee-link"
            >
              {t('governance.committeeLink')}
            </Button>
            {can(user.role, 'changeManagement') ? (
              <Button icon={<SwapOutlined />} onClick={() => setChanging(true)} data-testid="change-mode">
                {t('estate.changeMode')}
              </Button>
            ) : null}
            {can(user.role, 'importDwellings') ? (
              <Button
                type="primary"
                icon={<UploadOutlined />}
                data-testid="import-link"
                onClick={() => navigate(`/estates/${id}/import`)}
              >
                {t('estate.importDwellings')}
              </Button>
            ) : null}
          </>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Card>
            <Statistic title={t('estate.dwellingCount')} value={e.dwellingCount} data-testid="dwelling-count" />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card>
            <Statistic title={t('estate.deliveredCount')} value={e.deliveredCount} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card>
            <Statistic
              title={t('estate.totalArea')}
              value={e.totalAreaM2}
              formatter={() => <AreaText value={e.totalAreaM2} />}
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card>
            <Statistic title={t('estate.ownerCount')} value={e.ownerCount} />
          </Card>
        </Col>
        <Col xs={24} xl={16}>
          <Card title={h2(t('estate.info'))}>
            <Descriptions
              column={{ xs: 1, md: 2 }}
              items={[
                { key: 'name', label: t('estate.name'), children: e.name },
                { key: 'mode', label: t('estate.mode'), children: <ModeTag mode={e.managementMode} /> },
                {
                  key: 'street',
                  label: t('estate.street'),
                  children: e.breadcrumb.find((b) => b.kind === 'street')?.name ?? e.streetName,
                },
                {
                  key: 'community',
                  label: t('estate.community'),
                  children: <Link to={`/org/${e.communityId}`}>{e.communityName}</Link>,
                },
                {
                  key: 'company',
                  label: t('estate.company'),
                  children: e.companyId ? (
                    <Link to={`/companies/${e.companyId}`}>{e.companyName}</Link>
                  ) : (
                    t('common.none')
                  ),
                },
                { key: 'address', label: t('estate.address'), children: e.address ?? '' },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Flex vertical gap={16}>
            <Card title={h2(t('estate.partyBranch'))} data-testid="party-branch">
              {e.partyBranch ? (
                <>
                  <Typography.Text strong>{e.partyBranch.name}</Typography.Text>
                  <br />
                  <Typography.Text type="secondary">
                    {t('estate.memberCount', { count: e.partyBranch.memberCount })}
                  </Typography.Text>
                </>
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('estate.noBranch')} />
              )}
            </Card>
            <Card title={h2(t('estate.modeHistory'))}>
              <Timeline
                data-testid="mode-history"
                items={[...history].reverse().map((h, i) => ({
                  key: `${h.fromDate}-${i}`,
                  color: i === 0 ? 'red' : 'gray',
                  title: formatDate(h.fromDate),
                  content: (
                    <div>
                      <ModeTag mode={h.mode} />
                      {i === 0 ? <Typography.Text type="secondary">{t('estate.current')}</Typography.Text> : null}
                      {h.companyName ? <div>{h.companyName}</div> : null}
                      {h.note ? <Typography.Text type="secondary">{h.note}</Typography.Text> : null}
                    </div>
                  ),
                }))}
              />
            </Card>
          </Flex>
        </Col>
        <Col span={24}>
          <DwellingsTable estateId={id} />
        </Col>
      </Row>
      {changing ? <ChangeModeModal estate={e} open={changing} onClose={() => setChanging(false)} /> : null}
    </>
  );
}
