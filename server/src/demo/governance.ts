/**
 * 业主自治 in the demo city: owners' committees at every stage of establishment (SPEC R-40, R-41), two property
 * management committees (物委会), and two owners' meetings in 和谐苑 (R-42) — one closed with its results, one open now.
 *
 * The estates the demo accounts look at, and every committee still on its way, go through the service
 * (putCommitteeStage, one stage after the other, with the clock at each stage's date); the long-filed committees
 * elsewhere are written in bulk as an imported filing register. Meetings are opened, voted and closed through the
 * services, so quorum and majorities are counted by the product; most paper and door-to-door ballots, which the
 * committee types in by the evening's batch, are written in bulk with one audit entry per ballot.
 */
import { randomUUID } from 'node:crypto';
import type { CommitteeStageInput } from '@rp/contract';
import { sql } from 'drizzle-orm';
import { rows } from '../db/client';
import { ballots, committeeMembers, committees } from '../db/schema';
import {
  castBallot,
  closeMeeting,
  createMeeting,
  putCommitteeStage,
  putManagementCommittee,
} from '../domains/governance/governance.service';
import { type AuditInput, audit } from '../platform/audit';
import type { Actor, Ctx } from '../platform/context';
import { insertChunked } from './bulk';
import { DAY, HOUR, LocalClock } from './clock';
import type { EstateInfo, Lookup } from './lookup';
import { personName } from './names';
import type { Directory } from './people';
import { Random } from './random';

type Stage = 'none' | 'preparing' | 'announced' | 'elected' | 'filed' | 'filed_late';

/** Required estates without an elected committee, and the stage they are at; every other required estate has filed. */
const STAGES: Record<string, Stage> = {
  税务局宿舍: 'none',
  供电公司家属院: 'none',
  水利局家属院: 'none',
  科研所职工小区: 'none',
  市医院职工小区: 'none',
  新华里: 'preparing',
  化肥厂小区: 'preparing',
  第一中学教师公寓: 'preparing',
  胜利小区: 'announced',
  机床厂生活区: 'announced',
  中山花园: 'elected',
  星悦湾: 'elected',
  丰收家园: 'elected',
  紫荆花园: 'filed_late',
};
/** Property management committees (物委会) led by the community where no owners' committee exists. */
const MANAGEMENT = ['市医院职工小区', '光明小区'];
const SHORT: Record<string, string> = { 东城区: '东城', 南湖区: '南湖', 经开区: '经开' };

export interface GovernanceSeedResult {
  byStage: Record<string, number>;
  required: number;
  established: number;
  serviceCalls: number;
  meetings: {
    closed: { id: string; ballots: number; passed: number; failed: number; quorate: boolean };
    open: { id: string; ballots: number };
  };
}

interface Person {
  name: string;
  ownerId?: string;
  party: boolean;
}

/** Whether an estate needs a committee by the default rule (≥ 50% delivered, mode not `none`). */
const requiredOf = (e: EstateInfo) => e.dwellings > 0 && e.delivered * 2 >= e.dwellings && e.mode !== 'none';

