import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  text,
  timestamp,
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
