import {
  COMMITTEE_RULES,
  type COMMITTEE_SORT,
  COMMITTEE_STAGES,
  type CommitteeStage,
  type CommitteeStageInput,
  hundredthsToArea,
  type MEETING_SORT,
  type Sort,
  type ZBallotCreate,
  type ZManagementCommitteeInput,
  type ZMeetingCreate,
} from '@rp/contract';
import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { rows } from '../../db/client';
import {
  ballots,
  committeeMembers,
  committees,
  dwellingOwners,
  dwellings,
  estates,
  managementCommittees,
  meetingSubjects,
  meetings,
  motions,
  orgUnits,
  owners,
  settings,
} from '../../db/schema';
import { audit } from '../../platform/audit';
import { type Ctx, inTx } from '../../platform/context';
import { AppError, conflict, fieldError, forbidden, notFound } from '../../platform/errors';
import { estateIdInScope, estateScope, found } from '../../platform/scope';
import { orderByOf, sortRows } from '../../platform/sort';
import { governancePolicy } from './governance.policy';
import { countMotion, type Tally } from './governance.votes';

// ───────────────────────────── configuration ─────────────────────────────

/** SPEC R-40 defaults: required where ≥ 50% of dwellings are delivered and the mode is not `none`; yearly targets. */
export const DEFAULT_GOVERNANCE = {
  requiredMinDeliveredPercent: 50,
  requiredExcludeModes: ['none'] as string[],
  coverageTargets: {} as Record<string, number>,
};
export type GovernanceConfig = typeof DEFAULT_GOVERNANCE;

export async function getGovernanceConfig(db: Ctx['db']): Promise<GovernanceConfig> {
  const [row] = await db.select().from(settings).where(eq(settings.key, 'governance'));
  return { ...DEFAULT_GOVERNANCE, ...((row?.value ?? {}) as Partial<GovernanceConfig>) };
}

/** The configuration is city-wide: the admin, or a bureau account bound to the city itself (not a district), sets it. */
export async function putGovernanceConfig(ctx: Ctx, value: GovernanceConfig) {
  const a = ctx.actor;
  if (a.role !== 'admin' && (a.role !== 'bureau' || (a.orgPath ?? '').split('/').filter(Boolean).length !== 1))
    throw forbidden();
  return inTx(ctx, async (c) => {
    const before = await getGovernanceConfig(c.db);
    await c.db
      .insert(settings)
      .values({ key: 'governance', value, updatedAt: ctx.now() })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: ctx.now() } });
    await audit(c, { action: 'update', entity: 'settings', entityId: 'governance', before, after: value });
    return value;
  });
}

// ───────────────────────────── committees (R-40, R-41) ─────────────────────────────

const addDays = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};
const addYears = (date: string, years: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
};
const daysBetween = (a: string, b: string) =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/**
 * Hot query: per estate in a filter, whether a committee is required (SPEC R-40 rule, integer percent comparison) and
 * its stage. Used by the coverage statistics, the drill-down list and the estate's own record.
 */
async function committeeRows(ctx: Ctx, where: SQL) {
  const cfg = await getGovernanceConfig(ctx.db);
  const excluded = cfg.requiredExcludeModes.length ? cfg.requiredExcludeModes : ['__none__'];
  return rows<{
    estate_id: string;
    name: string;
    org_path: string;
    community_id: string;
    management_mode: string;
    dwellings: number;
    delivered: number;
    stage: CommitteeStage | null;
    required: boolean;
  }>(
    ctx.db,
    sql`select e.id as estate_id, e.name, e.org_path, e.community_id, e.management_mode,
               coalesce(d.n, 0)::int as dwellings, coalesce(d.delivered, 0)::int as delivered, c.stage,
               (coalesce(d.n, 0) > 0 and coalesce(d.delivered, 0) * 100 >= coalesce(d.n, 0) * ${cfg.requiredMinDeliveredPercent}
                and e.management_mode not in (${sql.join(
                  excluded.map((m) => sql`${m}`),
                  sql`, `,
                )})) as required
        from ${estates} e
        left join (select estate_id, count(*) as n, count(*) filter (where delivered) as delivered from ${dwellings} group by estate_id) d
          on d.estate_id = e.id
        left join ${committees} c on c.estate_id = e.id
        where ${where}`,
  );
}

