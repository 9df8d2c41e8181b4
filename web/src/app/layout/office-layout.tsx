import { DownOutlined, LogoutOutlined, MenuFoldOutlined, MenuUnfoldOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown, Flex, Layout, Menu, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { NotificationBell } from '../../features/issues/notification-bell';
import { useAuthActions, useUser } from '../auth';
import { LanguageSwitch } from '../components/language-switch';
import { menuKeyOf, officeMenu } from './office-menu';
import { ScopeBreadcrumb } from './scope-breadcrumb';
import { ScopeTrailProvider } from './scope-trail';

const { Header, Sider, Content } = Layout;

/** The back office's frame: the role's menu on the left; scope, language and account in the top bar. */
export function OfficeLayout() {
  const { t } = useTranslation();
  const user = useUser();
  const { signOut } = useAuthActions();
  const location = useLocation();
  const navigate = useNavigate();
  const [collapsed, setCollapsed] = useState(false);

  return (
    <ScopeTrailProvider>
      <a href="#main" className="rp-visually-hidden">
        {t('app.skipToContent')}
      </a>
      <Layout style={{ minHeight: '100vh' }}>
        <Sider
          collapsible
          trigger={null}
          collapsed={collapsed}
          onCollapse={setCollapsed}
          breakpoint="lg"
          width={220}
          theme="light"
          style={{ borderRight: '1px solid #eee' }}
        >
          <Link
            to="/"
            aria-label={t('app.name')}
            style={{ display: 'flex', alignItems: 'center', gap: 10, height: 56, padding: '0 20px', color: '#C8161D' }}
          >
            <span
              aria-hidden
              style={{
                width: 24,
                height: 24,
                borderRadius: 4,
                background: '#C8161D',
                flex: 'none',
                display: 'inline-block',
              }}
            />
            {collapsed ? null : (
              <strong style={{ fontSize: 17, letterSpacing: 1, whiteSpace: 'nowrap' }}>{t('app.name')}</strong>
            )}
          </Link>
          <nav aria-label={t('nav.mainMenu')}>
            <Menu
              mode="inline"
              selectedKeys={[menuKeyOf(location.pathname)]}
              items={officeMenu(user.role, t)}
              // A mouse click follows the item's link; Enter on a focused item needs navigating by hand.
              onClick={({ key, domEvent }) => {
                if (domEvent.type === 'keydown') navigate(key);
              }}
              style={{ borderInlineEnd: 'none' }}
            />
          </nav>
        </Sider>
        <Layout>
          <Header
            style={{
              background: '#fff',
              padding: '0 20px',
              borderBottom: '1px solid #eee',
              height: 56,
              lineHeight: '56px',
            }}
          >
            <Flex align="center" justify="space-between" gap={16} style={{ height: '100%' }}>
              <Flex align="center" gap={8} style={{ minWidth: 0 }}>
                <Button
                  type="text"
                  icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
                  aria-label={collapsed ? t('nav.expand') : t('nav.collapse')}
                  aria-expanded={!collapsed}
                  onClick={() => setCollapsed(!collapsed)}
                />
                <ScopeBreadcrumb user={user} />
              </Flex>
              <Flex align="center" gap={16}>
                <NotificationBell />
                <LanguageSwitch />
                <Dropdown
                  trigger={['click']}
                  menu={{
                    items: [
                      {
                        key: 'who',
                        disabled: true,
                        label: (
                          <Typography.Text type="secondary">
                            {user.username} · {t(`enum.role.${user.role}`)}
                          </Typography.Text>
                        ),
                      },
                      { type: 'divider' },
                      {
                        key: 'signout',
                        icon: <LogoutOutlined />,
                        label: <span data-testid="sign-out">{t('nav.signOut')}</span>,
                        onClick: () => void signOut(),
                      },
                    ],
                  }}
                >
                  <Button type="text" icon={<UserOutlined />} title={t('nav.account')} data-testid="account-menu">
                    {user.displayName} <DownOutlined aria-hidden />
                  </Button>
                </Dropdown>
              </Flex>
            </Flex>
          </Header>
          <Content id="main" tabIndex={-1} style={{ padding: 24, outline: 'none' }}>
            <Outlet />
          </Content>
        </Layout>
      </Layout>
    </ScopeTrailProvider>
  );
}
