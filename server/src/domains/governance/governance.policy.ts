import type { Role } from '@rp/contract';

/** Who may do what in owners' self-governance (SPEC §1, §6). Reads are further limited by estate scope. */
export const governancePolicy = {
  /** Committee establishment is guided by the community and street; the committee records its own roster. */
  editCommittee: ['admin', 'bureau', 'street', 'community', 'committee'] as Role[],
  readCommittee: ['admin', 'bureau', 'department', 'street', 'community', 'company', 'committee', 'resident'] as Role[],
  stats: ['admin', 'bureau', 'department', 'street', 'community'] as Role[],
  /** A property management committee led by the community may act where no owners' committee exists. */
  runMeeting: ['admin', 'street', 'community', 'committee'] as Role[],
  vote: ['admin', 'street', 'community', 'committee', 'resident'] as Role[],
  readMeeting: ['admin', 'bureau', 'street', 'community', 'committee', 'resident'] as Role[],
  /** Roles that enter paper and door-to-door ballots on an owner's behalf. */
  enterBallots: ['admin', 'street', 'community', 'committee'] as Role[],
};
