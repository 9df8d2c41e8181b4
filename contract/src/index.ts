export * from './accounts';
export * from './audit';
export * from './common';
export * from './i18n/messages';
export * from './issues';
export * from './registry';
export * from './uscc';