const estatesWhere = (ctx: Ctx, extra?: SQL) =>
  sql`${sql.raw('e.id')} in (select ${estates.id} from ${estates} where ${estateScope(ctx.actor)})${extra ? sql` and ${extra}` : sql``}`;

/** The estate's committee record with `required` and `stage` (API.md GET /estates/:id/committee). */
export async function getCommittee(ctx: Ctx, estateId: string) {
  const [r] = await committeeRows(ctx, estatesWhere(ctx, sql`e.id = ${estateId}`));
  if (!r) throw notFound();
  const [c] = await ctx.db.select().from(committees).where(eq(committees.estateId, estateId));
  const members = await ctx.db
    .select()
    .from(committeeMembers)
    .where(and(eq(committeeMembers.estateId, estateId), eq(committeeMembers.active, true)))
    .orderBy(asc(committeeMembers.role), asc(committeeMembers.name));
  const [mc] = await ctx.db.select().from(managementCommittees).where(eq(managementCommittees.estateId, estateId));
  const roleOrder = { director: 0, deputy: 1, member: 2 } as Record<string, number>;
  members.sort((a, b) => roleOrder[a.role] - roleOrder[b.role]);
  const party = members.filter((m) => m.partyMember).length;
  return {
    estateId,
    stage: (c?.stage ?? 'none') as CommitteeStage,
    required: r.required,
    preparatoryGroup:
      (c?.preparatoryGroup as
        | { name: string; side: 'owner' | 'developer' | 'street' | 'community'; ownerId?: string }[]
        | null) ?? null,
    formedAt: c?.formedAt ?? null,
    announcedAt: c?.announcedAt ?? null,
    firstMeetingAt: c?.firstMeetingAt ?? null,
    electedAt: c?.electedAt ?? null,
    termYears: c?.termYears ?? null,
    termEndsOn: c?.electedAt && c.termYears ? addYears(c.electedAt, c.termYears) : null,
    filedAt: c?.filedAt ?? null,
    filedLate: c?.filedLate ?? false,
    filingDueOn: c?.electedAt ? addDays(c.electedAt, COMMITTEE_RULES.filingDays) : null,
    certificateNo: c?.certificateNo ?? null,
    members: members.map((m) => ({
      id: m.id,
      name: m.name,
      role: m.role as 'director' | 'deputy' | 'member',
      ownerId: m.ownerId,
      partyMember: m.partyMember,
      termStartsOn: m.termStartsOn,
      termEndsOn: m.termEndsOn,
    })),
    partyMemberShare: members.length ? party / members.length : null,
    managementCommittee: mc
      ? { establishedAt: mc.establishedAt, members: mc.members as { name: string; role: string }[], note: mc.note }
      : null,
  };
}

/** SPEC R-40 stage rules; each broken rule is a 400 naming its field. */
function checkStageRules(input: CommitteeStageInput, current: typeof committees.$inferSelect | undefined) {
  const errors: { path: string; message: string; params?: Record<string, unknown> }[] = [];
  if (input.stage === 'preparing') {
    const n = input.preparatoryGroup.length;
    const ownersCount = input.preparatoryGroup.filter((m) => m.side === 'owner').length;
    if (n % 2 === 0) errors.push({ path: 'preparatoryGroup', message: 'err.groupOdd' });
    if (ownersCount * 2 < n) errors.push({ path: 'preparatoryGroup', message: 'err.groupOwners' });
  }
  if (input.stage === 'announced') {
    if (daysBetween(input.announcedAt, input.firstMeetingAt) < COMMITTEE_RULES.announceDaysAhead)
      errors.push({
        path: 'firstMeetingAt',
        message: 'err.announceAhead',
        params: { days: COMMITTEE_RULES.announceDaysAhead },
      });
    if (current?.formedAt && input.announcedAt < current.formedAt)
      errors.push({ path: 'announcedAt', message: 'err.dateOrder' });
  }
  if (input.stage === 'elected') {
    const n = input.members.length;
    if (n < COMMITTEE_RULES.membersMin || n > COMMITTEE_RULES.membersMax || n % 2 === 0)
      errors.push({
        path: 'members',
        message: 'err.membersOdd',
        params: { min: COMMITTEE_RULES.membersMin, max: COMMITTEE_RULES.membersMax },
      });
    if (input.members.filter((m) => m.role === 'director').length !== 1)
      errors.push({ path: 'members', message: 'err.oneDirector' });
    if (input.termYears > COMMITTEE_RULES.termYearsMax)
      errors.push({ path: 'termYears', message: 'err.termYears', params: { max: COMMITTEE_RULES.termYearsMax } });
    if (current?.firstMeetingAt && input.electedAt < current.firstMeetingAt)
      errors.push({ path: 'electedAt', message: 'err.dateOrder' });
  }
  if (input.stage === 'filed' && current?.electedAt && input.filedAt < current.electedAt)
    errors.push({ path: 'filedAt', message: 'err.dateOrder' });
  if (errors.length) throw new AppError(400, 'err.validation', errors);
}

