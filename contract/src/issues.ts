import { z } from 'zod';
import { LIMITS, ZDate, ZDateTime, ZId, ZPhone } from './common';
import { zSort } from './sort';

/** SPEC R-10: kinds, sources and urgency of an issue (诉求). */
export const ISSUE_KINDS = ['problem', 'suggestion', 'complaint', 'repair', 'inquiry', 'praise'] as const;
export const ISSUE_SOURCES = ['portal', 'talk_point', 'hotline', 'visit', 'comment_box', 'inspection'] as const;
/** Sources entered by staff, which may carry the original reporting time. */
export const STAFF_SOURCES = ['talk_point', 'hotline', 'visit', 'comment_box', 'inspection'] as const;
export const URGENCIES = ['urgent', 'normal', 'complex'] as const;
export const ISSUE_STATUSES = [
  'submitted',
  'accepted',
  'assigned',
  'in_progress',
  'resolved',
  'closed',
  'rejected',
  'merged',
] as const;
export type IssueStatus = (typeof ISSUE_STATUSES)[number];
export const OPEN_STATUSES: readonly IssueStatus[] = ['submitted', 'accepted', 'assigned', 'in_progress', 'resolved'];
export const TERMINAL_STATUSES: readonly IssueStatus[] = ['closed', 'rejected', 'merged'];
export const LEVELS = ['community', 'street', 'district'] as const;
export type Level = (typeof LEVELS)[number];
export const RATINGS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type Rating = (typeof RATINGS)[number];
export const HANDLER_KINDS = ['company', 'org_unit', 'department'] as const;
export const ISSUE_ACTIONS = [
  'accept',
  'assign',
  'start',
  'resolve',
  'confirm',
  'reject',
  'merge',
  'escalate',
  'reopen',
] as const;
export type IssueAction = (typeof ISSUE_ACTIONS)[number];

/**
 * SPEC R-11: the lifecycle as data, `from → action → to`. The service enforces it (409 otherwise) and the web shows
 * only the actions allowed here. `confirm` with an unsatisfied rating goes to in_progress instead (see the service);
 * `assign` from assigned/in_progress re-assigns; `escalate` keeps the status and raises the level.
 */
export const ISSUE_TRANSITIONS: Record<IssueStatus, Partial<Record<IssueAction, IssueStatus>>> = {
  submitted: { accept: 'accepted', reject: 'rejected', merge: 'merged', escalate: 'submitted' },
  accepted: { assign: 'assigned', merge: 'merged', escalate: 'accepted' },
  assigned: { start: 'in_progress', assign: 'assigned', escalate: 'assigned' },
  in_progress: { resolve: 'resolved', assign: 'in_progress', escalate: 'in_progress' },
  resolved: { confirm: 'closed', reopen: 'in_progress' },
  closed: {},
  rejected: {},
  merged: {},
};

/** The actions allowed from a status (for buttons and for the 409 check). */
export function allowedIssueActions(status: IssueStatus): IssueAction[] {
  return Object.keys(ISSUE_TRANSITIONS[status]) as IssueAction[];
}

export const ZHandlerRef = z.object({ kind: z.enum(HANDLER_KINDS), id: ZId });
export type HandlerRef = z.infer<typeof ZHandlerRef>;

export const ZIssueCreate = z
  .object({
    estateId: ZId,
    dwellingId: ZId.optional(),
    kind: z.enum(ISSUE_KINDS),
    category: z.string().min(1).max(40),
    title: z.string().trim().min(1).max(LIMITS.shortText),
    description: z.string().trim().min(1).max(LIMITS.longText),
    source: z.enum(ISSUE_SOURCES),
    urgency: z.enum(URGENCIES).default('normal'),
    reporter: z.object({ name: z.string().trim().min(1).max(LIMITS.name), phone: ZPhone }).optional(),
    anonymous: z.boolean().default(false),
    reportedAt: ZDateTime.optional(),
    photoIds: z.array(ZId).max(9).default([]),
  })
  .superRefine((v, ctx) => {
    if (!v.anonymous && !v.reporter && v.source !== 'portal' && v.source !== 'inspection')
      ctx.addIssue({ code: 'custom', path: ['reporter'], message: 'err.reporterRequired' });
    if (v.reportedAt && v.source === 'portal')
      ctx.addIssue({ code: 'custom', path: ['reportedAt'], message: 'err.reportedAtStaffOnly' });
  });
