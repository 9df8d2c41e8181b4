import { Card, Col, Descriptions, Empty, Row, Skeleton, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ModeTag } from '../../app/components/mode-tag';
import { PageHeader } from '../../app/components/page-header';
import { PartyTag } from '../../app/components/party-tag';
import { LoadError } from '../../app/components/status-pages';
import { formatDate } from '../../app/format';
import { useScopeTrail } from '../../app/layout/scope-trail';
import { useCompany } from '../../app/queries';
import type { CompanyDetail } from '../../app/types';

const h2 = (text: string) => <h2 style={{ fontSize: 16, margin: 0 }}>{text}</h2>;

/** One property company: its register entry, the estates it serves with contract dates, its party organisations. */
export function CompanyPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const company = useCompany(id);
  useScopeTrail(company.data ? { crumbs: [], leaf: { name: company.data.name, href: `/companies/${id}` } } : null);
  if (company.isError) return <LoadError error={company.error} onRetry={() => void company.refetch()} />;
  if (!company.data) return <Skeleton active />;
  const c = company.data;
  return (
    <>
      <PageHeader title={c.name} sub={<code>{c.uscc}</code>} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card title={h2(t('estate.info'))}>
            <Descriptions
              column={{ xs: 1, md: 2 }}
              items={[
                { key: 'name', label: t('company.name'), children: c.name },
                { key: 'uscc', label: t('company.uscc'), children: <code>{c.uscc}</code> },
                { key: 'contact', label: t('company.contactName'), children: c.contactName ?? '' },
                { key: 'phone', label: t('company.contactPhone'), children: c.contactPhone ?? '' },
                {
                  key: 'party',
                  label: t('company.partyOrganization'),
                  children: <PartyTag value={c.partyOrganization} />,
                },
                { key: 'staff', label: t('company.staffCount'), children: c.staffCount ?? '' },
                { key: 'estates', label: t('company.estateCount'), children: c.estateCount ?? c.estates.length },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={h2(t('company.partyOrgs'))}>
            {c.partyOrgs.length ? (
              <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                {c.partyOrgs.map((p) => (
                  <li key={p.id} style={{ padding: '6px 0' }}>
                    {p.name} <Tag>{t(`enum.partyOrgKind.${p.kind}`)}</Tag>
                  </li>
                ))}
              </ul>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('company.noPartyOrgs')} />
            )}
          </Card>
        </Col>
        <Col span={24}>
          <Card title={h2(t('company.estatesServed'))}>
            <Table<CompanyDetail['estates'][number]>
              rowKey="id"
              data-testid="company-estates"
              dataSource={c.estates}
              pagination={c.estates.length > 20 ? { pageSize: 20 } : false}
              columns={[
                {
                  title: t('estate.name'),
                  dataIndex: 'name',
                  render: (_, e) => <Link to={`/estates/${e.id}`}>{e.name}</Link>,
                },
                {
                  title: t('estate.mode'),
                  dataIndex: 'managementMode',
                  render: (_, e) => <ModeTag mode={e.managementMode} />,
                },
                {
                  title: t('company.contractStartsOn'),
                  dataIndex: 'contractStartsOn',
                  render: (v: string | null) => formatDate(v),
                },
                {
                  title: t('company.contractEndsOn'),
                  dataIndex: 'contractEndsOn',
                  render: (v: string | null) => formatDate(v),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
