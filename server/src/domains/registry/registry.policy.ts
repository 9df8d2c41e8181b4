import type { Role } from '@rp/contract';

const STAFF: Role[] = ['admin', 'bureau', 'department', 'street', 'community'];

/** Who may do what in the registry (SPEC §1, §2). Reads are further limited by scope. */
export const registryPolicy = {
  createOrgUnit: ['admin', 'bureau'] as Role[],
  createDepartment: ['admin', 'bureau'] as Role[],
  editFiveToOne: ['admin', 'bureau', 'street', 'community'] as Role[],
  createCompany: ['admin', 'bureau'] as Role[],
  createEstate: ['admin', 'bureau', 'street'] as Role[],
  changeManagement: ['admin', 'bureau', 'street'] as Role[],
  createOwner: ['admin', 'bureau', 'street', 'community'] as Role[],
  createDwelling: ['admin', 'bureau', 'street', 'community'] as Role[],
  importDwellings: ['admin', 'bureau', 'street', 'community'] as Role[],
  editParty: ['admin', 'bureau', 'street', 'community'] as Role[],
  readRegistry: [...STAFF, 'company', 'committee', 'volunteer', 'resident'] as Role[],
  /** Owner lists carry personal data: staff, and the committee of the estate. */
  readOwners: [...STAFF, 'committee', 'resident'] as Role[],
  readStaffOnly: STAFF,
};
