import { ExportOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Empty, Row, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { get } from '../../app/api';
import { useUser } from '../../app/auth';
import { PageHeader } from '../../app/components/page-header';
import { LoadError } from '../../app/components/status-pages';
import { useScopeTrail } from '../../app/layout/scope-trail';
import { can } from '../../app/permissions';
import { useEstate } from '../../app/queries';
import { EstatePicker, useChosenEstate } from '../governance/estate-choice';
import type { EstateDisclosure } from './disclosure-types';
import { FeeDisclosureCard } from './fee-disclosure-card';
import { FinanceCard } from './finance-card';
import { SelectionCard } from './selection-card';
import '../governance/governance.css';
import './disclosure.css';

/** 三个公开: the editor of an estate's company selection, clear pricing and committee finances (SPEC R-43). */
export function PublicsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const [estateId, setEstateId] = useChosenEstate();
  const estate = useEstate(estateId);
  const records = useQuery({
    queryKey: ['disclosure', estateId],
    queryFn: () => get<EstateDisclosure>(`/api/v1/estates/${estateId}/disclosure`),
    enabled: !!estateId,
  });
  useScopeTrail(
    estate.data
      ? { crumbs: estate.data.breadcrumb, leaf: { name: estate.data.name, href: `/estates/${estate.data.id}` } }
      : null,
  );
  const body = () => {
    if (!estateId) return <Empty description={t('disclosure.pickEstate')} />;
    if (records.isError) return <LoadError error={records.error} onRetry={() => void records.refetch()} />;
    if (!records.data || !estate.data) return <Skeleton active />;
    return (
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <SelectionCard
            estate={estate.data}
            selection={records.data.selection}
            canEdit={can(user.role, 'writeSelection')}
          />
        </Col>
        <Col xs={24} xl={12}>
          <FeeDisclosureCard estateId={estateId} fees={records.data.fees} canEdit={can(user.role, 'writeFees')} />
        </Col>
        <Col span={24}>
          <FinanceCard estateId={estateId} canWrite={can(user.role, 'writeFinance')} />
        </Col>
      </Row>
    );
  };
  return (
    <>
      <PageHeader
        title={t('disclosure.publicsTitle')}
        sub={t('disclosure.publicsSub')}
        extra={
          <>
            <EstatePicker value={estateId} onChange={setEstateId} />
            {estateId ? (
              <Button
                icon={<ExportOutlined />}
                href={`/public/estates/${estateId}`}
                target="_blank"
                data-testid="public-page-link"
              >
                {t('disclosure.viewPublicPage')}
              </Button>
            ) : null}
          </>
        }
      />
      {estateId ? null : <Card style={{ marginBottom: 16 }}>{t('disclosure.publicsIntro')}</Card>}
      {body()}
    </>
  );
}