/** SPEC R-40: moves the estate one stage on (or records the current stage's data again); skipping or going back is 409. */
export async function putCommitteeStage(ctx: Ctx, estateId: string, input: CommitteeStageInput) {
  const [e] = await ctx.db
    .select()
    .from(estates)
    .where(and(eq(estates.id, estateId), estateScope(ctx.actor)));
  if (!e) throw notFound();
  return inTx(ctx, async (c) => {
    const [current] = await c.db.select().from(committees).where(eq(committees.estateId, estateId)).for('update');
    const from = COMMITTEE_STAGES.indexOf((current?.stage ?? 'none') as CommitteeStage);
    const to = COMMITTEE_STAGES.indexOf(input.stage);
    if (to !== from && to !== from + 1)
      throw conflict('err.stageSkip', { from: current?.stage ?? 'none', to: input.stage });
    checkStageRules(input, current);
    const set: Partial<typeof committees.$inferInsert> = { stage: input.stage, updatedAt: c.now() };
    if (input.stage === 'preparing')
      Object.assign(set, { preparatoryGroup: input.preparatoryGroup, formedAt: input.formedAt });
    if (input.stage === 'announced')
      Object.assign(set, { announcedAt: input.announcedAt, firstMeetingAt: input.firstMeetingAt });
    if (input.stage === 'elected') {
      Object.assign(set, { electedAt: input.electedAt, termYears: input.termYears });
      await c.db.update(committeeMembers).set({ active: false }).where(eq(committeeMembers.estateId, estateId));
      const ends = addYears(input.electedAt, input.termYears);
      await c.db.insert(committeeMembers).values(
        input.members.map((m) => ({
          estateId,
          name: m.name,
          role: m.role,
          ownerId: m.ownerId ?? null,
          partyMember: m.partyMember,
          termStartsOn: input.electedAt,
          termEndsOn: ends,
        })),
      );
    }
    if (input.stage === 'filed') {
      // SPEC R-40: filing is due within 30 days of election; a late filing is accepted but flagged.
      const late = !!current?.electedAt && daysBetween(current.electedAt, input.filedAt) > COMMITTEE_RULES.filingDays;
      Object.assign(set, { filedAt: input.filedAt, certificateNo: input.certificateNo ?? null, filedLate: late });
    }
    await c.db
      .insert(committees)
      .values({ estateId, ...set } as typeof committees.$inferInsert)
      .onConflictDoUpdate({ target: committees.estateId, set });
    await audit(c, {
      action: `stage_${input.stage}`,
      entity: 'committee',
      entityId: estateId,
      before: current ?? null,
      after: input,
    });
    return getCommittee(c, estateId);
  });
}

/** Records the property management committee (物委会) that acts where no owners' committee exists. */
export async function putManagementCommittee(
  ctx: Ctx,
  estateId: string,
  input: z.infer<typeof ZManagementCommitteeInput>,
) {
  const [e] = await ctx.db
    .select()
    .from(estates)
    .where(and(eq(estates.id, estateId), estateScope(ctx.actor)));
  if (!e) throw notFound();
  return inTx(ctx, async (c) => {
    const [before] = await c.db.select().from(managementCommittees).where(eq(managementCommittees.estateId, estateId));
    const values = {
      estateId,
      establishedAt: input.establishedAt,
      members: input.members,
      note: input.note ?? null,
      updatedAt: c.now(),
    };
    await c.db
      .insert(managementCommittees)
      .values(values)
      .onConflictDoUpdate({ target: managementCommittees.estateId, set: values });
    await audit(c, {
      action: before ? 'update' : 'create',
      entity: 'management_committee',
      entityId: estateId,
      before,
      after: values,
    });
    return getCommittee(c, estateId);
  });
}

