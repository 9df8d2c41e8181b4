import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/** Numbers issue codes (SQ-2026-000123); a sequence is cheap under concurrent intake. */
export const issueCodeSeq = pgSequence('issue_code_seq', { startWith: 1 });

/** SPEC R-10 … R-14: residents' issues (诉求). `orgPath` copies the estate's path for subtree scope and statistics. */
export const issues = pgTable(
  'issues',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull().unique(),
    estateId: uuid('estate_id').notNull(),
    orgPath: text('org_path').notNull(),
    dwellingId: uuid('dwelling_id'),
    kind: text('kind').notNull(),
    category: text('category').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    source: text('source').notNull(),
    urgency: text('urgency').notNull(),
    status: text('status').notNull(),
    level: text('level').notNull().default('community'),
    overdue: boolean('overdue').notNull().default(false),
    /** Ever passed a resolution deadline: stays in the resolution-rate denominator after escalation (SPEC R-15). */
    everOverdue: boolean('ever_overdue').notNull().default(false),
    /** The first missed resolution deadline of the current lateness (days overdue count from it; cleared on resolve). */
    overdueSince: ts('overdue_since'),
    anonymous: boolean('anonymous').notNull().default(false),
    reporterName: text('reporter_name'),
    reporterPhone: text('reporter_phone'),
    reporterAccountId: uuid('reporter_account_id'),
    createdBy: uuid('created_by'),
    reportedAt: ts('reported_at').notNull(),
    acceptDueAt: ts('accept_due_at').notNull(),
    resolveDueAt: ts('resolve_due_at'),
    /** First answer: accepted, rejected or merged (for the response rate). */
    answeredAt: ts('answered_at'),
    acceptedAt: ts('accepted_at'),
    resolvedAt: ts('resolved_at'),
    closedAt: ts('closed_at'),
    closeReason: text('close_reason'),
    rating: text('rating'),
    reopenCount: integer('reopen_count').notNull().default(0),
    mergedIntoId: uuid('merged_into_id'),
    leadKind: text('lead_kind'),
    leadId: uuid('lead_id'),
    photoIds: jsonb('photo_ids').$type<string[]>().notNull().default([]),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('issues_path_reported_idx').using('btree', sql`${t.orgPath} text_pattern_ops`, t.reportedAt),
    index('issues_level_status_idx').on(t.level, t.status),
    index('issues_lead_idx').on(t.leadId),
    index('issues_estate_idx').on(t.estateId),
    index('issues_reporter_idx').on(t.reporterAccountId),
    index('issues_open_due_idx')
      .on(t.resolveDueAt)
      .where(sql`status in ('submitted','accepted','assigned','in_progress')`),
    index('issues_resolved_idx').on(t.resolvedAt).where(sql`status = 'resolved'`),
    // Ledger pages: the open issues a level owns inside a subtree (a few % of all issues).
    index('issues_open_level_path_idx')
      .using('btree', t.level, sql`${t.orgPath} text_pattern_ops`)
      .where(sql`status in ('submitted','accepted','assigned','in_progress','resolved')`),
    // Response-rate denominator: unanswered issues past their acceptance deadline are counted live (index-only).
    index('issues_unanswered_idx')
      .using('btree', sql`${t.orgPath} text_pattern_ops`, t.acceptDueAt, t.reportedAt)
      .where(sql`answered_at is null`),
  ],
);

/** Every step of an issue: actor, time, note (SPEC R-11). */
export const issueHistory = pgTable(
  'issue_history',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    issueId: uuid('issue_id').notNull(),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    actorId: uuid('actor_id'),
    at: ts('at').notNull(),
    note: text('note'),
    photoIds: jsonb('photo_ids').$type<string[]>(),
    data: jsonb('data'),
  },
  (t) => [index('issue_history_issue_idx').on(t.issueId, t.seq)],
);

/** Lead (主办) and assisting (协办) handlers; only active rows count. */
export const issueHandlers = pgTable(
  'issue_handlers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    issueId: uuid('issue_id').notNull(),
    kind: text('kind').notNull(),
    refId: uuid('ref_id').notNull(),
    role: text('role').notNull(),
    active: boolean('active').notNull().default(true),
    assignedAt: ts('assigned_at').notNull(),
  },
  (t) => [index('issue_handlers_ref_idx').on(t.refId, t.active), index('issue_handlers_issue_idx').on(t.issueId)],
);

/** The three-level category tree (物业管理 › 电梯 › 电梯故障), editable by the admin. */
export const issueCategories = pgTable('issue_categories', {
  code: text('code').primaryKey(),
  parentCode: text('parent_code'),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  handlerKind: text('handler_kind'),
  sort: integer('sort').notNull().default(0),
  active: boolean('active').notNull().default(true),
});

/** The key and counters of a rollup cell (shared by the cells and their pending deltas). */
const rollupColumns = () => ({
  orgPath: text('org_path').notNull(),
  month: text('month').notNull(),
  categoryTop: text('category_top').notNull(),
  /** '' and the zero uuid when there is no lead handler yet. */
  leadKind: text('lead_kind').notNull(),
  leadId: uuid('lead_id').notNull(),
  collected: integer('collected').notNull().default(0),
  suggestions: integer('suggestions').notNull().default(0),
  solved: integer('solved').notNull().default(0),
  overdue: integer('overdue').notNull().default(0),
  resolvedN: integer('resolved_n').notNull().default(0),
  /** Sum over resolved issues of (resolved_at − reported_at) in milliseconds. */
  resolvedMs: bigint('resolved_ms', { mode: 'number' }).notNull().default(0),
  respNum: integer('resp_num').notNull().default(0),
  answered: integer('answered').notNull().default(0),
  resNum: integer('res_num').notNull().default(0),
  resDen: integer('res_den').notNull().default(0),
  sat: integer('sat').notNull().default(0),
  basic: integer('basic').notNull().default(0),
  unsat: integer('unsat').notNull().default(0),
});

/**
 * SPEC R-15 counters per community (the estates' org path), local month of reporting, top-level category and lead
 * handler. Every insert, update and delete of an issue appends its change of contribution to `issue_rollup_delta`
 * (trigger `issue_rollup_apply`: insert-only, so concurrent intake never waits on a shared counter row), and
 * `issue_rollup_fold()` (the scheduler, every few seconds) adds the deltas into these cells. Statistics read cells
 * plus pending deltas in one snapshot, so they are exact at any moment. Never written by the application; rebuilt by
 * `issue_rollup_rebuild()` when the time zone changes or after a bulk load.
 */
export const issueRollup = pgTable('issue_rollup', rollupColumns(), (t) => [
  uniqueIndex('issue_rollup_key_idx').on(t.orgPath, t.month, t.categoryTop, t.leadKind, t.leadId),
  index('issue_rollup_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`, t.month),
]);

/** Changes of contribution not yet folded into `issue_rollup` (same counters; one row per issue write). */
export const issueRollupDelta = pgTable('issue_rollup_delta', rollupColumns());
