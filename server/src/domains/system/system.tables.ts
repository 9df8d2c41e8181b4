import { boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/** SPEC R-13: the working-day calendar of a year (public holidays and make-up working days). */
export const calendarYears = pgTable('calendar_years', {
  year: integer('year').primaryKey(),
  holidays: jsonb('holidays').$type<string[]>().notNull(),
  workdays: jsonb('workdays').$type<string[]>().notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** Configuration values (formulas, deadlines) by key. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** In-app notifications. */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** What the interface fills into its own text for `kind` (code, title, level…); title and body are the Chinese text. */
    params: jsonb('params').$type<Record<string, string | number | null>>(),
    entity: text('entity'),
    entityId: text('entity_id'),
    createdAt: ts('created_at').notNull(),
    readAt: ts('read_at'),
  },
  (t) => [index('notifications_account_idx').on(t.accountId, t.createdAt)],
);

/** SMS messages as the default provider leaves them: an outbox another system (or a person) sends from. */
export const smsOutbox = pgTable('sms_outbox', {
  id: uuid('id').primaryKey().defaultRandom(),
  phone: text('phone').notNull(),
  text: text('text').notNull(),
  entity: text('entity'),
  entityId: text('entity_id'),
  createdAt: ts('created_at').notNull(),
  sentAt: ts('sent_at'),
});

/** Uploaded files (evidence photos), stored on disk under the data folder. */
export const uploads = pgTable('uploads', {
  id: uuid('id').primaryKey().defaultRandom(),
  accountId: uuid('account_id').notNull(),
  filename: text('filename').notNull(),
  mime: text('mime').notNull(),
  size: integer('size').notNull(),
  sha256: text('sha256').notNull(),
  /** Linked once an issue or history step uses it; unlinked files are visible only to their uploader. */
  linked: boolean('linked').notNull().default(false),
  createdAt: ts('created_at').notNull(),
});

/** Runs of scheduled jobs (for the admin page). */
export const jobRuns = pgTable('job_runs', {
  id: uuid('id').primaryKey().defaultRandom(),
  job: text('job').notNull(),
  startedAt: ts('started_at').notNull(),
  finishedAt: ts('finished_at'),
  changed: integer('changed'),
  detail: jsonb('detail'),
});
