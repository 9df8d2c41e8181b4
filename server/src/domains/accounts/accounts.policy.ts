import type { Role } from '@rp/contract';

/** Who may do what with accounts (one place, SPEC §1). */
export const accountsPolicy = {
  createAccount: ['admin', 'bureau'] as Role[],
  listAccounts: ['admin', 'bureau'] as Role[],
  createToken: ['admin', 'bureau', 'department', 'street', 'community', 'company', 'committee'] as Role[],
  /** Roles a bureau account may create, inside its own subtree. */
  bureauMayCreate: ['department', 'street', 'community', 'company', 'committee', 'volunteer', 'resident'] as Role[],
};

/** The scope field each role must be bound to, and the org-unit kinds allowed for org-bound roles. */
export const ROLE_SCOPE: Record<
  Role,
  { field: 'orgUnitId' | 'companyId' | 'estateId' | 'ownerId' | null; kinds?: string[] }
> = {
  admin: { field: null },
  bureau: { field: 'orgUnitId', kinds: ['city', 'district'] },
  department: { field: 'orgUnitId', kinds: ['city', 'district'] },
  street: { field: 'orgUnitId', kinds: ['street'] },
  community: { field: 'orgUnitId', kinds: ['community'] },
  volunteer: { field: 'orgUnitId', kinds: ['street', 'community'] },
  company: { field: 'companyId' },
  committee: { field: 'estateId' },
  resident: { field: 'ownerId' },
};
