/**
 * 百姓说事 in the demo city: about 500 issues over the six months before seeding.
 *
 * The plan (planIssues) is pure: from the city, the calendar and the seeding time it lays out every issue with the
 * times of its steps. The older issues that simply ran their course (closed, rejected, merged, never overdue) are
 * written in bulk as an imported ledger, row for row what the services would have written. Everything recent or with
 * a story — open issues, escalations, overdue flags, reopenings, the demo accounts' journeys — goes through the
 * services (createIssue, actOnIssue, runDeadlineJob) with a clock set to the time of each step, so deadlines,
 * escalation history, notifications and the audit chain are the product's own.
 */
import { randomUUID } from 'node:crypto';
import {
  ISSUE_TRANSITIONS,
  type IssueAction,
  type IssueActionBody,
  type IssueCreate,
  type IssueStatus,
  type Level,
  type Rating,
} from '@rp/contract';
import { sql } from 'drizzle-orm';
import { rows } from '../db/client';
import { issueHandlers, issueHistory, issues } from '../db/schema';
import { actOnIssue, createIssue, runDeadlineJob } from '../domains/issues/issues.service';
import { getIssueConfig } from '../domains/system/system.service';
import { audit } from '../platform/audit';
import type { Actor, Ctx } from '../platform/context';
import { systemCtx } from '../platform/context';
import type { AppError } from '../platform/errors';
import { insertChunked } from './bulk';
import { DISTRICTS, type Style } from './city';
import { DAY, HOUR, LocalClock } from './clock';
import {
  LEAF_TEXTS,
  type LeafTexts,
  PRAISES,
  REASSIGN_NOTES,
  REJECTIONS,
  REWORK_NOTES,
  SUGGESTIONS,
  UNSATISFIED_NOTES,
} from './issue-texts';
import type { DwellingInfo, EstateInfo, Lookup } from './lookup';
import type { Directory } from './people';
import { Random } from './random';

type Kind = IssueCreate['kind'];
type Source = IssueCreate['source'];
type Urgency = IssueCreate['urgency'];
export type HandlerPick = 'company' | 'community' | 'street' | 'department';
export type Creator = 'resident' | 'community' | 'street' | 'bureau' | 'volunteer' | 'committee';

export interface PlannedStep {
  at: number;
  action: IssueAction | 'auto_close';
  note?: string;
  handler?: HandlerPick;
  assistants?: HandlerPick[];
  rating?: Rating;
  /** Index of the issue this one duplicates. */
  mergeInto?: number;
  /** confirm: the reporter's own rating, or a staff return visit (回访); anonymous issues are confirmed by the community. */
  by?: 'reporter' | 'staff';
  /** Only when the issue has been escalated by then (the street or district takes it over). */
  ifEscalated?: boolean;
}

export interface PlannedIssue {
  n: number;
  live: boolean;
  /** What the issue is there to show (pinned cases), for the report and the tests. */
  tag?: string;
  estateId: string;
  dwellingId?: string;
  kind: Kind;
  category: string;
  title: string;
  description: string;
  source: Source;
  urgency: Urgency;
  anonymous: boolean;
  reporter?: { name: string; phone: string };
  reporterAccountId?: string;
  creator: Creator;
  reportedAt: number;
  enteredAt: number;
  steps: PlannedStep[];
}

export interface Deadlines {
  acceptWorkingDays: number;
  urgentHours: number;
  normalWorkingDays: number;
  complexWorkingDays: number;
  escalationWorkingDays: number;
  autoCloseDays: number;
}

const SIX_MONTHS = 183 * DAY;
const GENERAL_ISSUES = 470;
/** Issues reported this recently, anywhere, go through the services; in the demo community, a month. */
const LIVE_DAYS = 10;
const LIVE_DAYS_SHOWCASE = 30;
const JOB_LAG = 5 * 60_000;

const SOURCES: readonly (readonly [Source, number])[] = [
  ['portal', 34],
  ['talk_point', 14],
  ['hotline', 20],
  ['visit', 12],
  ['comment_box', 8],
  ['inspection', 12],
];
const INSPECTION_CATEGORIES = [
  'pm.facilities.fire',
  'pm.cleaning.stairs',
  'pm.parking.disorder',
  'pm.elevator.maintenance',
  'pm.greening.pruning',
  'pm.cleaning.garbage',
  'pm.security.patrol',
  'pm.facilities.lighting',
];
const GATES = ['东门', '西门', '南门', '北门'];

const styleOf = new Map<string, Style>();
for (const d of DISTRICTS)
  for (const s of d.streets) for (const c of s.communities) for (const e of c.estates) styleOf.set(e.name, e.style);

/** The handler a category usually goes to (the `handlerKind` of the seeded tree). */
function handlerFor(category: string, estate: EstateInfo): HandlerPick {
  if (category.startsWith('city.')) return 'department';
  if (category.startsWith('pm.')) return estate.companyId ? 'company' : 'community';
  return 'community';
}

// ───────────────────────────── planning ─────────────────────────────

class IssuePlanner {
  readonly list: PlannedIssue[] = [];
  readonly A: number;
  readonly today: string;

  constructor(
    private readonly rng: Random,
    readonly clock: LocalClock,
    private readonly lk: Lookup,
    private readonly dir: Directory,
    readonly T: number,
    private readonly cfg: Deadlines,
  ) {
    this.today = clock.date(T);
    // The anchor of "a moment ago" for staff: the latest office hour before now.
    const h = clock.hour(T);
    if (clock.working(this.today) && h >= 9 && h < 17.5) this.A = T - 20 * 60_000;
    else if (clock.working(this.today) && h >= 17.5) this.A = clock.at(this.today, 17.2);
    else this.A = clock.at(clock.shiftWorking(this.today, -1), 17.2);
  }

  private u(lo: number, hi: number) {
    return lo + this.rng.next() * (hi - lo);
  }
  private staff(t: number) {
    return this.clock.within(t, 8.5, 17.5, true, this.rng);
  }
  private companyHours(t: number) {
    return this.clock.within(t, 8, 20, false, this.rng);
  }
  private residentHours(t: number) {
    return this.clock.within(t, 7, 22.5, false, this.rng);
  }
  private rating(): Rating {
    return this.rng.chance(0.76) ? 'satisfied' : 'basically_satisfied';
  }

  deadlines(reportedAt: number, urgency: Urgency) {
    const c = this.cfg;
    return {
      acceptDue: this.clock.addWorking(reportedAt, c.acceptWorkingDays),
      resolveDue:
        urgency === 'urgent'
          ? reportedAt + c.urgentHours * HOUR
          : this.clock.addWorking(reportedAt, urgency === 'complex' ? c.complexWorkingDays : c.normalWorkingDays),
    };
  }
  /** The deadline an escalation at time t gives (the job runs a few minutes after the deadline passed). */
  escalated(t: number) {
    return this.clock.addWorking(t, this.cfg.escalationWorkingDays);
  }

