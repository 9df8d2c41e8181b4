export * from '../domains/accounts/accounts.tables';
export * from '../domains/audit/audit.tables';
export * from '../domains/disclosure/disclosure.tables';
export * from '../domains/governance/governance.tables';
export * from '../domains/issues/issues.tables';
export * from '../domains/registry/registry.tables';
export * from '../domains/system/system.tables';
