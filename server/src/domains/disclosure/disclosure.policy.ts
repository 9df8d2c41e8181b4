import type { Role } from '@rp/contract';

const STAFF: Role[] = ['admin', 'bureau', 'street', 'community'];

/**
 * Who may do what with fees, finances and the three publics (SPEC §1, R-43, R-44). Roles are checked here; every
 * call is further limited by scope (a company: the estates it serves; a committee: its estate; a resident: own
 * dwellings), so a role allowed here still gets 404 for an estate outside its scope.
 */
export const disclosurePolicy = {
  /** Billing periods, payments and payment imports: the admin, the serving company, the estate's committee. */
  bill: ['admin', 'company', 'committee'] as Role[],
  /** Bills: staff in scope, the company, the committee; residents their own dwellings' bills. */
  readBills: [...STAFF, 'company', 'committee', 'resident'] as Role[],
  feeStats: [...STAFF, 'company', 'committee'] as Role[],
  /** Committee finances (业委会财务) are kept by the committee (and the admin). */
  writeFinance: ['admin', 'committee'] as Role[],
  readFinance: [...STAFF, 'company', 'committee', 'resident'] as Role[],
  /** Company selection (选聘) records: staff in scope and the committee. */
  writeSelection: [...STAFF, 'committee'] as Role[],
  /** Fee disclosure (明码标价): staff in scope, the serving company, the committee. */
  writeFees: [...STAFF, 'company', 'committee'] as Role[],
  readDisclosure: [...STAFF, 'department', 'company', 'committee', 'volunteer', 'resident'] as Role[],
};