async function subtreeCondition(ctx: Ctx, orgUnitId?: string): Promise<SQL | undefined> {
  if (!orgUnitId) return undefined;
  const [u] = await ctx.db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, orgUnitId));
  return u ? sql`e.org_path like ${`${u.path}%`}` : sql`false`;
}

/** SPEC R-40 coverage for a scope: established (elected or filed) ÷ required, against the year's target. */
export async function committeeStats(ctx: Ctx, q: { orgUnitId?: string; year?: number }) {
  const list = await committeeRows(ctx, estatesWhere(ctx, await subtreeCondition(ctx, q.orgUnitId)));
  const cfg = await getGovernanceConfig(ctx.db);
  const year = q.year ?? Number(ctx.now().toISOString().slice(0, 4));
  const req = list.filter((r) => r.required);
  const established = req.filter((r) => r.stage === 'elected' || r.stage === 'filed').length;
  const filed = req.filter((r) => r.stage === 'filed').length;
  return {
    required: req.length,
    established,
    filed,
    coverage: req.length ? established / req.length : null,
    target: cfg.coverageTargets[String(year)] ?? null,
    year,
  };
}

/** Coverage per street (for the chart) and the estates behind it (for the drill-down), in scope. */
export async function committeeBreakdown(
  ctx: Ctx,
  q: { orgUnitId?: string; missing?: boolean; sort?: Sort<(typeof COMMITTEE_SORT)[number]> },
) {
  const list = await committeeRows(ctx, estatesWhere(ctx, await subtreeCondition(ctx, q.orgUnitId)));
  const streetIds = [...new Set(list.map((r) => r.org_path.split('/').filter(Boolean)[2]).filter(Boolean))];
  const commIds = [...new Set(list.map((r) => r.community_id))];
  const units =
    streetIds.length || commIds.length
      ? await ctx.db
          .select({ id: orgUnits.id, name: orgUnits.name })
          .from(orgUnits)
          .where(inArray(orgUnits.id, [...streetIds, ...commIds]))
      : [];
  const name = new Map(units.map((u) => [u.id, u.name]));
  const byStreet = new Map<string, { streetId: string; name: string; required: number; established: number }>();
  for (const r of list) {
    const sid = r.org_path.split('/').filter(Boolean)[2] ?? '';
    const s = byStreet.get(sid) ?? { streetId: sid, name: name.get(sid) ?? '', required: 0, established: 0 };
    if (r.required) {
      s.required++;
      if (r.stage === 'elected' || r.stage === 'filed') s.established++;
    }
    byStreet.set(sid, s);
  }
  const estatesOut = list
    .filter((r) => !q.missing || (r.required && r.stage !== 'elected' && r.stage !== 'filed'))
    .map((r) => ({
      estateId: r.estate_id,
      name: r.name,
      communityName: name.get(r.community_id) ?? '',
      streetName: name.get(r.org_path.split('/').filter(Boolean)[2] ?? '') ?? '',
      managementMode: r.management_mode,
      dwellings: r.dwellings,
      delivered: r.delivered,
      required: r.required,
      stage: (r.stage ?? 'none') as CommitteeStage,
    }))
    .sort((a, b) => a.streetName.localeCompare(b.streetName, 'zh') || a.name.localeCompare(b.name, 'zh'));
  const stageRank = (s: CommitteeStage) => COMMITTEE_STAGES.indexOf(s);
  return {
    streets: [...byStreet.values()].map((s) => ({ ...s, coverage: s.required ? s.established / s.required : null })),
    estates: sortRows(
      estatesOut,
      q.sort,
      {
        name: (r) => r.name,
        streetName: (r) => r.streetName,
        communityName: (r) => r.communityName,
        managementMode: (r) => r.managementMode,
        dwellings: (r) => r.dwellings,
        delivered: (r) => r.delivered,
        stage: (r) => stageRank(r.stage),
      },
      (r) => r.estateId,
    ),
  };
}

// ───────────────────────────── meetings and votes (R-42) ─────────────────────────────

type MeetingRow = typeof meetings.$inferSelect;

async function meetingInScope(ctx: Ctx, id: string, forUpdate = false): Promise<MeetingRow> {
  let q = ctx.db
    .select()
    .from(meetings)
    .where(and(eq(meetings.id, id), estateIdInScope(ctx.actor, meetings.estateId)))
    .$dynamic();
  if (forUpdate) q = q.for('update');
  return found((await q)[0]);
}

