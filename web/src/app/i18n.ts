import { LANGS, type Lang, messages } from '@rp/contract/i18n/messages';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { z } from 'zod';
import zodEn from 'zod/v4/locales/en.js';
import zodZh from 'zod/v4/locales/zh-CN.js';
import { enUS } from '../i18n/en-US';
import { zhCN } from '../i18n/zh-CN';

dayjs.extend(utc);
dayjs.extend(timezone);

/** i18next resources: the contract's shared labels (`enum.*`, `err.*`) merged with the web's own strings. */
export const resources = {
  'zh-CN': { translation: { ...messages['zh-CN'], ...zhCN } },
  'en-US': { translation: { ...messages['en-US'], ...enUS } },
};

const COOKIE = 'rp_lang';

function readCookieLang(): Lang | null {
  const m = document.cookie.match(/(?:^|;\s*)rp_lang=([^;]+)/);
  const v = m ? decodeURIComponent(m[1]) : null;
  return v && (LANGS as readonly string[]).includes(v) ? (v as Lang) : null;
}

/** Applies a language everywhere outside React: cookie (so the server words its errors alike), dayjs, Zod, <html lang>. */
function applyLang(lang: Lang) {
  // biome-ignore lint/suspicious/noDocumentCookie: a plain cookie is what the server reads; cookieStore is not everywhere yet
  document.cookie = `${COOKIE}=${lang}; path=/; max-age=31536000; samesite=lax`;
  document.documentElement.lang = lang;
  dayjs.locale(lang === 'zh-CN' ? 'zh-cn' : 'en');
  z.config(lang === 'zh-CN' ? zodZh() : zodEn());
}

/** Starts i18next in the language of the cookie, zh-CN by default (SPEC R-81). */
export function initI18n() {
  const lang = readCookieLang() ?? 'zh-CN';
  applyLang(lang);
  void i18n.use(initReactI18next).init({
    resources,
    lng: lang,
    fallbackLng: 'zh-CN',
    supportedLngs: [...LANGS],
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.title = i18n.t('app.fullName');
}

/** Switches the interface language and remembers it in the `rp_lang` cookie. */
export async function setLang(lang: Lang) {
  applyLang(lang);
  await i18n.changeLanguage(lang);
  document.title = i18n.t('app.fullName');
}

/** The current interface language. */
export function currentLang(): Lang {
  return (i18n.language as Lang) ?? 'zh-CN';
}

export { i18n };