  /** Fills a text's placeholders from the reporter's dwelling (or any dwelling of the estate). */
  fill(text: string, estate: EstateInfo, dw: DwellingInfo | undefined) {
    const d = dw ?? this.rng.pick(this.lk.dwellingsOf.get(estate.id)!);
    const floor = Number(d.number.slice(0, -2)) || 1;
    return text
      .replaceAll('{户}', `${d.building}号楼${d.unit}单元${d.number}室`)
      .replaceAll('{楼}', `${d.building}号楼`)
      .replaceAll('{单元}', `${d.unit}单元`)
      .replaceAll('{层}', String(Math.max(2, floor)))
      .replaceAll('{门}', GATES[(Number.parseInt(d.building, 10) || 0) % GATES.length])
      .replaceAll('{小区}', estate.name)
      .replaceAll('{天}', String(this.rng.int(2, 5)));
  }

  /** An owner of record of the estate with a phone, as the reporter of a paper or phone issue. */
  private ownerReporter(estate: EstateInfo) {
    const list = this.lk.dwellingsOf.get(estate.id)!.filter((d) => d.delivered);
    for (let i = 0; i < 40; i++) {
      const d = this.rng.pick(list);
      const o = this.lk.owner.get(d.ownerId);
      if (o?.kind === 'person' && o.phone) return { reporter: { name: o.name, phone: o.phone }, dwelling: d };
    }
    return { reporter: undefined, dwelling: undefined };
  }

  /** Creates the shell of an issue: estate, text, source, reporter and who enters it. */
  make(o: {
    estate: EstateInfo;
    kind: Kind;
    category: string;
    title: string;
    description: string;
    source: Source;
    urgency: Urgency;
    reportedAt: number;
    anonymous?: boolean;
    creator?: Creator;
    resident?: { accountId: string; dwellingIds: string[] };
    entryDelayHours?: number;
    tag?: string;
    live?: boolean;
  }): PlannedIssue {
    const e = o.estate;
    const anonymous = o.anonymous ?? false;
    let dwelling: DwellingInfo | undefined;
    let reporter: { name: string; phone: string } | undefined;
    let reporterAccountId: string | undefined;
    let creator: Creator = o.creator ?? 'community';
    if (o.source === 'portal') {
      const r = o.resident ?? this.rng.pick(this.dir.residents.get(e.id)!);
      reporterAccountId = r.accountId;
      dwelling = this.lk.dwelling.get(this.rng.pick(r.dwellingIds));
      creator = 'resident';
    } else if (o.source !== 'inspection') {
      const pick = this.ownerReporter(e);
      dwelling = pick.dwelling;
      if (!anonymous) reporter = pick.reporter;
    }
    const enteredAt = o.source === 'portal' ? o.reportedAt : o.reportedAt + (o.entryDelayHours ?? 0) * HOUR;
    const p: PlannedIssue = {
      n: this.list.length,
      live: o.live ?? false,
      tag: o.tag,
      estateId: e.id,
      // Staff enter the dwelling when they know it; residents pick theirs.
      dwellingId: dwelling && (o.source === 'portal' || (!anonymous && this.rng.chance(0.6))) ? dwelling.id : undefined,
      kind: o.kind,
      category: o.category,
      title: this.fill(o.title, e, dwelling),
      description: this.fill(o.description, e, dwelling),
      source: o.source,
      urgency: o.urgency,
      anonymous,
      reporter: anonymous ? undefined : reporter,
      reporterAccountId,
      creator,
      reportedAt: o.reportedAt,
      enteredAt,
      steps: [],
    };
    this.list.push(p);
    return p;
  }

  /** Leaf texts for a problem or repair: never an elevator in a walk-up, heating only in the heating season. */
  pickLeaf(estate: EstateInfo, at: number, only?: readonly string[]) {
    const month = Number(this.clock.date(at).slice(5, 7));
    const walkUp = styleOf.get(estate.name) === 'old';
    const options = Object.entries(LEAF_TEXTS).filter(
      ([code, t]) =>
        (!only || only.includes(code)) &&
        (!t.months || t.months.includes(month)) &&
        !(walkUp && code.startsWith('pm.elevator')),
    );
    return this.rng.weighted(options.map(([code, t]) => [[code, t] as [string, LeafTexts], t.weight] as const));
  }

  /**
   * The usual course of an issue: accepted in office hours, dispatched, handled, resolved within its deadline, then
   * rated by the reporter, confirmed by a return visit, or (anonymous) by the community. `slow` misses the deadline
   * (the deadline job escalates it, the street takes it over); `unsatisfied` is rated down once and reworked.
   */
  flow(
    p: PlannedIssue,
    o: {
      fix: string;
      handler?: HandlerPick;
      assistants?: HandlerPick[];
      slow?: boolean;
      unsatisfied?: boolean;
      noAnswer?: boolean;
      lateAccept?: boolean;
      rating?: Rating;
      reject?: string;
      mergeInto?: number;
    },
  ) {
    const estate = this.lk.estate.get(p.estateId)!;
    const handler = o.handler ?? handlerFor(p.category, estate);
    const { acceptDue, resolveDue } = this.deadlines(p.reportedAt, p.urgency);
    const urgent = p.urgency === 'urgent';
    const steps: PlannedStep[] = [];
    let accept = urgent ? p.enteredAt + this.u(0.05, 0.4) * HOUR : this.staff(p.enteredAt + this.u(0.2, 3) * HOUR);
    if (o.lateAccept && !urgent) accept = this.staff(acceptDue + this.u(1, 20) * HOUR);
    if (o.reject) {
      p.steps = [{ at: accept, action: 'reject', note: o.reject }];
      return p;
    }
    if (o.mergeInto !== undefined) {
      p.steps = [{ at: accept, action: 'merge', mergeInto: o.mergeInto, note: '与{code}反映的是同一问题，合并办理。' }];
      return p;
    }
    steps.push({ at: accept, action: 'accept' });
    const assign = urgent ? accept + this.u(0.02, 0.15) * HOUR : this.staff(accept + this.u(0.1, 2) * HOUR);
    steps.push({ at: assign, action: 'assign', handler, assistants: o.assistants });
    const handlerHours = (t: number) => (handler === 'company' ? this.companyHours(t) : this.staff(t));
    const start = urgent ? assign + this.u(0.1, 0.5) * HOUR : handlerHours(assign + this.u(0.5, 16) * HOUR);
    steps.push({ at: start, action: 'start' });
    let resolve: number;
    if (o.slow) resolve = handlerHours(resolveDue + this.u(6, 50) * HOUR);
    else if (urgent) resolve = start + this.u(0.3, 6) * HOUR;
    else {
      const lo = start + 2 * HOUR;
      const hi = resolveDue - HOUR;
      resolve = hi > lo ? handlerHours(lo + (hi - lo) * this.rng.next() ** 1.6) : start + this.u(1, 3) * HOUR;
    }
    if (!o.slow && resolve > resolveDue - 10 * 60_000)
      resolve = Math.max(start + 20 * 60_000, resolveDue - this.u(0.5, 3) * HOUR);
    if (o.slow) {
      // The street takes the escalated issue over and re-dispatches it with the community assisting.
      const at = this.staff(resolveDue + JOB_LAG + this.u(2, 20) * HOUR);
      if (at > start && at < resolve)
        steps.push({
          at,
          action: 'assign',
          handler,
          assistants: handler === 'community' ? ['street'] : ['community'],
          note: this.rng.pick(REASSIGN_NOTES),
          ifEscalated: true,
        });
    }
    steps.push({ at: resolve, action: 'resolve', note: o.fix });
    if (p.anonymous) steps.push({ at: this.staff(resolve + this.u(2, 30) * HOUR), action: 'confirm' });
    else if (p.reporterAccountId) {
      if (o.noAnswer) {
        // Nobody answers: the deadline job closes it after 7 days ("no answer"); in bulk, as the job would have.
        if (!p.live)
          steps.push({ at: resolve + this.cfg.autoCloseDays * DAY + this.u(0.5, 4.5) * 60_000, action: 'auto_close' });
      } else if (o.unsatisfied) {
        const down = this.residentHours(resolve + this.u(2, 40) * HOUR);
        const again = handlerHours(down + this.u(8, 40) * HOUR);
        steps.push(
          {
            at: down,
            action: 'confirm',
            by: 'reporter',
            rating: 'unsatisfied',
            note: this.rng.pick(UNSATISFIED_NOTES),
          },
          { at: again, action: 'resolve', note: this.rng.pick(REWORK_NOTES) },
          {
            at: this.residentHours(again + this.u(2, 40) * HOUR),
            action: 'confirm',
            by: 'reporter',
            rating: o.rating ?? (this.rng.chance(0.5) ? 'satisfied' : 'basically_satisfied'),
          },
        );
      } else
        steps.push({
          at: this.residentHours(resolve + this.u(1, 60) * HOUR),
          action: 'confirm',
          by: 'reporter',
          rating: o.rating ?? this.rating(),
        });
    } else
      steps.push({
        at: this.staff(resolve + this.u(3, 40) * HOUR),
        action: 'confirm',
        by: 'staff',
        rating: o.rating ?? this.rating(),
        note: p.source === 'inspection' ? '复查整改到位' : '电话回访，反映人认可办理结果',
      });
    p.steps = steps;
    return p;
  }

