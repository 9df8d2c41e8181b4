import { z } from 'zod';
import { LIMITS, ZDate, ZDateTime, ZId } from './common';
import { MANAGEMENT_MODES } from './registry';
import { zSort } from './sort';

/** Fields the committee ledger (`GET /committees`) and the meeting list may be sorted by. */
export const COMMITTEE_SORT = [
  'name',
  'streetName',
  'communityName',
  'managementMode',
  'dwellings',
  'delivered',
  'stage',
] as const;
export const MEETING_SORT = ['title', 'opensAt', 'closesAt', 'status'] as const;
export const ZCommitteeSort = zSort(COMMITTEE_SORT);
export const ZMeetingSort = zSort(MEETING_SORT);

/** SPEC R-40: committee establishment stages, in order. */
export const COMMITTEE_STAGES = ['none', 'preparing', 'announced', 'elected', 'filed'] as const;
export type CommitteeStage = (typeof COMMITTEE_STAGES)[number];
export const COMMITTEE_ROLES = ['director', 'deputy', 'member'] as const;
export const GROUP_SIDES = ['owner', 'developer', 'street', 'community'] as const;
export const MATTERS = ['ordinary', 'major'] as const;
export const CHOICES = ['for', 'against', 'abstain'] as const;
export const CHANNELS = ['online', 'paper', 'door_to_door'] as const;

/** SPEC R-40 limits, shared by the validators and the web forms. */
export const COMMITTEE_RULES = {
  announceDaysAhead: 15,
  membersMin: 5,
  membersMax: 11,
  termYearsMax: 5,
  filingDays: 30,
} as const;

const name = z.string().trim().min(1).max(LIMITS.name);

export const ZCommitteeStageInput = z.discriminatedUnion('stage', [
  z.object({
    stage: z.literal('preparing'),
    preparatoryGroup: z
      .array(z.object({ name, side: z.enum(GROUP_SIDES), ownerId: ZId.optional() }))
      .min(1)
      .max(31),
    formedAt: ZDate,
  }),
  z.object({ stage: z.literal('announced'), announcedAt: ZDate, firstMeetingAt: ZDate }),
  z.object({
    stage: z.literal('elected'),
    electedAt: ZDate,
    termYears: z.number().int().min(1),
    members: z
      .array(z.object({ name, role: z.enum(COMMITTEE_ROLES), ownerId: ZId.optional(), partyMember: z.boolean() }))
      .min(1)
      .max(31),
  }),
  z.object({ stage: z.literal('filed'), filedAt: ZDate, certificateNo: z.string().trim().max(60).optional() }),
]);
export type CommitteeStageInput = z.infer<typeof ZCommitteeStageInput>;

export const ZCommittee = z.object({
  estateId: z.string(),
  stage: z.enum(COMMITTEE_STAGES),
  required: z.boolean(),
  preparatoryGroup: z
    .array(z.object({ name: z.string(), side: z.enum(GROUP_SIDES), ownerId: z.string().optional() }))
    .nullable(),
  formedAt: z.string().nullable(),
  announcedAt: z.string().nullable(),
  firstMeetingAt: z.string().nullable(),
  electedAt: z.string().nullable(),
  termYears: z.number().nullable(),
  termEndsOn: z.string().nullable(),
  filedAt: z.string().nullable(),
  filedLate: z.boolean(),
  filingDueOn: z.string().nullable(),
  certificateNo: z.string().nullable(),
  members: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      role: z.enum(COMMITTEE_ROLES),
      ownerId: z.string().nullable(),
      partyMember: z.boolean(),
      termStartsOn: z.string(),
      termEndsOn: z.string(),
    }),
  ),
  partyMemberShare: z.number().nullable(),
  managementCommittee: z
    .object({
      establishedAt: z.string(),
      members: z.array(z.object({ name: z.string(), role: z.string() })),
      note: z.string().nullable(),
    })
    .nullable(),
});

export const ZManagementCommitteeInput = z.object({
  establishedAt: ZDate,
  members: z
    .array(z.object({ name, role: z.string().trim().min(1).max(40) }))
    .min(1)
    .max(31),
  note: z.string().max(LIMITS.shortText).optional(),
});

export const ZCommitteeStats = z.object({
  required: z.number().int(),
  established: z.number().int(),
  filed: z.number().int(),
  coverage: z.number().nullable(),
  target: z.number().nullable(),
  year: z.number().int(),
});

export const ZMeetingCreate = z
  .object({
    title: z.string().trim().min(1).max(LIMITS.shortText),
    opensAt: ZDateTime,
    closesAt: ZDateTime,
    motions: z
      .array(z.object({ title: z.string().trim().min(1).max(LIMITS.shortText), matter: z.enum(MATTERS) }))
      .min(1)
      .max(30),
  })
  .superRefine((v, ctx) => {
    if (Date.parse(v.closesAt) <= Date.parse(v.opensAt))
      ctx.addIssue({ code: 'custom', path: ['closesAt'], message: 'err.closesBeforeOpens' });
  });

export const ZBallotCreate = z.object({
  ownerId: ZId,
  choices: z
    .array(z.object({ motionId: ZId, choice: z.enum(CHOICES) }))
    .min(1)
    .max(30),
  channel: z.enum(CHANNELS).default('online'),
});

const ZTally = z.object({ areaM2: z.string(), headcount: z.number().int() });
export const ZMotionResult = z.object({
  motionId: z.string(),
  title: z.string(),
  matter: z.enum(MATTERS),
  quorate: z.boolean(),
  passed: z.boolean(),
  participating: ZTally,
  agreeing: ZTally,
  against: ZTally,
  abstaining: ZTally,
  totals: ZTally,
});
export const ZMeetingResult = z.object({
  meetingId: z.string(),
  closedAt: z.string(),
  motions: z.array(ZMotionResult),
});
export const ZMeeting = z.object({
  id: z.string(),
  estateId: z.string(),
  title: z.string(),
  opensAt: z.string(),
  closesAt: z.string(),
  status: z.enum(['open', 'closed']),
  motions: z.array(z.object({ id: z.string(), title: z.string(), matter: z.enum(MATTERS) })),
  totals: ZTally,
});

/**
 * SPEC R-40 configuration (PUT /settings/governance): a committee is required where at least this percent of the
 * estate's dwellings are delivered and its management mode is not excluded; coverage targets by year (0–1).
 */
export const ZGovernanceConfig = z.object({
  requiredMinDeliveredPercent: z.number().int().min(0).max(100),
  requiredExcludeModes: z.array(z.enum(MANAGEMENT_MODES)),
  coverageTargets: z.record(z.string().regex(/^\d{4}$/, { message: 'err.year' }), z.number().min(0).max(1)),
});
export type GovernanceConfigPut = z.infer<typeof ZGovernanceConfig>;
