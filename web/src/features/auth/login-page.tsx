import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { ZLogin } from '@rp/contract';
import { Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { useAuthActions, useMe } from '../../app/auth';
import { LanguageSwitch } from '../../app/components/language-switch';
import { homeOf, RESIDENT_SIDE_ROLES } from '../../app/permissions';
import { useProblemHandler } from '../../app/problem';
import type { Role } from '../../app/types';

/** Where to go after signing in: the requested page if it belongs to the role's side, else the role's home. */
function landing(role: Role, next: string | null): string {
  const home = homeOf(role);
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return home;
  const wantsH5 = next === '/h5' || next.startsWith('/h5/');
  return wantsH5 === RESIDENT_SIDE_ROLES.includes(role) ? next : home;
}

/** The sign-in page (both faces); residents and volunteers land on /h5. */
export function LoginPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const { signIn } = useAuthActions();
  const navigate = useNavigate();
  const [sp] = useSearchParams();
  const [form] = Form.useForm<{ username: string; password: string }>();
  const onError = useProblemHandler();
  const [busy, setBusy] = useState(false);

  if (me) return <Navigate to={landing(me.role, sp.get('next'))} replace />;

  return (
    <Flex vertical align="center" justify="center" style={{ minHeight: '100vh', padding: 16, background: '#F5F5F4' }}>
      <div style={{ position: 'absolute', top: 16, right: 16 }}>
        <LanguageSwitch />
      </div>
      <main style={{ width: '100%', maxWidth: 400 }}>
        <Flex vertical align="center" gap={4} style={{ marginBottom: 24 }}>
          <span aria-hidden style={{ width: 40, height: 40, borderRadius: 8, background: '#C8161D' }} />
          <Typography.Title level={1} style={{ fontSize: 24, margin: '8px 0 0' }}>
            {t('app.name')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
        </Flex>
        <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('login.title')}</h2>}>
          <Typography.Paragraph type="secondary">{t('login.subtitle')}</Typography.Paragraph>
          <Form
            form={form}
            layout="vertical"
            requiredMark={false}
            onFinish={async (v) => {
              setBusy(true);
              try {
                const user = await signIn(v.username.trim(), v.password);
                navigate(landing(user.role, sp.get('next')), { replace: true });
              } catch (e) {
                onError(e, form);
              } finally {
                setBusy(false);
              }
            }}
          >
            <Form.Item
              name="username"
              label={t('login.username')}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <Input
                prefix={<UserOutlined aria-hidden />}
                autoComplete="username"
                autoFocus
                maxLength={ZLogin.shape.username.maxLength ?? 64}
                data-testid="login-username"
              />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('login.password')}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <Input.Password
                prefix={<LockOutlined aria-hidden />}
                autoComplete="current-password"
                data-testid="login-password"
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="login-submit">
              {busy ? t('login.signingIn') : t('login.submit')}
            </Button>
          </Form>
        </Card>
        <Flex justify="center" style={{ marginTop: 16 }}>
          <Link to="/public">{t('login.publicLink')}</Link>
        </Flex>
      </main>
    </Flex>
  );
}