async function presentMeeting(ctx: Ctx, m: MeetingRow) {
  const ms = await ctx.db.select().from(motions).where(eq(motions.meetingId, m.id)).orderBy(asc(motions.position));
  return {
    id: m.id,
    estateId: m.estateId,
    title: m.title,
    opensAt: m.opensAt.toISOString(),
    closesAt: m.closesAt.toISOString(),
    status: m.status as 'open' | 'closed',
    motions: ms.map((x) => ({ id: x.id, title: x.title, matter: x.matter as 'ordinary' | 'major' })),
    totals: { areaM2: hundredthsToArea(m.totalAreaHundredths), headcount: m.totalHeadcount },
  };
}

/**
 * SPEC R-42 voting subjects of an estate: each dwelling one person, except all dwellings of one owner of record are one
 * person, and all dwellings the developer still holds (undelivered, or owned by a `developer` owner) are one person.
 */
export async function votingSubjects(ctx: Ctx, estateId: string) {
  const list = await rows<{
    id: string;
    area: number;
    delivered: boolean;
    owner_id: string | null;
    kind: string | null;
  }>(
    ctx.db,
    sql`select d.id, d.area_hundredths as area, d.delivered, o.owner_id, w.kind
        from ${dwellings} d
        left join ${dwellingOwners} o on o.dwelling_id = d.id and o.position = 0
        left join ${owners} w on w.id = o.owner_id
        where d.estate_id = ${estateId}`,
  );
  const subjects = new Map<
    string,
    { subjectKey: string; ownerId: string | null; areaHundredths: bigint; dwellings: number }
  >();
  for (const d of list) {
    const developer = !d.delivered || d.kind === 'developer';
    const key = developer ? 'developer' : d.owner_id ? `owner:${d.owner_id}` : `dwelling:${d.id}`;
    const s = subjects.get(key) ?? {
      subjectKey: key,
      ownerId: developer ? null : d.owner_id,
      areaHundredths: 0n,
      dwellings: 0,
    };
    if (developer && !s.ownerId && d.kind === 'developer') s.ownerId = d.owner_id;
    s.areaHundredths += BigInt(d.area);
    s.dwellings += 1;
    subjects.set(key, s);
  }
  return [...subjects.values()];
}

/** Opens an owners' meeting with its motions; the voting subjects and totals are frozen now (SPEC R-42). */
export async function createMeeting(ctx: Ctx, estateId: string, input: z.infer<typeof ZMeetingCreate>) {
  const [e] = await ctx.db
    .select()
    .from(estates)
    .where(and(eq(estates.id, estateId), estateScope(ctx.actor)));
  if (!e) throw notFound();
  return inTx(ctx, async (c) => {
    const subjects = await votingSubjects(c, estateId);
    if (!subjects.length) throw fieldError('estateId', 'err.noDwellings');
    const total = subjects.reduce((s, x) => s + x.areaHundredths, 0n);
    const [m] = await c.db
      .insert(meetings)
      .values({
        estateId,
        title: input.title,
        opensAt: new Date(input.opensAt),
        closesAt: new Date(input.closesAt),
        status: 'open',
        totalAreaHundredths: total,
        totalHeadcount: subjects.length,
        createdBy: c.actor.id,
        createdAt: c.now(),
      })
      .returning();
    await c.db
      .insert(motions)
      .values(input.motions.map((x, position) => ({ meetingId: m.id, position, title: x.title, matter: x.matter })));
    for (let i = 0; i < subjects.length; i += 2000)
      await c.db.insert(meetingSubjects).values(subjects.slice(i, i + 2000).map((s) => ({ meetingId: m.id, ...s })));
    const out = await presentMeeting(c, m);
    await audit(c, {
      action: 'create',
      entity: 'meeting',
      entityId: m.id,
      after: { ...out, subjects: subjects.length },
    });
    return out;
  });
}

