import { SendOutlined } from '@ant-design/icons';
import { LEVELS } from '@rp/contract';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { get, type Page } from '../../app/api';
import { useUser } from '../../app/auth';
import { ExportButton } from '../../app/components/export-button';
import { FilterBar } from '../../app/components/filter-bar';
import { PageHeader } from '../../app/components/page-header';
import { ForbiddenPage, LoadError, NotFoundPage } from '../../app/components/status-pages';
import { useListState } from '../../app/use-list-state';
import { BulkAssignModal } from './bulk-assign-modal';
import { ISSUE_FILTER_DEFAULTS, IssueFilterFields, IssueTable } from './issue-table';
import { type Issue, type Level, ledgerLevelsOf, ROUTING_ROLES } from './issue-types';

/**
 * 三级台账 (SPEC R-12): the open issues a level owns now, overdue first, with filters, the Excel ledger of exactly
 * what the filters select, and bulk assignment for the accounts that route issues.
 */
export function LedgerPage() {
  const { level } = useParams();
  const user = useUser();
  const levels = ledgerLevelsOf(user.role);
  if (!LEVELS.includes(level as Level)) return <NotFoundPage />;
  if (!levels.includes(level as Level)) return <ForbiddenPage />;
  return <Ledger key={level} level={level as Level} levels={levels} />;
}

function Ledger({ level, levels }: { level: Level; levels: Level[] }) {
  const { t } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const [sp] = useSearchParams();
  const list = useListState(ISSUE_FILTER_DEFAULTS, true);
  const path = `/api/v1/ledgers/${level}`;
  const res = useQuery({
    queryKey: ['ledgers', level, list.query],
    queryFn: () => get<Page<Issue>>(path, list.query),
    placeholderData: keepPreviousData,
  });
  const mayAssign = ROUTING_ROLES.includes(user.role);
  const [selected, setSelected] = useState<Issue[]>([]);
  const [bulk, setBulk] = useState(false);
  const levelName = t(`issues.nav.ledger.${level}`);

  return (
    <>
      <PageHeader
        title={levelName}
        sub={t('issues.ledger.sub', { level: t(`enum.level.${level}`) })}
        extra={
          levels.length > 1 ? (
            <Segmented<Level>
              aria-label={t('issues.ledger.switch')}
              value={level}
              options={levels.map((l) => ({ value: l, label: t(`issues.nav.ledger.${l}`) }))}
              onChange={(l) => navigate({ pathname: `/ledgers/${l}`, search: sp.toString() })}
            />
          ) : null
        }
      />
      <Card
        title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('issues.ledger.list', { count: res.data?.total ?? 0 })}</h2>}
        extra={<ExportButton path={path} query={list.query} fileName={levelName} />}
      >
        <FilterBar
          label={levelName}
          filters={list.filters}
          onApply={(f) => {
            setSelected([]);
            list.setFilters(f);
          }}
        >
          <IssueFilterFields openByDefault />
        </FilterBar>
        {mayAssign ? (
          <Flex align="center" gap={12} style={{ marginBottom: 12 }} data-testid="bulk-bar">
            <Typography.Text type="secondary" aria-live="polite">
              {t('issues.bulk.selected', { count: selected.length })}
            </Typography.Text>
            <Button
              icon={<SendOutlined />}
              disabled={!selected.length}
              onClick={() => setBulk(true)}
              data-testid="bulk-assign"
            >
              {t('issues.bulk.assign')}
            </Button>
            {selected.length ? (
              <Button type="link" onClick={() => setSelected([])}>
                {t('issues.bulk.clear')}
              </Button>
            ) : null}
          </Flex>
        ) : null}
        {res.isError ? (
          <LoadError error={res.error} onRetry={() => void res.refetch()} />
        ) : (
          <>
            {res.data && !res.data.total && !Object.values(list.filters).some(Boolean) ? (
              <Alert type="success" showIcon title={t('issues.ledger.empty')} style={{ marginBottom: 12 }} />
            ) : null}
            <IssueTable
              testId="ledger-table"
              items={res.data?.items}
              loading={res.isFetching}
              pagination={list.pagination(res.data?.total)}
              sortColumn={list.sortColumn}
              onChange={list.onTableChange}
              rowSelection={
                mayAssign
                  ? {
                      selectedRowKeys: selected.map((i) => i.id),
                      preserveSelectedRowKeys: true,
                      onChange: (_keys, rows) => setSelected(rows.filter(Boolean)),
                    }
                  : undefined
              }
            />
          </>
        )}
      </Card>
      {bulk ? (
        <BulkAssignModal
          issues={selected}
          onClose={() => setBulk(false)}
          onDone={(ok) => setSelected((s) => s.filter((i) => !ok.includes(i.id)))}
        />
      ) : null}
    </>
  );
}

/** 诉求总台账: every issue in scope whatever its status and level (GET /issues), where statistics drill down to. */
export function AllIssuesPage() {
  const { t } = useTranslation();
  const list = useListState(ISSUE_FILTER_DEFAULTS, true);
  const res = useQuery({
    queryKey: ['issues', 'list', list.query],
    queryFn: () => get<Page<Issue>>('/api/v1/issues', list.query),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <PageHeader title={t('issues.nav.all')} sub={t('issues.all.sub')} />
      <Card>
        <FilterBar label={t('issues.nav.all')} filters={list.filters} onApply={list.setFilters}>
          <IssueFilterFields withLevel />
        </FilterBar>
        {res.isError ? (
          <LoadError error={res.error} onRetry={() => void res.refetch()} />
        ) : (
          <IssueTable
            testId="issues-table"
            showLevel
            items={res.data?.items}
            loading={res.isFetching}
            pagination={list.pagination(res.data?.total)}
            sortColumn={list.sortColumn}
            onChange={list.onTableChange}
          />
        )}
      </Card>
    </>
  );
}
