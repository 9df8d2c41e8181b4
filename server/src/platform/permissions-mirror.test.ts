import type { Role } from '@rp/contract';
import { describe, expect, it } from 'vitest';
import { PERMISSIONS, RESIDENT_SIDE_ROLES } from '../../../web/src/app/permissions';
import { accountsPolicy } from '../domains/accounts/accounts.policy';
import { disclosurePolicy } from '../domains/disclosure/disclosure.policy';
import { governancePolicy } from '../domains/governance/governance.policy';
import { issuesPolicy } from '../domains/issues/issues.policy';
import { registryPolicy } from '../domains/registry/registry.policy';

// The web hides what the server would refuse (UI.md): its role lists mirror the server's policies. The residents'
// side (resident, volunteer) has no back-office menu, so those roles are left out of the comparison.
const office = (roles: Role[]) => [...new Set(roles.filter((r) => !RESIDENT_SIDE_ROLES.includes(r)))].sort();

const MIRROR: Partial<Record<keyof typeof PERMISSIONS, Role[]>> = {
  readRegistry: registryPolicy.readRegistry,
  readOwners: registryPolicy.readOwners,
  readStaffOnly: registryPolicy.readStaffOnly,
  editFiveToOne: registryPolicy.editFiveToOne,
  createCompany: registryPolicy.createCompany,
  changeManagement: registryPolicy.changeManagement,
  importDwellings: registryPolicy.importDwellings,
  manageAccounts: accountsPolicy.createAccount,
  issueIntake: issuesPolicy.staffSources,
  issueLedgers: issuesPolicy.ledgers,
  issueRead: issuesPolicy.read,
  issueStats: issuesPolicy.stats,
  issueAdmin: issuesPolicy.editCategories,
  committeeStats: governancePolicy.stats,
  editCommittee: governancePolicy.editCommittee,
  readMeetings: governancePolicy.readMeeting,
  runMeeting: governancePolicy.runMeeting,
  billFees: disclosurePolicy.bill,
  feeStats: disclosurePolicy.feeStats,
  writeFinance: disclosurePolicy.writeFinance,
  writeSelection: disclosurePolicy.writeSelection,
  writeFees: disclosurePolicy.writeFees,
  readDisclosure: disclosurePolicy.readDisclosure,
};

describe('the web mirrors the server policies', () => {
  it.each(Object.entries(MIRROR))('%s: the same back-office roles as the server', (key, server) => {
    expect(office(PERMISSIONS[key as keyof typeof PERMISSIONS] as Role[])).toEqual(office(server as Role[]));
  });
});