  /** Squeezes the steps of a pinned issue in before now, keeping their order. */
  fitBefore(p: PlannedIssue, limit = this.T - 60_000) {
    let prev = p.enteredAt;
    for (const s of p.steps) {
      if (s.at >= limit || s.at <= prev) s.at = prev + (limit - prev) * 0.4;
      prev = s.at;
    }
    return p;
  }

  /** The latest working day before today whose 10:00 report satisfies `ok` (for pinned deadline cases). */
  findReport(ok: (reportedAt: number) => boolean, hour = 10): number {
    let d = this.today;
    for (let i = 0; i < 120; i++) {
      d = this.clock.shiftWorking(d, -1);
      const r = this.clock.at(d, hour);
      if (ok(r)) return r;
    }
    throw new Error('demo issues: no reporting day fits');
  }
}

/** Estates' shares of the issues: by delivered dwellings, more in the demo community and street. */
function estateWeights(lk: Lookup, showcaseCommunity: string, showcaseStreet: string, showcaseEstate: string) {
  return lk.estates.map((e) => {
    let w = Math.max(40, e.delivered);
    if (e.name === showcaseEstate) w *= 4.5;
    else if (e.communityId === showcaseCommunity) w *= 3.5;
    else if (e.streetId === showcaseStreet) w *= 1.6;
    if (e.mode === 'none') w *= 1.5;
    return [e, w] as const;
  });
}

export interface IssuePlanInput {
  lk: Lookup;
  dir: Directory;
  calendar: LocalClock['cal'];
  deadlines: Deadlines;
  now: number;
  seed: number;
}

