import { LANGS, type Lang } from '@rp/contract/i18n/messages';
import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { setLang } from '../i18n';

/** The zh-CN / en-US switch of the top bar; it also sets the `rp_lang` cookie the server reads. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <Segmented<Lang>
      size="small"
      aria-label={t('lang.label')}
      data-testid="lang-switch"
      value={i18n.language as Lang}
      options={LANGS.map((l) => ({ value: l, label: <span lang={l}>{t(`lang.${l}`)}</span> }))}
      onChange={(l) => void setLang(l)}
    />
  );
}