/** Lists an estate's meetings (residents: the estates where they own a dwelling). */
export async function listMeetings(
  ctx: Ctx,
  q: { estateId?: string; status?: 'open' | 'closed'; sort?: Sort<(typeof MEETING_SORT)[number]> },
) {
  const conds: SQL[] = [estateIdInScope(ctx.actor, meetings.estateId)];
  if (q.estateId) conds.push(eq(meetings.estateId, q.estateId));
  if (q.status) conds.push(eq(meetings.status, q.status));
  const list = await ctx.db
    .select()
    .from(meetings)
    .where(and(...conds))
    .orderBy(
      ...orderByOf(
        q.sort,
        { title: meetings.title, opensAt: meetings.opensAt, closesAt: meetings.closesAt, status: meetings.status },
        meetings.id,
        [desc(meetings.opensAt)],
      ),
    )
    .limit(200);
  return Promise.all(list.map((m) => presentMeeting(ctx, m)));
}

/** One meeting; a resident also gets its own current ballot. */
export async function getMeeting(ctx: Ctx, id: string) {
  const m = await meetingInScope(ctx, id);
  const out = await presentMeeting(ctx, m);
  let myBallot: { choices: Record<string, string>; channel: string; castAt: string } | null = null;
  if (ctx.actor.role === 'resident' && ctx.actor.ownerId) {
    const key = await subjectOf(ctx, m.id, ctx.actor.ownerId);
    if (key) {
      const [b] = await ctx.db
        .select()
        .from(ballots)
        .where(and(eq(ballots.meetingId, m.id), eq(ballots.subjectKey, key)));
      if (b) myBallot = { choices: b.choices, channel: b.channel, castAt: b.castAt.toISOString() };
    }
  }
  return { ...out, myBallot, results: m.status === 'closed' ? (m.results as unknown) : null };
}

/** The voting subject an owner votes as in a meeting, or null when the owner holds no dwelling there. */
async function subjectOf(ctx: Ctx, meetingId: string, ownerId: string): Promise<string | null> {
  const [s] = await ctx.db
    .select({ key: meetingSubjects.subjectKey })
    .from(meetingSubjects)
    .where(and(eq(meetingSubjects.meetingId, meetingId), eq(meetingSubjects.ownerId, ownerId)));
  if (s) return s.key;
  const [o] = await ctx.db.select({ kind: owners.kind }).from(owners).where(eq(owners.id, ownerId));
  if (o?.kind !== 'developer') return null;
  const [dev] = await ctx.db
    .select({ key: meetingSubjects.subjectKey })
    .from(meetingSubjects)
    .where(and(eq(meetingSubjects.meetingId, meetingId), eq(meetingSubjects.subjectKey, 'developer')));
  return dev?.key ?? null;
}

/**
 * SPEC R-42: one ballot per subject; a second ballot replaces the first while the meeting is open. Residents vote
 * online for the owner they are bound to; the committee enters paper and door-to-door ballots, recorded as theirs.
 */
export async function castBallot(ctx: Ctx, meetingId: string, input: z.infer<typeof ZBallotCreate>) {
  const a = ctx.actor;
  return inTx(ctx, async (c) => {
    const m = await meetingInScope(c, meetingId, true);
    const now = c.now();
    if (m.status !== 'open' || now < m.opensAt || now > m.closesAt) throw conflict('err.meetingClosed');
    if (a.role === 'resident') {
      if (input.ownerId !== a.ownerId) throw forbidden();
      if (input.channel !== 'online') throw fieldError('channel', 'err.channelOnline');
    } else if (!governancePolicy.enterBallots.includes(a.role)) throw forbidden();
    else if (input.channel === 'online') throw fieldError('channel', 'err.channelStaff');
    const key = await subjectOf(c, meetingId, input.ownerId);
    if (!key) throw fieldError('ownerId', 'err.notAnOwner');
    const ms = await c.db.select({ id: motions.id }).from(motions).where(eq(motions.meetingId, meetingId));
    const valid = new Set(ms.map((x) => x.id));
    const choices: Record<string, 'for' | 'against' | 'abstain'> = {};
    const errors: { path: string; message: string }[] = [];
    input.choices.forEach((ch, i) => {
      if (!valid.has(ch.motionId)) errors.push({ path: `choices.${i}.motionId`, message: 'err.notFound' });
      else if (choices[ch.motionId]) errors.push({ path: `choices.${i}.motionId`, message: 'err.duplicate' });
      else choices[ch.motionId] = ch.choice;
    });
    if (errors.length) throw new AppError(400, 'err.validation', errors);
    const [before] = await c.db
      .select()
      .from(ballots)
      .where(and(eq(ballots.meetingId, meetingId), eq(ballots.subjectKey, key)));
    const values = {
      meetingId,
      subjectKey: key,
      ownerId: input.ownerId,
      channel: input.channel,
      enteredBy: a.id,
      choices,
      castAt: now,
    };
    const [b] = await c.db
      .insert(ballots)
      .values(values)
      .onConflictDoUpdate({
        target: [ballots.meetingId, ballots.subjectKey],
        set: { ...values, replaced: sql`${ballots.replaced} + 1` },
      })
      .returning();
    await audit(c, {
      action: before ? 'revote' : 'vote',
      entity: 'ballot',
      entityId: b.id,
      before: before ? { choices: before.choices, channel: before.channel, enteredBy: before.enteredBy } : null,
      after: { meetingId, subjectKey: key, ownerId: input.ownerId, channel: input.channel, enteredBy: a.id, choices },
    });
    return {
      id: b.id,
      subjectKey: key,
      channel: b.channel,
      enteredBy: b.enteredBy,
      castAt: b.castAt.toISOString(),
      replaced: b.replaced > 0,
      choices,
    };
  });
}