/** Lays out every demo issue with its steps (pure: the same inputs give the same plan). */
export function planIssues(input: IssuePlanInput): PlannedIssue[] {
  const { lk, dir, now: T } = input;
  const rng = new Random(input.seed);
  const clock = new LocalClock(input.calendar);
  const P = new IssuePlanner(rng, clock, lk, dir, T, input.deadlines);
  const demo = lk.demo;
  const community = demo.get('community')!.orgUnitId!;
  const street = demo.get('street')!.orgUnitId!;
  const H = lk.estateByName.get('和谐苑')!;
  const Z = lk.estateByName.get('中山花园')!;
  const Y = lk.estateByName.get('市医院职工小区')!;
  const leaf = (code: string, item = 0) => {
    const t = LEAF_TEXTS[code];
    return {
      kind: t.kinds[0][0],
      category: code,
      title: t.items[item][0],
      description: t.items[item][1],
      fix: t.fixes[0],
    };
  };
  const fromTable = (row: readonly [string, string, string, string], kind: Kind) => ({
    kind,
    category: row[0],
    title: row[1],
    description: row[2],
    fix: row[3],
  });

  // ── general issues over six months
  const weights = estateWeights(lk, community, street, H.name);
  const from = T - SIX_MONTHS;
  const general: { p: PlannedIssue; fix: string; reject?: string; kind: Kind }[] = [];
  while (general.length < GENERAL_ISSUES) {
    const estate = rng.weighted(weights);
    const source = rng.weighted(SOURCES);
    let at = from + rng.next() * (SIX_MONTHS - 2 * HOUR);
    const day = clock.date(at);
    if (source === 'portal') at = clock.at(day, 7 + rng.next() * 16);
    else if (source === 'hotline') at = clock.at(day, 8 + rng.next() * 13);
    else at = clock.within(clock.at(day, 9 + rng.next() * 8), 9, 17, true, rng);
    const delay = {
      portal: 0,
      talk_point: rng.next() * 1.5,
      hotline: rng.next() * 0.3,
      visit: 0.5 + rng.next() * 3,
      comment_box: 0.5 + rng.next() * 2.5,
      inspection: 0.2 + rng.next() * 1.8,
    }[source];
    if (at + delay * HOUR >= T - 10 * 60_000) continue;
    const r = rng.next();
    let c: { kind: Kind; category: string; title: string; description: string; fix: string };
    let reject: string | undefined;
    if (source === 'inspection') {
      const [code, t] = P.pickLeaf(estate, at, INSPECTION_CATEGORIES);
      const [title, description] = rng.pick(t.items);
      c = {
        kind: 'problem',
        category: code,
        title,
        description: `督导检查发现：${description}`,
        fix: rng.pick(t.fixes),
      };
    } else if (r < 0.15) c = fromTable(rng.pick(SUGGESTIONS), 'suggestion');
    else if (r < 0.18) c = fromTable(rng.pick(PRAISES), 'praise');
    else if (r < 0.22) {
      const row = rng.pick(REJECTIONS);
      c = fromTable(row, row[0] === 'pm.service.fees' ? 'inquiry' : 'problem');
      reject = row[3];
    } else {
      const [code, t] = P.pickLeaf(estate, at);
      const [title, description] = rng.pick(t.items);
      c = { kind: rng.weighted(t.kinds), category: code, title, description, fix: rng.pick(t.fixes) };
    }
    const t = LEAF_TEXTS[c.category];
    const urgency: Urgency =
      c.kind === 'suggestion' || c.kind === 'praise' || reject
        ? c.category === 'community.governance.renovation'
          ? 'complex'
          : 'normal'
        : rng.weighted(
            t?.urgency ?? [
              ['normal', 94],
              ['complex', 6],
            ],
          );
    const anonymous =
      source === 'comment_box'
        ? rng.chance(0.75)
        : source === 'hotline'
          ? rng.chance(0.12)
          : source === 'portal'
            ? rng.chance(0.04)
            : false;
    const showcase = estate.communityId === community;
    const creator: Creator =
      source === 'portal'
        ? 'resident'
        : source === 'inspection'
          ? rng.chance(0.6)
            ? 'street'
            : 'bureau'
          : source === 'hotline' && rng.chance(0.2)
            ? 'street'
            : source === 'visit' && showcase && rng.chance(0.5)
              ? 'volunteer'
              : source === 'comment_box' && estate.id === H.id && rng.chance(0.5)
                ? 'committee'
                : 'community';
    const live = at >= T - LIVE_DAYS * DAY || (showcase && at >= T - LIVE_DAYS_SHOWCASE * DAY);
    const p = P.make({
      estate,
      ...c,
      source,
      urgency,
      reportedAt: at,
      anonymous,
      creator,
      entryDelayHours: delay,
      live,
    });
    general.push({ p, fix: c.fix, reject, kind: c.kind });
  }
  // A few older issues with a story go through the services too: late ones (escalated, then resolved at the street)
  // and ones rated unsatisfied, reopened and reworked.
  const older = general.filter((g) => !g.p.live && !g.reject && g.p.reportedAt < T - 35 * DAY);
  const slowOld = new Set(rng.shuffle(older.filter((g) => g.p.urgency === 'normal')).slice(0, 7));
  const unsatOld = new Set(
    rng.shuffle(older.filter((g) => g.p.source === 'portal' && !g.p.anonymous && !slowOld.has(g))).slice(0, 4),
  );
  for (const g of general) {
    const { p } = g;
    if (slowOld.has(g) || unsatOld.has(g)) p.live = true;
    const portal = !!p.reporterAccountId && !p.anonymous;
    const roll = rng.next();
    P.flow(p, {
      fix: g.fix,
      reject: g.reject,
      slow: slowOld.has(g) || (p.live && !g.reject && p.kind !== 'praise' && roll < 0.1),
      unsatisfied: unsatOld.has(g) || (p.live && portal && roll >= 0.1 && roll < 0.15),
      noAnswer: portal && roll >= 0.15 && roll < 0.23,
      lateAccept: rng.chance(0.07),
      assistants: rng.chance(0.15)
        ? handlerFor(p.category, lk.estate.get(p.estateId)!) === 'community'
          ? lk.estate.get(p.estateId)!.companyId
            ? ['company']
            : undefined
          : ['community']
        : undefined,
    });
  }

  // Duplicates (重复反映), merged into the first report on acceptance.
  const originals = rng
    .shuffle(
      general.filter((g) => !g.reject && (g.kind === 'problem' || g.kind === 'repair' || g.kind === 'complaint')),
    )
    .slice(0, 16);
  for (const g of originals) {
    const o = g.p;
    const reportedAt = o.enteredAt + rng.int(1, 20) * HOUR;
    if (reportedAt >= T - HOUR) continue;
    const estate = lk.estate.get(o.estateId)!;
    const source: Source = rng.chance(0.5) ? 'hotline' : 'portal';
    const d = P.make({
      estate,
      kind: o.kind,
      category: o.category,
      title: o.title,
      description: `${o.description}（之前也有邻居反映过）`,
      source,
      urgency: o.urgency,
      reportedAt:
        source === 'portal'
          ? clock.within(reportedAt, 7, 22.5, false, rng)
          : clock.within(reportedAt, 8, 21, false, rng),
      live: o.live || reportedAt >= T - LIVE_DAYS * DAY,
    });
    if (d.enteredAt >= T - 10 * 60_000) {
      P.list.pop();
      continue;
    }
    P.flow(d, { fix: '', mergeInto: o.n });
  }

  // Bulk issues must be over before now and never late; anything else goes through the services.
  for (const p of P.list) {
    if (p.live) continue;
    const last = p.steps.at(-1)?.at ?? p.enteredAt;
    const { resolveDue } = P.deadlines(p.reportedAt, p.urgency);
    const resolved = p.steps.find((s) => s.action === 'resolve')?.at;
    if (last >= T - 6 * HOUR || (resolved && resolved > resolveDue)) p.live = true;
  }
  for (const p of P.list) {
    const into = p.steps[0]?.mergeInto;
    if (into !== undefined && P.list[into].live) p.live = true;
  }

  // ── pinned cases: what the demo accounts find on their ledgers today
  const resident = { accountId: dir.demo.resident, dwellingIds: lk.holdings.get(dir.residentOwnerId)!.get(H.id)! };
  const A = P.A;
  const today = P.today;
  const pin = (p: PlannedIssue, tag: string) => {
    p.live = true;
    p.tag = tag;
    return P.fitBefore(p);
  };
  const esc = (due: number) => P.escalated(due + JOB_LAG);

  // Reported half an hour ago on the portal: awaiting acceptance.
  pin(
    P.make({
      estate: H,
      ...leaf('pm.facilities.lighting', 1),
      source: 'portal',
      urgency: 'normal',
      reportedAt: T - 35 * 60_000,
    }),
    'submitted-new',
  );
  // Reported at the talk point yesterday afternoon: acceptance due today.
  const yesterday = clock.shiftWorking(today, -1);
  pin(
    P.make({
      estate: Z,
      ...leaf('pm.cleaning.garbage', 1),
      source: 'talk_point',
      urgency: 'normal',
      reportedAt: clock.at(yesterday, 15.5),
      entryDelayHours: 0.3,
    }),
    'accept-due-today',
  );
  // A comment-box note three working days old that nobody accepted: past its acceptance deadline.
  pin(
    P.make({
      estate: H,
      ...leaf('community.governance.committee', 1),
      source: 'comment_box',
      urgency: 'complex',
      anonymous: true,
      reportedAt: clock.at(clock.shiftWorking(today, -3), 10),
      entryDelayHours: 1,
    }),
    'accept-overdue',
  );
  // Accepted an hour and a half ago, not dispatched yet.
  {
    const p = P.make({
      estate: Z,
      ...leaf('pm.parking.disorder', 0),
      source: 'hotline',
      urgency: 'normal',
      reportedAt: A - 3 * HOUR,
      entryDelayHours: 0.1,
    });
    p.steps = [{ at: A - 1.5 * HOUR, action: 'accept' }];
    pin(p, 'accepted');
  }
  // Dispatched to the company, due tomorrow (the next working day).
  const due = clock.shiftWorking(today, 1);
  const dueReport = clock.shiftWorking(due, -3);
  {
    const p = P.make({
      estate: H,
      ...leaf('pm.water.pressure', 0),
      source: 'hotline',
      urgency: 'normal',
      reportedAt: clock.at(dueReport, 9.7),
      entryDelayHours: 0.1,
    });
    p.steps = [
      { at: clock.at(dueReport, 10.6), action: 'accept' },
      { at: clock.at(dueReport, 11.2), action: 'assign', handler: 'company', assistants: ['community'] },
    ];
    pin(p, 'assigned-due-tomorrow');
  }
  // The company is on it, due tomorrow.
  {
    const p = P.make({
      estate: H,
      ...leaf('pm.elevator.fault', 1),
      source: 'portal',
      urgency: 'normal',
      reportedAt: clock.at(dueReport, 20.2),
    });
    const acc = clock.at(clock.shiftWorking(dueReport, 1), 9.1);
    p.steps = [
      { at: acc, action: 'accept' },
      { at: acc + 0.4 * HOUR, action: 'assign', handler: 'company' },
      { at: acc + 3 * HOUR, action: 'start' },
    ];
    pin(p, 'in-progress-due-tomorrow');
  }
  // An elevator out of service three hours ago: urgent, due within 24 hours.
  {
    const p = P.make({
      estate: H,
      ...leaf('pm.elevator.fault', 0),
      source: 'portal',
      urgency: 'urgent',
      reportedAt: T - 3 * HOUR,
    });
    p.steps = [
      { at: T - 2.75 * HOUR, action: 'accept' },
      { at: T - 2.6 * HOUR, action: 'assign', handler: 'company' },
      { at: T - 2.2 * HOUR, action: 'start' },
    ];
    pin(p, 'urgent-in-progress');
  }
  // Missed the community's deadline: escalated to the street, overdue, the street has re-dispatched it.
  const streetOverdue = (estate: EstateInfo, texts: ReturnType<typeof leaf>, tag: string, handler: HandlerPick) => {
    const R = P.findReport((r) => {
      const d1 = P.deadlines(r, 'normal').resolveDue;
      return d1 + JOB_LAG < T - 10 * HOUR && esc(d1) > T + 6 * HOUR;
    });
    const d1 = P.deadlines(R, 'normal').resolveDue;
    const p = P.make({ estate, ...texts, source: 'hotline', urgency: 'normal', reportedAt: R, entryDelayHours: 0.2 });
    p.steps = [
      { at: R + 1 * HOUR, action: 'accept' },
      { at: R + 1.5 * HOUR, action: 'assign', handler },
      { at: R + DAY, action: 'start' },
      {
        at: clock.within(d1 + JOB_LAG + 2 * HOUR, 8.5, 17.5, true, rng),
        action: 'assign',
        handler,
        assistants: ['community'],
        note: REASSIGN_NOTES[0],
        ifEscalated: true,
      },
    ];
    return pin(p, tag);
  };
  streetOverdue(Z, leaf('pm.facilities.roof', 0), 'street-overdue', 'company');
  streetOverdue(lk.estateByName.get('天悦华府')!, leaf('pm.parking.disorder', 0), 'street-overdue', 'company');
  // Missed the community's and the street's deadlines: on the district's ledger, overdue by a few days.
  const districtOverdue = (estate: EstateInfo, texts: ReturnType<typeof leaf>, tag: string) => {
    const chain = (r: number) => {
      const d1 = P.deadlines(r, 'normal').resolveDue;
      const d2 = esc(d1);
      const d3 = esc(d2);
      return { d1, d2, d3 };
    };
    const R = P.findReport((r) => {
      const { d3 } = chain(r);
      return d3 + JOB_LAG <= T - 36 * HOUR && d3 + JOB_LAG >= T - 6 * DAY;
    });
    const { d1, d2 } = chain(R);
    const p = P.make({
      estate,
      ...texts,
      source: 'talk_point',
      urgency: 'normal',
      reportedAt: R,
      entryDelayHours: 0.5,
    });
    p.steps = [
      { at: R + 1.5 * HOUR, action: 'accept' },
      { at: R + 2 * HOUR, action: 'assign', handler: 'department', assistants: ['street'] },
      { at: clock.within(R + DAY, 8.5, 17.5, true, rng), action: 'start' },
      {
        at: clock.within(d1 + JOB_LAG + 3 * HOUR, 8.5, 17.5, true, rng),
        action: 'assign',
        handler: 'department',
        assistants: ['street', 'community'],
        note: REASSIGN_NOTES[1],
        ifEscalated: true,
      },
      {
        at: clock.within(d2 + JOB_LAG + 3 * HOUR, 8.5, 17.5, true, rng),
        action: 'assign',
        handler: 'department',
        assistants: ['street', 'community'],
        note: '区专班挂牌督办，限期拆除。',
        ifEscalated: true,
      },
    ];
    return pin(p, tag);
  };
  districtOverdue(H, leaf('city.environment.construction', 0), 'district-overdue');
  districtOverdue(lk.estateByName.get('东湖国际')!, leaf('city.roads.drainage', 0), 'district-overdue');
  // A neighbours' dispute the community itself is mediating.
  {
    const R = clock.at(clock.shiftWorking(clock.date(A), -1), 10);
    const p = P.make({
      estate: Y,
      ...leaf('dispute.neighbours.noise', 0),
      source: 'talk_point',
      urgency: 'normal',
      reportedAt: R,
      entryDelayHours: 0.4,
    });
    p.steps = [
      { at: R + HOUR, action: 'accept' },
      { at: R + 1.5 * HOUR, action: 'assign', handler: 'community' },
      { at: R + 5 * HOUR, action: 'start' },
    ];
    pin(p, 'community-handling');
  }
  // Anonymous, resolved by the company: the community confirms it (no rating).
  {
    const R = clock.at(clock.shiftWorking(clock.date(A), -2), 10);
    const p = P.make({
      estate: H,
      ...leaf('pm.cleaning.stairs', 0),
      source: 'comment_box',
      urgency: 'normal',
      anonymous: true,
      creator: 'committee',
      reportedAt: R,
      entryDelayHours: 1,
    });
    p.steps = [
      { at: R + 2 * HOUR, action: 'accept' },
      { at: R + 2.5 * HOUR, action: 'assign', handler: 'company' },
      { at: R + 6 * HOUR, action: 'start' },
      { at: A - 3 * HOUR, action: 'resolve', note: LEAF_TEXTS['pm.cleaning.stairs'].fixes[0] },
    ];
    pin(p, 'anonymous-resolved');
  }
  // Escalated by hand: an old-estate renovation the community cannot settle alone.
  {
    const E = clock.at(clock.shiftWorking(today, -1), 10.5);
    const R = clock.at(clock.shiftWorking(clock.date(E), -6), 10);
    const p = P.make({
      estate: Z,
      ...leaf('community.governance.renovation', 1),
      kind: 'problem',
      source: 'visit',
      creator: 'volunteer',
      urgency: 'complex',
      reportedAt: R,
      entryDelayHours: 1.5,
    });
    p.steps = [
      { at: R + 3 * HOUR, action: 'accept' },
      { at: E, action: 'escalate', note: '涉及施工单位和改造资金，社区协调未果，提请街道统筹。' },
      { at: E + HOUR, action: 'assign', handler: 'street', assistants: ['community'] },
      { at: E + 2 * HOUR, action: 'start' },
    ];
    pin(p, 'escalated-by-hand');
  }
  // Nobody accepted it in time: escalated while unaccepted; the street accepted and dispatched it.
  {
    const estate = lk.estateByName.get('翠湖苑')!;
    const R = P.findReport((r) => {
      const d1 = P.deadlines(r, 'normal').resolveDue;
      return d1 + JOB_LAG < T - 30 * HOUR && esc(d1) > T + 6 * HOUR;
    });
    const d1 = P.deadlines(R, 'normal').resolveDue;
    const p = P.make({
      estate,
      ...leaf('pm.parking.fee', 0),
      source: 'hotline',
      urgency: 'normal',
      reportedAt: R,
      entryDelayHours: 0.1,
    });
    const acc = clock.within(d1 + JOB_LAG + HOUR, 8.5, 17.5, true, rng);
    p.steps = [
      { at: acc, action: 'accept' },
      { at: acc + 0.5 * HOUR, action: 'assign', handler: 'company', assistants: ['community'] },
    ];
    pin(p, 'street-accepted');
  }
  // Resolved yesterday, waiting for the reporter's rating.
  {
    const R = clock.at(clock.shiftWorking(clock.date(A), -2), 19);
    const p = P.make({
      estate: H,
      ...leaf('pm.facilities.lighting', 1),
      source: 'portal',
      urgency: 'normal',
      reportedAt: R,
    });
    const acc = clock.at(clock.shiftWorking(clock.date(R), 1), 9.2);
    p.steps = [
      { at: acc, action: 'accept' },
      { at: acc + 0.3 * HOUR, action: 'assign', handler: 'company' },
      { at: acc + 2 * HOUR, action: 'start' },
      { at: A - 26 * HOUR, action: 'resolve', note: LEAF_TEXTS['pm.facilities.lighting'].fixes[0] },
    ];
    pin(p, 'resolved-awaiting-rating');
  }

  // ── the demo resident's own issues, one in each state of the residents' side
  const mine = (
    texts: { kind: Kind; category: string; title: string; description: string },
    reportedAt: number,
    urgency: Urgency = 'normal',
  ) => P.make({ estate: H, ...texts, source: 'portal', urgency, reportedAt, resident });
  {
    const p = mine(leaf('pm.facilities.lighting', 0), clock.at(clock.date(T - 70 * DAY), 19.5));
    P.flow(p, { fix: LEAF_TEXTS['pm.facilities.lighting'].fixes[0], rating: 'satisfied' });
    pin(p, 'resident-closed');
  }
  {
    const p = mine(leaf('pm.water.leak', 0), clock.at(clock.date(T - 40 * DAY), 8.2));
    P.flow(p, { fix: LEAF_TEXTS['pm.water.leak'].fixes[0], unsatisfied: true, rating: 'basically_satisfied' });
    pin(p, 'resident-reopened');
  }
  {
    const p = mine(leaf('pm.elevator.fault', 1), clock.at(clock.shiftWorking(clock.date(A), -1), 21));
    const acc = clock.at(clock.date(A), 9);
    p.steps = [
      { at: acc, action: 'accept' },
      { at: acc + 0.3 * HOUR, action: 'assign', handler: 'company' },
      { at: acc + 1.5 * HOUR, action: 'start' },
    ];
    pin(p, 'resident-in-progress');
  }
  {
    const R = clock.at(clock.shiftWorking(clock.date(A), -2), 8);
    const p = mine(leaf('pm.security.gate', 0), R);
    p.steps = [
      { at: R + 1.5 * HOUR, action: 'accept' },
      { at: R + 2 * HOUR, action: 'assign', handler: 'company' },
      { at: R + 4 * HOUR, action: 'start' },
      { at: A - 20 * HOUR, action: 'resolve', note: LEAF_TEXTS['pm.security.gate'].fixes[0] },
    ];
    pin(p, 'resident-resolved');
  }
  pin(mine(fromTable(SUGGESTIONS[0], 'suggestion'), T - 2 * HOUR), 'resident-submitted');
  {
    const p = mine(fromTable(REJECTIONS[0], 'problem'), clock.at(clock.date(T - 100 * DAY), 10));
    P.flow(p, { fix: '', reject: REJECTIONS[0][3] });
    pin(p, 'resident-rejected');
  }
  {
    const p = mine(fromTable(PRAISES[0], 'praise'), clock.at(clock.date(T - 25 * DAY), 7.5));
    P.flow(p, { fix: PRAISES[0][3], rating: 'satisfied' });
    pin(p, 'resident-praise');
  }
  return P.list;
}

