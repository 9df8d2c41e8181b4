import type { IssueAction, Level, Role } from '@rp/contract';
import type { Actor } from '../../platform/context';

/** Who may do what with issues (SPEC §1, R-11). Every read is further limited by issueScope. */
export const issuesPolicy = {
  /** Staff who enter issues from paper, phone, visits and comment boxes; residents report through the portal. */
  create: ['admin', 'bureau', 'street', 'community', 'committee', 'volunteer', 'resident'] as Role[],
  read: [
    'admin',
    'bureau',
    'department',
    'street',
    'community',
    'company',
    'committee',
    'volunteer',
    'resident',
  ] as Role[],
  ledgers: ['admin', 'bureau', 'department', 'street', 'community', 'company'] as Role[],
  stats: ['admin', 'bureau', 'department', 'street', 'community', 'company', 'committee'] as Role[],
  /** Roles allowed to use each staff-side source. */
  staffSources: ['admin', 'bureau', 'street', 'community', 'committee', 'volunteer'] as Role[],
  runJobs: ['admin'] as Role[],
  editCalendar: ['admin'] as Role[],
  editCategories: ['admin'] as Role[],
};

const LEVEL_RANK: Record<Level, number> = { community: 0, street: 1, district: 2 };

/** The ledger level an org-bound staff account works at: community 0, street 1, district/city 2; admin everything. */
export function staffRank(actor: Actor): number | null {
  if (actor.role === 'admin') return 3;
  if (actor.role === 'community') return 0;
  if (actor.role === 'street') return 1;
  if (actor.role === 'bureau') return 2;
  return null;
}

/** Staff actions (routing the issue) need a staff account at or above the level that owns the issue now. */
export function mayRoute(actor: Actor, level: Level): boolean {
  const r = staffRank(actor);
  return r !== null && r >= LEVEL_RANK[level];
}

export const ROUTING_ACTIONS: IssueAction[] = ['accept', 'reject', 'merge', 'assign', 'escalate'];
export const HANDLING_ACTIONS: IssueAction[] = ['start', 'resolve'];