export type IssueCreate = z.infer<typeof ZIssueCreate>;

export const ZIssueActionBody = z.object({
  action: z.enum(ISSUE_ACTIONS),
  note: z.string().trim().max(LIMITS.longText).optional(),
  handler: ZHandlerRef.optional(),
  assistants: z.array(ZHandlerRef).max(10).optional(),
  rating: z.enum(RATINGS).optional(),
  mergedIntoId: ZId.optional(),
  photoIds: z.array(ZId).max(9).optional(),
  /** Staff recording a phone return visit (回访) on the reporter's behalf. */
  returnVisit: z.boolean().optional(),
});
export type IssueActionBody = z.infer<typeof ZIssueActionBody>;

const ZHandlerOut = z.object({
  kind: z.enum(HANDLER_KINDS),
  id: z.string(),
  name: z.string(),
  role: z.enum(['lead', 'assist']),
});

/** What a step decided, where it decided something: whom it assigned, the rating, the level it moved to, the issue
 * it merged into, why it closed. */
export const ZIssueHistoryData = z.object({
  handlers: z.array(ZHandlerOut).optional(),
  rating: z.enum(RATINGS).optional(),
  returnVisit: z.boolean().optional(),
  toLevel: z.enum(LEVELS).optional(),
  mergedIntoCode: z.string().optional(),
  reason: z.string().optional(),
});

export const ZIssueHistory = z.object({
  action: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  at: z.string(),
  note: z.string().nullable(),
  photoIds: z.array(z.string()).optional(),
  data: ZIssueHistoryData.optional(),
});

export const ZIssue = z.object({
  id: z.string(),
  code: z.string(),
  estateId: z.string(),
  estateName: z.string().optional(),
  dwellingId: z.string().nullable(),
  kind: z.enum(ISSUE_KINDS),
  category: z.string(),
  categoryPath: z.array(z.string()).optional(),
  title: z.string(),
  description: z.string(),
  source: z.enum(ISSUE_SOURCES),
  urgency: z.enum(URGENCIES),
  status: z.enum(ISSUE_STATUSES),
  level: z.enum(LEVELS),
  overdue: z.boolean(),
  anonymous: z.boolean(),
  reporter: z.object({ name: z.string(), phone: z.string() }).nullable(),
  reportedAt: z.string(),
  acceptDueAt: z.string(),
  resolveDueAt: z.string().nullable(),
  acceptedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  closeReason: z.enum(['rated', 'no_answer', 'community_confirmed']).nullable(),
  rating: z.enum(RATINGS).nullable(),
  reopenCount: z.number().int(),
  mergedIntoId: z.string().nullable(),
  handlers: z.array(ZHandlerOut),
  photoIds: z.array(z.string()),
  allowedActions: z.array(z.enum(ISSUE_ACTIONS)),
  daysOverdue: z.number().int().optional(),
});
export const ZIssueDetail = ZIssue.extend({ history: z.array(ZIssueHistory) });

/** Fields an issue list or ledger sorts by (`sort=resolveDueAt`, `sort=-reportedAt`); `overdueSince` ascending puts
 * the longest overdue first. Without `sort`: overdue first, then the nearest deadline, then the newest. */
export const ISSUE_SORT_FIELDS = [
  'code',
  'reportedAt',
  'acceptDueAt',
  'resolveDueAt',
  'resolvedAt',
  'status',
  'category',
  'overdueSince',
] as const;

