import type {
  DEFAULT_DEADLINES,
  HANDLER_KINDS,
  HandlerRef,
  IssueCategory,
  Level,
  Role,
  ZIssue,
  ZIssueDetail,
  ZIssueStats,
} from '@rp/contract';
import type { z } from 'zod';

// API answer types of 百姓说事, from the contract's schemas wherever the server declares one.
export type { HandlerRef, IssueCategory, Level };
export type Issue = z.infer<typeof ZIssue>;
export type IssueDetail = z.infer<typeof ZIssueDetail>;
export type IssueHistoryEntry = IssueDetail['history'][number];
export type IssueStats = z.infer<typeof ZIssueStats>;
export type HandlerKind = (typeof HANDLER_KINDS)[number];

/** GET /stats/issues/trend: one month's figures (issues.stats issueTrend). */
export type IssueTrendPoint = Omit<IssueStats, 'formula'> & { month: string };
/** GET /stats/issues/by-category: counts by top-level category. */
export interface CategoryCount {
  code: string;
  name: string | null;
  nameEn: string | null;
  collected: number;
  solved: number;
}
/** GET /stats/issues/handlers: lead handlers ranked by resolution rate. */
export type HandlerRank = Omit<IssueStats, 'formula'> & { kind: HandlerKind; id: string; name: string };

/** POST /uploads → the stored photo. */
export interface Uploaded {
  id: string;
  url: string;
  mime?: string;
  size?: number;
}

/** POST /issues/bulk-actions → each id's outcome. */
export interface BulkResult {
  results: { id: string; ok: boolean; status?: number; error?: string }[];
  succeeded: number;
}

/** GET /notifications → the account's latest notifications and the unread count. */
export interface NotificationItem {
  id: string;
  kind: string;
  title: string;
  body: string;
  /** What the interface fills into `notice.<kind>` in the reader's language; null on old notifications. */
  params: Record<string, string | number | null> | null;
  entity: string | null;
  entityId: string | null;
  createdAt: string;
  readAt: string | null;
}
export interface NotificationList {
  items: NotificationItem[];
  unread: number;
}

/** GET /calendar/:year. */
export interface CalendarYear {
  year: number;
  holidays: string[];
  workdays: string[];
  configured: boolean;
}

export type Deadlines = { -readonly [K in keyof typeof DEFAULT_DEADLINES]: number };
export interface SatisfactionWeights {
  satisfied: number;
  basically_satisfied: number;
  unsatisfied: number;
}
/** GET /settings/issues: deadlines and the statistics formula. */
export interface IssueSettings {
  deadlines: Deadlines;
  formula: { version: number; satisfactionWeights: SatisfactionWeights } & Record<string, unknown>;
}

/** POST /admin/jobs/deadlines/run. */
export interface DeadlineJobResult {
  job: string;
  changed: number;
  escalated: number;
  flagged: number;
  autoClosed: number;
  skipped?: boolean;
}
/** GET /admin/jobs: the latest runs. */
export interface JobRun {
  id: string;
  job: string;
  startedAt: string;
  finishedAt: string | null;
  changed: number | null;
  detail: Partial<DeadlineJobResult> | null;
}

/** The ledger levels an account works at (server issues.policy staffRank; handlers see theirs on every level). */
export function ledgerLevelsOf(role: Role): Level[] {
  switch (role) {
    case 'community':
      return ['community'];
    case 'street':
      return ['community', 'street'];
    case 'admin':
    case 'bureau':
    case 'company':
    case 'department':
      return ['community', 'street', 'district'];
    default:
      return [];
  }
}

/** Roles that route issues (accept, assign, escalate) and so may assign from a ledger in bulk. */
export const ROUTING_ROLES: Role[] = ['admin', 'bureau', 'street', 'community'];
