import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { type ComponentType, lazy, type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter, Outlet, RouterProvider } from 'react-router';
import { ApiError } from './api';
import { RequireAuth, UnauthorizedBridge, useMe } from './auth';
import { ForbiddenPage, NotFoundPage } from './components/status-pages';
import { OfficeLayout } from './layout/office-layout';
import { can, type Permission } from './permissions';
import { theme } from './theme';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      refetchOnWindowFocus: false,
      // Client errors (400–499) will not get better by asking again.
      retry: (n, err) => !(err instanceof ApiError && err.status > 0 && err.status < 500) && n < 2,
    },
  },
});

/** Loads a page's module on first visit (one chunk per page). */
function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  const C = lazy(async () => ({ default: (await load())[name] as ComponentType }));
  return (
    <Suspense fallback={<Spin style={{ display: 'block', margin: '80px auto' }} />}>
      <C />
    </Suspense>
  );
}

/** Shows a page only to roles with the permission (the menu hides it too). */
function Allow({ what, children }: { what: Permission; children: ReactNode }) {
  const { data: user } = useMe();
  return can(user?.role, what) ? children : <ForbiddenPage />;
}

function Root() {
  return (
    <>
      <UnauthorizedBridge />
      <Outlet />
    </>
  );
}

const router = createBrowserRouter([
  {
    element: <Root />,
    children: [
      { path: '/login', element: page(() => import('../features/auth/login-page'), 'LoginPage') },
      { path: '/public/*', element: page(() => import('../features/public/public-page'), 'PublicPage') },
      {
        path: '/h5/*',
        element: <RequireAuth side="h5">{page(() => import('../features/h5/h5-app'), 'H5App')}</RequireAuth>,
      },
      {
        path: '/',
        element: (
          <RequireAuth side="office">
            <OfficeLayout />
          </RequireAuth>
        ),
        children: [
          { index: true, element: page(() => import('../features/dashboard/dashboard-page'), 'DashboardPage') },
          { path: 'org', element: page(() => import('../features/org/org-page'), 'OrgPage') },
          { path: 'org/:id', element: page(() => import('../features/org/org-page'), 'OrgPage') },
          { path: 'estates', element: page(() => import('../features/estates/estates-page'), 'EstatesPage') },
          { path: 'estates/:id', element: page(() => import('../features/estates/estate-page'), 'EstatePage') },
          {
            path: 'estates/:id/import',
            element: (
              <Allow what="importDwellings">
                {page(() => import('../features/estates/import-page'), 'ImportPage')}
              </Allow>
            ),
          },
          {
            path: 'companies',
            element: page(() => import('../features/companies/companies-page'), 'CompaniesPage'),
          },
          {
            path: 'companies/:id',
            element: page(() => import('../features/companies/company-page'), 'CompanyPage'),
          },
          {
            path: 'owners',
            element: (
              <Allow what="readOwners">{page(() => import('../features/owners/owners-page'), 'OwnersPage')}</Allow>
            ),
          },
          {
            path: 'party-orgs',
            element: (
              <Allow what="readStaffOnly">
                {page(() => import('../features/party/party-orgs-page'), 'PartyOrgsPage')}
              </Allow>
            ),
          },
          {
            path: 'accounts',
            element: (
              <Allow what="manageAccounts">
                {page(() => import('../features/accounts/accounts-page'), 'AccountsPage')}
              </Allow>
            ),
          },
          {
            path: 'audit',
            element: <Allow what="audit">{page(() => import('../features/audit/audit-page'), 'AuditPage')}</Allow>,
          },
          // 百姓说事 (features/issues)
          {
            path: 'issue-intake',
            element: (
              <Allow what="issueIntake">{page(() => import('../features/issues/intake-page'), 'IntakePage')}</Allow>
            ),
          },
          {
            path: 'ledgers/:level',
            element: (
              <Allow what="issueLedgers">{page(() => import('../features/issues/ledger-page'), 'LedgerPage')}</Allow>
            ),
          },
          {
            path: 'issues',
            element: (
              <Allow what="issueRead">{page(() => import('../features/issues/ledger-page'), 'AllIssuesPage')}</Allow>
            ),
          },
          {
            path: 'issues/:id',
            element: page(() => import('../features/issues/issue-detail-page'), 'IssueDetailPage'),
          },
          {
            path: 'issue-stats',
            element: (
              <Allow what="issueStats">{page(() => import('../features/issues/stats-page'), 'StatsPage')}</Allow>
            ),
          },
          {
            path: 'calendar',
            element: (
              <Allow what="issueAdmin">{page(() => import('../features/issues/calendar-page'), 'CalendarPage')}</Allow>
            ),
          },
          {
            path: 'issue-categories',
            element: (
              <Allow what="issueAdmin">
                {page(() => import('../features/issues/categories-page'), 'CategoriesPage')}
              </Allow>
            ),
          },
          {
            path: 'issue-settings',
            element: (
              <Allow what="issueAdmin">{page(() => import('../features/issues/settings-page'), 'SettingsPage')}</Allow>
            ),
          },
          // 业主自治 (features/governance, features/disclosure)
          {
            path: 'committees',
            element: (
              <Allow what="committeeStats">
                {page(() => import('../features/governance/committees-page'), 'CommitteesPage')}
              </Allow>
            ),
          },
          {
            path: 'estates/:id/committee',
            element: page(() => import('../features/governance/committee-page'), 'CommitteePage'),
          },
          {
            path: 'my-committee',
            element: page(() => import('../features/governance/my-committee'), 'MyCommitteePage'),
          },
          {
            path: 'meetings',
            element: (
              <Allow what="readMeetings">
                {page(() => import('../features/governance/meetings-page'), 'MeetingsPage')}
              </Allow>
            ),
          },
          {
            path: 'meetings/:id',
            element: (
              <Allow what="readMeetings">
                {page(() => import('../features/governance/meeting-page'), 'MeetingPage')}
              </Allow>
            ),
          },
          {
            path: 'meetings/:id/result',
            element: (
              <Allow what="readMeetings">
                {page(() => import('../features/governance/meeting-result-page'), 'MeetingResultPage')}
              </Allow>
            ),
          },
          {
            path: 'fees',
            element: (
              <Allow what="feeStats">{page(() => import('../features/disclosure/fees-page'), 'FeesPage')}</Allow>
            ),
          },
          {
            path: 'fees/bills',
            element: (
              <Allow what="feeStats">{page(() => import('../features/disclosure/bills-page'), 'BillsPage')}</Allow>
            ),
          },
          {
            path: 'fees/import/:periodId',
            element: (
              <Allow what="billFees">
                {page(() => import('../features/disclosure/payment-import-page'), 'PaymentImportPage')}
              </Allow>
            ),
          },
          {
            path: 'governance-settings',
            element: (
              <Allow what="governanceSettings">
                {page(() => import('../features/governance/governance-settings-page'), 'GovernanceSettingsPage')}
              </Allow>
            ),
          },
          {
            path: 'publics',
            element: (
              <Allow what="readDisclosure">
                {page(() => import('../features/disclosure/publics-page'), 'PublicsPage')}
              </Allow>
            ),
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);

/** The whole web app: server state, antd locale and theme following the interface language, the router. */
export function App() {
  const { i18n } = useTranslation();
  return (
    <QueryClientProvider client={queryClient}>
      <ConfigProvider locale={i18n.language === 'en-US' ? enUS : zhCN} theme={theme}>
        <AntApp>
          <RouterProvider router={router} />
        </AntApp>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
