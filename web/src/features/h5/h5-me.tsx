import { LANGS, type Lang } from '@rp/contract/i18n/messages';
import { Button, List, Space, Switch } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useAuthActions, useUser } from '../../app/auth';
import { setLang } from '../../app/i18n';
import { H5Notifications } from './h5-notifications';

/** 我的: who is signed in, notifications, language, elder-friendly mode and sign-out. */
export function H5Me({ elder, setElder }: { elder: boolean; setElder: (on: boolean) => void }) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const { signOut } = useAuthActions();
  return (
    <>
      <header className="rp-h5-header">
        <h1>{user.displayName}</h1>
        <div>
          {t('h5.role')}: {t(`enum.role.${user.role}`)}
        </div>
      </header>
      <div className="rp-h5-section">
        <H5Notifications />
        <List mode="card">
          <List.Item
            description={t('h5.elderModeHint')}
            extra={
              <button
                type="button"
                role="switch"
                aria-checked={elder}
                aria-label={t('h5.elderMode')}
                className="rp-switch-button"
                data-testid="elder-switch"
                onClick={() => setElder(!elder)}
              >
                <Switch checked={elder} aria-hidden />
              </button>
            }
          >
            {t('h5.elderMode')}
          </List.Item>
          <List.Item
            extra={
              <fieldset style={{ border: 'none', margin: 0, padding: 0 }}>
                <legend className="rp-visually-hidden">{t('h5.language')}</legend>
                <Space>
                  {LANGS.map((l: Lang) => (
                    <Button
                      key={l}
                      size="small"
                      color={i18n.language === l ? 'primary' : 'default'}
                      aria-pressed={i18n.language === l}
                      onClick={() => void setLang(l)}
                      data-testid={`h5-lang-${l}`}
                    >
                      <span lang={l}>{t(`lang.${l}`)}</span>
                    </Button>
                  ))}
                </Space>
              </fieldset>
            }
          >
            {t('h5.language')}
          </List.Item>
        </List>
        <div style={{ margin: '24px 12px' }}>
          <Button
            block
            color="danger"
            fill="outline"
            size="large"
            onClick={() => void signOut()}
            data-testid="h5-sign-out"
          >
            {t('h5.signOut')}
          </Button>
        </div>
      </div>
    </>
  );
}