/** Live turnout while the meeting is open, by area and by headcount (for the committee). */
export async function meetingTurnout(ctx: Ctx, id: string) {
  const m = await meetingInScope(ctx, id);
  const [r] = await rows<{ n: number; area: string | null; paper: number; door: number; online: number }>(
    ctx.db,
    sql`select count(*)::int as n, sum(s.area_hundredths)::text as area,
               count(*) filter (where b.channel = 'paper')::int as paper,
               count(*) filter (where b.channel = 'door_to_door')::int as door,
               count(*) filter (where b.channel = 'online')::int as online
        from ${ballots} b join ${meetingSubjects} s on s.meeting_id = b.meeting_id and s.subject_key = b.subject_key
        where b.meeting_id = ${id}`,
  );
  const area = BigInt(r.area ?? '0');
  return {
    status: m.status,
    participating: { areaM2: hundredthsToArea(area), headcount: r.n },
    totals: { areaM2: hundredthsToArea(m.totalAreaHundredths), headcount: m.totalHeadcount },
    byChannel: { online: r.online, paper: r.paper, door_to_door: r.door },
    // Shares as exact fractions for display (UI shows the fraction on hover).
    areaShare: m.totalAreaHundredths > 0n ? Number((area * 10000n) / m.totalAreaHundredths) / 10000 : 0,
    headShare: m.totalHeadcount ? r.n / m.totalHeadcount : 0,
  };
}

/**
 * SPEC R-42: closes the meeting and counts every motion — quorum, participation and both majorities — in exact
 * integer arithmetic. The results are stored with the meeting and never change afterwards.
 */
export async function closeMeeting(ctx: Ctx, id: string) {
  return inTx(ctx, async (c) => {
    const m = await meetingInScope(c, id, true);
    if (m.status !== 'open') throw conflict('err.meetingClosed');
    const ms = await c.db.select().from(motions).where(eq(motions.meetingId, id)).orderBy(asc(motions.position));
    const bs = await rows<{ choices: Record<string, 'for' | 'against' | 'abstain'>; area: string }>(
      c.db,
      sql`select b.choices, s.area_hundredths::text as area
          from ${ballots} b join ${meetingSubjects} s on s.meeting_id = b.meeting_id and s.subject_key = b.subject_key
          where b.meeting_id = ${id}`,
    );
    const parsed = bs.map((b) => ({ choices: b.choices, area: BigInt(b.area) }));
    const totals: Tally = { area: m.totalAreaHundredths, head: m.totalHeadcount };
    const results = ms.map((x) =>
      countMotion({ id: x.id, title: x.title, matter: x.matter as 'ordinary' | 'major' }, parsed, totals),
    );
    const closedAt = c.now();
    const out = { meetingId: id, closedAt: closedAt.toISOString(), motions: results };
    await c.db.update(meetings).set({ status: 'closed', closedAt, results: out }).where(eq(meetings.id, id));
    await audit(c, { action: 'close', entity: 'meeting', entityId: id, after: out });
    return out;
  });
}

/** The stored results of a closed meeting (409 while it is open). */
export async function meetingResult(ctx: Ctx, id: string) {
  const m = await meetingInScope(ctx, id);
  if (m.status !== 'closed' || !m.results) throw conflict('err.meetingOpen');
  return m.results as Awaited<ReturnType<typeof closeMeeting>>;
}