export async function seedGovernance(
  c: Ctx,
  lk: Lookup,
  dir: Directory,
  actors: Map<string, Actor>,
  opts: { now: number; seed: number; calendar: LocalClock['cal'] },
): Promise<GovernanceSeedResult> {
  const T = opts.now;
  const rng = new Random(opts.seed);
  const clock = new LocalClock(opts.calendar);
  const date = (t: number) => clock.date(t);
  const at = (actorId: string, t: number): Ctx => ({
    db: c.db,
    actor: actors.get(actorId)!,
    ip: null,
    now: () => new Date(t),
  });
  const u = (lo: number, hi: number) => lo + rng.next() * (hi - lo);
  const showcaseStreet = lk.demo.get('street')!.orgUnitId!;
  let serviceCalls = 0;

  /** Owners of record of an estate (people), party members first when asked. */
  const people = (e: EstateInfo, n: number, partyWanted: number): Person[] => {
    const owners = [
      ...new Set(
        (lk.dwellingsOf.get(e.id) ?? [])
          .filter((d) => d.delivered && lk.owner.get(d.ownerId)?.kind === 'person')
          .map((d) => d.ownerId),
      ),
    ];
    const party = rng.shuffle(owners.filter((o) => lk.partyOwners.has(o))).slice(0, partyWanted);
    const rest = rng.shuffle(owners.filter((o) => !lk.partyOwners.has(o))).slice(0, n - party.length);
    return [...party, ...rest].map((o) => ({ name: lk.owner.get(o)!.name, ownerId: o, party: lk.partyOwners.has(o) }));
  };
  const committeeSize = (e: EstateInfo) => (e.dwellings < 250 ? 5 : e.dwellings < 500 ? 7 : rng.chance(0.5) ? 7 : 9);

  interface Timeline {
    formedAt: string;
    announcedAt: string;
    firstMeetingAt: string;
    electedAt: string;
    filedAt: string;
  }
  const backFrom = (elected: number, filingDays: number): Timeline => {
    const first = elected - Math.round(u(0, 1.4)) * DAY;
    const announced = first - Math.round(u(16, 30)) * DAY;
    const formed = announced - Math.round(u(20, 45)) * DAY;
    return {
      formedAt: date(formed),
      announcedAt: date(announced),
      firstMeetingAt: date(first),
      electedAt: date(elected),
      filedAt: date(elected + filingDays * DAY),
    };
  };

  const byStage: Record<string, number> = { none: 0, preparing: 0, announced: 0, elected: 0, filed: 0 };
  const bulkCommittees: (typeof committees.$inferInsert)[] = [];
  const bulkMembers: (typeof committeeMembers.$inferInsert)[] = [];
  const bulkAudit: AuditInput[] = [];
  const certificates: Record<string, number> = {};
  let required = 0;
  let established = 0;

  for (const e of lk.estates) {
    const isRequired = requiredOf(e);
    if (isRequired) required++;
    const stage: Stage = STAGES[e.name] ?? (isRequired ? 'filed' : 'none');
    byStage[stage === 'filed_late' ? 'filed' : stage]++;
    if (stage === 'elected' || stage === 'filed' || stage === 'filed_late') established++;
    if (stage === 'none') continue;
    const community = dir.orgUnitAccount.get(e.communityId)!;
    const street = dir.orgUnitAccount.get(e.streetId)!;
    const districtName = lk.unitName.get(e.districtId)!;

    let tl: Timeline;
    if (e.name === '和谐苑') tl = backFrom(T - 610 * DAY, 16);
    else if (stage === 'filed') tl = backFrom(T - Math.round(u(200, 1650)) * DAY, Math.round(u(6, 28)));
    else if (stage === 'filed_late') tl = backFrom(T - Math.round(u(220, 420)) * DAY, Math.round(u(44, 58)));
    else if (stage === 'elected') tl = backFrom(T - Math.round(u(6, 20)) * DAY, 0);
    else if (stage === 'announced') {
      const announced = T - Math.round(u(3, 10)) * DAY;
      tl = {
        formedAt: date(announced - Math.round(u(30, 60)) * DAY),
        announcedAt: date(announced),
        firstMeetingAt: date(announced + Math.round(u(18, 30)) * DAY),
        electedAt: '',
        filedAt: '',
      };
    } else
      tl = {
        formedAt: date(T - Math.round(u(15, 80)) * DAY),
        announcedAt: '',
        firstMeetingAt: '',
        electedAt: '',
        filedAt: '',
      };
    const termYears =
      T - Date.parse(`${tl.electedAt || date(T)}T00:00:00Z`) > 2.5 * 365 * DAY || rng.chance(0.8) ? 5 : 3;

    // Preparatory group (筹备组): an odd number, owners at least half, with the street, community and developer.
    const groupSize = e.dwellings < 250 ? 5 : e.dwellings < 600 ? 7 : 9;
    const officials = [
      { name: personName(rng), side: 'street' as const },
      { name: personName(rng), side: 'community' as const },
      ...(groupSize >= 7 ? [{ name: personName(rng), side: 'developer' as const }] : []),
    ];
    const group = [
      ...people(e, groupSize - officials.length, 2).map((p) => ({
        name: p.name,
        side: 'owner' as const,
        ownerId: p.ownerId,
      })),
      ...officials,
    ];
    // Roster: one director (the party branch's secretary where there is one), deputies, members; term ≤ 5 years.
    const size = committeeSize(e);
    const partyShare = e.name === '和谐苑' ? 5 / 7 : u(0.3, 0.85);
    const roster = people(e, size, Math.round(size * partyShare));
    const members = roster.map((p, i) => ({
      name: p.name,
      role: i === 0 ? ('director' as const) : i <= (size >= 9 ? 2 : 1) ? ('deputy' as const) : ('member' as const),
      ownerId: p.ownerId,
      partyMember: p.party,
    }));
    const year = (tl.filedAt || date(T)).slice(0, 4);
    certificates[`${districtName}${year}`] = (certificates[`${districtName}${year}`] ?? 0) + 1;
    const certificateNo = `${SHORT[districtName] ?? districtName}业备〔${year}〕${String(certificates[`${districtName}${year}`]).padStart(3, '0')}号`;

    const steps: { actor: string; at: number; input: CommitteeStageInput }[] = [
      {
        actor: community,
        at: clock.at(tl.formedAt, 10),
        input: { stage: 'preparing', preparatoryGroup: group, formedAt: tl.formedAt },
      },
    ];
    if (tl.announcedAt)
      steps.push({
        actor: community,
        at: clock.at(tl.announcedAt, 10),
        input: { stage: 'announced', announcedAt: tl.announcedAt, firstMeetingAt: tl.firstMeetingAt },
      });
    if (tl.electedAt)
      steps.push({
        actor: community,
        at: clock.at(tl.electedAt, 18),
        input: { stage: 'elected', electedAt: tl.electedAt, termYears, members },
      });
    if (stage === 'filed' || stage === 'filed_late')
      steps.push({
        actor: street,
        at: clock.at(tl.filedAt, 11),
        input: { stage: 'filed', filedAt: tl.filedAt, certificateNo },
      });

    if (e.streetId === showcaseStreet || stage !== 'filed') {
      for (const s of steps) {
        await putCommitteeStage(at(s.actor, s.at), e.id, s.input);
        serviceCalls++;
      }
      continue;
    }
    // Long-filed committees elsewhere: the filing register as it was entered, one audit entry per estate.
    const termEnds = `${Number(tl.electedAt.slice(0, 4)) + termYears}${tl.electedAt.slice(4)}`;
    bulkCommittees.push({
      estateId: e.id,
      stage: 'filed',
      preparatoryGroup: group,
      formedAt: tl.formedAt,
      announcedAt: tl.announcedAt,
      firstMeetingAt: tl.firstMeetingAt,
      electedAt: tl.electedAt,
      termYears,
      filedAt: tl.filedAt,
      filedLate: false,
      certificateNo,
      updatedAt: new Date(clock.at(tl.filedAt, 11)),
    });
    for (const m of members)
      bulkMembers.push({
        estateId: e.id,
        name: m.name,
        role: m.role,
        ownerId: m.ownerId ?? null,
        partyMember: m.partyMember,
        termStartsOn: tl.electedAt,
        termEndsOn: termEnds,
        active: true,
      });
    bulkAudit.push({
      action: 'import',
      entity: 'committee',
      entityId: e.id,
      after: { source: 'demo', stages: steps.map((s) => s.input) },
    });
  }
  await insertChunked(c.db, committees, bulkCommittees);
  await insertChunked(c.db, committeeMembers, bulkMembers);
  await audit(c, ...bulkAudit);

  for (const name of MANAGEMENT) {
    const e = lk.estateByName.get(name)!;
    const established = T - Math.round(u(120, 500)) * DAY;
    const [owner1, owner2, owner3] = people(e, 3, 1);
    await putManagementCommittee(at(dir.orgUnitAccount.get(e.communityId)!, clock.at(date(established), 15)), e.id, {
      establishedAt: date(established),
      members: [
        { name: personName(rng), role: '主任（社区党委书记）' },
        { name: personName(rng), role: '副主任（社区居委会主任）' },
        { name: owner1.name, role: '委员（业主代表）' },
        { name: owner2.name, role: '委员（业主代表）' },
        { name: owner3.name, role: '委员（业主代表、党员）' },
        { name: personName(rng), role: '委员（辖区派出所社区民警）' },
      ],
      note: '小区暂不具备成立业主委员会条件，由社区牵头组建物业管理委员会，临时代行业主委员会职责。',
    });
    serviceCalls++;
  }

  // ── owners' meetings in 和谐苑
  const H = lk.estateByName.get('和谐苑')!;
  const committee = dir.demo.committee;
  const residents = new Map((dir.residents.get(H.id) ?? []).map((r) => [r.ownerId, r.accountId]));

  const meeting = async (o: {
    title: string;
    createdAt: number;
    opensAt: number;
    closesAt: number;
    motions: { title: string; matter: 'ordinary' | 'major'; forShare: number }[];
    turnout: number;
    online: number;
    servicePaper: number;
    exclude?: string;
  }) => {
    const m = await createMeeting(at(committee, o.createdAt), H.id, {
      title: o.title,
      opensAt: new Date(o.opensAt).toISOString(),
      closesAt: new Date(o.closesAt).toISOString(),
      motions: o.motions.map(({ title, matter }) => ({ title, matter })),
    });
    serviceCalls++;
    const subjects = await rows<{ subject_key: string; owner_id: string | null }>(
      c.db,
      sql`select subject_key, owner_id from meeting_subjects where meeting_id = ${m.id} and owner_id is not null order by subject_key`,
    );
    const choose = () =>
      m.motions.map((x, i) => {
        const r = rng.next();
        const f = o.motions[i].forShare;
        return {
          motionId: x.id,
          choice: r < f ? ('for' as const) : r < f + (1 - f) * 0.7 ? ('against' as const) : ('abstain' as const),
        };
      });
    const last = Math.min(o.closesAt, T - HOUR);
    const when = () => o.opensAt + rng.next() * (last - o.opensAt);
    const voters = rng
      .shuffle(subjects.filter((s) => s.owner_id !== o.exclude))
      .slice(0, Math.round(subjects.length * o.turnout));
    // The demo resident took part in the earlier meeting (the open one waits for their vote).
    const mine = subjects.find((s) => s.owner_id === dir.residentOwnerId);
    if (!o.exclude && mine && !voters.includes(mine)) voters[voters.length - 1] = mine;
    // Online: residents with a portal account vote for themselves (the demo resident first, where allowed).
    const onlineFirst = [...voters].sort(
      (a, b) => Number(b.owner_id === dir.residentOwnerId) - Number(a.owner_id === dir.residentOwnerId),
    );
    const online = onlineFirst.filter((v) => residents.has(v.owner_id!)).slice(0, o.online);
    const onlineKeys = new Set(online.map((v) => v.subject_key));
    const offline = voters.filter((v) => !onlineKeys.has(v.subject_key));
    const calls: { t: number; run: () => Promise<unknown> }[] = [];
    online.forEach((v, i) => {
      const t = clock.within(when(), 7, 22.5, false, rng);
      const actor = residents.get(v.owner_id!)!;
      calls.push({
        t,
        run: () =>
          castBallot(at(actor, Math.min(t, last)), m.id, {
            ownerId: v.owner_id!,
            channel: 'online',
            choices: choose(),
          }),
      });
      // One owner changes their mind a few days later: the second ballot replaces the first.
      if (i === 1)
        calls.push({
          t: Math.min(t + 3 * DAY, last),
          run: () =>
            castBallot(at(actor, Math.min(t + 3 * DAY, last)), m.id, {
              ownerId: v.owner_id!,
              channel: 'online',
              choices: choose(),
            }),
        });
    });
    offline.slice(0, o.servicePaper).forEach((v, i) => {
      const t = Math.min(clock.within(when(), 9, 20, false, rng), last);
      calls.push({
        t,
        run: () =>
          castBallot(at(committee, t), m.id, {
            ownerId: v.owner_id!,
            channel: i % 2 ? 'door_to_door' : 'paper',
            choices: choose(),
          }),
      });
    });
    calls.sort((a, b) => a.t - b.t);
    for (const call of calls) {
      await call.run();
      serviceCalls++;
    }
    // The rest of the paper and door-to-door ballots, typed in by the committee in evening batches.
    const rest = offline.slice(o.servicePaper);
    const batches = Math.max(1, Math.min(12, Math.ceil(rest.length / 30)));
    for (let b = 0; b < batches; b++) {
      const part = rest.slice(Math.floor((b * rest.length) / batches), Math.floor(((b + 1) * rest.length) / batches));
      if (!part.length) continue;
      const t = Math.min(clock.at(date(o.opensAt + ((b + 1) / (batches + 0.5)) * (last - o.opensAt)), 20.5), last);
      const list = part.map((v) => {
        const choices: Record<string, 'for' | 'against' | 'abstain'> = {};
        for (const ch of choose()) choices[ch.motionId] = ch.choice;
        return {
          id: randomUUID(),
          meetingId: m.id,
          subjectKey: v.subject_key,
          ownerId: v.owner_id!,
          channel: rng.chance(0.6) ? 'paper' : 'door_to_door',
          enteredBy: committee,
          choices,
          castAt: new Date(t),
          replaced: 0,
        };
      });
      await insertChunked(c.db, ballots, list);
      await audit(
        at(committee, t),
        ...list.map((x) => ({
          action: 'vote',
          entity: 'ballot',
          entityId: x.id,
          before: null,
          after: {
            meetingId: x.meetingId,
            subjectKey: x.subjectKey,
            ownerId: x.ownerId,
            channel: x.channel,
            enteredBy: x.enteredBy,
            choices: x.choices,
          },
        })),
      );
    }
    return { id: m.id, ballots: voters.length };
  };

  const day = (t: number, hours: number) => clock.at(date(t), hours);
  const closed = await meeting({
    title: '和谐苑2026年第一次业主大会（书面征求意见）',
    createdAt: day(T - 130 * DAY, 10),
    opensAt: day(T - 123 * DAY, 8),
    closesAt: day(T - 93 * DAY, 18),
    motions: [
      { title: '关于修订《和谐苑管理规约》的议案', matter: 'ordinary', forShare: 0.83 },
      { title: '关于续聘示范市和泰物业服务有限公司提供物业服务的议案', matter: 'ordinary', forShare: 0.72 },
      { title: '关于使用专项维修资金更换老旧电梯的议案', matter: 'ordinary', forShare: 0.86 },
      { title: '关于续筹专项维修资金的议案', matter: 'major', forShare: 0.9 },
      { title: '关于将小区东侧绿地改建为停车场的议案', matter: 'major', forShare: 0.58 },
    ],
    turnout: 0.78,
    online: 30,
    servicePaper: 8,
  });
  const result = await closeMeeting(at(committee, day(T - 93 * DAY, 19.5)), closed.id);
  serviceCalls++;
  const open = await meeting({
    title: '和谐苑2026年第二次业主大会（书面征求意见）',
    createdAt: day(T - 9 * DAY, 10),
    opensAt: day(T - 6 * DAY, 8),
    closesAt: day(T + 14 * DAY, 18),
    motions: [
      { title: '关于增设电动自行车集中充电车棚的议案', matter: 'major', forShare: 0.8 },
      { title: '关于使用专项维修资金维修屋面防水的议案', matter: 'ordinary', forShare: 0.85 },
      { title: '关于修订《业主大会议事规则》的议案', matter: 'ordinary', forShare: 0.75 },
    ],
    turnout: 0.34,
    online: 25,
    servicePaper: 6,
    exclude: dir.residentOwnerId,
  });
  return {
    byStage,
    required,
    established,
    serviceCalls,
    meetings: {
      closed: {
        id: closed.id,
        ballots: closed.ballots,
        passed: result.motions.filter((x) => x.passed).length,
        failed: result.motions.filter((x) => !x.passed).length,
        quorate: result.motions.every((x) => x.quorate),
      },
      open: { id: open.id, ballots: open.ballots },
    },
  };
}
