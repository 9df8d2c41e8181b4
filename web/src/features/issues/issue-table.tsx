import {
  HANDLER_KINDS,
  ISSUE_KINDS,
  type ISSUE_SORT_FIELDS,
  ISSUE_SOURCES,
  ISSUE_STATUSES,
  LEVELS,
  URGENCIES,
} from '@rp/contract';
import { DatePicker, Flex, Form, Input, Select, Table, type TableProps, Tag, Tooltip, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { OrgTreeSelect } from '../../app/components/org-tree-select';
import { formatDateTime } from '../../app/format';
import { CategoryCascader } from './category-cascader';
import { HandlerTargetSelect } from './handler-picker';
import { useCategoryNames } from './issue-queries';
import { IssueStatusTag, OverdueText } from './issue-status-tag';
import type { HandlerKind, Issue } from './issue-types';
import './issues.css';

export type IssueSortField = (typeof ISSUE_SORT_FIELDS)[number];

/** The filters of a ledger or of the list of all issues (GET /ledgers/:level, GET /issues). */
export type IssueFilters = {
  q?: string;
  status?: string;
  category?: string;
  overdue?: string;
  source?: string;
  handlerKind?: string;
  handlerId?: string;
  from?: string;
  to?: string;
  orgUnitId?: string;
  kind?: string;
  urgency?: string;
  level?: string;
};

export const ISSUE_FILTER_DEFAULTS: IssueFilters = {
  q: undefined,
  status: undefined,
  category: undefined,
  overdue: undefined,
  source: undefined,
  handlerKind: undefined,
  handlerId: undefined,
  from: undefined,
  to: undefined,
  orgUnitId: undefined,
  kind: undefined,
  urgency: undefined,
  level: undefined,
};

// Dates travel as YYYY-MM-DD strings in the filters (and the address bar); the pickers work with dayjs.
const dateProps = {
  getValueProps: (v: string | undefined) => ({ value: v ? dayjs(v) : undefined }),
  normalize: (d: Dayjs | null) => (d ? d.format('YYYY-MM-DD') : undefined),
};

/**
 * The filter fields above an issue table, for a FilterBar: keyword, status, kind, category (any level), urgency,
 * overdue, source, handler, reporting period, org unit and (outside a ledger) the level that owns the issue.
 */
export function IssueFilterFields({
  openByDefault = false,
  withLevel = false,
}: {
  openByDefault?: boolean;
  withLevel?: boolean;
}) {
  const { t } = useTranslation();
  // One optional choice among fixed values ("all" when empty).
  const choice = (name: string, label: string, width: number, values: [string, string][]) => (
    <Form.Item name={name} label={label}>
      <Select
        allowClear
        placeholder={t('common.all')}
        style={{ width }}
        data-testid={`filter-${name}`}
        options={values.map(([value, text]) => ({ value, label: text }))}
      />
    </Form.Item>
  );
  return (
    <>
      <Form.Item name="q" label={t('common.keyword')}>
        <Input
          allowClear
          maxLength={100}
          placeholder={t('issues.filters.qPlaceholder')}
          style={{ width: 180 }}
          data-testid="filter-q"
        />
      </Form.Item>
      <Form.Item name="status" label={t('issues.status')}>
        <Select
          allowClear
          placeholder={openByDefault ? t('issues.filters.openOnly') : t('common.all')}
          style={{ width: 140 }}
          data-testid="filter-status"
          options={ISSUE_STATUSES.map((s) => ({ value: s, label: t(`enum.issueStatus.${s}`) }))}
        />
      </Form.Item>
      {choice(
        'kind',
        t('issues.kind'),
        110,
        ISSUE_KINDS.map((k) => [k, t(`enum.issueKind.${k}`)]),
      )}
      <Form.Item name="category" label={t('issues.category')}>
        <CategoryCascader placeholder={t('common.all')} style={{ width: 220 }} />
      </Form.Item>
      {choice(
        'urgency',
        t('issues.urgency'),
        110,
        URGENCIES.map((u) => [u, t(`enum.urgency.${u}`)]),
      )}
      {withLevel
        ? choice(
            'level',
            t('issues.level'),
            120,
            LEVELS.map((l) => [l, t(`enum.level.${l}`)]),
          )
        : null}
      {choice('overdue', t('enum.overdue'), 110, [
        ['true', t('issues.filters.overdueYes')],
        ['false', t('issues.filters.overdueNo')],
      ])}
      {choice(
        'source',
        t('issues.source'),
        150,
        ISSUE_SOURCES.map((x) => [x, t(`enum.issueSource.${x}`)]),
      )}
      <Form.Item label={t('issues.handler')}>
        <Flex gap={8}>
          <Form.Item name="handlerKind" noStyle>
            <HandlerKindFilter />
          </Form.Item>
          <Form.Item noStyle dependencies={['handlerKind']}>
            {({ getFieldValue }) => {
              const kind = getFieldValue('handlerKind') as HandlerKind | undefined;
              return (
                <Form.Item name="handlerId" noStyle>
                  <HandlerTargetSelect kind={kind} style={{ width: 220 }} testId="filter-handler" />
                </Form.Item>
              );
            }}
          </Form.Item>
        </Flex>
      </Form.Item>
      <Form.Item name="from" label={t('issues.filters.from')} {...dateProps}>
        <DatePicker style={{ width: 140 }} />
      </Form.Item>
      <Form.Item name="to" label={t('issues.filters.to')} {...dateProps}>
        <DatePicker style={{ width: 140 }} />
      </Form.Item>
      <Form.Item name="orgUnitId" label={t('nav.orgUnits')}>
        <OrgTreeSelect placeholder={t('common.all')} />
      </Form.Item>
    </>
  );
}

/** The handler-kind half of the handler filter; choosing another kind clears the handler. */
function HandlerKindFilter({ value, onChange }: { value?: string; onChange?: (v: string | undefined) => void }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  return (
    <Select
      allowClear
      aria-label={t('issues.handlerKind')}
      placeholder={t('issues.handlerKind')}
      style={{ width: 130 }}
      value={value}
      onChange={(k) => {
        onChange?.(k ?? undefined);
        form.setFieldValue('handlerId', undefined);
      }}
      options={HANDLER_KINDS.map((k) => ({ value: k, label: t(`enum.handlerKind.${k}`) }))}
    />
  );
}

/** Lead handler first, assisting ones marked 协办. */
export function HandlersText({ handlers }: { handlers: Issue['handlers'] }) {
  const { t } = useTranslation();
  if (!handlers.length) return <Typography.Text type="secondary">{t('issues.noHandler')}</Typography.Text>;
  return (
    <Flex vertical gap={2}>
      {handlers.map((h) => (
        <span key={`${h.role}-${h.id}`}>
          <Tag color={h.role === 'lead' ? 'blue' : 'default'} style={{ marginInlineEnd: 4 }}>
            {t(`issues.handlerRole.${h.role}`)}
          </Tag>
          {h.name}
        </span>
      ))}
    </Flex>
  );
}

/** The deadline with "超期 N 天" under it when overdue. */
export function DeadlineCell({ issue }: { issue: Issue }) {
  return (
    <Flex vertical gap={2}>
      <span className="rp-num">{formatDateTime(issue.resolveDueAt)}</span>
      <OverdueText overdue={issue.overdue} days={issue.daysOverdue} />
    </Flex>
  );
}

/** The issue table of the ledgers and of the list of all issues; overdue rows are tinted red (with text and icon). */
export function IssueTable({
  items,
  loading,
  pagination,
  showLevel = false,
  rowSelection,
  testId = 'issues-table',
  sortColumn,
  onChange,
}: {
  items: Issue[] | undefined;
  loading: boolean;
  pagination: TableProps<Issue>['pagination'];
  showLevel?: boolean;
  rowSelection?: TableProps<Issue>['rowSelection'];
  testId?: string;
  /** Server-side sorting (useListState's `sortColumn` and `onTableChange`); without it the columns do not sort. */
  sortColumn?: (field: IssueSortField) => object;
  onChange?: TableProps<Issue>['onChange'];
}) {
  const { t } = useTranslation();
  const names = useCategoryNames();
  const sorted = (field: IssueSortField) => (sortColumn ? sortColumn(field) : {});
  return (
    <Table<Issue>
      rowKey="id"
      className="rp-issue-table"
      data-testid={testId}
      loading={loading}
      dataSource={items}
      pagination={pagination}
      rowSelection={rowSelection}
      onChange={onChange}
      rowClassName={(i) => (i.overdue ? 'rp-row-overdue' : '')}
      scroll={{ x: 1560 }}
      onRow={(i) => ({ 'data-code': i.code, 'data-overdue': i.overdue }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        {
          title: t('issues.code'),
          dataIndex: 'code',
          ...sorted('code'),
          width: 150,
          fixed: 'left',
          render: (_, i) => (
            <Link to={`/issues/${i.id}`} className="rp-num" data-testid="issue-link">
              {i.code}
            </Link>
          ),
        },
        {
          title: t('issues.title'),
          dataIndex: 'title',
          width: 240,
          ellipsis: { showTitle: false },
          render: (_, i) => (
            <Tooltip title={i.description}>
              <span>{i.title}</span>
            </Tooltip>
          ),
        },
        { title: t('issues.estate'), dataIndex: 'estateName', width: 140, ellipsis: true },
        {
          title: t('issues.category'),
          dataIndex: 'category',
          ...sorted('category'),
          width: 140,
          render: (c: string) => (
            <Tooltip title={names.path(c)}>
              <span>{names.leaf(c)}</span>
            </Tooltip>
          ),
        },
        {
          title: t('issues.source'),
          dataIndex: 'source',
          width: 110,
          render: (s: Issue['source']) => t(`enum.issueSource.${s}`),
        },
        {
          title: t('issues.urgency'),
          dataIndex: 'urgency',
          width: 100,
          render: (u: Issue['urgency']) =>
            u === 'normal' ? t(`enum.urgency.${u}`) : <Tag color="orange">{t(`enum.urgency.${u}`)}</Tag>,
        },
        ...(showLevel
          ? [
              {
                title: t('issues.level'),
                dataIndex: 'level',
                width: 90,
                render: (l: Issue['level']) => t(`enum.level.${l}`),
              },
            ]
          : []),
        {
          title: t('issues.status'),
          dataIndex: 'status',
          ...sorted('status'),
          width: 100,
          render: (_, i) => <IssueStatusTag status={i.status} />,
        },
        {
          title: t('issues.reportedAt'),
          dataIndex: 'reportedAt',
          ...sorted('reportedAt'),
          width: 150,
          render: (v: string) => <span className="rp-num">{formatDateTime(v)}</span>,
        },
        {
          title: t('issues.resolveDueAt'),
          dataIndex: 'resolveDueAt',
          ...sorted('resolveDueAt'),
          width: 160,
          render: (_, i) => <DeadlineCell issue={i} />,
        },
        {
          title: t('issues.handlers'),
          dataIndex: 'handlers',
          width: 220,
          render: (_, i) => <HandlersText handlers={i.handlers} />,
        },
      ]}
    />
  );
}
