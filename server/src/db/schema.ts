export * from '../domains/accounts/accounts.tables';
export * from '../domains/audit/audit.tables';
export * from '../domains/registry/registry.tables';