// ───────────────────────────── writing ─────────────────────────────

export interface IssueSeedResult {
  total: number;
  bulk: number;
  live: number;
  serviceCalls: number;
  jobRuns: number;
  /** Steps the services refused (none expected); listed so a test can insist on none. */
  problems: string[];
}

interface LiveState {
  id: string;
  code: string;
  status: IssueStatus;
  level: Level;
  overdue: boolean;
  anonymous: boolean;
  resolveDueAt: number | null;
  resolvedAt: number | null;
  leadKind: string | null;
  leadId: string | null;
}

/** Seeds the issues inside the seeding transaction (`c` is the system context of that transaction). */
export async function seedIssues(
  c: Ctx,
  lk: Lookup,
  dir: Directory,
  actors: Map<string, Actor>,
  opts: { now: number; timeZone: string; seed: number; calendar: LocalClock['cal'] },
): Promise<IssueSeedResult> {
  const T = opts.now;
  const env = { timeZone: opts.timeZone };
  const { deadlines } = await getIssueConfig(c.db);
  const plan = planIssues({ lk, dir, calendar: opts.calendar, deadlines, now: T, seed: opts.seed });
  const problems: string[] = [];

  // Issue codes follow the order of entry across bulk and live issues (the sequence is set before each live intake).
  const order = [...plan].sort((a, b) => a.enteredAt - b.enteredAt || a.n - b.n);
  const rank = new Map(order.map((p, i) => [p.n, i + 1]));
  const clock = new LocalClock(opts.calendar);
  const codeOf = (p: PlannedIssue) =>
    `SQ-${clock.date(p.reportedAt).slice(0, 4)}-${String(rank.get(p.n)).padStart(6, '0')}`;

  const estateOf = (p: PlannedIssue) => lk.estate.get(p.estateId)!;
  const staffAt = (level: Level, e: EstateInfo) =>
    dir.orgUnitAccount.get(level === 'community' ? e.communityId : level === 'street' ? e.streetId : e.districtId)!;
  const handlerRef = (pick: HandlerPick, e: EstateInfo) => {
    if (pick === 'company' && e.companyId) return { kind: 'company' as const, id: e.companyId };
    if (pick === 'department') return { kind: 'department' as const, id: lk.cityManagement.get(e.districtId)! };
    return { kind: 'org_unit' as const, id: pick === 'street' ? e.streetId : e.communityId };
  };
  const leadAccount = (kind: string, id: string) =>
    kind === 'company'
      ? dir.companyAccount.get(id)!
      : kind === 'department'
        ? dir.departmentAccount.get(id)!
        : dir.orgUnitAccount.get(id)!;
  const creatorAccount = (p: PlannedIssue) => {
    const e = estateOf(p);
    return {
      resident: p.reporterAccountId!,
      community: staffAt('community', e),
      street: staffAt('street', e),
      bureau: staffAt('district', e),
      volunteer: dir.demo.volunteer,
      committee: dir.demo.committee,
    }[p.creator];
  };

  // ── bulk: the imported ledger of issues that ran their course
  const bulk = plan.filter((p) => !p.live);
  const bulkId = new Map(bulk.map((p) => [p.n, randomUUID()]));
  const issueRows: (typeof issues.$inferInsert)[] = [];
  const historyRows: (typeof issueHistory.$inferInsert)[] = [];
  const handlerRows: (typeof issueHandlers.$inferInsert)[] = [];
  for (const p of bulk) {
    const e = estateOf(p);
    const id = bulkId.get(p.n)!;
    const { acceptDue, resolveDue } = {
      acceptDue: clock.addWorking(p.reportedAt, deadlines.acceptWorkingDays),
      resolveDue:
        p.urgency === 'urgent'
          ? p.reportedAt + deadlines.urgentHours * HOUR
          : clock.addWorking(
              p.reportedAt,
              p.urgency === 'complex' ? deadlines.complexWorkingDays : deadlines.normalWorkingDays,
            ),
    };
    const creator = creatorAccount(p);
    const row: typeof issues.$inferInsert = {
      id,
      code: codeOf(p),
      estateId: e.id,
      orgPath: e.orgPath,
      dwellingId: p.dwellingId ?? null,
      kind: p.kind,
      category: p.category,
      title: p.title,
      description: p.description,
      source: p.source,
      urgency: p.urgency,
      status: 'submitted',
      level: 'community',
      anonymous: p.anonymous,
      reporterName: p.anonymous ? null : (p.reporter?.name ?? (p.reporterAccountId ? residentName(lk, dir, p) : null)),
      reporterPhone: p.anonymous
        ? null
        : (p.reporter?.phone ?? (p.reporterAccountId ? residentPhone(lk, dir, p) : null)),
      reporterAccountId: p.source === 'portal' ? p.reporterAccountId! : null,
      createdBy: creator,
      reportedAt: new Date(p.reportedAt),
      acceptDueAt: new Date(acceptDue),
      resolveDueAt: new Date(resolveDue),
      photoIds: [],
      createdAt: new Date(p.enteredAt),
    };
    historyRows.push({
      issueId: id,
      action: 'submit',
      fromStatus: null,
      toStatus: 'submitted',
      actorId: creator,
      at: new Date(p.enteredAt),
      note: null,
      photoIds: [],
    });
    let status: IssueStatus = 'submitted';
    for (const s of p.steps) {
      const at = new Date(s.at);
      const from = status;
      let actorId: string | null = staffAt('community', e);
      const data: Record<string, unknown> = {};
      switch (s.action) {
        case 'accept':
          row.acceptedAt = at;
          row.answeredAt ??= at;
          status = 'accepted';
          break;
        case 'reject':
          row.answeredAt ??= at;
          row.closedAt = at;
          status = 'rejected';
          break;
        case 'merge':
          row.mergedIntoId = bulkId.get(s.mergeInto!)!;
          row.answeredAt ??= at;
          row.closedAt = at;
          data.mergedIntoId = row.mergedIntoId;
          status = 'merged';
          break;
        case 'assign': {
          const lead = handlerRef(s.handler!, e);
          const assistants = (s.assistants ?? []).map((h) => handlerRef(h, e));
          handlerRows.push(
            { issueId: id, kind: lead.kind, refId: lead.id, role: 'lead', active: true, assignedAt: at },
            ...assistants.map((h) => ({
              issueId: id,
              kind: h.kind,
              refId: h.id,
              role: 'assist',
              active: true,
              assignedAt: at,
            })),
          );
          row.leadKind = lead.kind;
          row.leadId = lead.id;
          data.handler = lead;
          if (s.assistants) data.assistants = assistants;
          if (status === 'accepted') status = 'assigned';
          break;
        }
        case 'start':
          actorId = leadAccount(row.leadKind!, row.leadId!);
          status = 'in_progress';
          break;
        case 'resolve':
          actorId = leadAccount(row.leadKind!, row.leadId!);
          row.resolvedAt = at;
          row.overdue = false;
          status = 'resolved';
          break;
        case 'confirm':
          row.closedAt = at;
          status = 'closed';
          if (p.anonymous) row.closeReason = 'community_confirmed';
          else {
            row.rating = s.rating!;
            row.closeReason = 'rated';
            data.rating = s.rating;
            if (s.by === 'reporter') actorId = p.reporterAccountId!;
            else data.returnVisit = true;
          }
          break;
        case 'auto_close':
          actorId = null;
          row.closedAt = at;
          row.closeReason = 'no_answer';
          status = 'closed';
          break;
        default:
          throw new Error(`demo issues: bulk step ${s.action}`);
      }
      const note = s.action === 'merge' ? s.note!.replace('{code}', codeOf(plan[s.mergeInto!])) : (s.note ?? null);
      historyRows.push({
        issueId: id,
        action: s.action,
        fromStatus: from,
        toStatus: status,
        actorId,
        at,
        note: s.action === 'auto_close' ? null : note,
        photoIds: null,
        data: s.action === 'auto_close' ? { reason: 'no_answer' } : data,
      });
    }
    row.status = status;
    issueRows.push(row);
  }
  await insertChunked(c.db, issues, issueRows);
  historyRows.sort((a, b) => (a.at as Date).getTime() - (b.at as Date).getTime());
  await insertChunked(c.db, issueHistory, historyRows);
  await insertChunked(c.db, issueHandlers, handlerRows);
  await audit(c, {
    action: 'import',
    entity: 'issue',
    entityId: null,
    after: {
      source: 'demo',
      issues: issueRows.length,
      ids: issueRows.length <= 1000 ? issueRows.map((r) => r.id) : undefined,
    },
  });

  // ── live: through the services, step by step, with the deadline job running when a deadline passes
  const live = plan.filter((p) => p.live);
  const state = new Map<number, LiveState>();
  const dead = new Set<number>();
  let serviceCalls = 0;
  let jobRuns = 0;
  const at = (actorId: string, t: number): Ctx => {
    const actor = actors.get(actorId);
    if (!actor) throw new Error(`demo issues: no actor ${actorId}`);
    return { db: c.db, actor, ip: null, now: () => new Date(t) };
  };
  const remember = (n: number, i: Awaited<ReturnType<typeof createIssue>>) => {
    const lead = i.handlers.find((h) => h.role === 'lead');
    state.set(n, {
      id: i.id,
      code: i.code,
      status: i.status,
      level: i.level,
      overdue: i.overdue,
      anonymous: i.anonymous,
      resolveDueAt: i.resolveDueAt ? Date.parse(i.resolveDueAt) : null,
      resolvedAt: i.resolvedAt ? Date.parse(i.resolvedAt) : null,
      leadKind: lead?.kind ?? null,
      leadId: lead?.id ?? null,
    });
  };
  const nextJob = () => {
    let min = Number.POSITIVE_INFINITY;
    for (const s of state.values()) {
      if (['submitted', 'accepted', 'assigned', 'in_progress'].includes(s.status) && s.resolveDueAt !== null)
        if (!(s.level === 'district' && s.overdue)) min = Math.min(min, s.resolveDueAt + JOB_LAG);
      if (s.status === 'resolved' && !s.anonymous && s.resolvedAt !== null)
        min = Math.min(min, s.resolvedAt + deadlines.autoCloseDays * DAY + JOB_LAG);
    }
    return min;
  };
  const runJob = async (t: number) => {
    const ctx = systemCtx(c.db, () => new Date(t));
    for (let attempt = 0; ; attempt++) {
      const r = await runDeadlineJob(ctx, env);
      jobRuns++;
      // Another process's scheduler holds the job lock: wait for it rather than skip a deadline.
      if (!r.skipped) {
        if (r.changed) await refresh();
        return;
      }
      if (attempt > 200) throw new Error('demo issues: the deadline job stays locked');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const refresh = async () => {
    const ids = [...state.values()].map((s) => s.id);
    const list = await rows<{
      id: string;
      status: IssueStatus;
      level: Level;
      overdue: boolean;
      resolve_due_at: string | Date | null;
      resolved_at: string | Date | null;
    }>(
      c.db,
      sql`select id, status, level, overdue, resolve_due_at, resolved_at from ${issues}
          where id in (${sql.join(
            ids.map((x) => sql`${x}`),
            sql`, `,
          )})`,
    );
    const byId = new Map(list.map((r) => [r.id, r]));
    for (const s of state.values()) {
      const r = byId.get(s.id)!;
      s.status = r.status;
      s.level = r.level;
      s.overdue = r.overdue;
      s.resolveDueAt = r.resolve_due_at ? new Date(r.resolve_due_at).getTime() : null;
      s.resolvedAt = r.resolved_at ? new Date(r.resolved_at).getTime() : null;
    }
  };

  type Ev = { at: number; p: PlannedIssue; step: number };
  const events: Ev[] = [];
  for (const p of live) {
    events.push({ at: p.enteredAt, p, step: -1 });
    p.steps.forEach((s, i) => {
      events.push({ at: s.at, p, step: i });
    });
  }
  events.sort((a, b) => a.at - b.at || a.p.n - b.p.n || a.step - b.step);

  // The job runs when a deadline has passed — never before the last thing that happened (it runs on the clock).
  let clockAt = Number.NEGATIVE_INFINITY;
  const jobsUntil = async (limit: number, inclusive: boolean) => {
    for (let job = nextJob(); inclusive ? job <= limit : job < limit; job = nextJob()) {
      const t = Math.max(job, clockAt);
      await runJob(t);
      clockAt = t;
      if (nextJob() === job) {
        // Nothing the job would touch (should not happen): leave those issues out of the schedule.
        problems.push(`deadline job at ${new Date(t).toISOString()} changed nothing`);
        for (const s of state.values())
          if (s.resolveDueAt !== null && s.resolveDueAt + JOB_LAG === job) s.resolveDueAt = null;
      }
    }
  };
  for (const ev of events) {
    if (ev.at >= T) break;
    await jobsUntil(ev.at, true);
    clockAt = Math.max(clockAt, ev.at);
    const p = ev.p;
    if (dead.has(p.n)) continue;
    const e = estateOf(p);
    try {
      if (ev.step < 0) {
        await c.db.execute(sql`select setval('issue_code_seq', ${rank.get(p.n)!}, false)`);
        const staffEntered = p.source !== 'portal';
        const out = await createIssue(at(creatorAccount(p), p.enteredAt), env, {
          estateId: e.id,
          dwellingId: p.dwellingId,
          kind: p.kind,
          category: p.category,
          title: p.title,
          description: p.description,
          source: p.source,
          urgency: p.urgency,
          reporter: p.reporter,
          anonymous: p.anonymous,
          reportedAt: staffEntered ? new Date(p.reportedAt).toISOString() : undefined,
          photoIds: [],
        });
        serviceCalls++;
        remember(p.n, out);
        continue;
      }
      const s = p.steps[ev.step];
      const st = state.get(p.n);
      if (!st) continue;
      if (s.ifEscalated && st.level === 'community') continue;
      const action = s.action as IssueAction;
      if (!ISSUE_TRANSITIONS[st.status][action]) {
        // The deadline job already closed it (no answer): the late rating never came.
        dead.add(p.n);
        continue;
      }
      const body: IssueActionBody = { action, note: s.note };
      let actorId = staffAt(st.level, e);
      if (action === 'assign') {
        body.handler = handlerRef(s.handler!, e);
        if (s.assistants) body.assistants = s.assistants.map((h) => handlerRef(h, e));
      } else if (action === 'start' || action === 'resolve') actorId = leadAccount(st.leadKind!, st.leadId!);
      else if (action === 'merge') {
        const target = plan[s.mergeInto!];
        body.mergedIntoId = target.live ? state.get(target.n)?.id : bulkId.get(target.n);
        body.note = s.note!.replace('{code}', target.live ? (state.get(target.n)?.code ?? '') : codeOf(target));
        if (!body.mergedIntoId) throw new Error('merge target missing');
      } else if (action === 'confirm') {
        if (st.anonymous) actorId = staffAt('community', e);
        else if (s.by === 'reporter') {
          actorId = p.reporterAccountId!;
          body.rating = s.rating;
        } else {
          body.rating = s.rating;
          body.returnVisit = true;
        }
      }
      const out = await actOnIssue(at(actorId, s.at), env, st.id, body);
      serviceCalls++;
      remember(p.n, out);
    } catch (err) {
      const e2 = err as AppError;
      problems.push(
        `#${p.n} ${p.tag ?? ''} ${ev.step < 0 ? 'create' : p.steps[ev.step].action}: ${e2.key ?? e2.message}`,
      );
      dead.add(p.n);
    }
  }
  await jobsUntil(T, false);
  await runJob(T);
  await c.db.execute(sql`select setval('issue_code_seq', ${plan.length}, true)`);
  return { total: plan.length, bulk: bulk.length, live: live.length, serviceCalls, jobRuns, problems };
}

function residentOwner(lk: Lookup, dir: Directory, p: PlannedIssue) {
  const r = (dir.residents.get(p.estateId) ?? []).find((x) => x.accountId === p.reporterAccountId);
  return r ? lk.owner.get(r.ownerId) : undefined;
}
const residentName = (lk: Lookup, dir: Directory, p: PlannedIssue) => residentOwner(lk, dir, p)?.name ?? null;
const residentPhone = (lk: Lookup, dir: Directory, p: PlannedIssue) => residentOwner(lk, dir, p)?.phone ?? null;
