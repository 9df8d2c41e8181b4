import 'i18next';
import type { resources } from '../app/i18n';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: (typeof resources)['zh-CN'];
    returnNull: false;
  }
}
