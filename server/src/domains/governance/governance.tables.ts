import {
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/** SPEC R-40, R-41: the owners' committee establishment record of an estate, stage by stage. */
export const committees = pgTable('committees', {
  estateId: uuid('estate_id').primaryKey(),
  stage: text('stage').notNull().default('none'),
  preparatoryGroup: jsonb('preparatory_group'),
  formedAt: date('formed_at'),
  announcedAt: date('announced_at'),
  firstMeetingAt: date('first_meeting_at'),
  electedAt: date('elected_at'),
  termYears: integer('term_years'),
  filedAt: date('filed_at'),
  filedLate: boolean('filed_late').notNull().default(false),
  certificateNo: text('certificate_no'),
  updatedAt: ts('updated_at').notNull(),
});

/** SPEC R-41: the committee roster. */
export const committeeMembers = pgTable(
  'committee_members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    estateId: uuid('estate_id').notNull(),
    name: text('name').notNull(),
    role: text('role').notNull(),
    ownerId: uuid('owner_id'),
    partyMember: boolean('party_member').notNull().default(false),
    termStartsOn: date('term_starts_on').notNull(),
    termEndsOn: date('term_ends_on').notNull(),
    active: boolean('active').notNull().default(true),
  },
  (t) => [index('committee_members_estate_idx').on(t.estateId)],
);

/** SPEC R-40: a property management committee (物委会) led by the community where no owners' committee exists. */
export const managementCommittees = pgTable('management_committees', {
  estateId: uuid('estate_id').primaryKey(),
  establishedAt: date('established_at').notNull(),
  members: jsonb('members').notNull(),
  note: text('note'),
  updatedAt: ts('updated_at').notNull(),
});

/** SPEC R-42: an owners' general meeting (业主大会) with its frozen totals and, once closed, its immutable results. */
export const meetings = pgTable(
  'meetings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    estateId: uuid('estate_id').notNull(),
    title: text('title').notNull(),
    opensAt: ts('opens_at').notNull(),
    closesAt: ts('closes_at').notNull(),
    status: text('status').notNull().default('open'),
    totalAreaHundredths: bigint('total_area_hundredths', { mode: 'bigint' }).notNull(),
    totalHeadcount: integer('total_headcount').notNull(),
    results: jsonb('results'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull(),
    closedAt: ts('closed_at'),
  },
  (t) => [index('meetings_estate_idx').on(t.estateId)],
);

export const motions = pgTable(
  'motions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetingId: uuid('meeting_id').notNull(),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    matter: text('matter').notNull(),
  },
  (t) => [index('motions_meeting_idx').on(t.meetingId)],
);

/**
 * SPEC R-42 voting subjects, frozen when the meeting opens: one per owner of record (all their dwellings), one for all
 * developer-held dwellings, one per dwelling without an owner of record. Area in hundredths of a m².
 */
export const meetingSubjects = pgTable(
  'meeting_subjects',
  {
    meetingId: uuid('meeting_id').notNull(),
    subjectKey: text('subject_key').notNull(),
    ownerId: uuid('owner_id'),
    areaHundredths: bigint('area_hundredths', { mode: 'bigint' }).notNull(),
    dwellings: integer('dwellings').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.meetingId, t.subjectKey] }),
    index('meeting_subjects_owner_idx').on(t.meetingId, t.ownerId),
  ],
);

/** One ballot per subject; re-voting replaces it while the meeting is open. */
export const ballots = pgTable(
  'ballots',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetingId: uuid('meeting_id').notNull(),
    subjectKey: text('subject_key').notNull(),
    ownerId: uuid('owner_id').notNull(),
    channel: text('channel').notNull(),
    enteredBy: uuid('entered_by').notNull(),
    choices: jsonb('choices').$type<Record<string, 'for' | 'against' | 'abstain'>>().notNull(),
    castAt: ts('cast_at').notNull(),
    replaced: integer('replaced').notNull().default(0),
  },
  (t) => [uniqueIndex('ballots_subject_uq').on(t.meetingId, t.subjectKey)],
);
