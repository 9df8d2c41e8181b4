import type { Role } from '@rp/contract';

const STAFF: Role[] = ['admin', 'bureau', 'department', 'street', 'community'];

/**
 * What each role may do, mirroring the server's policies (the *.policy.ts file of each domain; kept in step by
 * server/src/platform/permissions-mirror.test.ts) so the UI hides what the server would refuse (UI.md: hide, do not
 * grey out). The server stays the authority.
 */
export const PERMISSIONS = {
  readRegistry: [...STAFF, 'company', 'committee'],
  readOwners: [...STAFF, 'committee'],
  readStaffOnly: STAFF,
  editFiveToOne: ['admin', 'bureau', 'street', 'community'],
  createCompany: ['admin', 'bureau'],
  changeManagement: ['admin', 'bureau', 'street'],
  importDwellings: ['admin', 'bureau', 'street', 'community'],
  manageAccounts: ['admin', 'bureau'],
  audit: ['admin'],
  // 百姓说事 (server issues.policy.ts): intake, the three ledgers, any issue's page, statistics, configuration.
  issueIntake: ['admin', 'bureau', 'street', 'community', 'committee'],
  issueLedgers: ['admin', 'bureau', 'department', 'street', 'community', 'company'],
  issueRead: [...STAFF, 'company', 'committee'],
  issueStats: [...STAFF, 'company', 'committee'],
  issueAdmin: ['admin'],
  // 业主自治 (server governance.policy.ts, disclosure.policy.ts): committees, meetings, fees, the three publics.
  committeeStats: ['admin', 'bureau', 'department', 'street', 'community'],
  /** City-wide committee rule and targets: the admin, or a bureau account bound to the city (the server checks that). */
  governanceSettings: ['admin', 'bureau'],
  editCommittee: ['admin', 'bureau', 'street', 'community', 'committee'],
  editManagementCommittee: ['admin', 'street', 'community'],
  readMeetings: ['admin', 'bureau', 'street', 'community', 'committee'],
  runMeeting: ['admin', 'street', 'community', 'committee'],
  billFees: ['admin', 'company', 'committee'],
  feeStats: ['admin', 'bureau', 'street', 'community', 'company', 'committee'],
  writeFinance: ['admin', 'committee'],
  writeSelection: ['admin', 'bureau', 'street', 'community', 'committee'],
  writeFees: ['admin', 'bureau', 'street', 'community', 'company', 'committee'],
  readDisclosure: [...STAFF, 'company', 'committee'],
} satisfies Record<string, Role[]>;
export type Permission = keyof typeof PERMISSIONS;

/** True when the role may use the feature. */
export function can(role: Role | undefined, what: Permission): boolean {
  return !!role && (PERMISSIONS[what] as Role[]).includes(role);
}

/** Roles that use the residents' side (/h5) instead of the back office. */
export const RESIDENT_SIDE_ROLES: Role[] = ['resident', 'volunteer'];

/** Roles bound to an org unit (scope = that unit's subtree). */
export const ORG_BOUND_ROLES: Role[] = ['bureau', 'department', 'street', 'community', 'volunteer'];

/** Where a role lands after signing in. */
export function homeOf(role: Role): string {
  return RESIDENT_SIDE_ROLES.includes(role) ? '/h5' : '/';
}

/** The scope field each role is bound to and the org-unit kinds it may be bound to (server ROLE_SCOPE). */
export const ROLE_SCOPE: Record<
  Role,
  {
    field: 'orgUnitId' | 'companyId' | 'estateId' | 'ownerId' | null;
    kinds?: ('city' | 'district' | 'street' | 'community')[];
  }
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

/** Roles a bureau account may create (server accountsPolicy.bureauMayCreate); admin may create any. */
export const BUREAU_MAY_CREATE: Role[] = [
  'department',
  'street',
  'community',
  'company',
  'committee',
  'volunteer',
  'resident',
];