export const ZIssueListQuery = z.object({
  orgUnitId: ZId.optional(),
  estateId: ZId.optional(),
  status: z.enum(ISSUE_STATUSES).optional(),
  category: z.string().max(40).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  handlerKind: z.enum(HANDLER_KINDS).optional(),
  handlerId: ZId.optional(),
  source: z.enum(ISSUE_SOURCES).optional(),
  from: ZDate.optional(),
  to: ZDate.optional(),
  q: z.string().max(LIMITS.name).optional(),
  mine: z.enum(['true', 'false']).optional(),
  kind: z.enum(ISSUE_KINDS).optional(),
  urgency: z.enum(URGENCIES).optional(),
  /** The ledger that owns the issue now (any status; a ledger itself lists only open issues). */
  level: z.enum(LEVELS).optional(),
  sort: zSort(ISSUE_SORT_FIELDS),
});

export const ZStatsQuery = z.object({
  orgUnitId: ZId.optional(),
  companyId: ZId.optional(),
  estateId: ZId.optional(),
  from: ZDate.optional(),
  to: ZDate.optional(),
});

/** SPEC R-15 defaults: stored with every figure so it can be recomputed. */
export const DEFAULT_ISSUE_FORMULA = {
  version: 1,
  satisfactionWeights: { satisfied: 1, basically_satisfied: 0.9, unsatisfied: 0 },
  responseRate:
    'answered (accepted, rejected or merged) by the acceptance deadline ÷ (answered or past the acceptance deadline)',
  resolutionRate:
    'closed with satisfied/basically satisfied + anonymous closed after resolution ÷ not rejected/merged that are resolved, closed or ever overdue',
  satisfactionRate: '(satisfied + 0.9 × basically satisfied) ÷ rated',
} as const;

export const ZIssueStats = z.object({
  collected: z.number().int(),
  suggestions: z.number().int(),
  solved: z.number().int(),
  overdue: z.number().int(),
  avgHoursToResolve: z.number().nullable(),
  responseRate: z.number().nullable(),
  resolutionRate: z.number().nullable(),
  satisfactionRate: z.number().nullable(),
  fractions: z.object({
    response: z.tuple([z.number(), z.number()]),
    resolution: z.tuple([z.number(), z.number()]),
    satisfaction: z.tuple([z.number(), z.number()]),
  }),
  formula: z.record(z.string(), z.unknown()),
});

/** SPEC R-13 deadline defaults (configurable). */
export const DEFAULT_DEADLINES = {
  acceptWorkingDays: 1,
  urgentHours: 24,
  normalWorkingDays: 3,
  complexWorkingDays: 15,
  escalationWorkingDays: 3,
  autoCloseDays: 7,
} as const;

export const ZCalendar = z.object({
  holidays: z.array(ZDate).max(366),
  workdays: z.array(ZDate).max(366),
});

export interface IssueCategory {
  code: string;
  name: string;
  nameEn: string;
  handlerKind?: 'company' | 'org_unit' | 'department' | null;
  /** In use for intake (the default tree holds only these; `?all=true` gives every category with this flag). */
  active?: boolean;
  children: IssueCategory[];
}
export const ZIssueCategory: z.ZodType<IssueCategory> = z.lazy(() =>
  z.object({
    code: z.string(),
    name: z.string(),
    nameEn: z.string(),
    handlerKind: z.enum(HANDLER_KINDS).nullable().optional(),
    active: z.boolean().optional(),
    children: z.array(ZIssueCategory),
  }),
);
export const ZIssueCategoryUpsert = z.object({
  code: z.string().regex(/^[a-z0-9_.-]{1,40}$/, { message: 'err.categoryCode' }),
  parentCode: z.string().max(40).nullable().optional(),
  name: z.string().trim().min(1).max(LIMITS.name),
  nameEn: z.string().trim().min(1).max(LIMITS.name),
  handlerKind: z.enum(HANDLER_KINDS).nullable().optional(),
  active: z.boolean().default(true),
});

/** Masks a phone number for everyone but the accepting community and the admin (SPEC R-17): 138****1234. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return '****';
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}
